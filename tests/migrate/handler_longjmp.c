// Signal handlers left with siglongjmp (three times, nested in a function that has returned by the time the compute loop runs): the program still migrates afterwards, and its signal mask is back as sigsetjmp saved it.
// args: 3000
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

static sigjmp_buf env;
static volatile sig_atomic_t handled;

static void on_usr1(int sig) {
    handled++;
    siglongjmp(env, sig);
}

/* Raises SIGUSR1 under sigsetjmp; the handler jumps back: 1 on the jump. */
static int jump_once(void) {
    int sig = sigsetjmp(env, 1);
    if (sig == 0) {
        raise(SIGUSR1);
        return 0;
    }
    return sig == SIGUSR1;
}

int main(int argc, char **argv) {
    long rounds = argc > 1 ? atol(argv[1]) : 1000;
    signal(SIGUSR1, on_usr1);
    int jumped = 0;
    for (int i = 0; i < 3; i++) jumped += jump_once();
    sigset_t now;
    sigprocmask(SIG_BLOCK, 0, &now);
    printf("jumped %d times, %d handled, SIGUSR1 %s\n", jumped, (int)handled,
           sigismember(&now, SIGUSR1) ? "blocked" : "unblocked");
    size_t n = 100000;
    long *heap = malloc(n * sizeof *heap);
    for (size_t i = 0; i < n; i++) heap[i] = (long)(i * 2654435761u % 1000);
    long total = 0;
    for (long r = 0; r < rounds; r++) {
        for (size_t i = 0; i < n; i++) total += heap[i] ^ r;
        if (r % 1000 == 0) printf("round %ld total %ld\n", r, total);
    }
    printf("total %ld\n", total);
    return 0;
}
