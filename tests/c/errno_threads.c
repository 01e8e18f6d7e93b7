// errno: set by libc calls (strtol, fopen, close; musl's libm leaves it alone), user writes, and thread-local in pthreads.
// link: -pthread -lm
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void *worker(void *arg) {
    long id = (long)arg;
    errno = 0;
    for (int i = 0; i < 1000; i++) {
        if (id % 2) {
            errno = 0;
            (void)strtol("99999999999999999999999", NULL, 10);
        } else {
            errno = 0;
            (void)close(-1);
        }
    }
    int mine = errno;
    /* sleep-free yield; the other threads setting their errno must not affect ours */
    for (int i = 0; i < 100; i++) sched_yield();
    return (void *)(long)(mine == (id % 2 ? ERANGE : EBADF) && errno == mine);
}

int main(void) {
    errno = 0;
    long v = strtol("123", NULL, 10);
    printf("strtol ok v=%ld errno=%d\n", v, errno);
    v = strtol("-99999999999999999999", NULL, 10);
    printf("strtol underflow v=%ld erange=%d\n", v, errno == ERANGE);
    errno = 0;
    FILE *f = fopen("/nonexistent/dir/file", "r");
    printf("fopen null=%d enoent=%d msg=%s\n", f == NULL, errno == ENOENT, strerror(errno));
    errno = 0;
    int r = close(-1);
    printf("close r=%d ebadf=%d\n", r, errno == EBADF);
    errno = 0;
    double d = log(-1.0);
    printf("log(-1) nan=%d edom=%d\n", isnan(d), errno == EDOM);
    errno = 0;
    d = exp(1000.0);
    printf("exp(1000) inf=%d erange=%d\n", isinf(d), errno == ERANGE);
    errno = 12345;
    printf("user-set errno=%d\n", errno);
    int *p = &errno;
    *p = 7;
    printf("via pointer errno=%d\n", errno);
    pthread_t th[4];
    for (long i = 0; i < 4; i++) pthread_create(&th[i], NULL, worker, (void *)i);
    int good = 0;
    for (int i = 0; i < 4; i++) {
        void *ret;
        pthread_join(th[i], &ret);
        good += (int)(long)ret;
    }
    printf("threads with correct errno=%d main errno=%d\n", good, errno);
    return good == 4 ? 0 : 1;
}
