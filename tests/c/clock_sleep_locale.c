// Monotonic clocks and short sleeps (only relations are printed), plus the C locale: setlocale, localeconv, strftime names.
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(void) {
    struct timespec a, b, res;
    clock_gettime(CLOCK_MONOTONIC, &a);
    struct timespec d = {0, 2000000};
    int rc = nanosleep(&d, NULL);
    usleep(1000);
    clock_gettime(CLOCK_MONOTONIC, &b);
    long long ns = (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
    printf("nanosleep rc=%d elapsed>=3ms: %d\n", rc, ns >= 3000000);
    clock_getres(CLOCK_MONOTONIC, &res);
    printf("resolution <= 1ms: %d\n", res.tv_sec == 0 && res.tv_nsec <= 1000000);
    struct timespec r1, r2;
    clock_gettime(CLOCK_REALTIME, &r1);
    clock_gettime(CLOCK_REALTIME, &r2);
    printf("realtime non-decreasing: %d\n", r2.tv_sec > r1.tv_sec || (r2.tv_sec == r1.tv_sec && r2.tv_nsec >= r1.tv_nsec));
    printf("sleep(0)=%u\n", sleep(0));
    const char *loc = setlocale(LC_ALL, NULL);
    printf("initial locale=%s\n", loc);
    printf("setlocale C=%s\n", setlocale(LC_ALL, "C"));
    struct lconv *lc = localeconv();
    printf("decimal_point=[%s] thousands_sep=[%s]\n", lc->decimal_point, lc->thousands_sep);
    struct tm t;
    memset(&t, 0, sizeof t);
    t.tm_year = 99;
    t.tm_mon = 11;
    t.tm_mday = 31;
    t.tm_hour = 23;
    t.tm_min = 59;
    t.tm_wday = 5;
    char buf[128];
    strftime(buf, sizeof buf, "%A %B %d %Y %I:%M %p | %c | %x %X | %D %R %e", &t);
    printf("%s\n", buf);
    return 0;
}
