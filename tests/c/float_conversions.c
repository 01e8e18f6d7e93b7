// float/double/integer conversions: truncation toward zero, rounding of large ints, float precision, -0.0, subnormals, NaN compare.
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static volatile double vd[] = {0.5, -0.5, 1.9999, -1.9999, 2147483647.0, -2147483648.0, 1e15 + 0.5, 123456.789};

int main(void) {
    for (size_t i = 0; i < sizeof vd / sizeof vd[0]; i++)
        printf("%.4f -> int %lld, u32 %u\n", vd[i], (long long)vd[i], vd[i] >= 0 && vd[i] < 4294967296.0 ? (unsigned)vd[i] : 0u);
    int64_t big = (1LL << 53) + 1;
    printf("2^53+1 -> double %.1f -> back %lld\n", (double)big, (long long)(double)big);
    printf("2^24+1 -> float %.1f\n", (double)(float)16777217);
    uint64_t u = UINT64_MAX;
    printf("u64max -> float %.1f double %.1f\n", (double)(float)u, (double)u);
    float f = 0.1f;
    double d = f;
    printf("0.1f as double %.17g\n", d);
    printf("float sum: %.9g\n", 0.1f + 0.2f);
    printf("double sum: %.17g\n", 0.1 + 0.2);
    volatile float tiny = FLT_MIN;
    printf("FLT_MIN/2 = %.9g subnormal=%d\n", tiny / 2, fpclassify(tiny / 2) == FP_SUBNORMAL);
    volatile double nz = -0.0;
    printf("-0.0: %g eq0=%d signbit=%d 1/-0=%g\n", nz, nz == 0.0, signbit(nz) != 0, 1.0 / nz);
    volatile double nan = NAN;
    printf("nan: eq=%d ne=%d lt=%d gt=%d\n", nan == nan, nan != nan, nan < 1, nan > 1);
    double x = 1.0;
    int steps = 0;
    while (1.0 + x / 2 != 1.0) { x /= 2; steps++; }
    printf("epsilon steps=%d x=%.17g\n", steps, x);
    volatile float fx = 1.0f;
    int fsteps = 0;
    while ((float)(1.0f + fx / 2) != 1.0f) { fx /= 2; fsteps++; }
    printf("float epsilon steps=%d\n", fsteps);
    float ff = 3.4e38f;
    printf("float overflow: %g\n", (double)(ff * 10.0f));
    printf("int->float->int: %d %d\n", (int)(float)123456789, (int)(double)123456789);
    short s = (short)40000.0f;
    (void)s;
    printf("char from double %d, bool from 0.1 %d, bool from nan %d\n", (char)65.9, (_Bool)0.1, (_Bool)nan);
    uint32_t bits;
    float one = 1.0f;
    memcpy(&bits, &one, 4);
    printf("1.0f bits=%08x\n", bits);
    long double ld = 0.1;
    printf("double->long double->double exact: %d\n", (double)ld == 0.1);
    return 0;
}
