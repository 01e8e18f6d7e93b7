#include <math.h>
#include <string.h>

#include "calc.h"

static double hypot_wrap(double a, double b) { return sqrt(a * a + b * b); }
static double min2(double a, double b) { return a < b ? a : b; }
static double max2(double a, double b) { return a > b ? a : b; }
static double sq(double a) { return a * a; }

static const struct builtin table[] = {
    {"sqrt", 1, sqrt, NULL},
    {"floor", 1, floor, NULL},
    {"ceil", 1, ceil, NULL},
    {"abs", 1, fabs, NULL},
    {"sq", 1, sq, NULL},
    {"pow", 2, NULL, pow},
    {"fmod", 2, NULL, fmod},
    {"hypot", 2, NULL, hypot_wrap},
    {"min", 2, NULL, min2},
    {"max", 2, NULL, max2},
};

const struct builtin *builtin_find(const char *name)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(table[i].name, name) == 0)
            return &table[i];
    return NULL;
}

size_t builtin_count(void)
{
    return sizeof table / sizeof table[0];
}
