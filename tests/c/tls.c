// _Thread_local variables in the main thread: initialised scalars, arrays, structs, pointers to TLS, static TLS locals.
// opt: -O0 -O1 -O2 -O3 -Os
#include <stdio.h>
#include <string.h>

_Thread_local int tls_zero;
_Thread_local int tls_init = 42;
_Thread_local long tls_arr[8] = {1, 2, 3, 4, 5, 6, 7, 8};
_Thread_local struct { char name[12]; double w; } tls_struct = {"tls-struct", 2.5};
_Thread_local const char *tls_str = "tls string literal";
static _Thread_local unsigned char tls_big[4096];
extern _Thread_local int tls_extern_defined_later;

static int *addr_of_tls(void) { return &tls_init; }

static int next_id(void) {
    static _Thread_local int id = 1000;
    return id++;
}

_Thread_local int tls_extern_defined_later = -9;

int main(void) {
    printf("zero=%d init=%d\n", tls_zero, tls_init);
    tls_zero += 5;
    tls_init *= 2;
    printf("zero=%d init=%d\n", tls_zero, tls_init);
    long s = 0;
    for (int i = 0; i < 8; i++) s += tls_arr[i];
    printf("arr sum=%ld\n", s);
    tls_arr[3] = 100;
    printf("arr[3]=%ld\n", tls_arr[3]);
    printf("struct %s %.2f\n", tls_struct.name, tls_struct.w);
    strcpy(tls_struct.name, "changed");
    printf("struct %s\n", tls_struct.name);
    printf("str %s\n", tls_str);
    int *p = addr_of_tls();
    *p += 1;
    printf("via pointer %d %d\n", *p, tls_init);
    for (int i = 0; i < 3; i++) printf("id %d\n", next_id());
    int nz = 0;
    for (int i = 0; i < 4096; i++) nz += tls_big[i] != 0;
    memset(tls_big, 7, sizeof tls_big);
    long bs = 0;
    for (int i = 0; i < 4096; i++) bs += tls_big[i];
    printf("big nz=%d sum=%ld\n", nz, bs);
    printf("extern %d\n", tls_extern_defined_later);
    return tls_init - 80;
}
