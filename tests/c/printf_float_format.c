// printf floating-point formatting: rounding at every precision, %g trailing zeros, huge/tiny magnitudes, %a, exact long expansions.
// opt: -O0 -O1 -O2 -O3 -Os
#include <stdio.h>
#include <float.h>

int main(void) {
    double vals[] = {0.0, -0.0, 1.0, 0.1, 0.5, 1.5, 2.5, 1e-5, 123456789.0, 1e21, 1e22, 5e-324, DBL_MAX, 0.125, 9.999999, 1.0 / 3};
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        double v = vals[i];
        printf("%g | %e | %.3f | %.0e | %#g | %.10g | %a\n", v, v, v, v, v, v, v);
    }
    for (int p = 0; p <= 20; p += 4) printf("%.*f ", p, 2.0 / 3.0);
    printf("\n");
    printf("%.60f\n", 0.1);
    printf("%.0f\n", 1e300);
    printf("%.20e\n", 5e-324);
    printf("%f %f\n", 2.5e-7, -1234567.0000001);
    printf("%10.4g|%-10.4g|%+010.2f|% .3e\n", 3.14159265, 3.14159265, -2.5, 12345.678);
    printf("%g %g %g %g\n", 100000.0, 1000000.0, 0.0001, 0.00001);
    printf("%.1f %.1f %.1f %.1f\n", 0.05, 0.15, 0.25, 0.35);
    printf("%.2f %.2f %.2f\n", 1.005, 1.015, 1.025);
    float f = 16777216.0f;
    printf("%f %.3f %g\n", f, 0.1f, 1e-10f);
    printf("%.3a %.0a %La\n", 1.0 / 3, 1.5, 1.0L);
    printf("%Lf %.2Le %Lg\n", 0.5L, 1024.0L, 3.0L);
    return 0;
}
