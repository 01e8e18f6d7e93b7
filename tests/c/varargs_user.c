// User-defined variadic functions: counting args, sentinel lists, va_copy for a second pass, va_list passed down.
// opt: -O0 -O1 -O2 -O3 -Os
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static long sum_ints(int n, ...) {
    va_list ap;
    va_start(ap, n);
    long s = 0;
    for (int i = 0; i < n; i++) s += va_arg(ap, int);
    va_end(ap);
    return s;
}

static size_t concat(char *out, size_t cap, ...) {
    va_list ap;
    va_start(ap, cap);
    size_t len = 0;
    out[0] = 0;
    const char *s;
    while ((s = va_arg(ap, const char *)) != NULL) {
        size_t l = strlen(s);
        if (len + l + 1 > cap) break;
        memcpy(out + len, s, l + 1);
        len += l;
    }
    va_end(ap);
    return len;
}

/* Two passes over the same arguments with va_copy. */
static void stats(int n, ...) {
    va_list ap, ap2;
    va_start(ap, n);
    va_copy(ap2, ap);
    double sum = 0;
    for (int i = 0; i < n; i++) sum += va_arg(ap, double);
    double mean = sum / n;
    double var = 0;
    for (int i = 0; i < n; i++) {
        double d = va_arg(ap2, double) - mean;
        var += d * d;
    }
    va_end(ap2);
    va_end(ap);
    printf("n=%d mean=%.4f var=%.4f\n", n, mean, var / n);
}

/* va_list passed down several levels, consumed partly at each level. */
static int level3(va_list ap) { return va_arg(ap, int) * 100; }
static int level2(va_list ap) {
    int a = va_arg(ap, int);
    return a * 10 + level3(ap);
}
static int level2_ptr(va_list *ap) {
    int a = va_arg(*ap, int);
    return a;
}
static int level1(int first, ...) {
    va_list ap;
    va_start(ap, first);
    int r = first + level2(ap);
    va_end(ap);
    va_start(ap, first);
    int x = level2_ptr(&ap);
    int y = level2_ptr(&ap);
    int z = level2_ptr(&ap);
    va_end(ap);
    return r * 1000 + x * 100 + y * 10 + z;
}

/* Mixed int/double/pointer args described by a type string. */
static void mixed(const char *types, ...) {
    va_list ap;
    va_start(ap, types);
    for (const char *t = types; *t; t++) {
        switch (*t) {
        case 'i': printf("i:%d ", va_arg(ap, int)); break;
        case 'l': printf("l:%ld ", va_arg(ap, long)); break;
        case 'd': printf("d:%.3f ", va_arg(ap, double)); break;
        case 's': printf("s:%s ", va_arg(ap, char *)); break;
        case 'c': printf("c:%c ", (char)va_arg(ap, int)); break;
        case 'u': printf("u:%u ", va_arg(ap, unsigned)); break;
        }
    }
    va_end(ap);
    printf("\n");
}

/* Forwarding wrapper: variadic -> vprintf. */
static int say(const char *prefix, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = printf("%s: ", prefix);
    n += vprintf(fmt, ap);
    va_end(ap);
    return n;
}

int main(void) {
    printf("sum0=%ld\n", sum_ints(0));
    printf("sum3=%ld\n", sum_ints(3, 1, 2, 3));
    printf("sum12=%ld\n", sum_ints(12, 1, -2, 3, -4, 5, -6, 7, -8, 9, -10, 11, 1000000));
    char buf[64];
    size_t l = concat(buf, sizeof buf, "alpha", "-", "beta", "-", "gamma", (char *)NULL);
    printf("concat %zu %s\n", l, buf);
    stats(5, 1.0, 2.0, 3.0, 4.0, 5.0);
    stats(10, 0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5);
    printf("level1=%d\n", level1(1, 2, 3, 4));
    mixed("ildscu", -5, 1L << 40, 2.5, "str", 'Q', 4000000000u);
    mixed("dddddddddii", 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10, 11);
    mixed("iiiiiiiiiil", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, -11L);
    int n = say("note", "%d apples and %s\n", 3, "pears");
    printf("say=%d\n", n);
    return (int)sum_ints(2, 20, 22);
}
