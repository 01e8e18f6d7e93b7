// Leaving a signal handler with siglongjmp (mask restored or not per savemask), SA_NODEFER recursion, SA_RESETHAND.
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static sigjmp_buf jb;
static volatile sig_atomic_t depth;

static void jumper(int sig) { siglongjmp(jb, sig); }

static void nested(int sig) {
    depth++;
    if (depth < 3) raise(sig);
}

int main(void) {
    signal(SIGUSR1, jumper);
    for (int i = 0; i < 3; i++) {
        int r = sigsetjmp(jb, 1);
        if (r == 0) {
            raise(SIGUSR1);
            printf("not reached\n");
        } else {
            sigset_t cur;
            sigprocmask(SIG_BLOCK, NULL, &cur);
            printf("round %d: jumped out with %d, USR1 blocked after jump=%d\n", i, r, sigismember(&cur, SIGUSR1));
        }
    }
    /* sigsetjmp(…, 0) does not restore the mask: USR1 stays blocked after leaving the handler */
    if (sigsetjmp(jb, 0) == 0) raise(SIGUSR1);
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("without savemask: blocked=%d\n", sigismember(&cur, SIGUSR1));
    sigemptyset(&cur);
    sigaddset(&cur, SIGUSR1);
    sigprocmask(SIG_UNBLOCK, &cur, NULL);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = nested;
    sa.sa_flags = SA_NODEFER;
    sigaction(SIGUSR2, &sa, NULL);
    raise(SIGUSR2);
    printf("SA_NODEFER recursion depth=%d\n", (int)depth);
    depth = 0;
    sa.sa_flags = 0;
    sigaction(SIGUSR2, &sa, NULL);
    raise(SIGUSR2);
    printf("deferred depth=%d\n", (int)depth);
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGUSR2, &sa, NULL);
    depth = 5;
    raise(SIGUSR2);
    struct sigaction now;
    sigaction(SIGUSR2, NULL, &now);
    printf("SA_RESETHAND restored default=%d\n", now.sa_handler == SIG_DFL);
    return 0;
}
