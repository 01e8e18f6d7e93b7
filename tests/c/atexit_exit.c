// atexit handlers run in reverse registration order, stdio is flushed at exit, and exit() status reaches the caller.
// args: 37
#include <stdio.h>
#include <stdlib.h>

static int order[8], n;

static void h1(void) { printf("handler 1 (registered first, runs last) n=%d\n", n); }
static void h2(void) { order[n++] = 2; printf("handler 2\n"); }
static void h3(void) {
    order[n++] = 3;
    printf("handler 3 registers nothing, buffered output without newline...");
}
static void h4(void) { order[n++] = 4; printf("handler 4\n"); }

int main(int argc, char **argv) {
    int code = argc > 1 ? atoi(argv[1]) : 1;
    atexit(h1);
    atexit(h2);
    atexit(h3);
    atexit(h4);
    printf("main: exiting with %d\n", code);
    /* Unflushed output at exit must appear. */
    printf("partial line without newline; ");
    exit(code);
}
