/* Dense double-precision matrix multiply (i-k-j order, cache-friendly). */
#include <stdio.h>
#include <stdlib.h>

#define N 600
#define REPS 4

static double a[N][N], b[N][N], c[N][N];

int main(void) {
    unsigned seed = 12345;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            /* small integers: every product and sum is exact, so the result
             * does not depend on evaluation order or fused multiply-adds */
            seed = seed * 1103515245u + 12345u;
            a[i][j] = (double)((seed >> 16) % 17) - 8;
            seed = seed * 1103515245u + 12345u;
            b[i][j] = (double)((seed >> 16) % 13) - 6;
        }
    double trace = 0, sum = 0;
    for (int r = 0; r < REPS; r++) {
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++)
                c[i][j] = 0;
        for (int i = 0; i < N; i++)
            for (int k = 0; k < N; k++) {
                double aik = a[i][k];
                for (int j = 0; j < N; j++)
                    c[i][j] += aik * b[k][j];
            }
        for (int i = 0; i < N; i++) {
            trace += c[i][i];
            for (int j = 0; j < N; j++)
                sum += c[i][j] * (double)((i ^ j) & 7);
        }
        a[r][r] += 1; /* make each repetition different */
    }
    printf("trace=%.1f sum=%.1f\n", trace, sum);
    return 0;
}
