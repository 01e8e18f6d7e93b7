// wchar_t strings and functions: wcslen/wcscmp/wcschr/wcstol, swprintf, UTF-8 conversions with mbrtowc/wcrtomb in C.UTF-8.
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

int main(void) {
    const wchar_t *w = L"wide string";
    printf("wcslen=%zu sizeof(wchar_t)=%zu\n", wcslen(w), sizeof(wchar_t));
    printf("wcscmp=%d %d\n", wcscmp(L"abc", L"abd") < 0, wcscmp(L"same", L"same"));
    printf("wcschr=%ls\n", wcschr(w, L's'));
    wchar_t buf[64];
    int n = swprintf(buf, 64, L"%d-%ls-%c", 42, L"mid", 'z');
    printf("swprintf n=%d %ls\n", n, buf);
    wchar_t *end;
    long v = wcstol(L"  -1234xyz", &end, 10);
    printf("wcstol=%ld rest=%ls\n", v, end);
    wcscpy(buf, L"copy");
    wcscat(buf, L"+cat");
    printf("wcscpy/cat=%ls\n", buf);
    /* UTF-8 multibyte conversions */
    if (!setlocale(LC_CTYPE, "C.UTF-8")) printf("no C.UTF-8 locale\n");
    const char *utf8 = "h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80!";
    mbstate_t st;
    memset(&st, 0, sizeof st);
    const char *p = utf8;
    size_t left = strlen(utf8);
    int count = 0;
    printf("code points:");
    while (left) {
        wchar_t wc;
        size_t r = mbrtowc(&wc, p, left, &st);
        if (r == (size_t)-1 || r == (size_t)-2) { printf(" invalid"); break; }
        printf(" U+%04X(%zu)", (unsigned)wc, r);
        p += r;
        left -= r;
        count++;
    }
    printf("\ncount=%d mbstowcs=%zu\n", count, mbstowcs(NULL, utf8, 0));
    char out[8];
    memset(&st, 0, sizeof st);
    size_t k = wcrtomb(out, (wchar_t)0x20AC, &st);
    printf("wcrtomb euro len=%zu bytes=%02x %02x %02x\n", k, (unsigned char)out[0], (unsigned char)out[1],
           (unsigned char)out[2]);
    printf("invalid seq: %d\n", mbrtowc(NULL, "\xff", 1, &st) == (size_t)-1);
    wchar_t wide[32];
    size_t wl = mbstowcs(wide, "\xc3\xa9t\xc3\xa9", 32);
    char back[32];
    size_t bl = wcstombs(back, wide, sizeof back);
    printf("roundtrip wl=%zu bl=%zu same=%d\n", wl, bl, strcmp(back, "\xc3\xa9t\xc3\xa9") == 0);
    printf("MB_CUR_MAX=%zu\n", (size_t)MB_CUR_MAX);
    return 0;
}
