/* Counts primes, block by block, printing its progress: long enough to be
 * moved between ISAs while it runs (scripts/demo.sh). Its state (the count,
 * the heap-allocated sieve, the loop counters, stdio's buffer) moves with it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    long blocks = argc > 1 ? atol(argv[1]) : 150;
    const long block = 1000000;
    char *composite = malloc(block);
    long count = 0;
    for (long b = 0; b < blocks; b++) {
        long lo = b * block, hi = lo + block;
        memset(composite, 0, block);
        for (long p = 2; p * p < hi; p++) {
            long start = p * p > lo ? p * p : (lo + p - 1) / p * p;
            for (long m = start; m < hi; m += p) composite[m - lo] = 1;
        }
        for (long n = lo < 2 ? 2 : lo; n < hi; n++) count += !composite[n - lo];
        printf("primes below %3ld million: %ld\n", hi / block, count);
    }
    free(composite);
    return 0;
}
