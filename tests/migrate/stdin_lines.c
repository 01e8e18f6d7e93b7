// Reads lines from a pipe that delivers one every 50 ms: the program is nearly always blocked in read, where the migration request finds it.
// stdin: alpha\n
// stdin: bravo\n
// stdin: charlie\n
// stdin: delta\n
// stdin: echo\n
// stdin: foxtrot\n
// stdin: golf\n
// stdin: hotel\n
// stdin: india\n
// stdin: juliett\n
// stdin: kilo\n
// stdin: lima\n
// stdin: mike\n
// stdin: november\n
// stdin: oscar\n
// stdin: papa\n
// stdin: quebec\n
// stdin: romeo\n
// stdin: sierra\n
// stdin: tango\n
// stdin-pace: 50ms
// migrate-after: 300ms
// stderr-on-hop: read: blocked on {from}, returned on {to}
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

int main(void) {
    char line[128];
    unsigned long sum = 0;
    int n = 0;
    struct utsname before, after;
    for (;;) {
        uname(&before);
        char *got = fgets(line, sizeof line, stdin);
        uname(&after);
        /* Only a migration inside fgets (blocked in read) moves the call. */
        if (strcmp(before.machine, after.machine))
            fprintf(stderr, "read: blocked on %s, returned on %s\n", before.machine, after.machine);
        if (!got)
            break;
        n++;
        for (char *c = line; *c; c++)
            sum = sum * 131 + (unsigned char)*c;
        printf("%2d %s", n, line);
    }
    printf("%d lines, checksum %lu\n", n, sum);
    return 0;
}
