// The complete environment reaches the program unchanged: names and values of every variable, sorted (PATH excluded).
// env: ZED=last
// env: ALPHA=1
// env: MIXED_case=Value With Spaces
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv, char **envp) {
    (void)argc; (void)argv;
    int n = 0;
    while (environ[n]) n++;
    int m = 0;
    while (envp[m]) m++;
    printf("envp matches environ: %d\n", n == m && envp == environ);
    char **v = malloc((size_t)n * sizeof *v);
    memcpy(v, environ, (size_t)n * sizeof *v);
    qsort(v, (size_t)n, sizeof *v, cmp);
    int shown = 0;
    for (int i = 0; i < n; i++) {
        if (strncmp(v[i], "PATH=", 5) == 0) continue;
        printf("%s\n", v[i]);
        shown++;
    }
    printf("count=%d\n", shown);
    free(v);
    return shown;
}
