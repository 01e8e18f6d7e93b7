// Inline assembly inside a function is rejected, naming the file and the function.
// expect-error: inline_asm.c
// expect-error: spin_pause
// expect-error: inline assembly
#include <stdio.h>

void spin_pause(int n) {
    for (int i = 0; i < n; i++) __asm__ volatile("pause" ::: "memory");
}

int main(void) {
    spin_pause(3);
    puts("done");
    return 0;
}
