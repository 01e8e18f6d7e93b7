// libm functions with loops inside (tgamma's rational approximation, remquo, sin's large-argument reduction), called again and again: the migration points fall inside them. They must unwind their callers (whose calls the optimiser knows as pure), and code that LLVM may call behind the IR's back (sin for llvm.sin) must never unwind at all.
// args: 400000
// link: -lm
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 1000;
    volatile double base = 5.5;
    double sum = 0;
    for (int i = 0; i < rounds; i++) {
        double x = base + (i % 97) * 0.01;
        sum += tgamma(x) * 1e-3;
        sum += remainder(x * 1e3, 0.7);
        sum += sin(1e22 + i);
        if (i % 100000 == 0)
            printf("round %d sum %.17g\n", i, sum);
    }
    printf("total %.17g\n", sum);
    return 0;
}
