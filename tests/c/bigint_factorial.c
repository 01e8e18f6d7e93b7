// Arbitrary-precision arithmetic with base-10^9 limbs: 200!, 2^1000, Fibonacci(1000), and long division by small ints.
#include <stdio.h>
#include <stdint.h>
#include <string.h>

enum { LIMBS = 400, BASE = 1000000000 };
typedef struct { int n; uint32_t d[LIMBS]; } big;

static void set(big *a, uint32_t v) { memset(a, 0, sizeof *a); a->n = 1; a->d[0] = v; }
static void mul_small(big *a, uint32_t m) {
    uint64_t carry = 0;
    for (int i = 0; i < a->n; i++) {
        uint64_t t = (uint64_t)a->d[i] * m + carry;
        a->d[i] = (uint32_t)(t % BASE);
        carry = t / BASE;
    }
    while (carry) { a->d[a->n++] = (uint32_t)(carry % BASE); carry /= BASE; }
}
static void add(big *r, const big *a, const big *b) {
    uint32_t carry = 0;
    int n = a->n > b->n ? a->n : b->n;
    for (int i = 0; i < n; i++) {
        uint32_t t = (i < a->n ? a->d[i] : 0) + (i < b->n ? b->d[i] : 0) + carry;
        carry = t >= BASE;
        r->d[i] = carry ? t - BASE : t;
    }
    r->n = n;
    if (carry) r->d[r->n++] = 1;
}
static uint32_t div_small(big *a, uint32_t m) {
    uint64_t rem = 0;
    for (int i = a->n - 1; i >= 0; i--) {
        uint64_t cur = a->d[i] + rem * BASE;
        a->d[i] = (uint32_t)(cur / m);
        rem = cur % m;
    }
    while (a->n > 1 && a->d[a->n - 1] == 0) a->n--;
    return (uint32_t)rem;
}
static void print(const char *label, const big *a) {
    char buf[LIMBS * 9 + 1];
    int len = sprintf(buf, "%u", a->d[a->n - 1]);
    for (int i = a->n - 2; i >= 0; i--) len += sprintf(buf + len, "%09u", a->d[i]);
    int digsum = 0;
    for (int i = 0; i < len; i++) digsum += buf[i] - '0';
    printf("%s: %d digits, digit sum %d, head %.20s, tail %s\n", label, len, digsum, buf, buf + (len > 20 ? len - 20 : 0));
}

int main(void) {
    static big f, p, x, y, z;
    set(&f, 1);
    for (uint32_t i = 2; i <= 200; i++) mul_small(&f, i);
    print("200!", &f);
    uint32_t r7 = div_small(&f, 7);
    printf("200!/7 remainder %u\n", r7);
    set(&p, 1);
    for (int i = 0; i < 1000; i++) mul_small(&p, 2);
    print("2^1000", &p);
    printf("2^1000 mod 1000000007 = %u\n", div_small(&p, 1000000007u));
    set(&x, 0);
    set(&y, 1);
    for (int i = 0; i < 1000; i++) { add(&z, &x, &y); x = y; y = z; }
    print("fib(1000)", &x);
    return 0;
}
