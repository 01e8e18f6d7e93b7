// Calls that LLVM's library-call simplifier creates from other calls, so that
// the program calls functions its source never names: printf → puts/putchar,
// fprintf → fwrite/fputs/fputc, sprintf → strcpy/memcpy/stpcpy, strchr →
// memchr, memcmp == 0 → bcmp, malloc + memset → calloc, sin + cos → sincos,
// pow → sqrt/exp2/ldexp, exp2 → ldexp, strcat → strlen + memcpy, and more.
// Each must link and give the reference's output at every level.
// link: -lm
// opt: -O0 -O1 -O2 -O3 -Os -Oz
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static volatile int seven = 7;
static volatile double half = 0.5, two = 2.0, angle = 0.75;
static char buf[128];

__attribute__((noinline)) static void show(const char *what, const char *s) { fprintf(stdout, "%s: [%s]\n", what, s); }

static void stdio_rewrites(const char *word) {
    printf("plain line\n");               // puts
    printf("%s\n", word);                 // puts
    printf("x");                          // putchar
    printf("%c", '\n');                   // putchar
    fprintf(stdout, "constant text\n");   // fwrite
    fprintf(stdout, "%s", word);          // fputs
    fprintf(stdout, "%c", '\n');          // fputc
    fputs("y", stdout);                   // fputc
    fputs("fputs line\n", stdout);        // fwrite
    fwrite("z", 1, 1, stdout);            // fputc
    putchar('\n');
    puts("");                             // putchar
}

static void string_rewrites(const char *word) {
    sprintf(buf, "%s", word);             // strcpy / stpcpy
    show("sprintf %s", buf);
    sprintf(buf, "literal");              // memcpy
    show("sprintf literal", buf);
    int n = snprintf(buf, sizeof buf, "%s", word);
    printf("snprintf -> %d\n", n);
    char *end = strcpy(buf, word) + strlen(word);  // stpcpy
    strcat(buf, "-tail");                 // strlen + memcpy
    show("strcat", buf);
    printf("stpcpy end offset %d\n", (int)(end - buf));
    strncpy(buf, "ab", 6);                // memcpy + memset
    printf("strncpy %d %d %d\n", buf[0], buf[2], buf[5]);
    const char *hay = "the migratable haystack";
    printf("strchr %s\n", strchr(hay, 'h' + (seven - 7)));        // memchr (known length)
    printf("strrchr %s\n", strrchr(hay, 'a'));
    printf("strstr %s\n", strstr(hay, "h"));                     // strchr
    printf("strpbrk %s\n", strpbrk(hay, "y"));                   // strchr
    printf("strcmp %d\n", strcmp(word, "word") == 0);            // bcmp / memcmp
    printf("memcmp %d\n", memcmp(word, "wo", 2) == 0);           // bcmp
    printf("strncmp %d\n", strncmp(word, "wxyz", 1) == 0);
    printf("strspn %zu strcspn %zu\n", strspn(hay, "the "), strcspn(hay, "m"));
    printf("strlen %zu\n", strlen(word) + strlen("constant"));
    char *dup = strndup(word, 2);
    show("strndup", dup);
    free(dup);
}

static void memory_rewrites(void) {
    size_t n = (size_t)seven * 8;
    int *zeroed = malloc(n);              // malloc + memset → calloc
    if (!zeroed) return;
    memset(zeroed, 0, n);
    int sum = 0;
    for (int i = 0; i < seven * 2; i++) sum += zeroed[i];
    printf("calloc sum %d\n", sum);
    free(zeroed);
    char a[32], b[32];
    for (int i = 0; i < 32; i++) a[i] = (char)(i * 3);
    memmove(b, a, sizeof a);
    memmove(a + 1, a, 16);
    printf("memmove %d %d\n", b[31], a[16]);
    void *p = memccpy(b, "find;stop", ';', sizeof b);
    printf("memccpy %d\n", p ? (int)((char *)p - b) : -1);
}

static void math_rewrites(void) {
    double x = angle;
    printf("sin/cos %.17g %.17g\n", sin(x), cos(x));             // sincos
    printf("sinf/cosf %.9g %.9g\n", (double)sinf((float)x), (double)cosf((float)x));
    printf("pow half %.17g\n", pow(x, 0.5));                     // sqrt (with fabs)
    printf("pow two %.17g\n", pow(2.0, x));                      // exp2
    printf("pow int %.17g\n", pow(two, (double)seven));          // ldexp / exp2
    printf("exp2 int %.17g\n", exp2((double)seven));             // ldexp
    printf("exp2f int %.9g\n", (double)exp2f((float)seven));     // ldexpf
    printf("pow 10 %.17g\n", pow(10.0, x));                      // exp10 where known
    printf("pow -1 %.17g\n", pow(x, -1.0));                      // 1/x
    printf("pow 2 %.17g\n", pow(x, 2.0));                        // x*x
    printf("powf %.9g\n", (double)powf((float)x, 0.5f));
    printf("exp(log) %.17g\n", exp(log(x)));
    printf("log(pow) %.17g\n", log(pow(x, 3.0)));
    printf("sqrt(x*x) %.17g\n", sqrt(x * x));
    printf("fabs %.17g copysign %.17g\n", fabs(-x), copysign(x, -half));
    printf("fmin %.17g fmax %.17g\n", fmin(x, half), fmax(x, half));
    printf("round %.17g lround %ld llrint %lld\n", round(x * 10), lround(x * 10), llrint(x * 10));
    printf("cbrt %.17g hypot %.17g\n", cbrt(x), hypot(x, half));
    printf("atan2 %.17g tan %.17g\n", atan2(x, half), tan(x));
    printf("long double %.15Lg %.15Lg\n", sinl((long double)x), powl((long double)x, 0.5L));
    printf("abs %d labs %ld llabs %lld\n", abs(-seven), labs(-(long)seven), llabs(-(long long)seven));
    printf("ffs %d ffsl %d\n", ffs(seven << 4), ffsl((long)seven << 40));
}

int main(int argc, char **argv) {
    (void)argv;
    const char *word = argc > 5 ? "other" : "word";
    stdio_rewrites(word);
    string_rewrites(word);
    memory_rewrites();
    math_rewrites();
    return 0;
}
