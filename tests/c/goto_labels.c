// goto: error-cleanup chains, loops built from goto, jumping out of nested loops, backward jumps over declarations.
#include <stdio.h>
#include <stdlib.h>

static int setup(int fail_at, char *log) {
    int step = 0;
    char *a = NULL, *b = NULL, *c = NULL;
    a = malloc(10);
    if (fail_at == 1) goto fail_a;
    step++;
    b = malloc(20);
    if (fail_at == 2) goto fail_b;
    step++;
    c = malloc(30);
    if (fail_at == 3) goto fail_c;
    step++;
    free(c);
    free(b);
    free(a);
    sprintf(log, "ok after %d steps", step);
    return 0;
fail_c:
    free(c);
fail_b:
    free(b);
fail_a:
    free(a);
    sprintf(log, "failed at %d after %d steps", fail_at, step);
    return -fail_at;
}

static int find(int m[4][5], int target, int *ri, int *ci) {
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 5; j++)
            if (m[i][j] == target) {
                *ri = i;
                *ci = j;
                goto found;
            }
    return 0;
found:
    return 1;
}

static long gcd_goto(long a, long b) {
top:
    if (b == 0) return a;
    {
        long t = a % b;
        a = b;
        b = t;
    }
    goto top;
}

int main(void) {
    char log[64];
    for (int f = 0; f <= 3; f++) {
        int r = setup(f, log);
        printf("setup(%d) = %d: %s\n", f, r, log);
    }
    int m[4][5];
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 5; j++) m[i][j] = i * 5 + j * j;
    int ri = -1, ci = -1;
    printf("find 18: %d", find(m, 18, &ri, &ci));
    printf(" at %d,%d\n", ri, ci);
    printf("find 99: %d\n", find(m, 99, &ri, &ci));
    printf("gcd %ld %ld\n", gcd_goto(1071, 462), gcd_goto(1L << 40, 6L << 20));
    int i = 0, sum = 0;
loop:
    sum += i;
    if (++i < 100) goto loop;
    printf("goto loop sum=%d\n", sum);
    /* state machine with gotos */
    const char *in = "aaabbbcccabc";
    int runs = 0;
    const char *p = in;
start:
    if (!*p) goto done;
    runs++;
    {
        char ch = *p;
    same:
        p++;
        if (*p == ch) goto same;
    }
    goto start;
done:
    printf("runs=%d\n", runs);
    return runs;
}
