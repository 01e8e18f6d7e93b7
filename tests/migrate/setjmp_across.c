// setjmp/longjmp across a move: jmp_bufs armed in main, in a nested frame (a local buffer), in a loop (one setjmp call, four buffers) and by sigsetjmp with a saved mask are all live (and two given up: overwritten, freed) when the computation asks to move (migcc.h), halfway; afterwards each is jumped to, from deeper frames and from a signal handler. First, 8000 jumps out of 40 frames of 1 KiB each: the shadow stack they leave is taken back.
// args: 3000
// stderr-on-hop: jmp_bufs armed: moved from {from}
// migrate-after: 600000ms
#include <migcc.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static jmp_buf top;
static jmp_buf ring[4];
static sigjmp_buf masked;
static unsigned long checksum;

static unsigned long compute(long rounds) {
    unsigned long h = 1469598103934665603UL;
    for (long r = 0; r < rounds; r++) {
        if (r == rounds / 2) migcc_request_migration();
        for (int i = 0; i < 1000; i++) h = (h ^ (unsigned long)(r * 1000 + i)) * 1099511628211UL;
    }
    const char *from = migcc_restored_from();
    fprintf(stderr, "jmp_bufs armed: %s%s\n", from ? "moved from " : "still where it started", from ? from : "");
    return h;
}

/* n frames of 1 KiB each (on the shadow stack), then a jump to `to`. */
static void dive(int n, jmp_buf *to, int value) {
    volatile char pad[1024];
    pad[n] = (char)n;
    checksum += pad[n];
    if (n == 0) longjmp(*to, value);
    dive(n - 1, to, value);
    checksum += pad[n]; /* never reached, but keeps the recursion a call */
}

static void on_usr1(int sig) { siglongjmp(masked, sig); }

static int blocked(int sig) {
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    return sigismember(&now, sig);
}

/* Jumps that leave 40 KiB of frames each time: 320 MiB in all, more than
 * the whole shadow stack, unless each landing takes it back. */
static void leave_frames_behind(void) {
    jmp_buf here;
    volatile int landings = 0;
    if (setjmp(here) < 8000) {
        landings++;
        dive(40, &here, landings);
    }
    printf("landed %d times\n", landings);
}

static int guarded(long rounds) {
    jmp_buf here;
    volatile int stage = 0;
    int code = setjmp(here);
    if (code) {
        printf("guarded caught %d at stage %d\n", code, stage);
        return code;
    }
    volatile int ring_jumps = 0;
    for (volatile int i = 0; i < 4; i++) {
        int v = setjmp(ring[i]);
        if (v) {
            printf("ring[%d] came back with %d\n", v - 10, v);
            ring_jumps++;
        }
    }
    if (ring_jumps == 0) {
        sigset_t usr2;
        sigemptyset(&usr2);
        sigaddset(&usr2, SIGUSR2);
        sigprocmask(SIG_BLOCK, &usr2, NULL);
        int sig = sigsetjmp(masked, 1);
        if (sig == 0) {
            sigprocmask(SIG_UNBLOCK, &usr2, NULL);
            stage = 1;
            printf("computed %016lx\n", compute(rounds));
            stage = 2;
            raise(SIGUSR1);
            printf("not reached\n");
        }
        printf("sigsetjmp returned %d, SIGUSR2 blocked as saved: %d\n", sig, blocked(SIGUSR2));
        sigprocmask(SIG_UNBLOCK, &usr2, NULL);
        stage = 3;
    }
    if (ring_jumps < 4) dive(30, &ring[ring_jumps], 10 + ring_jumps);
    dive(20, &here, 42);
    return 0;
}

int main(int argc, char **argv) {
    long rounds = argc > 1 ? atol(argv[1]) : 1000;
    signal(SIGUSR1, on_usr1);
    leave_frames_behind();
    /* Buffers main armed and then gave up: one whose bytes it overwrote
     * (as reused memory would be), one in a mapping it freed. The move
     * must leave both alone: the bytes stay as the program wrote them. */
    unsigned char *reused = malloc(sizeof(jmp_buf));
    if (setjmp(*(jmp_buf *)reused)) abort();
    memset(reused, 0x5a, sizeof(jmp_buf));
    struct big { char pad[1 << 20]; jmp_buf buf; } *big = malloc(sizeof(struct big));
    if (setjmp(big->buf)) abort();
    free(big);
    volatile int phase = 0;
    int r = setjmp(top);
    printf("top returned %d in phase %d\n", r, phase);
    if (phase == 0) {
        phase = 1;
        printf("guarded returned %d\n", guarded(rounds));
        dive(50, &top, 99);
    }
    unsigned long intact = 0;
    for (size_t i = 0; i < sizeof(jmp_buf); i++) intact += reused[i] == 0x5a;
    printf("checksum %lu, reused bytes intact %lu of %zu\n", checksum, intact, sizeof(jmp_buf));
    return 0;
}
