// A process whose state cannot move yet: with `thread` it has started (and
// joined) a thread, with `child` it keeps a child process alive, with `timer`
// it has a POSIX timer (created, never armed), with `pipe` it keeps a pipe
// open on descriptors 3 and 4. It prints
// "started" (flushed), then runs 1500 rounds of 1 ms sleeps, so that a
// request finds it running, and ends with status 0. A checkpoint request
// must be refused, and the process must run on to its end.
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void *worker(void *arg) { return arg; }

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "thread";
    pid_t child = -1;
    if (!strcmp(mode, "thread")) {
        pthread_t t;
        pthread_create(&t, 0, worker, 0);
        pthread_join(t, 0);
    } else if (!strcmp(mode, "timer")) {
        struct sigevent ev = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1};
        timer_t timer;
        if (timer_create(CLOCK_MONOTONIC, &ev, &timer)) return 1;
    } else if (!strcmp(mode, "pipe")) {
        int ends[2];
        if (pipe(ends)) return 1;
    } else if ((child = fork()) == 0) {
        pause();
        _exit(0);
    }
    printf("started\n");
    fflush(stdout);
    unsigned long sum = 0;
    for (int r = 0; r < 1500; r++) {
        struct timespec ms = {0, 1000000};
        nanosleep(&ms, 0);
        sum += (unsigned long)r * r;
    }
    if (child > 0) {
        kill(child, SIGTERM);
        waitpid(child, 0, 0);
    }
    printf("done %lu\n", sum);
    return 0;
}
