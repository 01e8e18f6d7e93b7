// A single-threaded program in pthread_cond_timedwait (a futex wait) with a deadline 2 s away migrates while waiting, then times out at the deadline on the destination.
// stderr-on-hop: pthread_cond_timedwait: blocked on {from}, returned on {to}
// migrate-after: 500ms
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>

int main(void) {
    pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
    struct timespec start, deadline, end;
    struct utsname before, after;
    clock_gettime(CLOCK_REALTIME, &start);
    deadline = start;
    deadline.tv_sec += 2;
    pthread_mutex_lock(&lock);
    uname(&before);
    int r = pthread_cond_timedwait(&cond, &lock, &deadline);
    uname(&after);
    clock_gettime(CLOCK_REALTIME, &end);
    pthread_mutex_unlock(&lock);
    if (strcmp(before.machine, after.machine))
        fprintf(stderr, "pthread_cond_timedwait: blocked on %s, returned on %s\n", before.machine, after.machine);
    int reached = end.tv_sec > deadline.tv_sec || (end.tv_sec == deadline.tv_sec && end.tv_nsec >= deadline.tv_nsec);
    printf("pthread_cond_timedwait returned %s, deadline reached: %s\n", strerror(r), reached ? "yes" : "no");
    return 0;
}
