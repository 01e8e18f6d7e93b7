// div/ldiv/lldiv/imaxdiv, abs family, integer division by constants and variables (signed/unsigned, powers of two).
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

static volatile long vdiv[] = {1, -1, 2, -2, 3, 7, -7, 10, 16, -16, 1000000007, -1000000007};

int main(void) {
    div_t d = div(-17, 5);
    ldiv_t ld = ldiv(17L, -5L);
    lldiv_t lld = lldiv(-9000000000000000000LL, 7LL);
    imaxdiv_t im = imaxdiv(INTMAX_MAX, 1000);
    printf("div=%d,%d ldiv=%ld,%ld lldiv=%lld,%lld imaxdiv=%jd,%jd\n", d.quot, d.rem, ld.quot, ld.rem, lld.quot, lld.rem,
           im.quot, im.rem);
    printf("abs=%d labs=%ld llabs=%lld imaxabs=%jd\n", abs(-5), labs(-6L), llabs(-7LL), imaxabs((intmax_t)-8));
    long nums[] = {0, 1, -1, 99, -99, 12345678901L, -12345678901L, 9223372036854775807L, -9223372036854775807L};
    unsigned long h = 0;
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
        for (size_t j = 0; j < sizeof vdiv / sizeof vdiv[0]; j++) {
            long q = nums[i] / vdiv[j], r = nums[i] % vdiv[j];
            h = h * 1000003 + (unsigned long)q * 31 + (unsigned long)r;
        }
    printf("var div hash=%lu\n", h);
    long x = -1000001;
    printf("const div: %ld %ld %ld %ld %ld %ld\n", x / 2, x % 2, x / 8, x % 8, x / 10, x % 10);
    printf("const div2: %ld %ld %ld\n", x / 7, x / -3, x / 1000000007);
    unsigned long ux = 18446744073709551615UL;
    printf("udiv: %lu %lu %lu %lu\n", ux / 3, ux % 3, ux / 10, ux >> 3);
    unsigned uy = 4000000000u;
    printf("u32 div: %u %u %u\n", uy / 7, uy % 7, uy / 65536);
    return 0;
}
