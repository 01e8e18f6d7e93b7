// VLAs (1-D, 2-D, as parameters, sizeof at run time, in loops) and alloca buffers, including alloca in a loop.
// opt: -O0 -O1 -O2 -O3 -Os
#include <stdio.h>
#include <string.h>
#include <alloca.h>

static long trace(int n, int m[n][n]) {
    long t = 0;
    for (int i = 0; i < n; i++) t += m[i][i];
    return t;
}

static void matmul(int n, int k, int p, const double a[n][k], const double b[k][p], double c[n][p]) {
    for (int i = 0; i < n; i++)
        for (int j = 0; j < p; j++) {
            double s = 0;
            for (int x = 0; x < k; x++) s += a[i][x] * b[x][j];
            c[i][j] = s;
        }
}

static size_t vla_size(int n) {
    char buf[n * 3 + 1];
    return sizeof buf;
}

static int sum_alloca(int n) {
    int *p = alloca((size_t)n * sizeof *p);
    for (int i = 0; i < n; i++) p[i] = i * i;
    int s = 0;
    for (int i = 0; i < n; i++) s += p[i];
    return s;
}

static char *rev_copy(const char *s, char *out) {
    size_t n = strlen(s);
    char *tmp = alloca(n + 1);
    for (size_t i = 0; i < n; i++) tmp[i] = s[n - 1 - i];
    tmp[n] = 0;
    strcpy(out, tmp);
    return out;
}

int main(void) {
    for (int n = 1; n <= 5; n++) {
        int m[n][n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) m[i][j] = i * 10 + j;
        printf("n=%d trace=%ld sizeof=%zu rowsize=%zu\n", n, trace(n, m), sizeof m, sizeof m[0]);
    }
    int n = 3, k = 4, p = 2;
    double a[n][k], b[k][p], c[n][p];
    for (int i = 0; i < n; i++)
        for (int j = 0; j < k; j++) a[i][j] = i + j * 0.5;
    for (int i = 0; i < k; i++)
        for (int j = 0; j < p; j++) b[i][j] = (i - j) * 1.5;
    matmul(n, k, p, a, b, c);
    for (int i = 0; i < n; i++) printf("c[%d] = %.2f %.2f\n", i, c[i][0], c[i][1]);
    printf("vla_size %zu %zu\n", vla_size(1), vla_size(100));
    printf("sum_alloca %d %d\n", sum_alloca(10), sum_alloca(1000));
    char out[32];
    printf("rev %s\n", rev_copy("alloca-string", out));
    /* VLA in a loop: each iteration gets a fresh array; many iterations must not grow the stack unboundedly */
    long total = 0;
    for (int it = 0; it < 100000; it++) {
        int len = 1 + it % 64;
        unsigned char v[len];
        memset(v, (unsigned char)it, sizeof v);
        total += v[len - 1] + (long)sizeof v;
    }
    printf("loop total %ld\n", total);
    /* pointer to VLA type */
    int rows = 4, cols = 6;
    int (*grid)[cols] = alloca(sizeof(int[rows][cols]));
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++) grid[i][j] = i * j;
    printf("grid[3][5]=%d stride=%zu\n", grid[3][5], sizeof *grid);
    return (int)(trace(2, (int[2][2]){{1, 2}, {3, 4}}));
}
