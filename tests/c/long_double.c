// long double arithmetic printed only where 80-bit and binary128 agree: exact values, >53-bit integers, and rounding to double.
// opt: -O0 -O1 -O2 -O3 -Os
// link: -lm
#include <stdio.h>
#include <math.h>
#include <float.h>

static long double ld_pow2(int n) {
    long double r = 1;
    while (n-- > 0) r *= 2;
    return r;
}

static long double ld_poly(long double x) { return ((x * 3 - 2) * x + 0.5L) * x - 7; }

static long double harmonic(int n) {
    long double s = 0;
    for (int i = 1; i <= n; i++) s += 1.0L / i;
    return s;
}

int main(void) {
    long double two60 = ld_pow2(60);
    long double x = two60 + 1;
    printf("exact >53 bits: %llu\n", (unsigned long long)x);
    printf("diff ld=%d dbl=%d\n", (int)(x - two60), (int)((double)two60 + 1 - (double)two60));
    printf("more precise than double: %d\n", LDBL_MANT_DIG > DBL_MANT_DIG);
    unsigned long long big = 0xfffffffffffffff1ULL;
    long double lb = big;
    printf("u64 roundtrip: %d\n", (unsigned long long)lb == big);
    printf("poly: %.4Lf %.4Lf %.4Lf\n", ld_poly(0.5L), ld_poly(-2), ld_poly(1024));
    printf("div: %Lg %Lg %Lg\n", 1.0L / 4, 3.0L / 8, -10.0L / 16);
    printf("Lf: %.3Lf %.0Lf %10.2Lf|\n", 1234.125L, 2.5L, -0.75L);
    printf("Le: %.3Le %Le\n", 1048576.0L, 0.5L);
    printf("harmonic(1000)~ %.9f\n", (double)harmonic(1000));
    printf("sqrtl(2) ~ %.12f\n", (double)sqrtl(2.0L));
    printf("sqrtl(144) = %Lg\n", sqrtl(144.0L));
    printf("fabsl floorl ceill: %Lg %Lg %Lg\n", fabsl(-3.5L), floorl(-3.5L), ceill(-3.5L));
    printf("fmodl: %Lg\n", fmodl(10.5L, 3.0L));
    long double a = 0.1L, b = 0.1;
    printf("0.1L != 0.1: %d\n", a != b);
    printf("cmp: %d %d %d\n", 1.0L < 2.0L, ld_pow2(100) > ld_pow2(99), -0.0L == 0.0L);
    long double ten = 10;
    long long back = (long long)(ten * ten * ten * ten * ten * ten * ten * ten * ten * ten * ten * ten * ten * ten * ten * ten * ten * ten);
    printf("1e18 = %lld\n", back);
    double d = (double)(1.0L / 3);
    printf("(double)(1/3L) = %.17g\n", d);
    long double arr[4] = {4.5L, -1.25L, 1e4L, 0.0625L};
    long double s = 0;
    for (int i = 0; i < 4; i++) s += arr[i] * (i + 1);
    printf("sum %Lg\n", s);
    printf("inf/nan: %Lg %d\n", ld_pow2(20000), isnan((double)(ld_pow2(20000) - ld_pow2(20000))));
    return 0;
}
