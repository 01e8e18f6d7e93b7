// Every math builtin that LLVM may lower to a libm call (llvm-pass/src/libcalls.rs), for float, double and long double, plus fmod for frem; -fno-math-errno turns the calls into intrinsics.
// cflags: -fno-math-errno
// link: -lm
// opt: -O0 -O1 -O2 -O3 -Os -Oz
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>

static volatile double in[] = {-2.5, -0.75, 0.3, 1.5, 2.5, 7.25};
static volatile int exps[] = {-3, 0, 5};

#define SHOW(expr) printf("%-28s %.17g\n", #expr, (double)(expr))
#define SHOWL(expr) printf("%-28s %.15g\n", #expr, (double)(expr))

static void unary(double x) {
    float f = (float)x;
    long double l = x;
    SHOW(__builtin_floor(x)); SHOW(__builtin_floorf(f)); SHOWL(__builtin_floorl(l));
    SHOW(__builtin_ceil(x)); SHOW(__builtin_ceilf(f)); SHOWL(__builtin_ceill(l));
    SHOW(__builtin_trunc(x)); SHOW(__builtin_truncf(f)); SHOWL(__builtin_truncl(l));
    SHOW(__builtin_round(x)); SHOW(__builtin_roundf(f)); SHOWL(__builtin_roundl(l));
    SHOW(__builtin_rint(x)); SHOW(__builtin_rintf(f)); SHOWL(__builtin_rintl(l));
    SHOW(__builtin_nearbyint(x)); SHOW(__builtin_nearbyintf(f)); SHOWL(__builtin_nearbyintl(l));
    SHOW(__builtin_lrint(x)); SHOW(__builtin_lrintf(f)); SHOWL(__builtin_lrintl(l));
    SHOW(__builtin_llrint(x)); SHOW(__builtin_llrintf(f)); SHOWL(__builtin_llrintl(l));
    SHOW(__builtin_lround(x)); SHOW(__builtin_lroundf(f)); SHOWL(__builtin_lroundl(l));
    SHOW(__builtin_llround(x)); SHOW(__builtin_llroundf(f)); SHOWL(__builtin_llroundl(l));
    SHOW(__builtin_sin(x)); SHOW(__builtin_sinf(f)); SHOWL(__builtin_sinl(l));
    SHOW(__builtin_cos(x)); SHOW(__builtin_cosf(f)); SHOWL(__builtin_cosl(l));
    SHOW(__builtin_tan(x)); SHOW(__builtin_tanf(f));
    SHOW(__builtin_atan(x)); SHOW(__builtin_atanf(f));
    SHOW(__builtin_sinh(x)); SHOW(__builtin_sinhf(f));
    SHOW(__builtin_cosh(x)); SHOW(__builtin_coshf(f));
    SHOW(__builtin_tanh(x)); SHOW(__builtin_tanhf(f));
    SHOW(__builtin_exp(x)); SHOW(__builtin_expf(f)); SHOWL(__builtin_expl(l));
    SHOW(__builtin_exp2(x)); SHOW(__builtin_exp2f(f)); SHOWL(__builtin_exp2l(l));
    SHOW(exp10(x)); SHOW(exp10f(f));
    SHOW(__builtin_fabs(x)); SHOW(__builtin_copysign(1.0, x));
    if (x > 0) {
        SHOW(__builtin_sqrt(x)); SHOW(__builtin_sqrtf(f)); SHOWL(__builtin_sqrtl(l));
        SHOW(__builtin_log(x)); SHOW(__builtin_logf(f)); SHOWL(__builtin_logl(l));
        SHOW(__builtin_log2(x)); SHOW(__builtin_log2f(f)); SHOWL(__builtin_log2l(l));
        SHOW(__builtin_log10(x)); SHOW(__builtin_log10f(f)); SHOWL(__builtin_log10l(l));
    }
    if (x > -1 && x < 1) {
        SHOW(__builtin_asin(x)); SHOW(__builtin_asinf(f));
        SHOW(__builtin_acos(x)); SHOW(__builtin_acosf(f));
    }
}

static void binary(double x, double y) {
    float f = (float)x, g = (float)y;
    long double l = x, m = y;
    SHOW(__builtin_fmin(x, y)); SHOW(__builtin_fminf(f, g)); SHOWL(__builtin_fminl(l, m));
    SHOW(__builtin_fmax(x, y)); SHOW(__builtin_fmaxf(f, g)); SHOWL(__builtin_fmaxl(l, m));
    SHOW(__builtin_fma(x, y, 0.125)); SHOW(__builtin_fmaf(f, g, 0.125f)); SHOWL(__builtin_fmal(l, m, 0.125L));
    SHOW(__builtin_fmod(x, y)); SHOW(__builtin_fmodf(f, g)); SHOWL(__builtin_fmodl(l, m));
    if (x > 0) {
        SHOW(__builtin_pow(x, y)); SHOW(__builtin_powf(f, g)); SHOWL(__builtin_powl(l, m));
    }
}

int main(void) {
    int n = sizeof in / sizeof in[0];
    for (int i = 0; i < n; i++) {
        double x = in[i];
        printf("x = %g\n", x);
        unary(x);
        binary(x, in[(i + 1) % n]);
        for (int e = 0; e < 3; e++) {
            int k = exps[e];
            SHOW(__builtin_ldexp(x, k)); SHOW(__builtin_ldexpf((float)x, k)); SHOWL(__builtin_ldexpl(x, k));
            SHOW(__builtin_exp2((double)k)); SHOW(__builtin_powi(x, k)); SHOW(__builtin_powif((float)x, k));
        }
        int ex;
        double mant = __builtin_frexp(x, &ex);
        printf("frexp %.17g %d\n", mant, ex);
        float mantf = __builtin_frexpf((float)x, &ex);
        printf("frexpf %.9g %d\n", mantf, ex);
    }
    /* exp2 of an int becomes ldexp(1, n) (the original miscompile), next to a user call of ldexp. */
    volatile int k = 1;
    printf("%g %g\n", exp2((double)k), ldexp(3.0, k));
    return 0;
}
