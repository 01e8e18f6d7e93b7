// A program asleep in nanosleep for 2 s migrates while asleep (the request interrupts the call, which is issued again on the destination with the time left) and still sleeps at least 2 s.
// stderr-on-hop: nanosleep: blocked on {from}, returned on {to}
// migrate-after: 500ms
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>

int main(void) {
    struct timespec start, end, request = { 2, 0 };
    struct utsname before, after;
    clock_gettime(CLOCK_MONOTONIC, &start);
    uname(&before);
    int r = nanosleep(&request, 0);
    uname(&after);
    clock_gettime(CLOCK_MONOTONIC, &end);
    if (strcmp(before.machine, after.machine))
        fprintf(stderr, "nanosleep: blocked on %s, returned on %s\n", before.machine, after.machine);
    /* Same host, same CLOCK_MONOTONIC: the elapsed time is meaningful across the move. */
    long ms = (end.tv_sec - start.tv_sec) * 1000 + (end.tv_nsec - start.tv_nsec) / 1000000;
    printf("nanosleep returned %d (%s), slept at least 2 s: %s\n", r, r ? strerror(errno) : "no error",
           ms >= 2000 ? "yes" : "no");
    return 0;
}
