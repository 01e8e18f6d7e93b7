/* Reads expressions from stdin, one per line; prints each result.
 * Usage: calc [precision]. Exit status: the number of lines in error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calc.h"

int main(int argc, char **argv)
{
    int precision = argc > 1 ? atoi(argv[1]) : 10;
    char line[256];
    int errors = 0, lineno = 0;
    calc_set_var("pi", 3.14159265358979323846);
    while (fgets(line, sizeof line, stdin)) {
        lineno++;
        line[strcspn(line, "\n")] = '\0';
        if (line[strspn(line, " \t")] == '\0' || line[strspn(line, " \t")] == '#')
            continue;
        struct calc_error err;
        double v = calc_eval(line, &err);
        if (err.failed) {
            printf("%d: error: %s\n", lineno, err.message);
            errors++;
            continue;
        }
        char out[64];
        format_result(out, sizeof out, v, precision);
        printf("%d: %s = %s\n", lineno, line, out);
    }
    printf("%zu variables, %zu builtins\n", calc_var_count(), builtin_count());
    return errors;
}
