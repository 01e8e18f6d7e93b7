/* The migration runtime: the other half of the instrumentation that migcc
 * adds to every program (llvm-pass/src/migrate/, contract in
 * migrate_abi.h).
 *
 * - __migcc_mode tells instrumented code what to do; __migcc_point() is
 *   called at a migration point when the mode is not zero.
 * - The shadow stack: each thread's pointer, behind __migcc_ssp_slot(), which
 *   instrumented code inlines. The main thread's stack lives at a fixed
 *   address; until a second thread starts, the pointer is a plain global,
 *   because instrumented code runs before musl has set up thread-local
 *   storage.
 * - __migcc_main() is the bottom frame: it calls main(), and when main()
 *   returns because the stack unwound, the whole stack is in frame records.
 *
 * MIGCC_SELFTEST_EVERY=N (environment): unwind the whole stack at every
 * N-th migration point and rewind it at once, on the same ISA; with
 * MIGCC_SELFTEST_EVERY=doubling, at points 1, 3, 7, 15, ... It exercises
 * every frame's save and restore code without moving, and reports how often
 * it did on stderr at exit. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "migrate_abi.h"
#include "migcc_zones.h"

long __migcc_syscall(long, long, long, long, long, long, long);
int main();

#define THREAD_SHADOW_STACK_SIZE (8UL << 20)

/* Nothing here is instrumented for migration: this is the runtime that
 * drives it (llvm-pass/src/migrate/analysis.rs). Functions defined elsewhere
 * are declared above: the annotation would follow them (main!). */
#pragma clang attribute push(__attribute__((annotate("migcc.runtime"))), apply_to = function)

volatile int __migcc_mode;
char *__migcc_rec_sp;

static char *main_shadow_sp;
static _Thread_local char *thread_shadow_sp;
static _Thread_local char *thread_shadow_base;
static volatile int threaded;

/* Out of line: reading the thread pointer must not be speculated into the
 * single-threaded path, where it may not be set up yet (x86_64 faults). */
__attribute__((noinline)) static char **thread_shadow_sp_slot(void)
{
	return &thread_shadow_sp;
}

/* Inlined into every instrumented function's prologue and epilogue. */
__attribute__((always_inline)) char **__migcc_ssp_slot(void)
{
	if (__builtin_expect(threaded, 0))
		return thread_shadow_sp_slot();
	return &main_shadow_sp;
}

_Noreturn static void fail(const char *msg)
{
	/* Instrumented code (strlen) must not see a rewinding or unwinding mode. */
	__migcc_mode = 0;
	__migcc_syscall(SYS_write, 2, (long)msg, strlen(msg), 0, 0, 0);
	abort();
}

/* Called by __migcc_start once the zones are reserved (zones.c), before any
 * instrumented code with a shadow frame runs. */
void __migcc_runtime_init(void)
{
	main_shadow_sp = __migcc_shadow_stack_top;
	__migcc_rec_sp = __migcc_records_base;
}

/* In the creating thread, before the first other thread exists: from now
 * on the pointer is thread-local, the main thread's included. */
void __migcc_thread_create(void)
{
	if (!threaded) {
		thread_shadow_sp = main_shadow_sp;
		threaded = 1;
	}
}

