// printf of double: 20,000 pseudo-random bit patterns (normals, subnormals, NaNs of either sign, infinities) in 17 formats, against the reference's digits. migcc formats a double with double arithmetic and a long double with binary128 (musl patch 0009): the digits, and a NaN's sign, must not change.
// opt: -O0 -O2
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const char *formats[] = {"%.17g", "%a", "%.3a", "%.0a", "%.3e", "%f", "%.0f", "%.20f", "%g",
                                "%.30e", "%#.0e", "%+.1f", "%e", "%.40g", "%.15g", "%-12.5g|", "%012.4f"};

int main(void) {
    uint64_t s = 88172645463325252ull;
    unsigned long hash = 5381;
    char buf[1600];
    for (int i = 0; i < 20000; i++) {
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        uint64_t bits = s;
        // A third near 1.0, so that %f prints digits rather than zeros or hundreds of them.
        if (i % 3 == 0) bits = (bits & 0x800fffffffffffffull) | ((uint64_t)(1023 + (int)(s >> 52) % 80 - 40) << 52);
        if (i % 7 == 0) bits &= 0xffffffff00000000ull;
        double d;
        memcpy(&d, &bits, sizeof d);
        for (unsigned k = 0; k < sizeof formats / sizeof *formats; k++) {
            int n = snprintf(buf, sizeof buf, formats[k], d);
            for (int j = 0; j < n; j++) hash = hash * 33 + (unsigned char)buf[j];
            if (i < 2 || (d != d && k < 2)) printf("%s\n", buf);
        }
    }
    double specials[] = {0.0, -0.0, 1e-320, 5e-324, 1.7976931348623157e308, 0.5, 1.5, 2.5, 0.125, 9.5, 0.05, 1e23, 1e22};
    for (unsigned i = 0; i < sizeof specials / sizeof *specials; i++) {
        for (unsigned k = 0; k < sizeof formats / sizeof *formats; k++) {
            snprintf(buf, sizeof buf, formats[k], specials[i]);
            printf("%s ", buf);
        }
        printf("%Lf %La\n", (long double)specials[i], (long double)specials[i]);
    }
    printf("hash %lu\n", hash);
    return 0;
}
