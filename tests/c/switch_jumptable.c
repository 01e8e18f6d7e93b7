// switch statements: dense (jump table), sparse, fallthrough, negative and 64-bit case values, nested switches, Duff's device.
// opt: -O0 -O1 -O2 -O3 -Os
#include <stdio.h>
#include <string.h>

static const char *dense(int x) {
    switch (x) {
    case 0: return "zero";
    case 1: return "one";
    case 2: return "two";
    case 3: return "three";
    case 4: return "four";
    case 5: return "five";
    case 6: return "six";
    case 7: return "seven";
    case 8: return "eight";
    case 9: return "nine";
    case 10: return "ten";
    case 11: return "eleven";
    default: return "many";
    }
}

static int sparse(long x) {
    switch (x) {
    case -1000000: return 1;
    case -7: return 2;
    case 0: return 3;
    case 13: return 4;
    case 4096: return 5;
    case 1L << 40: return 6;
    case 0x7fffffffffffffffL: return 7;
    default: return 0;
    }
}

static int fall(int x) {
    int r = 0;
    switch (x) {
    case 1: r += 1; /* fall through */
    case 2: r += 10; /* fall through */
    case 3: r += 100; break;
    case 4: r += 1000; /* fall through */
    default: r += 10000;
    }
    return r;
}

static int classify(char c) {
    switch (c) {
    case 'a': case 'e': case 'i': case 'o': case 'u': return 1;
    case '0' ... '9': return 2; /* GNU case range, supported by gcc and clang */
    case -128: return 3;
    case ' ': case '\t': case '\n': return 4;
    default: return 0;
    }
}

static int nested(int a, int b) {
    switch (a) {
    case 0:
        switch (b) {
        case 0: return 0;
        case 1: return 1;
        default: return 2;
        }
    case 1:
        switch (b) {
        case 0: return 10;
        default: break;
        }
        return 11;
    default:
        return 99;
    }
}

static void duff(char *to, const char *from, int count) {
    int n = (count + 7) / 8;
    switch (count % 8) {
    case 0: do { *to++ = *from++;
    case 7:      *to++ = *from++;
    case 6:      *to++ = *from++;
    case 5:      *to++ = *from++;
    case 4:      *to++ = *from++;
    case 3:      *to++ = *from++;
    case 2:      *to++ = *from++;
    case 1:      *to++ = *from++;
            } while (--n > 0);
    }
}

/* A state machine with a switch inside a loop: counts words, numbers and other chars. */
static void scan(const char *s, int *words, int *nums, int *other) {
    enum { OUT, WORD, NUM } st = OUT;
    *words = *nums = *other = 0;
    for (;; s++) {
        char c = *s;
        switch (st) {
        case OUT:
            if (c >= 'a' && c <= 'z') { st = WORD; (*words)++; }
            else if (c >= '0' && c <= '9') { st = NUM; (*nums)++; }
            else if (c && c != ' ') (*other)++;
            break;
        case WORD:
            if (!(c >= 'a' && c <= 'z')) { st = OUT; s--; }
            break;
        case NUM:
            if (!(c >= '0' && c <= '9')) { st = OUT; s--; }
            break;
        }
        if (!c && st == OUT) break;
    }
}

int main(void) {
    for (int i = -1; i < 14; i++) printf("%s ", dense(i));
    printf("\n");
    long probes[] = {-1000000, -7, 0, 13, 4096, 1L << 40, 0x7fffffffffffffffL, 5, -8, 1L << 41};
    for (int i = 0; i < 10; i++) printf("%d", sparse(probes[i]));
    printf("\n");
    for (int i = 0; i <= 5; i++) printf("fall(%d)=%d\n", i, fall(i));
    const char *txt = "hello 42\tworld 7!";
    int h = 0;
    for (const char *p = txt; *p; p++) h = h * 5 + classify(*p);
    printf("classify hash=%d c(-128)=%d\n", h, classify((char)-128));
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++) printf("%d ", nested(a, b));
    printf("\n");
    char dst[64];
    const char *src = "Duff's device copies this string!";
    for (int n = 0; n <= (int)strlen(src); n += 5) {
        memset(dst, 0, sizeof dst);
        duff(dst, src, n ? n : 1);
        printf("duff %d: %s\n", n ? n : 1, dst);
    }
    int w, nu, o;
    scan("abc 123 x9 ++ yz 0", &w, &nu, &o);
    printf("scan words=%d nums=%d other=%d\n", w, nu, o);
    long big = 0;
    for (int i = 0; i < 100000; i++) {
        switch (i % 16) {
        case 0: big += 3; break;
        case 1: big -= 1; break;
        case 2: big ^= i; break;
        case 3: big += i % 7; break;
        case 5: big *= 1; break;
        case 8: big += 100; break;
        case 13: big -= 50; break;
        case 15: big += big & 1; break;
        default: big++;
        }
    }
    printf("loop switch %ld\n", big);
    return fall(2) % 256;
}
