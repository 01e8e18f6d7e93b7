// Counted loops of every length around the strip-mining chunk (1024 iterations), counting up and down, from negative starts, with early exits, a count that wraps past 2^32, a vectorisable array update and nested loops: the same results as gcc's.
// opt: -O1 -O2 -O3 -Os
#include <stdint.h>
#include <stdio.h>

__attribute__((noinline)) static uint64_t up(int64_t from, int64_t to, uint64_t mul) {
    uint64_t s = 0;
    for (int64_t i = from; i < to; i++) s = s * mul + (uint64_t)i;
    return s;
}

__attribute__((noinline)) static uint64_t down(int n) {
    uint64_t s = 0;
    for (int i = n; i > 0; i--) s += (uint64_t)i * (uint64_t)i;
    return s;
}

__attribute__((noinline)) static int find(const int *a, int n, int x) {
    for (int i = 0; i < n; i++)
        if (a[i] == x) return i;
    return -1;
}

/* From start up through 2^32 and round to 5. */
__attribute__((noinline)) static uint32_t wrap(uint32_t start) {
    uint32_t c = 0;
    for (uint32_t i = start; i != 5; i++) c += (i & 3) + 1;
    return c;
}

__attribute__((noinline)) static void scale_add(int *dst, const int *src, int n, int k) {
    for (int j = 0; j < n; j++) dst[j] += src[j] * k;
}

static int a[5000], b[5000];

int main(void) {
    for (int i = 0; i < 5000; i++) a[i] = (i * 7919) % 5003;
    const int lens[] = {0, 1, 2, 1023, 1024, 1025, 2047, 2048, 2049, 3000, 4096, 4097};
    for (unsigned i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        int n = lens[i];
        printf("len %4d: up %016llx, from -n/2 %016llx, down %llu\n", n, (unsigned long long)up(0, n, 3),
               (unsigned long long)up(-n / 2, n, 5), (unsigned long long)down(n));
    }
    const int at[] = {0, 1023, 1024, 1025, 2048, 4999};
    for (unsigned i = 0; i < sizeof at / sizeof at[0]; i++) printf("find a[%d]: %d\n", at[i], find(a, 5000, a[at[i]]));
    printf("find missing: %d\n", find(a, 5000, -1));
    printf("wrap: %u %u %u\n", wrap(0xfffffc00u), wrap(0xfffffbffu), wrap(0xffffffffu));
    long total = 0;
    for (int r = 0; r < 200; r++) {
        scale_add(b, a, 5000 - r, r % 7 - 3);
        for (int j = 0; j < 5000; j += 97) total += b[j];
    }
    printf("scale_add total %ld\n", total);
    return 0;
}
