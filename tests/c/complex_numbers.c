// C99 _Complex double/float: arithmetic (mul/div helpers), conj, cabs, carg, cexp, csqrt, complex structs by value.
// opt: -O0 -O1 -O2 -O3 -Os
// link: -lm
#include <complex.h>
#include <stdio.h>
#include <math.h>

static double complex mandel_step(double complex z, double complex c) { return z * z + c; }

static int mandel(double complex c) {
    double complex z = 0;
    for (int i = 0; i < 100; i++) {
        z = mandel_step(z, c);
        if (creal(z) * creal(z) + cimag(z) * cimag(z) > 4) return i;
    }
    return 100;
}

static void pr(const char *n, double complex z) { printf("%-6s %.12g %+.12gi\n", n, creal(z), cimag(z)); }

static double complex V(double re, double im) {
    volatile double r = re, i = im;
    double complex z;
    ((double *)&z)[0] = r; /* a complex is laid out as double[2] */
    ((double *)&z)[1] = i;
    return z;
}

int main(void) {
    double complex a = V(1.5, -2.0), b = V(-0.5, 4.0);
    pr("a+b", a + b);
    pr("a-b", a - b);
    pr("a*b", a * b);
    pr("a/b", a / b);
    pr("conj", conj(a));
    printf("cabs=%.12g carg=%.12g\n", cabs(a), carg(b));
    pr("cexp", cexp(V(0, M_PI)));
    pr("csqrt", csqrt(V(-4, 0)));
    pr("cpow", cpow(V(0, 1), V(2, 0)));
    pr("clog", clog(V(1, 1)));
    float complex fz = (float complex)V(3, 4);
    fz = fz * fz;
    printf("float %.6g %+.6gi cabsf=%.6g\n", crealf(fz), cimagf(fz), cabsf(fz));
    double complex inf_mul = V(INFINITY, 0) * V(0, 1);
    printf("inf*i is infinite: %d\n", isinf(creal(inf_mul)) || isinf(cimag(inf_mul)));
    int rows[5];
    for (int y = 0; y < 5; y++) {
        int s = 0;
        for (int x = 0; x < 40; x++) s += mandel(V(-2.0 + x * 0.065, -1.0 + y * 0.5));
        rows[y] = s;
    }
    printf("mandel rows: %d %d %d %d %d\n", rows[0], rows[1], rows[2], rows[3], rows[4]);
    double complex roots[6];
    for (int k = 0; k < 6; k++) roots[k] = cexp(I * (2 * M_PI * k / 6));
    double complex prod = 1;
    for (int k = 1; k < 6; k++) prod *= (1 - roots[k]);
    printf("prod of (1-w^k) = %.9f %+.9fi\n", creal(prod), fabs(cimag(prod)) < 1e-9 ? 0.0 : cimag(prod));
    printf("sizeof double complex=%zu float complex=%zu\n", sizeof(double complex), sizeof(float complex));
    return 0;
}
