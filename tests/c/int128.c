// __int128 / unsigned __int128: mul, div, mod, shifts, comparisons, conversions to/from double, 64x64->128 products.
// opt: -O0 -O1 -O2 -O3 -Os
#include <stdio.h>
#include <stdint.h>

typedef unsigned __int128 u128;
typedef __int128 i128;

static void put_u128(u128 v) {
    char buf[48];
    int n = 0;
    do { buf[n++] = (char)('0' + (int)(v % 10)); v /= 10; } while (v);
    while (n) putchar(buf[--n]);
}

static void put_i128(i128 v) {
    if (v < 0) { putchar('-'); put_u128(-(u128)v); }
    else put_u128((u128)v);
}

static void put_hex(u128 v) {
    printf("%016llx%016llx", (unsigned long long)(v >> 64), (unsigned long long)v);
}

static u128 factorial(int n) { return n <= 1 ? 1 : (u128)n * factorial(n - 1); }

static u128 isqrt(u128 n) {
    u128 x = n, y = (x >> 1) + 1;
    while (y < x) { x = y; y = (x + n / x) / 2; }
    return x;
}

static u128 powmod(u128 b, u128 e, u128 m) {
    u128 r = 1;
    b %= m;
    while (e) {
        if (e & 1) r = r * b % m;
        b = b * b % m;
        e >>= 1;
    }
    return r;
}

int main(void) {
    for (int n = 20; n <= 34; n += 7) {
        printf("%d! = ", n);
        put_u128(factorial(n));
        printf("\n");
    }
    u128 max = ~(u128)0;
    printf("max = "); put_u128(max); printf("\n");
    printf("max hex = "); put_hex(max); printf("\n");
    i128 min = (i128)((u128)1 << 127);
    printf("min = "); put_i128(min); printf("\n");
    uint64_t a = 0xfedcba9876543210ULL, b = 0x0123456789abcdefULL;
    u128 p = (u128)a * b;
    printf("mul hi=%016llx lo=%016llx\n", (unsigned long long)(p >> 64), (unsigned long long)p);
    i128 x = -(i128)123456789012345678LL * 1000000007;
    printf("x = "); put_i128(x); printf("\n");
    printf("x / 97 = "); put_i128(x / 97); printf(" x %% 97 = "); put_i128(x % 97); printf("\n");
    printf("x >> 3 = "); put_i128(x >> 3); printf(" (u)x >> 100 = "); put_u128((u128)x >> 100); printf("\n");
    printf("x << 17 = "); put_hex((u128)x << 17); printf("\n");
    printf("isqrt(2^120) = "); put_u128(isqrt((u128)1 << 120)); printf("\n");
    printf("isqrt(max) = "); put_u128(isqrt(max)); printf("\n");
    printf("powmod = "); put_u128(powmod(3, 1000000, ((u128)1 << 89) - 1)); printf("\n");
    double d = (double)((u128)1 << 100);
    printf("to double %.17g\n", d);
    i128 back = (i128)-1.5e30;
    printf("from double "); put_i128(back); printf("\n");
    printf("cmp %d %d %d\n", min < 0, (u128)min > ((u128)1 << 126), x < (i128)x + 1);
    u128 div = max / 3, rem = max % 1000000007;
    printf("max/3="); put_u128(div); printf(" max%%1e9+7="); put_u128(rem); printf("\n");
    /* mixing with 64-bit wrap */
    uint64_t w = (uint64_t)(p + max);
    printf("wrap %llu\n", (unsigned long long)w);
    int pop = 0;
    for (u128 t = p; t; t &= t - 1) pop++;
    printf("popcount %d\n", pop);
    return (int)(rem & 0x7f);
}
