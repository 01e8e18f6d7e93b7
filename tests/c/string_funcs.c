// string.h: memcpy/memmove (overlapping), memset, memcmp, memchr, str* family, strdup/strndup, strspn/strcspn/strpbrk, strcasecmp.
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <stdlib.h>

static int sgn(int x) { return (x > 0) - (x < 0); }

int main(void) {
    char buf[64] = "0123456789abcdefghij";
    memmove(buf + 4, buf, 10);
    printf("memmove fwd: %s\n", buf);
    strcpy(buf, "0123456789abcdefghij");
    memmove(buf, buf + 6, 10);
    printf("memmove back: %s\n", buf);
    char big[1000], big2[1000];
    for (int i = 0; i < 1000; i++) big[i] = (char)(i * 7);
    for (int off = 0; off < 16; off++) {
        memset(big2, 0, sizeof big2);
        memcpy(big2 + off, big + (15 - off), 900 - (size_t)off * 3);
        if (memcmp(big2 + off, big + (15 - off), 900 - (size_t)off * 3) != 0) printf("memcpy mismatch off=%d\n", off);
    }
    printf("memcpy unaligned ok\n");
    memset(buf, 'x', 10);
    buf[10] = 0;
    printf("memset: %s\n", buf);
    printf("memcmp: %d %d %d\n", sgn(memcmp("abc", "abd", 3)), sgn(memcmp("abc", "abc", 3)),
           sgn(memcmp("\xff", "\x01", 1)));
    const char *hay = "the quick brown fox jumps over the lazy dog";
    printf("memchr: %s\n", (char *)memchr(hay, 'j', strlen(hay)));
    printf("strchr: %s | strrchr: %s\n", strchr(hay, 'o'), strrchr(hay, 'o'));
    printf("strchr nul: %d\n", strchr(hay, '\0') == hay + strlen(hay));
    printf("strstr: %s | miss=%d | empty=%d\n", strstr(hay, "over"), strstr(hay, "cat") == NULL, strstr(hay, "") == hay);
    printf("strspn=%zu strcspn=%zu strpbrk=%s\n", strspn("aabbccdd", "ab"), strcspn(hay, "xyz"), strpbrk(hay, "xyz"));
    printf("strcmp: %d %d %d %d\n", sgn(strcmp("apple", "apricot")), sgn(strcmp("b", "a")), strcmp("same", "same"),
           sgn(strcmp("short", "shorter")));
    printf("strncmp: %d %d\n", strncmp("abcdef", "abcxyz", 3), sgn(strncmp("abcdef", "abcxyz", 4)));
    printf("strcasecmp: %d %d\n", strcasecmp("HeLLo", "hello"), sgn(strncasecmp("ABCd", "abce", 4)));
    char dst[32];
    strncpy(dst, "abc", sizeof dst);
    int zeros = 0;
    for (size_t i = 3; i < sizeof dst; i++) zeros += dst[i] == 0;
    printf("strncpy pads: %d\n", zeros);
    strncpy(dst, "truncated-source", 5);
    dst[5] = 0;
    printf("strncpy trunc: %s\n", dst);
    strcpy(dst, "cat");
    strcat(dst, "enate");
    strncat(dst, "d-and-more", 2);
    printf("strcat: %s len=%zu\n", dst, strlen(dst));
    char *d = strdup(hay);
    char *nd = strndup(hay, 9);
    printf("strdup: %s | strndup: %s\n", d + 35, nd);
    free(d);
    free(nd);
    printf("strnlen: %zu %zu\n", strnlen("abcdef", 3), strnlen("ab", 10));
    char sbuf[] = "Hello, World";
    for (char *p = sbuf; *p; p++) if (*p >= 'a' && *p <= 'z') *p = (char)(*p - 32);
    printf("upper: %s\n", sbuf);
    /* strcoll in the C locale behaves like strcmp */
    printf("strcoll: %d\n", sgn(strcoll("abc", "abd")));
    char xf[16];
    size_t n = strxfrm(xf, "xfrm", sizeof xf);
    printf("strxfrm: %zu %s\n", n, xf);
    printf("strerror(0) non-empty: %d\n", strlen(strerror(0)) > 0);
    /* memset/memcpy of large buffers */
    static char huge[1 << 20];
    memset(huge, 0x5a, sizeof huge);
    memcpy(huge + 1, huge, sizeof huge - 1);
    long s = 0;
    for (size_t i = 0; i < sizeof huge; i += 4096) s += huge[i];
    printf("huge sum=%ld\n", s);
    char *tok = strsep(&(char *){strdup("a,b,,c")}, ",");
    printf("strsep first=%s\n", tok);
    free(tok);
    printf("bzero/index: ");
    char z[4] = "abc";
    bzero(z, 2);
    printf("%d %d %c %s\n", z[0], z[1], z[2], index("find-me", '-'));
    return 0;
}
