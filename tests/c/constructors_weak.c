// __attribute__((constructor/destructor)) with priorities, weak symbols with and without definitions, aliases, visibility.
#include <stdio.h>
#include <stdlib.h>

static int trace[16], nt;

__attribute__((constructor(200))) static void ctor_late(void) { trace[nt++] = 200; }
__attribute__((constructor(101))) static void ctor_early(void) { trace[nt++] = 101; }
__attribute__((constructor)) static void ctor_default(void) { trace[nt++] = 999; }
__attribute__((destructor)) static void dtor(void) { printf("destructor runs after atexit handlers? n=%d\n", nt); }

static void at_exit_handler(void) { printf("atexit handler\n"); }

extern int weak_undefined(void) __attribute__((weak));
__attribute__((weak)) int weak_defined(void) { return 11; }
int strong_impl(int x) { return x * 3; }
int aliased(int x) __attribute__((alias("strong_impl")));
__attribute__((weak)) int weak_var = 5;
__attribute__((visibility("hidden"))) int hidden_var = 6;
__attribute__((used)) static int used_but_unreferenced = 7;
__attribute__((noinline)) static int not_inlined(int x) { return x + 1; }
__attribute__((always_inline)) static inline int inlined(int x) { return x + 2; }
__attribute__((cold, noreturn)) static void fatal(void) { exit(99); }

int main(void) {
    printf("constructors ran in order:");
    for (int i = 0; i < nt; i++) printf(" %d", trace[i]);
    printf("\n");
    printf("weak_undefined is null: %d\n", weak_undefined == NULL);
    printf("weak_defined()=%d aliased(5)=%d\n", weak_defined(), aliased(5));
    printf("weak_var=%d hidden_var=%d\n", weak_var, hidden_var);
    printf("attrs: %d %d\n", not_inlined(1), inlined(1));
    if (__builtin_expect(nt > 100, 0)) fatal();
    atexit(at_exit_handler);
    trace[nt++] = -1;
    return 0;
}
