// A section migcc cannot honour (musl never runs .preinit_array) is refused, naming the object, the section and the file.
// expect-error: section_preinit_array.c: `early_hook` is placed in section `.preinit_array`
// expect-error: musl's start-up and exit run only .init_array and .fini_array
#include <stdio.h>

static void early(void) { puts("early"); }
__attribute__((used, section(".preinit_array"))) static void (*early_hook)(void) = early;

int main(void) { return 0; }
