// Float-containing structs by value: HFA-like {float,float}, {double x4}, mixed int/float layouts.
#include <stdio.h>

struct f2 { float x, y; };
struct f3 { float x, y, z; };
struct d2 { double x, y; };
struct d4 { double a, b, c, d; };
struct fi { float f; int i; };
struct id { int i; double d; };
struct df { double d; float f; };
struct fif { float a; int b; float c; };
struct ld1 { long double v; };

static struct f2 f2_add(struct f2 a, struct f2 b) { return (struct f2){a.x + b.x, a.y + b.y}; }
static struct f3 f3_scale(struct f3 v, float k) { return (struct f3){v.x * k, v.y * k, v.z * k}; }
static struct d2 d2_rot(struct d2 v) { return (struct d2){-v.y, v.x}; }
static struct d4 d4_mix(struct d4 a, struct d2 b, double k) {
    return (struct d4){a.a + b.x, a.b + b.y, a.c * k, a.d - k};
}
static struct fi fi_mk(float f, int i) { return (struct fi){f * 2, i + 1}; }
static struct id id_mk(int i, double d) { return (struct id){i * 3, d / 2}; }
static struct df df_mk(double d, float f) { return (struct df){d + f, f - 1}; }
static struct fif fif_pass(struct fif v) { return (struct fif){v.c, v.b * 2, v.a}; }
static struct ld1 ld_half(struct ld1 v) { return (struct ld1){v.v / 2}; }

/* Exhaust FP argument registers so some structs go to the stack. */
static double lots(struct d2 a, struct d2 b, struct d2 c, struct d2 d, struct d2 e, struct f2 f, struct d4 g, double h, float i) {
    return a.x + a.y + b.x + b.y + c.x + c.y + d.x + d.y + e.x + e.y + f.x + f.y + g.a + g.b + g.c + g.d + h + i;
}

int main(void) {
    struct f2 p = f2_add((struct f2){1.5f, 2.25f}, (struct f2){-0.5f, 4.0f});
    printf("f2 %g %g\n", p.x, p.y);
    struct f3 q = f3_scale((struct f3){1, 2, 3}, 0.5f);
    printf("f3 %g %g %g\n", q.x, q.y, q.z);
    struct d2 r = d2_rot(d2_rot((struct d2){3.0, 4.0}));
    printf("d2 %g %g\n", r.x, r.y);
    struct d4 s = d4_mix((struct d4){1, 2, 3, 4}, (struct d2){0.25, 0.5}, 8);
    printf("d4 %g %g %g %g\n", s.a, s.b, s.c, s.d);
    struct fi t = fi_mk(1.25f, 41);
    printf("fi %g %d\n", t.f, t.i);
    struct id u = id_mk(7, 9.0);
    printf("id %d %g\n", u.i, u.d);
    struct df v = df_mk(100.0, 0.5f);
    printf("df %g %g\n", v.d, v.f);
    struct fif w = fif_pass(fif_pass((struct fif){1.5f, 3, -2.5f}));
    printf("fif %g %d %g\n", w.a, w.b, w.c);
    struct ld1 l = ld_half(ld_half((struct ld1){10.0L}));
    printf("ld %g\n", (double)l.v);
    double total = lots((struct d2){1, 2}, (struct d2){3, 4}, (struct d2){5, 6}, (struct d2){7, 8},
                        (struct d2){9, 10}, (struct f2){11, 12}, (struct d4){13, 14, 15, 16}, 17, 18);
    printf("lots %g\n", total);
    struct d2 acc = {0, 0};
    for (int i = 0; i < 10; i++) {
        acc = d2_rot(acc);
        acc.x += i;
    }
    printf("acc %g %g\n", acc.x, acc.y);
    return (int)total % 100;
}
