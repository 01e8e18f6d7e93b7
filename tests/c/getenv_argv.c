// argv and the environment: argc/argv contents, getenv, setenv/unsetenv/putenv, and the whole environ as given.
// args: first "two words" --flag=value '' last
// env: MIGCC_TEST_A=alpha
// env: MIGCC_TEST_B=with spaces and = sign
// env: EMPTY_VAR=
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv) {
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++) printf("argv[%d]=[%s] len=%zu\n", i, argv[i], strlen(argv[i]));
    printf("argv[argc] is null: %d\n", argv[argc] == NULL);
    printf("A=%s\n", getenv("MIGCC_TEST_A"));
    printf("B=%s\n", getenv("MIGCC_TEST_B"));
    const char *e = getenv("EMPTY_VAR");
    printf("EMPTY set=%d len=%zu\n", e != NULL, e ? strlen(e) : 0);
    printf("missing=%s\n", getenv("MIGCC_SURELY_NOT_SET") ? "set" : "(null)");
    setenv("MIGCC_NEW", "created", 0);
    setenv("MIGCC_TEST_A", "not overwritten", 0);
    printf("new=%s A=%s\n", getenv("MIGCC_NEW"), getenv("MIGCC_TEST_A"));
    setenv("MIGCC_TEST_A", "overwritten", 1);
    printf("A=%s\n", getenv("MIGCC_TEST_A"));
    unsetenv("MIGCC_NEW");
    printf("after unset=%s\n", getenv("MIGCC_NEW") ? "set" : "(null)");
    static char put[] = "MIGCC_PUT=via putenv";
    putenv(put);
    printf("put=%s\n", getenv("MIGCC_PUT"));
    /* Only the variables the test declared (plus PATH) may be visible: list the names we set. */
    int n = 0;
    for (char **p = environ; *p; p++) n++;
    char **copy = malloc((size_t)n * sizeof *copy);
    for (int i = 0; i < n; i++) copy[i] = environ[i];
    qsort(copy, (size_t)n, sizeof *copy, cmp);
    for (int i = 0; i < n; i++)
        if (strncmp(copy[i], "MIGCC_", 6) == 0 || strncmp(copy[i], "EMPTY", 5) == 0) printf("env: %s\n", copy[i]);
    free(copy);
    return argc;
}
