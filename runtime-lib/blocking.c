/* Blocking system calls as migration points.
 *
 * musl issues the system calls that may block (read, write, accept,
 * connect, recv, poll, select, epoll_wait, nanosleep, wait4, the futex waits
 * of condition variables and semaphores, sigsuspend, ...) through
 * __syscall_cp, its cancellation points, except stdio's reads and writes
 * and flock, which musl patch 0007 sends to __migcc_blocking_syscall. This
 * file replaces musl's src/thread/__syscall_cp.c (sysroot/src/portable_libc.rs
 * leaves it out) with a loop that re-issues a call the migration request
 * interrupted:
 *
 *   for (;;) {              <- loop header: a migration point
 *       issue the call;
 *       if the request did not interrupt it: return its result;
 *       shrink its relative timeout by the time it waited;
 *   }
 *
 * The request handler (migrate.c) is installed with SA_RESTART, so every
 * other system call restarts as before. A call that blocks here is one of
 * two kinds, and the handler recognises both from the interrupted context,
 * as musl's cancellation handler does:
 * - restartable calls (read, accept, futex waits without a timeout, ...):
 *   the kernel (and qemu-user, which lets the host kernel decide) rewinds
 *   the program counter to the system call instruction, inside
 *   [__cp_begin, __cp_end) of the per-ISA layer (<isa>/entry.S). A request
 *   that arrives in that window before the call is issued is seen the same
 *   way. The handler moves the program counter to __cp_end with -EINTR as
 *   the result: the call returns without being (re-)issued.
 * - calls that any handler interrupts (nanosleep, poll, select, epoll_wait,
 *   timed futex waits, sigtimedwait, sigsuspend): the kernel returns -EINTR
 *   at __cp_end. Only the first signal delivered on the way back to user
 *   space sees that context; a user signal delivered before the request
 *   leaves its own handler's entry in the context instead.
 * Either way the handler marks the call interrupted, and only then does the
 * loop re-issue it: an EINTR caused by a user signal reaches the program as
 * it would without migcc, and a user handler installed with SA_RESTART
 * restarts the call as before. The loop runs as portable, instrumented
 * code, so its header is a migration point: a pending request unwinds the
 * stack from there, and the rewound frame (on this or another ISA) issues
 * the call again.
 *
 * Relative timeouts are re-issued with what is left of them, measured on
 * CLOCK_MONOTONIC up to the interruption; the time spent migrating does not
 * count. clock_nanosleep's absolute deadlines are the program's readings of
 * its clock (clocks.c): each issue gives the kernel the deadline on its
 * own clock, which has another base after a move. (musl issues no absolute
 * futex waits: it converts deadlines to relative timeouts first.) */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>

/* Linux's futex(2) operation encoding. */
#define FUTEX_WAIT 0
#define FUTEX_CMD_MASK 127

void __migcc_clock_deadline_for_kernel(clockid_t, struct timespec *);

/* musl's: the cancellable system call (src/thread/pthread_cancel.c when a
 * program can be cancelled, else the fallback below). */
long __syscall_cp_c(long, long, long, long, long, long, long);
/* The per-ISA layer's (<isa>/entry.S, common/syscall.c, common/thread.c). */
long __syscall_cp_asm(volatile int *, long, long, long, long, long, long, long);
extern const char __cp_begin[] __attribute__((visibility("hidden")));
extern const char __cp_end[] __attribute__((visibility("hidden")));
unsigned long *__migcc_ucontext_pc(void *), *__migcc_ucontext_result(void *);

/* Set around the system call by the loop; `interrupted` by the handler:
 * the request interrupted the call being issued. */
static volatile int in_call, interrupted;

/* ---- the loop: portable, instrumented code ---- */

/* Without musl's pthread_cancel (a program that never cancels a thread),
 * the call still goes through the per-ISA layer's window, which the
 * handler recognises; its cancellation flag is never set. */
static volatile int never_cancelled;
__attribute__((weak)) long __syscall_cp_c(long nr, long a, long b, long c, long d, long e, long f)
{
	return __syscall_cp_asm(&never_cancelled, nr, a, b, c, d, e, f);
}

/* Which argument of call nr holds a relative timeout: a struct timespec
 * pointer (null: none), or, when *in_ms, a count of milliseconds (negative:
 * none). -1 if the call has no relative timeout. */
static int relative_timeout(long nr, const long *arg, int *in_ms)
{
	*in_ms = 0;
	switch (nr) {
	case SYS_nanosleep:
		return 0;
	case SYS_clock_nanosleep:
		return arg[1] & TIMER_ABSTIME ? -1 : 2;
	case SYS_ppoll:
	case SYS_rt_sigtimedwait:
		return 2;
	case SYS_pselect6:
		return 4;
	case SYS_futex:
		return (arg[1] & FUTEX_CMD_MASK) == FUTEX_WAIT ? 3 : -1;
	case SYS_epoll_pwait:
		*in_ms = 1;
		return 3;
	}
	return -1;
}

