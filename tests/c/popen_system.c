// popen for reading and writing, pclose exit status, and system() return values.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

int main(void) {
    FILE *p = popen("echo hello from sh; echo second line", "r");
    if (!p) { printf("popen failed\n"); return 1; }
    char buf[64];
    while (fgets(buf, sizeof buf, p)) printf("read: %s", buf);
    int st = pclose(p);
    printf("pclose exited=%d code=%d\n", WIFEXITED(st), WEXITSTATUS(st));

    p = popen("exit 5", "r");
    st = pclose(p);
    printf("pclose code=%d\n", WEXITSTATUS(st));

    fflush(stdout);
    p = popen("tr a-z A-Z", "w");
    fprintf(p, "upper case me\n");
    fflush(p);
    st = pclose(p);
    printf("writer code=%d\n", WEXITSTATUS(st));

    fflush(stdout);
    int rc = system("echo system says hi");
    printf("system rc=%d\n", WEXITSTATUS(rc));
    rc = system("exit 3");
    printf("system exit 3 -> %d\n", WEXITSTATUS(rc));
    printf("system(NULL)=%d\n", system(NULL) != 0);
    /* counting output of a pipeline */
    p = popen("seq 1 1000 | awk '{s+=$1} END {print s}'", "r");
    long total = 0;
    if (fscanf(p, "%ld", &total) != 1) total = -1;
    pclose(p);
    printf("pipeline sum=%ld\n", total);
    return 0;
}
