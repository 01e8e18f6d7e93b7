// User signals keep their meaning around blocking calls: a SIGALRM handler without SA_RESTART interrupts read (EINTR), one with SA_RESTART restarts it, any handler interrupts nanosleep and poll; migration requests (SIGPWR from a timer) during read and nanosleep stay invisible. The program checks each and aborts on a difference. In a migrated run, the hop happens during the first sleep; the later requests find the POSIX timer that sends them (and a pipe), which the checkpoint refuses, and the program runs on.
// stderr-on-hop: migcc: error: cannot checkpoint now: the program has POSIX timers
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static int fds[2];
static volatile int alarms, write_at;

static void on_alarm(int sig) {
    (void)sig;
    if (++alarms == write_at)
        write(fds[1], "x", 1);
}

static void handle_alarm(int flags) {
    struct sigaction sa = { .sa_handler = on_alarm, .sa_flags = flags };
    sigaction(SIGALRM, &sa, 0);
    alarms = 0;
}

static void alarm_every(long ms) {
    struct itimerval t = { { 0, ms * 1000 }, { 0, ms * 1000 } };
    setitimer(ITIMER_REAL, &t, 0);
}

static void alarm_off(void) {
    struct itimerval t = { { 0, 0 }, { 0, 0 } };
    setitimer(ITIMER_REAL, &t, 0);
}

static int failures;

static void check(const char *what, int ok) {
    printf("%s: %s\n", what, ok ? "as expected" : "WRONG");
    failures += !ok;
}

static long since_ms(const struct timespec *start) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - start->tv_sec) * 1000 + (now.tv_nsec - start->tv_nsec) / 1000000;
}

int main(void) {
    /* Where a migrated run's hop happens. */
    struct timespec first = { 1, 0 };
    check("first sleep returns 0", nanosleep(&first, 0) == 0);

    if (pipe(fds)) {
        perror("pipe");
        return 1;
    }
    char c;

    handle_alarm(0);
    write_at = 1000;
    alarm_every(30);
    errno = 0;
    ssize_t r = read(fds[0], &c, 1);
    alarm_off();
    check("read, SIGALRM without SA_RESTART: -1 EINTR", r == -1 && errno == EINTR);

    handle_alarm(SA_RESTART);
    write_at = 3;
    alarm_every(30);
    r = read(fds[0], &c, 1);
    alarm_off();
    check("read, SIGALRM with SA_RESTART: restarted until the third alarm's byte", r == 1 && alarms == 3);

    handle_alarm(SA_RESTART);
    write_at = 1000;
    alarm_every(30);
    struct timespec nap = { 5, 0 }, left = { 0, 0 };
    errno = 0;
    int n = nanosleep(&nap, &left);
    alarm_off();
    check("nanosleep, SIGALRM with SA_RESTART: -1 EINTR, time left", n == -1 && errno == EINTR && left.tv_sec >= 4);

    handle_alarm(SA_RESTART);
    alarm_every(30);
    errno = 0;
    n = poll(0, 0, 5000);
    alarm_off();
    check("poll, SIGALRM with SA_RESTART: -1 EINTR", n == -1 && errno == EINTR);

    /* Migration requests every 20 ms, from a timer, while blocked. */
    timer_t requests;
    struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGPWR };
    struct itimerspec every20 = { { 0, 20000000 }, { 0, 20000000 } }, off = { { 0, 0 }, { 0, 0 } };
    if (timer_create(CLOCK_MONOTONIC, &ev, &requests)) {
        perror("timer_create");
        return 1;
    }

    handle_alarm(SA_RESTART);
    write_at = 1;
    struct itimerval once = { { 0, 0 }, { 0, 300000 } };
    timer_settime(requests, 0, &every20, 0);
    setitimer(ITIMER_REAL, &once, 0);
    r = read(fds[0], &c, 1);
    timer_settime(requests, 0, &off, 0);
    check("read, migration requests, then a SIGALRM SA_RESTART handler writes: 1 byte", r == 1 && alarms == 1);

    struct timespec start, sleep300 = { 0, 300000000 };
    clock_gettime(CLOCK_MONOTONIC, &start);
    timer_settime(requests, 0, &every20, 0);
    n = nanosleep(&sleep300, 0);
    timer_settime(requests, 0, &off, 0);
    check("nanosleep, migration requests only: returns 0 after the whole 300 ms", n == 0 && since_ms(&start) >= 300);

    clock_gettime(CLOCK_MONOTONIC, &start);
    timer_settime(requests, 0, &every20, 0);
    n = poll(0, 0, 300);
    timer_settime(requests, 0, &off, 0);
    check("poll, migration requests only: times out after the whole 300 ms", n == 0 && since_ms(&start) >= 300);

    if (failures) {
        fflush(stdout);
        abort();
    }
    return 0;
}
