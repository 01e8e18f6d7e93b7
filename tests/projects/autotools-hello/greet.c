#ifdef HAVE_CONFIG_H
#include <config.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "greet.h"

char *greet(const char *name)
{
    size_t n = strlen(name) + sizeof "Hello, !";
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "Hello, %s!", name);
    return s;
}

size_t count_vowels(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += strchr("aeiouAEIOU", *s) != NULL;
    return n;
}
