// libm results printed with %.17g (inputs read through volatile so the run-time libm is tested, not constant folding).
// link: -lm
#include <math.h>
#include <stdio.h>
#include <float.h>

static void p(const char *name, double v) { printf("%-12s %.17g\n", name, v); }

/* Every argument goes through a volatile load so no compiler folds libm calls at build time. */
static double V(double x) { volatile double v = x; return v; }
static float VF(float x) { volatile float v = x; return v; }

int main(void) {
    p("sin(1)", sin(V(1.0)));
    p("cos(1)", cos(V(1.0)));
    p("tan(0.5)", tan(V(0.5)));
    p("sin(1e6)", sin(V(1e6)));
    p("sin(1e22)", sin(V(1e22)));
    p("asin(.3)", asin(V(0.3)));
    p("acos(.3)", acos(V(0.3)));
    p("atan(2)", atan(V(2.0)));
    p("atan2", atan2(V(-1.0), V(-2.0)));
    p("exp(1)", exp(V(1.0)));
    p("exp(-20)", exp(V(-20.0)));
    p("expm1", expm1(V(1e-5)));
    p("exp2(.5)", exp2(V(0.5)));
    p("log(10)", log(V(10.0)));
    p("log10(2)", log10(V(2.0)));
    p("log2(10)", log2(V(10.0)));
    p("log1p", log1p(V(1e-7)));
    p("pow", pow(V(2.5), V(3.7)));
    p("pow(-2,3)", pow(V(-2.0), V(3.0)));
    p("pow(10,-5)", pow(V(10.0), V(-5.0)));
    p("sqrt(2)", sqrt(V(2.0)));
    p("cbrt(10)", cbrt(V(10.0)));
    p("hypot", hypot(V(3e200), V(4e200)));
    p("sinh(2)", sinh(V(2.0)));
    p("cosh(2)", cosh(V(2.0)));
    p("tanh(.7)", tanh(V(0.7)));
    p("asinh(2)", asinh(V(2.0)));
    p("acosh(2)", acosh(V(2.0)));
    p("atanh(.5)", atanh(V(0.5)));
    p("erf(.5)", erf(V(0.5)));
    p("erfc(2)", erfc(V(2.0)));
    p("tgamma(5.5)", tgamma(V(5.5)));
    p("lgamma(10)", lgamma(V(10.0)));
    p("fmod", fmod(V(10.0), V(3.3)));
    p("remainder", remainder(V(10.0), V(3.3)));
    p("floor", floor(V(-2.5)));
    p("ceil", ceil(V(-2.5)));
    p("round", round(V(-2.5)));
    p("trunc", trunc(V(-2.7)));
    p("rint", rint(V(2.5)));
    p("nearbyint", nearbyint(V(3.5)));
    printf("lround=%ld llrint=%lld\n", lround(V(2.5)), llrint(V(-3.5)));
    p("fma", fma(V(0.1), V(10.0), V(-1.0)));
    p("copysign", copysign(V(3.0), V(-0.0)));
    p("nextafter", nextafter(V(1.0), V(2.0)));
    p("fdim", fdim(V(5.0), V(7.0)));
    p("fmax", fmax(V(NAN), V(1.0)));
    int e;
    double m = frexp(V(1000.0), &e);
    printf("frexp %.17g %d\n", m, e);
    p("ldexp", ldexp(V(0.75), -1030));
    double ip;
    double fp = modf(V(-3.75), &ip);
    printf("modf %.17g %.17g\n", fp, ip);
    p("scalbn", scalbn(V(1.5), 100));
    printf("ilogb=%d logb=%.17g\n", ilogb(V(1e-300)), logb(V(1e300)));
    printf("classify: %d %d %d %d %d\n", fpclassify(V(0.0)) == FP_ZERO, fpclassify(V(DBL_MIN / 2)) == FP_SUBNORMAL,
           fpclassify(V(1.0)) == FP_NORMAL, fpclassify(V(INFINITY)) == FP_INFINITE, fpclassify(V(NAN)) == FP_NAN);
    printf("isnan=%d isinf=%d signbit=%d isfinite=%d\n", isnan(sqrt(V(-1.0))) != 0, isinf(V(-HUGE_VAL)) != 0,
           signbit(V(-0.0)) != 0, isfinite(V(DBL_MAX)) != 0);
    printf("inf/nan print: %f %f %F\n", V(INFINITY), V(-INFINITY), V(INFINITY));
    printf("DBL_MAX=%.17g DBL_MIN=%.17g DBL_EPSILON=%.17g\n", DBL_MAX, DBL_MIN, DBL_EPSILON);
    printf("denorm min=%.17g\n", nextafter(V(0.0), V(1.0)));
    float f = VF(1.0f) / VF(3.0f);
    printf("float: %.9g sinf=%.9g expf=%.9g sqrtf=%.9g powf=%.9g logf=%.9g\n", f, sinf(f), expf(f), sqrtf(f),
           powf(f, VF(2.5f)), logf(f));
    double acc = 0;
    for (int i = 1; i <= 1000; i++) acc += sin(i) * exp(-i / 500.0) + log(i) / sqrt(i) + atan(i * 0.01) * cos(i * 0.5);
    p("accum", acc);
    return 0;
}
