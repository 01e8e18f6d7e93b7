// Run-time CPU feature tests (__builtin_cpu_supports) have no portable meaning and are rejected.
// expect-error: cpu_supports.c
// expect-error: __builtin_cpu_supports
#include <stdio.h>

int main(void) {
    if (__builtin_cpu_supports("avx2")) puts("avx2");
    else puts("no avx2");
    return 0;
}
