// Bitfields: signed/unsigned widths, wraparound on assignment, packing into storage units, bitfields by value.
// opt: -O0 -O1 -O2 -O3 -Os
#include <stdio.h>
#include <string.h>

struct flags {
    unsigned a : 1;
    unsigned b : 3;
    signed c : 4;
    unsigned d : 7;
    unsigned long long big : 40;
    int e : 5;
    unsigned : 0;
    unsigned f : 2;
};

struct rgb565 { unsigned short b : 5, g : 6, r : 5; };

struct hdr {
    unsigned version : 4;
    unsigned ihl : 4;
    unsigned tos : 8;
    unsigned len : 16;
};

static struct flags bump(struct flags f) {
    f.a++;
    f.b += 5;
    f.c -= 3;
    f.d *= 3;
    f.big += 0x123456789ULL;
    f.e += 20;
    f.f--;
    return f;
}

static void show(const char *tag, struct flags f) {
    printf("%s a=%u b=%u c=%d d=%u big=%llx e=%d f=%u\n", tag, f.a, f.b, f.c, f.d,
           (unsigned long long)f.big, f.e, f.f);
}

int main(void) {
    struct flags f;
    memset(&f, 0, sizeof f);
    f.a = 1; f.b = 6; f.c = -7; f.d = 100; f.big = 0xfffffffff0ULL; f.e = -16; f.f = 1;
    show("init", f);
    for (int i = 0; i < 4; i++) {
        f = bump(f);
        show("bump", f);
    }
    struct rgb565 px = {31, 63, 31};
    unsigned short raw;
    memcpy(&raw, &px, 2);
    printf("rgb565 raw=%04x\n", raw);
    px.g = 0; px.r = 1;
    memcpy(&raw, &px, 2);
    printf("rgb565 raw=%04x\n", raw);
    struct hdr h = {4, 5, 0, 1500};
    unsigned int w;
    memcpy(&w, &h, 4);
    printf("hdr word=%08x size=%zu\n", w, sizeof h);
    /* signed bitfield sign extension in expressions */
    struct { int v : 3; } s = {0};
    for (int i = 0; i < 10; i++) {
        s.v = i;
        printf("%d ", s.v);
    }
    printf("\n");
    /* bitfield in arithmetic promotes to int */
    struct { unsigned u : 31; } p = {5};
    printf("promote %d\n", p.u - 10 < 0);
    struct { unsigned u : 32; } q = {5};
    printf("no-promote %u\n", q.u - 10);
    printf("sizeof flags=%zu\n", sizeof(struct flags));
    return f.c & 0xf;
}
