// Recursion: Ackermann, memoised Fibonacci, mutual recursion, Towers of Hanoi, recursive descent expression parser.
#include <stdio.h>
#include <ctype.h>

static unsigned long ack(unsigned long m, unsigned long n) {
    if (m == 0) return n + 1;
    if (n == 0) return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}

static long fib_naive(int n) { return n < 2 ? n : fib_naive(n - 1) + fib_naive(n - 2); }
static long memo[100];
static long fib_memo(int n) {
    if (n < 2) return n;
    if (memo[n]) return memo[n];
    return memo[n] = fib_memo(n - 1) + fib_memo(n - 2);
}

static int is_odd(unsigned n);
static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }

/* Hofstadter Female/Male sequences: mutual recursion with non-tail calls. */
static int M(int n);
static int F(int n) { return n == 0 ? 1 : n - M(F(n - 1)); }
static int M(int n) { return n == 0 ? 0 : n - F(M(n - 1)); }

static long moves;
static void hanoi(int n, int from, int to, int via, unsigned long *sig) {
    if (n == 0) return;
    hanoi(n - 1, from, via, to, sig);
    moves++;
    *sig = *sig * 7 + (unsigned long)(from * 3 + to);
    hanoi(n - 1, via, to, from, sig);
}

/* expr := term (('+'|'-') term)* ; term := factor (('*'|'/') factor)* ; factor := num | '(' expr ')' | '-' factor */
static const char *pos;
static long expr(void);
static void skip(void) { while (*pos == ' ') pos++; }
static long factor(void) {
    skip();
    if (*pos == '(') { pos++; long v = expr(); skip(); pos++; return v; }
    if (*pos == '-') { pos++; return -factor(); }
    long v = 0;
    while (isdigit((unsigned char)*pos)) v = v * 10 + (*pos++ - '0');
    return v;
}
static long term(void) {
    long v = factor();
    for (;;) {
        skip();
        if (*pos == '*') { pos++; v *= factor(); }
        else if (*pos == '/') { pos++; long d = factor(); v = d ? v / d : 0; }
        else return v;
    }
}
static long expr(void) {
    long v = term();
    for (;;) {
        skip();
        if (*pos == '+') { pos++; v += term(); }
        else if (*pos == '-') { pos++; v -= term(); }
        else return v;
    }
}
static long eval(const char *s) { pos = s; return expr(); }

static void permute(char *s, int k, int n, int *count) {
    if (k == n) { if (*count < 5 || *count == 23) printf("perm %s\n", s); (*count)++; return; }
    for (int i = k; i < n; i++) {
        char t = s[k]; s[k] = s[i]; s[i] = t;
        permute(s, k + 1, n, count);
        t = s[k]; s[k] = s[i]; s[i] = t;
    }
}

int main(void) {
    printf("ack(2,3)=%lu ack(3,5)=%lu\n", ack(2, 3), ack(3, 5));
    printf("fib(27)=%ld fib_memo(90)=%ld\n", fib_naive(27), fib_memo(90));
    printf("even(10001)=%d odd(777)=%d\n", is_even(10001), is_odd(777));
    printf("F:");
    for (int i = 0; i < 15; i++) printf(" %d", F(i));
    printf("\nM:");
    for (int i = 0; i < 15; i++) printf(" %d", M(i));
    printf("\n");
    unsigned long sig = 0;
    hanoi(16, 1, 3, 2, &sig);
    printf("hanoi moves=%ld sig=%lu\n", moves, sig);
    const char *es[] = {"1+2*3", "(1+2)*3", "-(4-10)*(2+3)/3", "((((7))))", "100/7/2-3*-2"};
    for (int i = 0; i < 5; i++) printf("eval %s = %ld\n", es[i], eval(es[i]));
    char s[] = "abcd";
    int count = 0;
    permute(s, 0, 4, &count);
    printf("perms=%d\n", count);
    return (int)(ack(2, 3) + 33);
}
