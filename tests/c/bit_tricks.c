// Bit manipulation: popcount/clz/ctz/parity/bswap builtins vs portable loops, rotates, masks, sign tricks, Gray codes.
#include <stdio.h>
#include <stdint.h>

static int pop_loop(uint64_t x) { int n = 0; while (x) { x &= x - 1; n++; } return n; }
static int clz_loop(uint64_t x) { int n = 0; for (uint64_t m = 1ULL << 63; m && !(x & m); m >>= 1) n++; return n; }
static int ctz_loop(uint64_t x) { int n = 0; while (!(x & 1)) { x >>= 1; n++; } return n; }
static uint32_t rotl32(uint32_t x, unsigned r) { return (x << (r & 31)) | (x >> ((32 - r) & 31)); }
static uint64_t rotr64(uint64_t x, unsigned r) { return (x >> (r & 63)) | (x << ((64 - r) & 63)); }
static uint32_t bswap_loop(uint32_t x) { return (x >> 24) | ((x >> 8) & 0xff00) | ((x << 8) & 0xff0000) | (x << 24); }
static uint32_t reverse_bits(uint32_t x) {
    x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
    x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
    x = ((x >> 4) & 0x0f0f0f0fu) | ((x & 0x0f0f0f0fu) << 4);
    x = ((x >> 8) & 0x00ff00ffu) | ((x & 0x00ff00ffu) << 8);
    return (x >> 16) | (x << 16);
}
static uint64_t next_pow2(uint64_t x) {
    x--;
    x |= x >> 1; x |= x >> 2; x |= x >> 4; x |= x >> 8; x |= x >> 16; x |= x >> 32;
    return x + 1;
}
static int32_t iabs_branchless(int32_t x) { int32_t m = x >> 31; return (x ^ m) - m; }
static int sign(int x) { return (x > 0) - (x < 0); }

int main(void) {
    uint64_t v = 0x0123456789abcdefULL;
    int mismatches = 0;
    for (int i = 0; i < 2000; i++) {
        v = v * 6364136223846793005ULL + 1442695040888963407ULL;
        uint64_t x = v >> (i % 64);
        if (!x) continue;
        if (__builtin_popcountll(x) != pop_loop(x)) mismatches++;
        if (__builtin_clzll(x) != clz_loop(x)) mismatches++;
        if (__builtin_ctzll(x) != ctz_loop(x)) mismatches++;
        if ((uint32_t)__builtin_bswap32((uint32_t)x) != bswap_loop((uint32_t)x)) mismatches++;
        if (__builtin_parityll(x) != (pop_loop(x) & 1)) mismatches++;
    }
    printf("builtin mismatches=%d\n", mismatches);
    printf("popcount=%d clz=%d ctz=%d ffs=%d\n", __builtin_popcount(0xf0f0u), __builtin_clz(1u), __builtin_ctz(0x80u),
           __builtin_ffs(0x18));
    printf("bswap64=%016llx bswap16=%04x\n", (unsigned long long)__builtin_bswap64(0x1122334455667788ULL),
           (unsigned)__builtin_bswap16(0xabcd));
    printf("rotl32=%08x rotr64=%016llx rot0=%08x\n", rotl32(0x80000001u, 4), (unsigned long long)rotr64(0xffULL, 4),
           rotl32(0xdeadbeefu, 0));
    printf("reverse=%08x %08x\n", reverse_bits(1), reverse_bits(0x12345678u));
    printf("next_pow2: %llu %llu %llu\n", (unsigned long long)next_pow2(1), (unsigned long long)next_pow2(1000),
           (unsigned long long)next_pow2((1ULL << 40) + 1));
    printf("abs: %d %d %d\n", iabs_branchless(-17), iabs_branchless(17), iabs_branchless(0));
    printf("sign: %d %d %d\n", sign(-5), sign(0), sign(9));
    printf("gray:");
    for (unsigned i = 0; i < 16; i++) printf(" %x", i ^ (i >> 1));
    printf("\n");
    unsigned x = 0xb6u;
    printf("lowest set=%x clear lowest=%x isolate zero=%x\n", x & -x, x & (x - 1), ~x & (x + 1));
    printf("arith shift: %d %d logical: %u\n", -16 >> 2, -1 >> 31, 0x80000000u >> 31);
    int8_t sb = (int8_t)0x80;
    printf("sign-extend byte: %d %d\n", sb, (int)(int8_t)0xff);
    uint16_t h = (uint16_t)0xffffu;
    printf("u16 promotes: %d\n", h * h > 0);
    /* overflow builtins are target-independent */
    int res;
    printf("add overflow: %d", __builtin_add_overflow(2147483647, 1, &res));
    printf(" mul overflow: %d", __builtin_mul_overflow(65536, 65536, &res));
    long lres;
    int sub_ovf = __builtin_sub_overflow(-5L, 10L, &lres);
    printf(" sub ok: %d %ld\n", sub_ovf, lres);
    uint64_t bits = 0;
    for (int i = 0; i < 64; i += 3) bits |= 1ULL << i;
    printf("mask=%016llx pop=%d\n", (unsigned long long)bits, __builtin_popcountll(bits));
    return mismatches;
}
