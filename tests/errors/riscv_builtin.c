// A RISC-V-specific builtin is rejected too, even though no x86 code is involved.
// expect-error: riscv_builtin.c
// expect-error: __builtin_riscv_orc_b_32
#include <stdio.h>

static unsigned or_combine(unsigned x) { return __builtin_riscv_orc_b_32(x); }

int main(void) {
    printf("%08x\n", or_combine(0x00010200u));
    return 0;
}
