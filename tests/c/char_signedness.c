// Plain char is signed on every target migcc builds (like x86_64): comparisons, promotions, arithmetic, table indexing.
#include <limits.h>
#include <stdio.h>
#include <string.h>

static int count_high(const char *s) {
    int n = 0;
    for (; *s; s++)
        if (*s < 0) n++;
    return n;
}

int main(void) {
    char c = (char)0xff;
    printf("CHAR_MIN=%d CHAR_MAX=%d\n", CHAR_MIN, CHAR_MAX);
    printf("(char)0xff=%d negative=%d\n", c, c < 0);
    printf("promoted compare: %d\n", c == -1);
    char s[] = "caf\xc3\xa9 \xe2\x82\xac";
    printf("high bytes=%d\n", count_high(s));
    int sum = 0;
    for (char *p = s; *p; p++) sum += *p;
    printf("sum of chars=%d\n", sum);
    char x = 100, y = 100;
    int z = x + y;
    char w = (char)(x + y);
    printf("100+100 int=%d char=%d\n", z, w);
    printf("shift: %d %d\n", c >> 1, (unsigned char)c >> 1);
    printf("memcmp vs strcmp on high bytes: %d %d\n", memcmp("\x80", "\x01", 1) > 0, strcmp("\x80", "\x01") > 0);
    int table[256] = {0};
    for (const char *p = s; *p; p++) table[(unsigned char)*p]++;
    printf("table[0xc3]=%d table[0x82]=%d\n", table[0xc3], table[0x82]);
    signed char sc = -5;
    unsigned char uc = 250;
    printf("sc=%d uc=%d sc<uc=%d\n", sc, uc, sc < uc);
    printf("char division: %d %d\n", c / 2, (char)-7 % 3);
    printf("switch on char: ");
    switch (c) {
    case -1: printf("minus one\n"); break;
    default: printf("other\n");
    }
    return c == -1 ? 0 : 1;
}
