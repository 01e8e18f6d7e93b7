// A target-specific builtin (__builtin_ia32_pause) is rejected.
// expect-error: x86_builtin.c
// expect-error: __builtin_ia32_pause
#include <stdio.h>

static void wait_a_bit(void) {
    for (int i = 0; i < 10; i++) __builtin_ia32_pause();
}

int main(void) {
    wait_a_bit();
    puts("waited");
    return 0;
}
