// Run-time CPU feature tests (__builtin_cpu_supports) have no portable meaning and are rejected.
// clang-22 accepts them for riscv64, the virtual ISA, and reads compiler-rt's feature bits.
// expect-error: cpu_supports.c
// expect-error: __builtin_cpu_supports
// expect-error: `main`
#include <stdio.h>

int main(void) {
    if (__builtin_cpu_supports("zba")) puts("zba");
    else puts("no zba");
    return 0;
}
