// Interval timers across moves: a periodic ITIMER_REAL whose SIGALRM handler counts ticks while the program waits in pause() and computes; alarm(), ITIMER_VIRTUAL and ITIMER_PROF armed far ahead and read back. After a move each still runs: the destination re-arms it with what was left of it.
#include <signal.h>
#include <stdio.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t ticks;

static void on_alarm(int sig) {
    (void)sig;
    ticks++;
}

static unsigned long work(unsigned long x) {
    for (int i = 0; i < 40000; i++) x = x * 6364136223846793005UL + 1442695040888963407UL;
    return x;
}

/* Whether the timer runs, with at most `most` seconds left (a CPU-time
 * timer may read back as set until a tick of CPU time has passed). */
static int armed_within(int which, long most) {
    struct itimerval t;
    getitimer(which, &t);
    return (t.it_value.tv_sec || t.it_value.tv_usec) && t.it_value.tv_sec <= most;
}

int main(void) {
    struct itimerval far = {{0, 0}, {100, 0}};
    setitimer(ITIMER_VIRTUAL, &far, 0);
    setitimer(ITIMER_PROF, &far, 0);

    signal(SIGALRM, on_alarm);
    struct itimerval every = {{0, 5000}, {0, 5000}};
    setitimer(ITIMER_REAL, &every, 0);
    unsigned long x = 1;
    for (int round = 0; round < 6; round++) {
        int target = (round + 1) * 3;
        while (ticks < target) pause();
        x = work(x);
        printf("round %d: %d ticks or more, x=%lu\n", round, target, x >> 40);
    }
    struct itimerval now;
    getitimer(ITIMER_REAL, &now);
    printf("ITIMER_REAL interval: %ld us\n", (long)now.it_interval.tv_usec);
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, 0);

    printf("alarm before: %u\n", alarm(1000));
    x = work(x);
    printf("computed under the alarm: x=%lu\n", x >> 40);
    unsigned left = alarm(0);
    printf("alarm left: %s\n", left > 900 && left <= 1000 ? "most of 1000 s" : "wrong");
    printf("ITIMER_VIRTUAL armed: %d\n", armed_within(ITIMER_VIRTUAL, 100));
    printf("ITIMER_PROF armed: %d\n", armed_within(ITIMER_PROF, 100));
    return 0;
}
