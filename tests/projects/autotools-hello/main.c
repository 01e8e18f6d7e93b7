#ifdef HAVE_CONFIG_H
#include <config.h>
#endif
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "greet.h"
#include "report.h"

int main(int argc, char **argv)
{
    const char *name = argc > 1 ? argv[1] : "world";
    char *msg = greet(name);
    if (!msg)
        return 1;
    printf("%s\n", msg);
    printf("vowels in \"%s\": %zu\n", name, count_vowels(name));
    printf("sqrt(%zu) = %.6f\n", strlen(msg), sqrt((double)strlen(msg)));
#ifdef HAVE_STRDUP
    char *copy = strdup(msg);
    printf("copy equal: %s\n", strcmp(copy, msg) == 0 ? "yes" : "no");
    free(copy);
#endif
    free(msg);
    report_configuration();
    return argc > 2 ? atoi(argv[2]) : 0;
}
