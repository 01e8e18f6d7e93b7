/* Blocked in read on stdin, which the measurement keeps open and silent:
 * every migration request finds the program inside the system call. */
#include <stdio.h>

int main(void) {
    char line[128];
    unsigned long lines = 0;
    while (fgets(line, sizeof line, stdin))
        lines++;
    printf("%lu lines\n", lines);
    return 0;
}