static long nanoseconds(const struct timespec *t)
{
	return t->tv_sec * 1000000000L + t->tv_nsec;
}

/* Never inlined: its loop is the migration point of every blocking call,
 * and inlined into musl's callers (library code, whose loops are not
 * points: llvm-pass/src/migrate/analysis.rs) it would stop being one. */
__attribute__((noinline)) static long reissued(int cancellable, long nr, long a, long b, long c, long d, long e,
                                               long f)
{
	long arg[6] = { a, b, c, d, e, f };
	int in_ms;
	int timeout = relative_timeout(nr, arg, &in_ms);
	/* The timeout the call is issued with: a copy, as the caller's may be
	 * const, and the kernel updates ppoll's and pselect6's in place. */
	struct timespec left;
	long left_ns = 0, started = 0;
	if (timeout >= 0 && (in_ms ? (int)arg[timeout] < 0 : !arg[timeout]))
		timeout = -1;
	if (timeout >= 0) {
		if (in_ms) {
			left_ns = (int)arg[timeout] * 1000000L;
		} else {
			left = *(const struct timespec *)arg[timeout];
			left_ns = nanoseconds(&left);
			arg[timeout] = (long)&left;
		}
	}
	struct timespec deadline, deadline_for_kernel;
	int absolute = nr == SYS_clock_nanosleep && (arg[1] & TIMER_ABSTIME) && arg[2];
	if (absolute) {
		deadline = *(const struct timespec *)arg[2];
		arg[2] = (long)&deadline_for_kernel;
	}
	for (;;) {
		struct timespec now;
		if (absolute) {
			deadline_for_kernel = deadline;
			__migcc_clock_deadline_for_kernel(arg[0], &deadline_for_kernel);
		}
		if (timeout >= 0) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			started = nanoseconds(&now);
		}
		/* A user's signal handler may issue a call of its own while this
		 * one is in the window (or just out of it): the state is the
		 * innermost call's, and the outer one's comes back after. */
		int outer_in_call = in_call, outer_interrupted = interrupted;
		interrupted = 0;
		in_call = 1;
		long r = cancellable ? __syscall_cp_c(nr, arg[0], arg[1], arg[2], arg[3], arg[4], arg[5])
		                     : __syscall_cp_asm(&never_cancelled, nr, arg[0], arg[1], arg[2], arg[3], arg[4], arg[5]);
		in_call = 0;
		int by_request = interrupted;
		interrupted = outer_interrupted;
		in_call = outer_in_call;
		if (!by_request)
			return r;
		if (timeout >= 0) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			left_ns -= nanoseconds(&now) - started;
			if (left_ns < 0)
				left_ns = 0;
			if (in_ms) {
				arg[timeout] = (left_ns + 999999) / 1000000;
			} else {
				left.tv_sec = left_ns / 1000000000L;
				left.tv_nsec = left_ns % 1000000000L;
			}
		}
	}
}

/* musl's cancellation points. */
__attribute__((visibility("hidden"))) long __syscall_cp(long nr, long a, long b, long c, long d, long e, long f)
{
	return reissued(1, nr, a, b, c, d, e, f);
}

/* Blocking calls that are not cancellation points in musl: stdio's reads
 * and writes, flock (musl patch 0007). */
__attribute__((visibility("hidden"))) long __migcc_blocking_syscall(long nr, long a, long b, long c, long d, long e,
                                                                    long f)
{
	return reissued(0, nr, a, b, c, d, e, f);
}

/* ---- the request handler's part: runtime, never instrumented ---- */
#pragma clang attribute push(__attribute__((annotate("migcc.runtime"))), apply_to = function)

/* Called by the request handler (migrate.c) of a single-threaded program
 * with the interrupted context: marks the call the loop above is issuing
 * as interrupted by the request, if it is. */
void __migcc_interrupt_blocked_call(void *context)
{
	if (!in_call)
		return;
	unsigned long *pc = __migcc_ucontext_pc(context), *result = __migcc_ucontext_result(context);
	if (*pc >= (uintptr_t)__cp_begin && *pc < (uintptr_t)__cp_end) {
		*pc = (uintptr_t)__cp_end;
		*result = -EINTR;
		interrupted = 1;
	} else if (*pc == (uintptr_t)__cp_end && (long)*result == -EINTR) {
		interrupted = 1;
	}
}

#pragma clang attribute pop
