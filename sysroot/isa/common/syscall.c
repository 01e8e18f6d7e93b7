/* Syscall entry points for portable code: canonical numbers and layouts in,
 * raw kernel result (-errno on error) out. The translation itself is in
 * <isa>/xlate.c. */
#include "migcc_isa.h"

long __migcc_syscall(long n, long a, long b, long c, long d, long e, long f)
{
	return __migcc_xsyscall(0, n, a, b, c, d, e, f);
}

/* musl's cancellable syscall (see src/thread/pthread_cancel.c). The cancel
 * flag check and the syscall instruction are in __migcc_cp_syscall, between
 * __cp_begin and __cp_end. Translation runs outside that window, before or
 * after it: a cancellation request arriving there is treated as by musl's
 * own code outside the window (the flag check at __cp_begin acts on it, or,
 * once the syscall is done, the next cancellation point does). */
long __syscall_cp_asm(volatile int *cancel, long n, long a, long b, long c, long d, long e, long f)
{
	return __migcc_xsyscall(cancel, n, a, b, c, d, e, f);
}
