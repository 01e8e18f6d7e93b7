// sscanf/scanf conversions: widths, scansets, %n, assignment suppression, hex/octal/float, return counts and early failure.
// stdin: 42 3.5 word\n0x1f rest of line\n
#include <stdio.h>
#include <string.h>

int main(void) {
    int a, b, c, n;
    char s1[16], s2[16];
    double d;
    float f;
    long l;
    unsigned u;
    int r = sscanf("10 20 30", "%d %d %d", &a, &b, &c);
    printf("r=%d %d %d %d\n", r, a, b, c);
    r = sscanf("12abc", "%d%s", &a, s1);
    printf("r=%d %d %s\n", r, a, s1);
    r = sscanf("key=value;rest", "%15[^=]=%15[^;];%n", s1, s2, &n);
    printf("r=%d %s %s n=%d\n", r, s1, s2, n);
    r = sscanf("  3.25e2 -0.5", "%lf %f", &d, &f);
    printf("r=%d %.2f %.2f\n", r, d, f);
    r = sscanf("0x7f 0755 -0x10", "%i %i %i", &a, &b, &c);
    printf("r=%d %d %d %d\n", r, a, b, c);
    r = sscanf("ff 777", "%x %o", &u, &a);
    printf("r=%d %u %d\n", r, u, a);
    r = sscanf("123456", "%2d%3d%ld", &a, &b, &l);
    printf("r=%d %d %d %ld\n", r, a, b, l);
    r = sscanf("skip 99", "%*s %d", &a);
    printf("r=%d %d\n", r, a);
    r = sscanf("abc", "%d", &a);
    printf("no match r=%d\n", r);
    r = sscanf("", "%d", &a);
    printf("empty r=%d (EOF=%d)\n", r, EOF);
    r = sscanf("aaabbbccc", "%[a]%[b]", s1, s2);
    printf("scanset r=%d %s %s\n", r, s1, s2);
    r = sscanf("2024-03-15T10:20:30", "%d-%d-%dT%d:%d:%d", &a, &b, &c, &n, &n, &n);
    printf("date r=%d %d/%d/%d\n", r, a, b, c);
    char ch;
    r = sscanf("  x", "%c", &ch);
    printf("%%c no skip r=%d [%c]\n", r, ch);
    r = sscanf("  x", " %c", &ch);
    printf("%%c skip r=%d [%c]\n", r, ch);
    r = sscanf("100%", "%d%%", &a);
    printf("percent r=%d %d\n", r, a);
    long long ll;
    r = sscanf("-9223372036854775808", "%lld", &ll);
    printf("ll r=%d %lld\n", r, ll);
    r = sscanf("inf nan", "%lf %f", &d, &f);
    printf("inf/nan r=%d %f %d\n", r, d, f != f);
    /* scanf from stdin */
    r = scanf("%d %lf %15s", &a, &d, s1);
    printf("stdin r=%d %d %.1f %s\n", r, a, d, s1);
    r = scanf("%x", &u);
    char line[64];
    fgets(line, sizeof line, stdin);
    printf("stdin hex=%u rest=[%s]\n", u, strtok(line, "\n"));
    r = scanf("%d", &a);
    printf("at eof r=%d\n", r);
    return 0;
}
