// A guaranteed tail call (__attribute__((musttail))) to another function is rejected, naming the file and the function.
// expect-error: musttail.c
// expect-error: dispatch
// expect-error: musttail
#include <stdio.h>

__attribute__((noinline)) long handler(long n, long acc) { return n * 2 + acc; }

long dispatch(long n, long acc) {
    if (n < 0) return acc;
    __attribute__((musttail)) return handler(n, acc);
}

int main(void) {
    printf("%ld\n", dispatch(20, 1));
    return 0;
}
