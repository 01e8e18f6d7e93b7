/* The checkpoint/restore benchmark's program (cargo xtask bench-migration):
 * allocates and touches the number of bytes given as its argument, prints
 * "ready", then spins. A process restored from a checkpoint has another
 * process id than the one that wrote it: the loop notices at its next
 * iteration and prints "resumed", which tells the benchmark that user code
 * runs again. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s BYTES\n", argv[0]);
        return 2;
    }
    size_t bytes = strtoull(argv[1], NULL, 0);
    unsigned char *heap = malloc(bytes);
    if (!heap) {
        fprintf(stderr, "cannot allocate %zu bytes\n", bytes);
        return 1;
    }
    /* Distinct values in every page, so that no page is left unmapped. */
    for (size_t i = 0; i < bytes; i++)
        heap[i] = (unsigned char)(i * 131 + (i >> 12));
    printf("ready\n");
    fflush(stdout);

    pid_t writer = getpid();
    unsigned long sum = 0;
    for (unsigned long i = 0;; i++) {
        sum += heap[(i * 4096) % bytes];
        if (getpid() != writer) {
            printf("resumed %lu\n", sum);
            fflush(stdout);
            writer = getpid();
        }
    }
}
