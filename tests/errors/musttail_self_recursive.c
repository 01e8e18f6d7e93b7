// A self-recursive musttail return is rejected at every optimisation level, even when -O2 could turn it into a loop.
// expect-error: musttail_self_recursive.c
// expect-error: count_down
// expect-error: musttail
#include <stdio.h>

long count_down(long n, long acc);

long count_down(long n, long acc) {
    if (n == 0) return acc;
    __attribute__((musttail)) return count_down(n - 1, acc + n);
}

int main(void) {
    printf("%ld\n", count_down(1000000, 0));
    return 0;
}