void __migcc_thread_start(void)
{
	long base = __migcc_syscall(SYS_mmap, 0, THREAD_SHADOW_STACK_SIZE, PROT_READ | PROT_WRITE,
	                            MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if ((unsigned long)base > -4096UL)
		fail("migcc: error: cannot map a thread's shadow stack\n");
	thread_shadow_base = (char *)base;
	thread_shadow_sp = (char *)base + THREAD_SHADOW_STACK_SIZE;
}

/* The thread runs no more portable code with a frame after this. */
void __migcc_thread_exit(void)
{
	if (thread_shadow_base)
		__migcc_syscall(SYS_munmap, (long)thread_shadow_base, THREAD_SHADOW_STACK_SIZE, 0, 0, 0, 0);
}

extern volatile int __migcc_handler_depth;

static unsigned long selftest_every, countdown, rewinds, refused;
static volatile int bottom_active;

/* 0: fixed; otherwise the interval doubles after each unwind (1, 2, 4, ...
 * points), which reaches early and late points of any program cheaply. */
static int selftest_doubling;

/* While the stack unwinds and rewinds, the frame records are in flux: a
 * user's signal handler, which is instrumented code, must not run then.
 * Every signal waits from the start of the unwind to the end of the rewind
 * (here, or on the destination: the mask before the move is in memory that
 * migrates, and comes back with it). */
static unsigned long mask_before_move;

static void hold_signals(void)
{
	unsigned long all = ~0UL;
	__migcc_syscall(SYS_rt_sigprocmask, SIG_BLOCK, (long)&all, (long)&mask_before_move, 8, 0, 0);
}

static void release_signals(void)
{
	__migcc_syscall(SYS_rt_sigprocmask, SIG_SETMASK, (long)&mask_before_move, 0, 8, 0, 0);
}

static void arm(void)
{
	if (selftest_every) {
		countdown = selftest_every;
		if (selftest_doubling)
			selftest_every *= 2;
		__atomic_fetch_or(&__migcc_mode, MIGCC_MODE_PENDING, __ATOMIC_SEQ_CST);
	}
}

void __migcc_point(void)
{
	int mode = __migcc_mode;
	if (mode & MIGCC_MODE_REWINDING) {
		/* The innermost frame is back: the program runs on. */
		__atomic_fetch_and(&__migcc_mode, ~MIGCC_MODE_REWINDING, __ATOMIC_SEQ_CST);
		rewinds++;
		release_signals();
		arm();
		return;
	}
	/* Only while main runs above the bottom frame can the stack unwind to
	 * it; a request before (start-up) or after (exit handlers) waits, as
	 * does one that finds a user's signal handler running (signals.c). */
	if (!(mode & MIGCC_MODE_PENDING) || !bottom_active || __migcc_handler_depth)
		return;
	if (countdown && --countdown)
		return;
	if (threaded) {
		/* Threads do not migrate yet: drop the request. */
		__atomic_fetch_and(&__migcc_mode, ~MIGCC_MODE_PENDING, __ATOMIC_SEQ_CST);
		refused++;
		return;
	}
	hold_signals();
	__migcc_mode = MIGCC_MODE_UNWINDING;
}

_Noreturn void __migcc_rewind_mismatch(unsigned expected, unsigned found)
{
	char msg[160];
	__migcc_mode = 0;
	snprintf(msg, sizeof msg,
	         "migcc: error: function %u found the frame record of function %u while rewinding "
	         "(the checkpoint does not match this build)\n", expected, found);
	fail(msg);
}

/* The self-test's evidence that it moved the stack, on stderr at exit. */
static void report(void)
{
	char msg[128];
	int n = snprintf(msg, sizeof msg, "migcc: self-test: %lu unwinds and rewinds, %lu refused (threads)\n",
	                 rewinds, refused);
	__migcc_syscall(SYS_write, 2, (long)msg, n, 0, 0, 0);
}

void __migcc_interrupt_blocked_call(void *context);

/* SA_RESTART: system calls restart as if no request had come, except a
 * blocking call issued by blocking.c's loop, which the request interrupts
 * (threads do not migrate yet: their calls restart). */
#define REQUEST_FLAGS (SA_SIGINFO | SA_RESTART)

static void on_migrate_signal(int sig, siginfo_t *info, void *context)
{
	(void)sig, (void)info;
	__atomic_fetch_or(&__migcc_mode, MIGCC_MODE_PENDING, __ATOMIC_SEQ_CST);
	if (!threaded)
		__migcc_interrupt_blocked_call(context);
}

/* First thing at start-up, before musl or a restore runs: a request that
 * arrives early must not kill the process (SIGPWR's default). The raw
 * system call takes the virtual ISA's k_sigaction; the per-ISA layer
 * translates it. A request that arrives during a restore is lost with the
 * memory it set; the supervisor asks again. */
void __migcc_catch_requests(void)
{
	struct { void (*handler)(int, siginfo_t *, void *); unsigned long flags; unsigned long mask; } ksa = {
		on_migrate_signal, REQUEST_FLAGS, 0
	};
	__migcc_syscall(SYS_rt_sigaction, MIGCC_SIGNAL, (long)&ksa, 0, 8, 0, 0);
}

int __migcc_checkpoint_write(const char *dir, int argc, char **argv, char **envp);

/* Where to write the checkpoint when the stack has unwound (the
 * supervisor's MIGCC_CHECKPOINT_DIR); without one, the self-test rewinds. */
static const char *checkpoint_dir;

static void setup(const char *dir)
{
	checkpoint_dir = dir;
	const char *every = getenv("MIGCC_SELFTEST_EVERY");
	if (every) {
		selftest_doubling = !strcmp(every, "doubling");
		selftest_every = selftest_doubling ? 1 : strtoul(every, 0, 10);
		atexit(report);
	}
	struct sigaction sa = { .sa_sigaction = on_migrate_signal, .sa_flags = REQUEST_FLAGS };
	sigaction(MIGCC_SIGNAL, &sa, 0);
	arm();
}

static int run(int argc, char **argv, char **envp)
{
	/* Through a pointer the optimiser cannot see through: main stays a frame
	 * (and a function) of its own. */
	int (*volatile entry)() = main;
	for (;;) {
		bottom_active = 1;
		int status = entry(argc, argv, envp);
		bottom_active = 0;
		if (!(__migcc_mode & MIGCC_MODE_UNWINDING))
			return status;
		/* Every frame is in a record now. */
		__migcc_mode = 0;
		if (checkpoint_dir) {
			/* A request arriving now would change memory being saved. */
			unsigned long block = 1UL << (MIGCC_SIGNAL - 1), old;
			__migcc_syscall(SYS_rt_sigprocmask, SIG_BLOCK, (long)&block, (long)&old, 8, 0, 0);
			if (!__migcc_checkpoint_write(checkpoint_dir, argc, argv, envp))
				__migcc_syscall(SYS_exit_group, MIGCC_EXIT_MIGRATED, 0, 0, 0, 0, 0);
			__migcc_syscall(SYS_rt_sigprocmask, SIG_SETMASK, (long)&old, 0, 8, 0, 0);
			static const char msg[] = "migcc: error: cannot write the checkpoint; the program continues here\n";
			__migcc_syscall(SYS_write, 2, (long)msg, sizeof msg - 1, 0, 0, 0);
		}
		__migcc_mode = MIGCC_MODE_REWINDING;
	}
}

/* The bottom frame: musl's start-up calls this instead of main. */
int __migcc_main(int argc, char **argv, char **envp)
{
	setup(getenv("MIGCC_CHECKPOINT_DIR"));
	return run(argc, argv, envp);
}

/* After a restore (checkpoint.c): the stack is in the records. */
_Noreturn void __migcc_resume(int argc, char **argv, char **envp, const char *dir)
{
	setup(dir);
	__migcc_mode = MIGCC_MODE_REWINDING;
	exit(run(argc, argv, envp));
}

#pragma clang attribute pop
