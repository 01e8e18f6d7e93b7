// Variadic functions called through function pointers, tables of variadic pointers, and printf via a pointer.
#include <stdarg.h>
#include <stdio.h>

typedef int (*vfn)(const char *, ...);
typedef double (*vsum)(int, ...);

static double dsum(int n, ...) {
    va_list ap;
    va_start(ap, n);
    double s = 0;
    for (int i = 0; i < n; i++) s += va_arg(ap, double);
    va_end(ap);
    return s;
}

static double isum(int n, ...) {
    va_list ap;
    va_start(ap, n);
    long s = 0;
    for (int i = 0; i < n; i++) s += va_arg(ap, long);
    va_end(ap);
    return (double)s;
}

static int tagged(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = printf("<tag> ");
    n += vprintf(fmt, ap);
    va_end(ap);
    return n;
}

struct ops { const char *name; vsum fn; };

static vsum pick(int which) { return which ? isum : dsum; }

static volatile int sel = 1;

int main(void) {
    vfn p = printf;
    int n = p("printf via pointer %d %s %.2f\n", 5, "five", 5.0);
    p("returned %d\n", n);
    vfn q = tagged;
    q("tagged %d-%d\n", 1, 2);
    vfn table[2] = {printf, tagged};
    for (int i = 0; i < 2; i++) table[i]("table[%d] %ld %c\n", i, 123456789012L, 'k');
    struct ops ops[] = {{"dsum", dsum}, {"isum", isum}};
    printf("%s=%.2f\n", ops[0].name, ops[0].fn(4, 0.5, 1.25, 2.0, -0.75));
    printf("%s=%.0f\n", ops[1].name, ops[1].fn(3, 10L, 20L, 1L << 35));
    printf("pick=%.0f\n", pick(sel)(2, 100L, 23L));
    printf("pick0=%.3f\n", pick(!sel)(9, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.125));
    int (*fp)(FILE *, const char *, ...) = fprintf;
    fp(stdout, "fprintf via pointer %s\n", "ok");
    int (*sp)(char *, size_t, const char *, ...) = snprintf;
    char buf[32];
    int r = sp(buf, sizeof buf, "%d+%d=%d", 2, 2, 4);
    printf("snprintf via pointer %d %s\n", r, buf);
    return 0;
}
