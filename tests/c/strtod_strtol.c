// strtol/strtoul/strtoll/strtod/strtof edge cases: bases, prefixes, signs, overflow with ERANGE, endptr positions, hex floats, inf/nan.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <inttypes.h>

static void tl(const char *s, int base) {
    char *end;
    errno = 0;
    long v = strtol(s, &end, base);
    printf("strtol(\"%s\",%d) = %ld end=%ld erange=%d\n", s, base, v, (long)(end - s), errno == ERANGE);
}
static void tul(const char *s, int base) {
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, base);
    printf("strtoul(\"%s\",%d) = %lu end=%ld erange=%d\n", s, base, v, (long)(end - s), errno == ERANGE);
}
static void td(const char *s) {
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    printf("strtod(\"%s\") = %.17g end=%ld erange=%d\n", s, v, (long)(end - s), errno == ERANGE);
}
static void tf(const char *s) {
    char *end;
    errno = 0;
    float v = strtof(s, &end);
    printf("strtof(\"%s\") = %.9g end=%ld erange=%d\n", s, v, (long)(end - s), errno == ERANGE);
}

int main(void) {
    tl("12345", 10); tl("  -42xyz", 10); tl("+7", 10); tl("0x1F", 0); tl("0X1f", 16); tl("017", 0);
    tl("08", 0); tl("0x", 0); tl("0x", 16); tl("zz", 36); tl("Zz", 36); tl("101", 2); tl("", 10);
    tl("   ", 10); tl("-", 10); tl("9223372036854775807", 10); tl("9223372036854775808", 10);
    tl("-9223372036854775808", 10); tl("-9223372036854775809", 10); tl("99999999999999999999999", 0);
    tl("7fffffffffffffff", 16); tl("-0", 10); tl("1_000", 10); tl("\t\n 55", 10);
    tul("18446744073709551615", 10); tul("18446744073709551616", 10); tul("-1", 10); tul("-18446744073709551615", 10);
    tul("0xffffffffffffffff", 0); tul("  0777", 0);
    errno = 0;
    long long ll = strtoll("-123456789012345678", NULL, 10);
    unsigned long long ull = strtoull("123456789012345678901", NULL, 10);
    printf("strtoll=%lld strtoull=%llu erange=%d\n", ll, ull, errno == ERANGE);
    intmax_t im = strtoimax("-77", NULL, 0);
    uintmax_t um = strtoumax("0x10", NULL, 0);
    printf("strtoimax=%jd strtoumax=%ju\n", im, um);
    printf("atoi=%d atol=%ld atoll=%lld atof=%.3f\n", atoi("  -321abc"), atol("1234567890123"), atoll("-5"),
           atof("2.5e2x"));
    td("3.14159"); td("  -2.5e-3"); td("1e308"); td("1e309"); td("-1e309"); td("1e-320"); td("1e-400");
    td("4.9406564584124654e-324"); td("2.2250738585072011e-308"); td("1.7976931348623157e308");
    td("0x1.8p3"); td("0x.1p4"); td("-0x1p-1074"); td("inf"); td("-Infinity"); td("nan"); td("NaN(123)");
    td(".5"); td("5."); td("."); td("e5"); td("1e"); td("1e+"); td("0.1"); td("123456789012345678901234567890");
    td("0.30000000000000004"); td("  +0"); td("-0.0");
    td("2.4703282292062327e-324"); td("2.4703282292062328e-324"); td("9007199254740993");
    tf("3.4028235e38"); tf("3.5e38"); tf("1.17549435e-38"); tf("1e-46"); tf("0.1"); tf("16777217");
    /* strtold: print via double, values exact in both 80-bit and binary128 */
    printf("strtold=%.17g\n", (double)strtold("0.15625", NULL));
    return 0;
}
