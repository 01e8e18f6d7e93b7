// Unsigned wraparound, integer promotions, usual arithmetic conversions, signed<->unsigned conversions, shifts and division.
#include <stdio.h>
#include <stdint.h>
#include <limits.h>

static uint32_t hash_fnv1a(const char *s) {
    uint32_t h = 2166136261u;
    while (*s) { h ^= (unsigned char)*s++; h *= 16777619u; }
    return h;
}

int main(void) {
    unsigned u = UINT_MAX;
    u += 1;
    printf("UINT_MAX+1=%u\n", u);
    u = 0;
    u -= 1;
    printf("0-1=%u\n", u);
    uint8_t b = 250;
    b += 10;
    printf("u8 250+10=%u\n", b);
    uint16_t s = 65535;
    s *= s;
    printf("u16 65535^2=%u\n", s);
    uint64_t big = UINT64_MAX;
    big *= 3;
    printf("u64 max*3=%llu\n", (unsigned long long)big);
    printf("mul wrap %u\n", 4000000000u * 3u);
    /* comparisons between signed and unsigned */
    int neg = -1;
    printf("-1 < 1u: %d\n", neg < 1u);
    printf("-1 < 1L: %d\n", neg < 1L);
    printf("(long)-1 < 1u: %d\n", -1L < 1u);
    printf("sizeof promotions: %zu %zu %zu\n", sizeof('a'), sizeof(b + b), sizeof(s * 1u));
    unsigned char uc = 200;
    signed char sc = (signed char)uc;
    printf("uc=%d sc=%d ~uc=%d uc<<1=%d\n", uc, sc, ~uc, uc << 1);
    char c = (char)0xe9;
    printf("plain char is signed: %d (value %d)\n", c < 0, c);
    printf("int->u8 %u %u, int->i8 %d %d\n", (uint8_t)300, (uint8_t)-1, (int8_t)200, (int8_t)-129);
    printf("u32->i32 %d, i64->u32 %u\n", (int32_t)3000000000u, (uint32_t)-5LL);
    /* division and modulo truncate toward zero */
    printf("div: %d %d %d %d\n", 7 / 2, -7 / 2, 7 / -2, -7 / -2);
    printf("mod: %d %d %d %d\n", 7 % 3, -7 % 3, 7 % -3, -7 % -3);
    printf("udiv: %u %u\n", 4294967295u / 10u, 4294967295u % 10u);
    printf("shift: %u %llu %d\n", 1u << 31, 1ULL << 63, 1 << 30);
    printf("rshift signed: %d %ld\n", INT_MIN >> 4, LONG_MIN >> 60);
    unsigned shamt = 33;
    printf("u64 shift by 33: %llu\n", (unsigned long long)(1ULL << shamt));
    /* unsigned loop counting down */
    unsigned long total = 0;
    for (unsigned i = 10; i-- > 0;) total += i;
    printf("countdown total=%lu\n", total);
    /* size_t wrap */
    size_t z = 0;
    z--;
    printf("size_t -1 == SIZE_MAX: %d\n", z == SIZE_MAX);
    printf("fnv1a: %08x %08x\n", hash_fnv1a("hello"), hash_fnv1a("The quick brown fox"));
    /* LCG with natural 32-bit wrap */
    uint32_t x = 1;
    for (int i = 0; i < 1000; i++) x = x * 1664525u + 1013904223u;
    printf("lcg32=%u\n", x);
    /* float -> unsigned conversions within range */
    double d = 4294967295.0;
    printf("d->u32=%u d->u64=%llu\n", (uint32_t)d, (unsigned long long)1e19);
    printf("u64->double=%.1f\n", (double)UINT64_MAX);
    printf("i64 min/max %lld %lld\n", (long long)INT64_MIN, (long long)INT64_MAX);
    printf("ternary conversions: %d\n", (1 ? -1 : 0u) > 0);
    return (int)(x & 0xff);
}
