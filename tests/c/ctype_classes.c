// ctype.h in the C locale over every unsigned char value plus EOF: class bitmaps, toupper/tolower round trips.
#include <ctype.h>
#include <stdio.h>

int main(void) {
    int (*fns[])(int) = {isalnum, isalpha, isblank, iscntrl, isdigit, isgraph, islower,
                         isprint, ispunct, isspace, isupper, isxdigit};
    const char *names[] = {"alnum", "alpha", "blank", "cntrl", "digit", "graph", "lower",
                           "print", "punct", "space", "upper", "xdigit"};
    for (int f = 0; f < 12; f++) {
        int count = 0;
        unsigned long hash = 5381;
        for (int c = 0; c < 256; c++) {
            int r = fns[f](c) != 0;
            count += r;
            hash = hash * 33 + (unsigned long)(r * (c + 1));
        }
        printf("%-7s count=%3d hash=%016lx eof=%d\n", names[f], count, hash, fns[f](EOF) != 0);
    }
    printf("members of punct: ");
    for (int c = 0; c < 128; c++) if (ispunct(c)) putchar(c);
    printf("\nspace chars:");
    for (int c = 0; c < 256; c++) if (isspace(c)) printf(" %d", c);
    printf("\n");
    int changed = 0;
    for (int c = 0; c < 256; c++) {
        if (toupper(c) != c) changed++;
        if (tolower(toupper(c)) != tolower(c)) printf("roundtrip fail %d\n", c);
    }
    printf("toupper changes %d values; EOF->%d\n", changed, toupper(EOF));
    char s[] = "Mixed CASE with 123 digits & Symbols!";
    for (char *p = s; *p; p++) *p = (char)(isupper((unsigned char)*p) ? tolower((unsigned char)*p) : toupper((unsigned char)*p));
    printf("%s\n", s);
    printf("isascii=%d toascii=%d\n", isascii(200), toascii(200));
    return 0;
}
