#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "greet.h"

int main(void)
{
    char *s = greet("migcc");
    int ok = s && strcmp(s, "Hello, migcc!") == 0 && count_vowels("migcc") == 1;
    printf("selftest: %s\n", ok ? "ok" : "FAILED");
    free(s);
    return ok ? 0 : 1;
}
