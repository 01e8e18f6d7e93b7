/* migcc.h: a program built with `migcc -fmigratable` and its migrations.
 * docs/USAGE.md, "Migration from inside the program". */
#ifndef MIGCC_H
#define MIGCC_H

#ifdef __cplusplus
extern "C" {
#endif

/* Asks for a checkpoint at the program's next migration point, as `migcc
 * checkpoint` or the supervisor's signal would: under `migcc run
 * --migrate-to`, the program then moves to the next ISA; with a request
 * file, it writes where the request says; with neither, the stack unwinds
 * and rewinds in place. Returns at once. */
void migcc_request_migration(void);

/* NULL if this process started afresh; otherwise the ISA ("x86_64",
 * "aarch64", "riscv64") of the process whose checkpoint it resumed. */
const char *migcc_restored_from(void);

#ifdef __cplusplus
}
#endif

#endif
