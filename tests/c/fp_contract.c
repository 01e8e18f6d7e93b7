// Floating-point expressions must round each operation (no FMA contraction), so a*b+c gives the same bits on every ISA.
#include <stdio.h>
#include <string.h>
#include <stdint.h>

static uint64_t bits(double d) { uint64_t u; memcpy(&u, &d, sizeof u); return u; }

static double mul_add(double a, double b, double c) { return a * b + c; }
static double mul_sub(double a, double b, double c) { return a * b - c; }
static float mul_add_f(float a, float b, float c) { return a * b + c; }

static double dot(const double *x, const double *y, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) s += x[i] * y[i];
    return s;
}

static double horner(double x) {
    return ((((0.1 * x + 0.2) * x + 0.3) * x + 0.4) * x + 0.5) * x + 0.6;
}

int main(void) {
    /* (1+2^-30)^2 - 1 differs between fused and unfused evaluation. */
    volatile double a = 1.0 + 0x1p-30;
    double r = mul_add(a, a, -1.0);
    printf("mul_add %.17g %016llx\n", r, (unsigned long long)bits(r));
    r = mul_sub(a, a, 1.0);
    printf("mul_sub %.17g %016llx\n", r, (unsigned long long)bits(r));
    volatile double t = 0.1;
    r = mul_add(t, 10.0, -1.0);
    printf("0.1*10-1 %.17g\n", r);
    volatile float fa = 1.0f + 0x1p-13f;
    float fr = mul_add_f(fa, fa, -1.0f);
    printf("float mul_add %.9g\n", fr);
    double x[64], y[64];
    for (int i = 0; i < 64; i++) {
        x[i] = 1.0 / (i + 1);
        y[i] = (i % 2 ? -1.0 : 1.0) * (1.0 + i * 1e-9) / 3.0;
    }
    r = dot(x, y, 64);
    printf("dot %.17g %016llx\n", r, (unsigned long long)bits(r));
    double h = 0;
    for (int i = 0; i < 100; i++) h += horner(i * 0.37 - 10);
    printf("horner sum %.17g %016llx\n", h, (unsigned long long)bits(h));
    /* Kahan summation relies on exact rounding of each step. */
    double sum = 0, c = 0;
    for (int i = 0; i < 100000; i++) {
        double yv = 0.1 - c;
        double tv = sum + yv;
        c = (tv - sum) - yv;
        sum = tv;
    }
    printf("kahan %.17g naive-diff=%d\n", sum, sum != 10000.0);
    return 0;
}
