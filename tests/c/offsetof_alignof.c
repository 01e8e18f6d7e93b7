// offsetof/_Alignof/_Alignas/sizeof of LP64 structs, padding, packed structs, container_of arithmetic, aligned allocations.
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct mixed { char c; int i; short s; long l; char tail; };
struct __attribute__((packed)) packed { char c; int i; short s; long l; };
struct aligned { char c; alignas(32) int x; char d; };
struct nested { char a; struct mixed m; double d[3]; char z; };
struct with_ptr { void *p; char c; };
union u { char c; long l; char buf[13]; };

struct list_head { struct list_head *next; };
struct item { int id; char name[12]; struct list_head link; double weight; };
#define container_of(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))

_Static_assert(sizeof(long) == 8 && sizeof(void *) == 8, "LP64 expected");
_Static_assert(offsetof(struct mixed, l) == 16, "layout");

static alignas(64) char cacheline[64];

int main(void) {
    printf("mixed: size=%zu align=%zu c=%zu i=%zu s=%zu l=%zu tail=%zu\n", sizeof(struct mixed), alignof(struct mixed),
           offsetof(struct mixed, c), offsetof(struct mixed, i), offsetof(struct mixed, s), offsetof(struct mixed, l),
           offsetof(struct mixed, tail));
    printf("packed: size=%zu align=%zu i=%zu s=%zu l=%zu\n", sizeof(struct packed), alignof(struct packed),
           offsetof(struct packed, i), offsetof(struct packed, s), offsetof(struct packed, l));
    printf("aligned: size=%zu align=%zu x=%zu d=%zu\n", sizeof(struct aligned), alignof(struct aligned),
           offsetof(struct aligned, x), offsetof(struct aligned, d));
    printf("nested: size=%zu m=%zu d=%zu z=%zu\n", sizeof(struct nested), offsetof(struct nested, m),
           offsetof(struct nested, d), offsetof(struct nested, z));
    printf("with_ptr: size=%zu union: size=%zu align=%zu\n", sizeof(struct with_ptr), sizeof(union u), alignof(union u));
    printf("scalars: char=%zu short=%zu int=%zu long=%zu llong=%zu float=%zu double=%zu ptr=%zu\n", alignof(char),
           alignof(short), alignof(int), alignof(long), alignof(long long), alignof(float), alignof(double),
           alignof(void *));
    printf("max_align_t=%zu\n", alignof(max_align_t));
    printf("cacheline aligned: %d\n", (int)((uintptr_t)cacheline % 64 == 0));
    struct aligned arr[3];
    printf("array elems aligned: %d %d\n", (int)((uintptr_t)&arr[1].x % 32 == 0), (int)((uintptr_t)&arr[2] % 32 == 0));
    alignas(16) char local[16];
    printf("local aligned: %d\n", (int)((uintptr_t)local % 16 == 0));
    struct item it = {7, "widget", {NULL}, 2.5};
    struct list_head *lh = &it.link;
    struct item *back = container_of(lh, struct item, link);
    printf("container_of: %d %s %.1f same=%d\n", back->id, back->name, back->weight, back == &it);
    struct packed pk;
    memset(&pk, 0, sizeof pk);
    pk.l = 0x1122334455667788L;
    pk.i = -2;
    unsigned char raw[sizeof pk];
    memcpy(raw, &pk, sizeof pk);
    printf("packed bytes:");
    for (size_t i = 0; i < sizeof pk; i++) printf(" %02x", raw[i]);
    printf("\n");
    void *al = aligned_alloc(256, 1024);
    printf("aligned_alloc 256: %d\n", (int)((uintptr_t)al % 256 == 0));
    free(al);
    void *pm = NULL;
    int rc = posix_memalign(&pm, 4096, 100);
    printf("posix_memalign: rc=%d aligned=%d\n", rc, (int)((uintptr_t)pm % 4096 == 0));
    free(pm);
    return (int)offsetof(struct nested, z);
}
