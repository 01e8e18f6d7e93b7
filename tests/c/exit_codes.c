// Exit statuses: main's return value is truncated to 8 bits, and argv selects exit()/_Exit()/return paths.
// args: 300
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv) {
    int v = argc > 1 ? atoi(argv[1]) : 0;
    printf("returning %d, status will be %d\n", v, v & 0xff);
    if (v < 0) {
        fflush(stdout);
        _exit(7);
    }
    if (v == 1) exit(EXIT_FAILURE);
    if (v == 2) _Exit(2);
    return v;
}
