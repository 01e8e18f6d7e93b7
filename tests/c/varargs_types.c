// Variadic arguments of many types: double, float promotion, long double, long long, __int128, structs (small/large/float).
// opt: -O0 -O1 -O2 -O3 -Os
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct small { int a; short b; };
struct fpair { double x, y; };
struct big { long v[5]; };

static void u128_to_str(unsigned __int128 v, char *out) {
    char tmp[48];
    int n = 0;
    do { tmp[n++] = (char)('0' + (int)(v % 10)); v /= 10; } while (v);
    for (int i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
    out[n] = 0;
}

static void i128_to_str(__int128 v, char *out) {
    if (v < 0) { *out++ = '-'; u128_to_str(-(unsigned __int128)v, out); }
    else u128_to_str((unsigned __int128)v, out);
}

static void dump(const char *types, ...) {
    va_list ap;
    va_start(ap, types);
    char buf[64];
    for (const char *t = types; *t; t++) {
        switch (*t) {
        case 'd': printf("double=%.6g ", va_arg(ap, double)); break;
        case 'f': printf("float=%.6g ", va_arg(ap, double)); break;
        case 'L': printf("ldouble=%.6g ", (double)va_arg(ap, long double)); break;
        case 'q': printf("llong=%lld ", va_arg(ap, long long)); break;
        case 'Q': printf("ullong=%llu ", va_arg(ap, unsigned long long)); break;
        case 'I': i128_to_str(va_arg(ap, __int128), buf); printf("i128=%s ", buf); break;
        case 'U': u128_to_str(va_arg(ap, unsigned __int128), buf); printf("u128=%s ", buf); break;
        case 's': { struct small s = va_arg(ap, struct small); printf("small={%d,%d} ", s.a, s.b); break; }
        case 'p': { struct fpair p = va_arg(ap, struct fpair); printf("fpair={%g,%g} ", p.x, p.y); break; }
        case 'b': {
            struct big b = va_arg(ap, struct big);
            long s = 0;
            for (int i = 0; i < 5; i++) s += b.v[i];
            printf("big=%ld ", s);
            break;
        }
        case 'i': printf("int=%d ", va_arg(ap, int)); break;
        case 'c': printf("char=%d ", va_arg(ap, int)); break;
        }
    }
    va_end(ap);
    printf("\n");
}

static long double ld_sum(int n, ...) {
    va_list ap;
    va_start(ap, n);
    long double s = 0;
    for (int i = 0; i < n; i++) s += va_arg(ap, long double);
    va_end(ap);
    return s;
}

static __int128 i128_sum(int n, ...) {
    va_list ap;
    va_start(ap, n);
    __int128 s = 0;
    for (int i = 0; i < n; i++) s += va_arg(ap, __int128);
    va_end(ap);
    return s;
}

int main(void) {
    float f = 1.5f;
    char c = -3;
    struct small sm = {7, -2};
    struct fpair fp = {0.25, -8.5};
    struct big bg = {{1, 2, 3, 4, 1000}};
    __int128 big = (__int128)1 << 100;
    dump("dfLqQ", 2.5, f, 0.125L, -123456789012345LL, 18000000000000000000ULL);
    dump("iIUii", 1, -big - 5, (unsigned __int128)big * 3 + 7, 2, 3);
    dump("spbc", sm, fp, bg, c);
    dump("LiLiLdL", 1.5L, 1, -2.75L, 2, 1e10L, 3.0, 65536.0L);
    dump("iIIIIIIi", 0, (__int128)1, (__int128)-2, (__int128)3, (__int128)-4, big, -big, 99);
    dump("sssssssss", sm, sm, sm, sm, sm, sm, sm, sm, sm);
    dump("ppppppi", fp, fp, fp, fp, fp, fp, 5);
    long double s = ld_sum(4, 1.0L, 2.5L, 0.25L, 1024.0L);
    printf("ld_sum=%.4f\n", (double)s);
    char buf[64];
    i128_to_str(i128_sum(3, big, big, (__int128)-1), buf);
    printf("i128_sum=%s\n", buf);
    i128_to_str(i128_sum(9, (__int128)1, (__int128)2, (__int128)3, (__int128)4, (__int128)5,
                         (__int128)6, (__int128)7, (__int128)8, (__int128)9), buf);
    printf("i128_sum9=%s\n", buf);
    return 0;
}
