// C11 _Generic dispatch (type names, printing helpers), _Static_assert, _Noreturn, _Alignof, anonymous structs/unions.
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>

#define type_name(x) _Generic((x), \
    _Bool: "bool", char: "char", signed char: "schar", unsigned char: "uchar", short: "short", \
    unsigned short: "ushort", int: "int", unsigned: "uint", long: "long", unsigned long: "ulong", \
    long long: "llong", unsigned long long: "ullong", float: "float", double: "double", \
    long double: "ldouble", char *: "char*", const char *: "const char*", void *: "void*", default: "other")

#define print_val(x) _Generic((x), int: print_int, double: print_double, char *: print_str, default: print_other)(x)
static void print_int(int v) { printf("int:%d\n", v); }
static void print_double(double v) { printf("double:%.3f\n", v); }
static void print_str(char *v) { printf("str:%s\n", v); }
static void print_other(long long v) { printf("other:%lld\n", v); }

#define abs_generic(x) _Generic((x), int: abs, long: labs, long long: llabs)(x)

_Static_assert(sizeof(int) == 4, "int is 32-bit");
_Static_assert(_Alignof(double) == 8, "double alignment");
_Static_assert((char)-1 < 0, "char is signed");

struct vec3 {
    union {
        struct { double x, y, z; };
        double v[3];
    };
};

static noreturn void die(int code) {
    printf("dying with %d\n", code);
    fflush(stdout);
    exit(code);
}

int main(void) {
    char c = 'a';
    unsigned char uc = 1;
    short sh = 2;
    printf("%s %s %s %s %s %s\n", type_name(c), type_name(uc), type_name(sh), type_name(sh + 1), type_name(c + c),
           type_name((_Bool)1));
    printf("%s %s %s %s %s\n", type_name(1u), type_name(2L), type_name(3ULL), type_name(1.0f), type_name(1.0L));
    printf("%s %s %s %s\n", type_name("lit"), type_name((const char *)"x"), type_name((void *)0), type_name((int *)0));
    printf("%s %s\n", type_name('x'), type_name(1.0f * 2));
    print_val(42);
    print_val(2.5);
    print_val((char *)"hello");
    print_val(7LL);
    printf("abs: %d %ld %lld\n", abs_generic(-3), abs_generic(-4L), abs_generic(-5LL));
    struct vec3 v = {{{1, 2, 3}}};
    v.v[1] = 20;
    printf("anon: %.0f %.0f %.0f\n", v.x, v.y, v.z);
    if (v.z > 0) die(9);
    return 0;
}
