// Code that uses x86 inline asm only when __migcc__ is not defined builds with migcc through the portable fallback.
#include <stdint.h>
#include <stdio.h>

static uint32_t byteswap(uint32_t x) {
#if defined(__x86_64__) && !defined(__migcc__)
    __asm__("bswap %0" : "+r"(x));
    return x;
#else
    return (x >> 24) | ((x >> 8) & 0xff00u) | ((x << 8) & 0xff0000u) | (x << 24);
#endif
}

static uint64_t add_carry(uint64_t a, uint64_t b, int *carry) {
#if defined(__x86_64__) && !defined(__migcc__)
    unsigned char c;
    __asm__("addq %3, %0\n\tsetc %1" : "=r"(a), "=q"(c) : "0"(a), "r"(b) : "cc");
    *carry = c;
    return a;
#else
    uint64_t s = a + b;
    *carry = s < a;
    return s;
#endif
}

int main(void) {
    printf("%08x %08x\n", byteswap(0x11223344u), byteswap(0xdeadbeefu));
    int c;
    uint64_t s = add_carry(0xffffffffffffff00ULL, 0x1ffULL, &c);
    printf("%016llx carry=%d\n", (unsigned long long)s, c);
    s = add_carry(1, 2, &c);
    printf("%llu carry=%d\n", (unsigned long long)s, c);
    return 0;
}
