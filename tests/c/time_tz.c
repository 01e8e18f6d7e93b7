// time.h with fixed inputs: gmtime of fixed timestamps, localtime/mktime with TZ from the environment, strftime, difftime.
// env: TZ=EST5EDT,M3.2.0,M11.1.0
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static void show(const char *tag, const struct tm *t) {
    char buf[128];
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %a %b %j wday=%w yday=%j", t);
    printf("%s: %s isdst=%d\n", tag, buf, t->tm_isdst);
}

int main(void) {
    printf("TZ=%s\n", getenv("TZ"));
    const time_t stamps[] = {0, 86399, 951782400 /* 2000-02-29 */, 1234567890, 2147483647, 4102444800LL /* 2100 */,
                             -86400 * 365L};
    for (size_t i = 0; i < sizeof stamps / sizeof stamps[0]; i++) {
        struct tm g;
        gmtime_r(&stamps[i], &g);
        printf("%lld ", (long long)stamps[i]);
        show("gm", &g);
    }
    tzset();
    time_t summer = 1720000000; /* July 2024 */
    time_t winter = 1705000000; /* January 2024 */
    struct tm l;
    localtime_r(&summer, &l);
    show("local summer", &l);
    char zone[16];
    strftime(zone, sizeof zone, "%Z %z", &l);
    printf("zone summer: %s\n", zone);
    localtime_r(&winter, &l);
    show("local winter", &l);
    strftime(zone, sizeof zone, "%Z %z", &l);
    printf("zone winter: %s\n", zone);
    struct tm *lp = localtime(&summer);
    printf("localtime() hour=%d\n", lp->tm_hour);

    struct tm in = {0};
    in.tm_year = 2024 - 1900;
    in.tm_mon = 1;
    in.tm_mday = 29;
    in.tm_hour = 12;
    in.tm_isdst = -1;
    time_t t = mktime(&in);
    printf("mktime 2024-02-29 12:00 local = %lld wday=%d yday=%d\n", (long long)t, in.tm_wday, in.tm_yday);
    /* normalisation: Jan 32 -> Feb 1, 25 hours -> next day */
    struct tm norm = {0};
    norm.tm_year = 123;
    norm.tm_mon = 0;
    norm.tm_mday = 32;
    norm.tm_hour = 25;
    norm.tm_isdst = -1;
    mktime(&norm);
    show("normalised", &norm);
    printf("difftime=%.1f\n", difftime(summer, winter));
    char asc[64];
    struct tm g0;
    time_t zero = 0;
    gmtime_r(&zero, &g0);
    printf("asctime: %s", asctime_r(&g0, asc));
    time_t now = time(NULL);
    printf("time() sane: %d\n", now > 1600000000);
    printf("clock() non-negative: %d\n", clock() >= 0);
    return 0;
}
