// A compute loop over heap and stack arrays, with unflushed stdout and a partial line in flight: moves with all of it.
// args: 3000
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    long rounds = argc > 1 ? atol(argv[1]) : 1000;
    size_t n = 100000;
    long *heap = malloc(n * sizeof *heap);
    long local[64];
    for (size_t i = 0; i < n; i++) heap[i] = (long)(i * 2654435761u % 1000);
    for (int i = 0; i < 64; i++) local[i] = i * i;
    printf("partial line written before any move; ");
    long total = 0;
    for (long r = 0; r < rounds; r++) {
        for (size_t i = 0; i < n; i++) total += heap[i] ^ r;
        total += local[r % 64];
        if (r % 1000 == 0) printf("round %ld total %ld\n", r, total);
    }
    printf("total %ld\n", total);
    free(heap);
    return (int)(total % 100);
}
