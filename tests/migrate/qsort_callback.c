// qsort with a comparator called through a function pointer, over and over: migrations land mid-sort inside libc.
// args: 30
#include <stdio.h>
#include <stdlib.h>

static unsigned long calls;
static int by_value(const void *a, const void *b) {
    calls++;
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 10;
    enum { N = 20000 };
    long *v = malloc(N * sizeof *v);
    unsigned long seed = 12345, check = 0;
    int (*cmp)(const void *, const void *) = by_value;
    for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < N; i++) v[i] = (long)((seed = seed * 6364136223846793005UL + 1442695040888963407UL) >> 33);
        qsort(v, N, sizeof *v, cmp);
        for (int i = 1; i < N; i++)
            if (v[i - 1] > v[i]) { printf("unsorted at %d\n", i); return 1; }
        check = check * 31 + (unsigned long)v[N / 2];
    }
    printf("check %lu, %lu comparisons\n", check, calls);
    free(v);
    return 0;
}
