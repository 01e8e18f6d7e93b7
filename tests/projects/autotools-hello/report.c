/* Prints what configure found: the same on every ISA of a migcc build. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif
#include <stdio.h>

#include "report.h"

void report_configuration(void)
{
    printf("package: %s\n", PACKAGE_STRING);
#ifdef HAVE_STDINT_H
    printf("have stdint.h: yes\n");
#endif
#ifdef HAVE_UNISTD_H
    printf("have unistd.h: yes\n");
#endif
#ifdef HAVE_NO_SUCH_HEADER_MIGCC_H
    printf("have no_such_header_migcc.h: yes (wrong)\n");
#endif
#ifdef HAVE_STRDUP
    printf("have strdup: yes\n");
#endif
#ifdef HAVE_STRTOULL
    printf("have strtoull: yes\n");
#endif
#ifdef HAVE_NO_SUCH_FUNCTION_MIGCC
    printf("have no_such_function_migcc: yes (wrong)\n");
#endif
    printf("sizeof(long) = %d, sizeof(void *) = %d\n", SIZEOF_LONG, SIZEOF_VOID_P);
    printf("sizeof(long) matches: %s\n", SIZEOF_LONG == sizeof(long) ? "yes" : "no");
    printf("sizeof(long double) matches: %s\n",
           SIZEOF_LONG_DOUBLE == sizeof(long double) ? "yes" : "no");
#ifdef WORDS_BIGENDIAN
    printf("big endian\n");
#else
    printf("little endian\n");
#endif
#ifdef HELLO_CHAR_SIGNED
    printf("char is signed\n");
#endif
}
