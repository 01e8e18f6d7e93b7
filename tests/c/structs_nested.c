// Nested structs and arrays of structs: copies, by-value passing of nested aggregates, member access chains.
#include <stdio.h>
#include <string.h>

struct point { int x, y; };
struct rect { struct point tl, br; };
struct shape { char name[12]; struct rect box; struct point pts[3]; double weight; };
struct wrap { struct shape s; struct { short a; char b; } anon; union { int i; float f; } u; };

static int area(struct rect r) { return (r.br.x - r.tl.x) * (r.br.y - r.tl.y); }

static struct rect grow(struct rect r, int d) {
    r.tl.x -= d; r.tl.y -= d; r.br.x += d; r.br.y += d;
    return r;
}

static struct shape mkshape(const char *n, struct rect r, double w) {
    struct shape s;
    memset(&s, 0, sizeof s);
    strncpy(s.name, n, sizeof s.name - 1);
    s.box = r;
    for (int i = 0; i < 3; i++) s.pts[i] = (struct point){r.tl.x + i, r.br.y - i};
    s.weight = w;
    return s;
}

static struct wrap rewrap(struct wrap w, int k) {
    w.s.box = grow(w.s.box, k);
    w.s.pts[k % 3].x = 1000 + k;
    w.anon.a = (short)(w.anon.a * 2);
    w.anon.b++;
    w.u.i += k;
    return w;
}

static void show(const struct wrap *w) {
    printf("%s box=(%d,%d)-(%d,%d) area=%d pts=", w->s.name, w->s.box.tl.x, w->s.box.tl.y,
           w->s.box.br.x, w->s.box.br.y, area(w->s.box));
    for (int i = 0; i < 3; i++) printf("(%d,%d)", w->s.pts[i].x, w->s.pts[i].y);
    printf(" w=%.3f a=%d b=%d u=%d\n", w->s.weight, w->anon.a, w->anon.b, w->u.i);
}

int main(void) {
    struct wrap w = {mkshape("square", (struct rect){{0, 0}, {4, 4}}, 2.5), {3, 'a'}, {.i = 10}};
    show(&w);
    struct wrap w2 = rewrap(w, 2);
    show(&w);
    show(&w2);
    struct wrap arr[4];
    for (int i = 0; i < 4; i++) arr[i] = rewrap(w2, i);
    for (int i = 0; i < 4; i++) show(&arr[i]);
    /* nested struct compare via memcmp after full init with memset */
    struct rect a, b;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    a = grow((struct rect){{1, 1}, {2, 2}}, 3);
    b.tl = a.tl; b.br = a.br;
    printf("equal=%d\n", memcmp(&a, &b, sizeof a) == 0);
    return area(arr[3].s.box) & 0x7f;
}
