// Large structs (>16 bytes, arrays inside) passed and returned by value, including through nested calls.
// opt: -O0 -O1 -O2 -O3 -Os
#include <stdio.h>
#include <string.h>

struct big { long v[8]; char tag[24]; };
struct huge { int m[64]; double d; };

static struct big make_big(long seed, const char *tag) {
    struct big b;
    for (int i = 0; i < 8; i++) b.v[i] = seed * (i + 1) - i;
    memset(b.tag, 0, sizeof b.tag);
    strncpy(b.tag, tag, sizeof b.tag - 1);
    return b;
}

static long big_sum(struct big b) {
    long s = 0;
    for (int i = 0; i < 8; i++) s += b.v[i];
    return s + (long)strlen(b.tag);
}

/* Callee modifies its copy; caller's value must stay intact. */
static long mutate(struct big b) {
    for (int i = 0; i < 8; i++) b.v[i] = -1;
    strcpy(b.tag, "mutated");
    return big_sum(b);
}

static struct big combine(struct big x, int k, struct big y) {
    struct big r;
    for (int i = 0; i < 8; i++) r.v[i] = x.v[i] * k + y.v[7 - i];
    snprintf(r.tag, sizeof r.tag, "%s+%s", x.tag, y.tag);
    return r;
}

static struct huge make_huge(int base) {
    struct huge h;
    for (int i = 0; i < 64; i++) h.m[i] = base ^ (i * 37);
    h.d = base / 4.0;
    return h;
}

static struct huge transform(struct huge h, int add) {
    for (int i = 0; i < 64; i++) h.m[i] += add;
    h.d *= 2;
    return h;
}

static int huge_check(struct huge h) {
    int c = 0;
    for (int i = 0; i < 64; i++) c = c * 31 + h.m[i];
    return c;
}

/* Stack args after registers run out. */
static long many(int a, int b, int c, int d, int e, int f, int g, int h, struct big x, int i, struct big y) {
    return a + b + c + d + e + f + g + h + i + big_sum(x) - big_sum(y);
}

int main(void) {
    struct big a = make_big(3, "alpha");
    struct big b = make_big(-11, "beta");
    printf("sum a=%ld b=%ld\n", big_sum(a), big_sum(b));
    printf("mutate=%ld a still=%ld tag=%s\n", mutate(a), big_sum(a), a.tag);
    struct big c = combine(a, 5, b);
    for (int i = 0; i < 8; i++) printf("%ld ", c.v[i]);
    printf("%s\n", c.tag);
    c = combine(c, -1, c); /* aliasing source and destination */
    for (int i = 0; i < 8; i++) printf("%ld ", c.v[i]);
    printf("%s\n", c.tag);
    struct huge h = transform(transform(make_huge(77), 5), -2);
    printf("huge %d %.2f\n", huge_check(h), h.d);
    printf("many %ld\n", many(1, 2, 3, 4, 5, 6, 7, 8, a, 9, b));
    struct big arr[3] = {make_big(1, "x"), make_big(2, "y"), make_big(3, "z")};
    long t = 0;
    for (int i = 0; i < 3; i++) t += big_sum(arr[i]);
    printf("arr %ld\n", t);
    return 0;
}
