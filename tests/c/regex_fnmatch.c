// libc pattern matching: POSIX regcomp/regexec (basic and extended, submatches, icase), fnmatch, glob over files made in the cwd.
#include <fnmatch.h>
#include <glob.h>
#include <regex.h>
#include <stdio.h>
#include <string.h>

static void match(const char *pat, int flags, const char *s) {
    regex_t re;
    int rc = regcomp(&re, pat, flags);
    if (rc) {
        char err[128];
        regerror(rc, &re, err, sizeof err);
        printf("regcomp(%s) failed: %s\n", pat, err);
        return;
    }
    regmatch_t m[4];
    rc = regexec(&re, s, 4, m, 0);
    printf("/%s/ on \"%s\": %s", pat, s, rc ? "no match" : "match");
    if (!rc)
        for (int i = 0; i < 4 && m[i].rm_so != -1; i++) printf(" [%d]=%.*s", i, (int)(m[i].rm_eo - m[i].rm_so), s + m[i].rm_so);
    printf("\n");
    regfree(&re);
}

int main(void) {
    match("([a-z]+)@([a-z]+)\\.com", REG_EXTENDED, "mail bob@example.com now");
    match("^[0-9]{3}-[0-9]{4}$", REG_EXTENDED, "555-1234");
    match("^[0-9]{3}-[0-9]{4}$", REG_EXTENDED, "555-12345");
    match("\\(ab\\)*c", 0, "xxababcyy");
    match("HELLO", REG_ICASE, "say hello");
    match("a|b|c", REG_EXTENDED | REG_NOSUB, "zzzc");
    match("(unclosed", REG_EXTENDED, "x");
    const char *pats[] = {"*.c", "a?c", "[a-c]*", "*/*", "\\*"};
    const char *strs[] = {"main.c", "abc", "cab", "dir/file", "*"};
    for (int i = 0; i < 5; i++) {
        printf("fnmatch %-6s:", pats[i]);
        for (int j = 0; j < 5; j++) printf(" %d", fnmatch(pats[i], strs[j], 0) == 0);
        printf(" | pathname: %d\n", fnmatch(pats[i], "dir/file", FNM_PATHNAME) == 0);
    }
    const char *files[] = {"g_one.txt", "g_two.txt", "g_three.log", "g_four.txt"};
    for (int i = 0; i < 4; i++) fclose(fopen(files[i], "w"));
    glob_t g;
    int rc = glob("g_*.txt", 0, NULL, &g);
    printf("glob rc=%d count=%zu:", rc, g.gl_pathc);
    for (size_t i = 0; i < g.gl_pathc; i++) printf(" %s", g.gl_pathv[i]);
    printf("\n");
    globfree(&g);
    rc = glob("nomatch*", 0, NULL, &g);
    printf("glob nomatch=%d\n", rc == GLOB_NOMATCH);
    for (int i = 0; i < 4; i++) remove(files[i]);
    return 0;
}
