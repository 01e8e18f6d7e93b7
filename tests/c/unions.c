// Unions: type punning (little-endian byte views), unions by value, unions inside structs, tagged unions.
#include <stdio.h>
#include <stdint.h>
#include <string.h>

union word { uint64_t u64; uint32_t u32[2]; uint16_t u16[4]; uint8_t u8[8]; double d; };
union fbits { float f; uint32_t u; };

enum kind { K_INT, K_DBL, K_STR, K_PAIR };
struct value {
    enum kind kind;
    union {
        long i;
        double d;
        const char *s;
        struct { int a, b; } pair;
    } as;
};

static union word flip(union word w) {
    union word r;
    for (int i = 0; i < 8; i++) r.u8[i] = w.u8[7 - i];
    return r;
}

static struct value mkint(long i) { struct value v; v.kind = K_INT; v.as.i = i; return v; }
static struct value mkdbl(double d) { struct value v; v.kind = K_DBL; v.as.d = d; return v; }
static struct value mkstr(const char *s) { struct value v; v.kind = K_STR; v.as.s = s; return v; }
static struct value mkpair(int a, int b) { struct value v; v.kind = K_PAIR; v.as.pair.a = a; v.as.pair.b = b; return v; }

static void print_value(struct value v) {
    switch (v.kind) {
    case K_INT: printf("int %ld\n", v.as.i); break;
    case K_DBL: printf("dbl %.6f\n", v.as.d); break;
    case K_STR: printf("str %s\n", v.as.s); break;
    case K_PAIR: printf("pair %d,%d\n", v.as.pair.a, v.as.pair.b); break;
    }
}

int main(void) {
    union word w;
    w.u64 = 0x0102030405060708ULL;
    printf("u32 %08x %08x\n", w.u32[0], w.u32[1]);
    printf("u16 %04x %04x %04x %04x\n", w.u16[0], w.u16[1], w.u16[2], w.u16[3]);
    printf("u8 first=%02x last=%02x\n", w.u8[0], w.u8[7]);
    union word f = flip(w);
    printf("flip %016llx\n", (unsigned long long)f.u64);
    w.d = 1.0;
    printf("double 1.0 bits %016llx\n", (unsigned long long)w.u64);
    w.d = -2.5;
    printf("double -2.5 bits %016llx\n", (unsigned long long)w.u64);
    union fbits fb = {.f = 0.1f};
    printf("float 0.1 bits %08x\n", fb.u);
    fb.u = 0x7f800000u;
    printf("inf? %d\n", fb.f > 3.0e38f);
    fb.u = 0x3f800001u;
    printf("next after 1: %.9g\n", fb.f);
    struct value vals[] = {mkint(-42), mkdbl(3.25), mkstr("hello"), mkpair(7, -8)};
    for (unsigned i = 0; i < sizeof vals / sizeof vals[0]; i++) print_value(vals[i]);
    printf("sizeof word=%zu fbits=%zu\n", sizeof(union word), sizeof(union fbits));
    /* union initialised through a non-first member with a designator */
    union word z = {.u8 = {0xff, 0, 0, 0, 0, 0, 0, 0x80}};
    printf("z %016llx\n", (unsigned long long)z.u64);
    uint32_t x;
    float y = 2.0f;
    memcpy(&x, &y, 4);
    printf("memcpy pun %08x\n", x);
    return 0;
}
