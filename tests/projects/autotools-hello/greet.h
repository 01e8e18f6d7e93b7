#ifndef GREET_H
#define GREET_H
#include <stddef.h>
char *greet(const char *name);
size_t count_vowels(const char *s);
#endif
