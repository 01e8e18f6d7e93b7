// tmpfile(), fprintf/fscanf round trips, fgetpos/fsetpos, fmemopen and open_memstream.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    FILE *t = tmpfile();
    if (!t) { printf("tmpfile failed\n"); return 1; }
    for (int i = 0; i < 10; i++) fprintf(t, "%d %s %.3f\n", i * 7, i % 2 ? "odd" : "even", i / 8.0);
    fpos_t mark;
    fgetpos(t, &mark);
    fprintf(t, "tail 1 2 3\n");
    rewind(t);
    int n;
    char word[8];
    double d;
    double total = 0;
    long isum = 0;
    while (fscanf(t, "%d %7s %lf", &n, word, &d) == 3) {
        isum += n;
        total += d;
    }
    printf("isum=%ld total=%.3f\n", isum, total);
    fsetpos(t, &mark);
    char line[32];
    fgets(line, sizeof line, t);
    printf("after fsetpos: %s", line);
    fclose(t);

    char src[] = "alpha beta 42 gamma";
    FILE *m = fmemopen(src, strlen(src), "r");
    char a[8], b[8], c[8];
    int k;
    int got = fscanf(m, "%7s %7s %d %7s", a, b, &k, c);
    printf("fmemopen got=%d %s|%s|%d|%s\n", got, a, b, k, c);
    fclose(m);

    char *buf = NULL;
    size_t size = 0;
    FILE *ms = open_memstream(&buf, &size);
    for (int i = 0; i < 100; i++) fprintf(ms, "%d;", i);
    fflush(ms);
    printf("memstream size=%zu\n", size);
    fprintf(ms, "END");
    fclose(ms);
    printf("memstream final size=%zu head=%.12s tail=%s\n", size, buf, buf + size - 8);
    free(buf);

    char out[64];
    FILE *w = fmemopen(out, sizeof out, "w");
    fprintf(w, "%s-%05d", "fmem", 77);
    fclose(w);
    printf("fmemopen write: %s\n", out);
    return 0;
}
