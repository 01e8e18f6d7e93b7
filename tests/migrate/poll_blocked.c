// A program waiting in poll with a 2 s timeout (no descriptors) migrates while waiting; poll is issued again on the destination with the time left and times out as usual.
// stderr-on-hop: poll: blocked on {from}, returned on {to}
// migrate-after: 500ms
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>

int main(void) {
    struct timespec start, end;
    struct utsname before, after;
    clock_gettime(CLOCK_MONOTONIC, &start);
    uname(&before);
    int r = poll(0, 0, 2000);
    uname(&after);
    clock_gettime(CLOCK_MONOTONIC, &end);
    if (strcmp(before.machine, after.machine))
        fprintf(stderr, "poll: blocked on %s, returned on %s\n", before.machine, after.machine);
    long ms = (end.tv_sec - start.tv_sec) * 1000 + (end.tv_nsec - start.tv_nsec) / 1000000;
    printf("poll returned %d, waited at least 2 s: %s\n", r, ms >= 2000 ? "yes" : "no");
    return 0;
}
