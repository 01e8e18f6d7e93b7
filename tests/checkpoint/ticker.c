// The checkpoint CLI's test program: heap data, an open file, flushed and
// unflushed output, and a loop that sleeps 1 ms per round, to an absolute
// CLOCK_MONOTONIC deadline (so that it runs
// about as long under qemu as natively, and a request finds it running).
// args: ROUNDS (default 1500). It prints "started" (flushed) first: a test
// waits for that line before it asks for a checkpoint. Its CLOCK_MONOTONIC
// must never go backwards (status 4 if it does); at the end it reports on
// stderr how far that clock advanced during the run.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 1500;
    size_t n = 4096;
    unsigned long *heap = malloc(n * sizeof *heap);
    for (size_t i = 0; i < n; i++) heap[i] = i * 2654435761u % 1000;
    FILE *log = fopen("ticker.log", "w+");
    if (!log) { perror("ticker.log"); return 1; }
    printf("started\n");
    fflush(stdout);
    unsigned long sum = 0;
    struct timespec start, last, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    last = start;
    for (int r = 0; r < rounds; r++) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec < last.tv_sec || (now.tv_sec == last.tv_sec && now.tv_nsec < last.tv_nsec)) {
            fprintf(stderr, "CLOCK_MONOTONIC went backwards\n");
            return 4;
        }
        last = now;
        sum = sum * 31 + heap[(size_t)r % n];
        heap[(size_t)(sum % n)] ^= (unsigned long)r;
#ifdef OTHER
        sum ^= 1;
#endif
        fprintf(log, "%d %lu\n", r, sum % 997);
        if (r % 100 == 0) {
            printf("round %d: %lu\n", r, sum % 100003);
            if (r % 200 == 0) fflush(stdout); /* every other line stays buffered for a while */
        }
        struct timespec deadline = now;
        deadline.tv_nsec += 1000000;
        if (deadline.tv_nsec >= 1000000000) deadline.tv_sec++, deadline.tv_nsec -= 1000000000;
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, 0);
    }
    fflush(log);
    long size = ftell(log);
    rewind(log);
    char line[64];
    unsigned long lines = 0;
    while (fgets(line, sizeof line, log)) lines++;
    fclose(log);
    printf("done: %lu, %lu lines, %ld bytes\n", sum, lines, size);
    fprintf(stderr, "CLOCK_MONOTONIC advanced %lld s\n", (long long)(last.tv_sec - start.tv_sec));
    return 3;
}
