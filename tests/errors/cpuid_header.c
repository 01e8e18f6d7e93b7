// <cpuid.h> and __get_cpuid are x86-only and are rejected.
// expect-error: cpuid.h
#include <cpuid.h>
#include <stdio.h>

int main(void) {
    unsigned a, b, c, d;
    if (__get_cpuid(0, &a, &b, &c, &d)) printf("max leaf %u\n", a);
    return 0;
}
