// printf family: printf/fprintf/snprintf/vsnprintf/vfprintf/vsprintf, truncation return values, flags, widths, precisions.
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <inttypes.h>
#include <stddef.h>
#include <wchar.h>

static int my_log(FILE *f, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vfprintf(f, fmt, ap);
    va_end(ap);
    return n;
}

static char *fmt_into(char *buf, size_t n, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int r = vsnprintf(buf, n, fmt, ap);
    va_end(ap);
    printf("[vsnprintf ret=%d]", r);
    return buf;
}

static int count_only(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int r = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    return r;
}

int main(void) {
    printf("%d|%5d|%-5d|%05d|%+d|% d|%x|%X|%#x|%o|%#o\n", 42, 42, 42, 42, 42, 42, 255, 255, 255, 8, 8);
    printf("%ld|%lld|%lu|%hhd|%hd|%zu|%td\n", -1L, -9223372036854775807LL - 1, 18446744073709551615UL,
           (signed char)200, (short)70000, (size_t)12345, (ptrdiff_t)-5);
    printf("%" PRId64 "|%" PRIu32 "|%" PRIx16 "|%jd\n", INT64_MIN, UINT32_MAX, (uint16_t)0xbeef, (intmax_t)-77);
    printf("%s|%10s|%-10s|%.3s|%*s|%-*s|\n", "abc", "right", "left", "truncate", 6, "st", 6, "ar");
    printf("%c%c%c|%5c|%-3c|\n", 'x', 'y', 'z', '!', '?');
    printf("%f|%.2f|%10.3f|%-10.1f|%e|%.3E|%g|%G|%g\n", 3.14159, 2.675, -1.5, 9.99, 12345.678, 0.000123,
           0.0001, 1e20, 100000.0);
    printf("%a|%.2a|%A\n", 1.0, 3.0, -0.5);
    printf("%.0f|%.0f|%.0f|%#.0f|%+.1e\n", 0.5, 1.5, 2.5, 3.0, 0.0);
    printf("%%|%.17g|%.17g\n", 0.1, 1.0 / 3.0);
    int n1, n2;
    printf("abc%nde%n\n", &n1, &n2);
    printf("n=%d,%d\n", n1, n2);
    char buf[16];
    int r = snprintf(buf, sizeof buf, "%s-%d-%s", "a long string", 123456, "tail");
    printf("snprintf ret=%d buf=%s len=%zu\n", r, buf, strlen(buf));
    volatile size_t one = 1;
    r = snprintf(buf, one, "xyz");
    printf("snprintf1 ret=%d empty=%d\n", r, buf[0] == 0);
    printf("%s\n", fmt_into(buf, 8, "%d/%d/%d", 2024, 12, 31));
    printf("%s\n", fmt_into(buf, sizeof buf, "%.3f", 2.0 / 3));
    printf("count=%d\n", count_only("%s %d %f", "hello", 99, 1.5));
    char big[64];
    int s = sprintf(big, "%08.3f|%-8d|%x", -3.5, -12, 0xdeadu);
    printf("sprintf %d %s\n", s, big);
    int m = my_log(stdout, "vfprintf %s %d %.1f\n", "ok", 7, 0.25);
    printf("vfprintf returned %d\n", m);
    my_log(stderr, "this goes to stderr %d\n", 1);
    fflush(stdout);
    fprintf(stdout, "%s %p\n", "null ptr prints as", (void *)0);
    printf("%5.2s|%.0s|%-4.1s|\n", "abc", "gone", "xyz");
    printf("%lc|%ls\n", (wint_t)'W', L"wide");
    return 0;
}
