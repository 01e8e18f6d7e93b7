// Flexible array members: allocation with trailing data, sizeof excluding the FAM, realloc growth, a header overlaid on bytes.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>

struct str { size_t len; char data[]; };
struct vec { int n, cap; double items[]; };
struct packet { unsigned short type; unsigned char flags; unsigned char payload[]; };

static struct str *str_new(const char *s) {
    size_t n = strlen(s);
    struct str *p = malloc(sizeof *p + n + 1);
    p->len = n;
    memcpy(p->data, s, n + 1);
    return p;
}

static struct vec *vec_push(struct vec *v, double x) {
    if (!v || v->n == v->cap) {
        int cap = v ? v->cap * 2 : 2;
        struct vec *nv = realloc(v, sizeof *nv + (size_t)cap * sizeof nv->items[0]);
        if (!v) nv->n = 0;
        nv->cap = cap;
        v = nv;
    }
    v->items[v->n++] = x;
    return v;
}

int main(void) {
    printf("sizeof str=%zu vec=%zu packet=%zu offset payload=%zu\n", sizeof(struct str), sizeof(struct vec),
           sizeof(struct packet), offsetof(struct packet, payload));
    struct str *s = str_new("flexible array member");
    printf("str len=%zu data=%s\n", s->len, s->data);
    struct str *s2 = realloc(s, sizeof *s + s->len + 10);
    strcat(s2->data, " grown");
    s2->len = strlen(s2->data);
    printf("str len=%zu data=%s\n", s2->len, s2->data);
    free(s2);
    struct vec *v = NULL;
    for (int i = 0; i < 100; i++) v = vec_push(v, i * 0.5);
    double sum = 0;
    for (int i = 0; i < v->n; i++) sum += v->items[i];
    printf("vec n=%d cap=%d sum=%.1f last=%.1f\n", v->n, v->cap, sum, v->items[v->n - 1]);
    free(v);
    unsigned char buf[64];
    memset(buf, 0, sizeof buf);
    struct packet *pk = (struct packet *)buf;
    pk->type = 0x0102;
    pk->flags = 0x80;
    for (int i = 0; i < 8; i++) pk->payload[i] = (unsigned char)(i * 17);
    unsigned int cs = 0;
    for (size_t i = 0; i < sizeof(struct packet) + 8; i++) cs = cs * 31 + buf[i];
    printf("packet checksum=%u payload[7]=%u\n", cs, pk->payload[7]);
    /* array of pointers to variably sized records */
    struct str *recs[5];
    const char *words[] = {"a", "bb", "ccc", "dddd", "a longer record here"};
    size_t total = 0;
    for (int i = 0; i < 5; i++) { recs[i] = str_new(words[i]); total += recs[i]->len; }
    for (int i = 4; i >= 0; i--) { printf("%s%s", recs[i]->data, i ? "," : "\n"); free(recs[i]); }
    printf("total=%zu\n", total);
    return (int)total;
}
