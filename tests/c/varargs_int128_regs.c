// __int128 variadic args when only one integer register is left: the whole value goes on the stack, later ints still use the register.
#include <stdarg.h>
#include <stdio.h>

/* SysV x86-64 (and the RISC-V/AArch64 rules for 2-register args) must agree
   between caller and va_arg: an i128 that does not fit in the remaining
   argument registers is passed in memory. */
static void show(const char *tag, ...) {
    va_list ap;
    va_start(ap, tag);
    int a = va_arg(ap, int);
    __int128 b = va_arg(ap, __int128);
    int c = va_arg(ap, int);
    __int128 d = va_arg(ap, __int128);
    int e = va_arg(ap, int);
    int f = va_arg(ap, int);
    va_end(ap);
    printf("%s %d %lld %d %lld %d %d\n", tag, a, (long long)b, c, (long long)(d >> 64), e, f);
}

static __int128 pick(int which, ...) {
    va_list ap;
    va_start(ap, which);
    __int128 r = 0;
    for (int i = 0; i <= which; i++) r = va_arg(ap, __int128);
    va_end(ap);
    return r;
}

int main(void) {
    __int128 big = (__int128)12345 << 64;
    show("odd", 1, (__int128)-7, 2, big, 3, 4);
    show("neg", -1, (__int128)-1, -2, -big, -3, -4);
    for (int i = 0; i < 5; i++) {
        __int128 v = pick(i, (__int128)10, (__int128)-20, big + 30, (__int128)40, -big);
        printf("pick %d -> %lld %lld\n", i, (long long)(v >> 64), (long long)(unsigned long long)v);
    }
    return 0;
}
