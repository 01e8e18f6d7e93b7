// An open file (offset and flags), strtok's and rand's hidden state, the environment and cwd all survive the moves.
// args: 3000
// env: MIGRATE_TEST_LABEL=kept
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 10;
    char start_cwd[4096], cwd[4096];
    getcwd(start_cwd, sizeof start_cwd);
    FILE *log = fopen("state.log", "w+");
    if (!log) { perror("state.log"); return 1; }
    srand(7);
    char words[] = "alpha beta gamma delta epsilon zeta eta theta";
    char *tok = strtok(words, " ");
    unsigned long mix = 0;
    for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < 20000; i++) mix = mix * 6364136223846793005UL + (unsigned)rand();
        if (!tok) tok = strtok(NULL, " ");
        fprintf(log, "%d %s %lu\n", r, tok ? tok : "-", mix % 1000);
        tok = strtok(NULL, " ");
    }
    fflush(log);
    long size = ftell(log);
    rewind(log);
    char line[128];
    unsigned long lines = 0, sum = 0;
    while (fgets(line, sizeof line, log)) { lines++; sum += strlen(line); }
    fclose(log);
    printf("%lu lines, %lu bytes (ftell %ld), label %s, same cwd: %s\n", lines, sum, size,
           getenv("MIGRATE_TEST_LABEL"), strcmp(getcwd(cwd, sizeof cwd), start_cwd) ? "no" : "yes");
    return 0;
}
