/* Canonical syscalls on riscv64: the canonical ISA itself, nothing to
 * translate. */
#include "migcc_isa.h"

long __migcc_xsyscall(volatile int *cancel, long n, long a, long b, long c, long d, long e, long f)
{
	return migcc_native(cancel, n, a, b, c, d, e, f);
}
