// A plain compile error is reported with clang's diagnostic, a non-zero exit and no output files.
// expect-error: syntax_error.c
// expect-error: expected ';'
#include <stdio.h>

int main(void) {
    int x = 1
    printf("%d\n", x);
    return 0;
}
