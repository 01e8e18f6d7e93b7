/* Integer sorting: a hand-written introsort-style quicksort plus musl's qsort
 * (so libc code compiled by each toolchain is exercised too). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define N 2000000
#define QSORT_N 300000

static uint64_t state = 0x9e3779b97f4a7c15u;

static uint32_t next(void) { /* xorshift64* */
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return (uint32_t)((state * 2685821657736338717u) >> 32);
}

static void insertion(uint32_t *v, long n) {
    for (long i = 1; i < n; i++) {
        uint32_t x = v[i];
        long j = i;
        while (j > 0 && v[j - 1] > x) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

static void quicksort(uint32_t *v, long n) {
    while (n > 16) {
        uint32_t a = v[0], b = v[n / 2], c = v[n - 1];
        uint32_t pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
        long i = 0, j = n - 1;
        for (;;) {
            while (v[i] < pivot) i++;
            while (v[j] > pivot) j--;
            if (i >= j) break;
            uint32_t t = v[i]; v[i] = v[j]; v[j] = t;
            i++; j--;
        }
        /* recurse into the smaller half, loop on the larger */
        if (j + 1 < n - j - 1) {
            quicksort(v, j + 1);
            v += j + 1; n -= j + 1;
        } else {
            quicksort(v + j + 1, n - j - 1);
            n = j + 1;
        }
    }
    insertion(v, n);
}

static int cmp(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static uint64_t digest(const uint32_t *v, long n) {
    uint64_t h = 0;
    for (long i = 0; i < n; i++) {
        if (i > 0 && v[i - 1] > v[i]) return 0; /* not sorted */
        h = h * 31 + v[i];
    }
    return h;
}

int main(void) {
    uint32_t *v = malloc(N * sizeof *v);
    if (!v) return 1;
    for (long i = 0; i < N; i++) v[i] = next();
    quicksort(v, N);
    uint64_t h1 = digest(v, N);
    for (long i = 0; i < QSORT_N; i++) v[i] = next() % 100000;
    qsort(v, QSORT_N, sizeof *v, cmp);
    uint64_t h2 = digest(v, QSORT_N);
    printf("%016llx %016llx\n", (unsigned long long)h1, (unsigned long long)h2);
    free(v);
    return 0;
}
