// Small structs (1..16 bytes, odd sizes, char/short/int/long mixes) passed and returned by value.
// opt: -O0 -O1 -O2 -O3 -Os
#include <stdio.h>
#include <string.h>

struct s1 { char a; };
struct s2 { short a; };
struct s3 { char a, b, c; };
struct s4 { int a; };
struct s5 { char a[5]; };
struct s6 { short a; int b; };
struct s8 { long a; };
struct s12 { int a, b, c; };
struct s16 { long a; long b; };
struct s16m { char c; long l; };
struct sptr { const char *name; int len; };

static struct s1 mk1(char a) { struct s1 r = {a}; return r; }
static struct s2 mk2(short a) { struct s2 r = {a}; return r; }
static struct s3 mk3(char a, char b, char c) { struct s3 r = {a, b, c}; return r; }
static struct s4 mk4(int a) { struct s4 r = {a}; return r; }
static struct s5 mk5(const char *p) { struct s5 r; memcpy(r.a, p, 5); return r; }
static struct s6 mk6(short a, int b) { struct s6 r = {a, b}; return r; }
static struct s8 mk8(long a) { struct s8 r = {a}; return r; }
static struct s12 mk12(int a, int b, int c) { struct s12 r = {a, b, c}; return r; }
static struct s16 mk16(long a, long b) { struct s16 r = {a, b}; return r; }
static struct s16m mk16m(char c, long l) { struct s16m r = {c, l}; return r; }

/* Many by-value args to force some onto the stack. */
static long sum_all(struct s1 a, struct s2 b, struct s3 c, struct s4 d, struct s5 e,
                    struct s6 f, struct s8 g, struct s12 h, struct s16 i, struct s16m j,
                    struct s16 k, struct s12 l, struct s3 m) {
    long t = a.a + b.a + c.a + c.b + c.c + d.a;
    for (int x = 0; x < 5; x++) t += e.a[x];
    t += f.a + f.b + g.a + h.a + h.b + h.c + i.a + i.b + j.c + j.l + k.a * 3 + k.b * 5;
    t += l.a * 7 + l.b * 11 + l.c * 13 + m.a * 17 + m.b * 19 + m.c * 23;
    return t;
}

static struct s12 swap12(struct s12 v) { struct s12 r = {v.c, v.b, v.a}; return r; }
static struct s16 add16(struct s16 x, struct s16 y) { struct s16 r = {x.a + y.a, x.b + y.b}; return r; }
static struct sptr mkptr(const char *n) { struct sptr r = {n, (int)strlen(n)}; return r; }

int main(void) {
    struct s1 a = mk1(-7);
    struct s2 b = mk2(-30000);
    struct s3 c = mk3(1, -2, 3);
    struct s4 d = mk4(123456789);
    struct s5 e = mk5("hello");
    struct s6 f = mk6(-5, 70000);
    struct s8 g = mk8(-1234567890123L);
    struct s12 h = mk12(10, 20, 30);
    struct s16 i = mk16(1L << 40, -(1L << 41));
    struct s16m j = mk16m('z', 99);
    printf("s1 %d\n", a.a);
    printf("s2 %d\n", b.a);
    printf("s3 %d %d %d\n", c.a, c.b, c.c);
    printf("s4 %d\n", d.a);
    printf("s5 %.5s\n", e.a);
    printf("s6 %d %d\n", f.a, f.b);
    printf("s8 %ld\n", g.a);
    printf("s12 %d %d %d\n", h.a, h.b, h.c);
    printf("s16 %ld %ld\n", i.a, i.b);
    printf("s16m %c %ld\n", j.c, j.l);
    printf("sum %ld\n", sum_all(a, b, c, d, e, f, g, h, i, j, mk16(3, 4), swap12(h), mk3(4, 5, 6)));
    struct s12 w = swap12(swap12(swap12(h)));
    printf("swap %d %d %d\n", w.a, w.b, w.c);
    struct s16 acc = {0, 0};
    for (int k = 0; k < 100; k++) acc = add16(acc, mk16(k, -k * 2));
    printf("acc %ld %ld\n", acc.a, acc.b);
    struct sptr p = mkptr("by-value pointer struct");
    printf("ptr %s %d\n", p.name, p.len);
    /* struct assignment and comparison by members */
    struct s5 e2 = e;
    e2.a[0] = 'j';
    printf("copy %.5s %.5s\n", e.a, e2.a);
    return (int)(acc.a % 256);
}
