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
#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <pthread.h>

#include "migcc.h"
#include "migrate_abi.h"
#include "migcc_checkpoint.h"
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

/* The supervisor's controls (start.c, migrate_abi.h), set again after a
 * restore: they belong to this process, not to the checkpoint. */
static const struct migcc_control *control;

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
void __migcc_runtime_init(const struct migcc_control *c)
{
	control = c;
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

int __migcc_unwind_barred(void);
int __migcc_setjmp_complete(void);
void __migcc_setjmp_unwound(void);

int __migcc_threads_started(void)
{
	return threaded;
}

/* A request (the signal) arrived; taken at the next migration point. */
static volatile int requested;
/* Countdowns in migration points to an unwind that the environment asked
 * for: MIGCC_MIGRATE_AT (once per process) and the self-test (again after
 * every rewind). 0: not armed. */
static unsigned long migrate_countdown, selftest_countdown, selftest_every;
/* 0: fixed; otherwise the self-test's interval doubles after each unwind
 * (1, 2, 4, ... points), which reaches early and late points of any
 * program cheaply. */
static int selftest_doubling;
/* Whether this unwind is the self-test's (rewind in place) or a
 * checkpoint's. */
static int unwinding_for_selftest;
static unsigned long rewinds, refused;
/* MIGCC_COUNT_POINTS: a shared mapping of the file it names, so that the
 * count survives any ending (abort, _exit, a signal). */
static volatile uint64_t *points_counted;
static volatile int bottom_active;
/* The thread that may unwind: the main thread of this process. */
static long main_tid;

/* Keeps every migration point calling __migcc_point while anything is
 * armed; otherwise the points cost a load and a branch. */
static void update_pending(void)
{
	if (requested || migrate_countdown || selftest_countdown || points_counted)
		__atomic_fetch_or(&__migcc_mode, MIGCC_MODE_PENDING, __ATOMIC_SEQ_CST);
	else
		__atomic_fetch_and(&__migcc_mode, ~MIGCC_MODE_PENDING, __ATOMIC_SEQ_CST);
	/* A request that raced with the clearing above must not be lost. */
	if (requested)
		__atomic_fetch_or(&__migcc_mode, MIGCC_MODE_PENDING, __ATOMIC_SEQ_CST);
}

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

static void arm_selftest(void)
{
	if (selftest_every) {
		selftest_countdown = selftest_every;
		if (selftest_doubling)
			selftest_every *= 2;
	}
}

static void count_down(unsigned long *countdown)
{
	if (*countdown)
		--*countdown;
}

/* Whether this process has children, running or not yet waited for. */
static int has_children(void)
{
	siginfo_t info;
	return __migcc_syscall(SYS_waitid, P_ALL, 0, (long)&info, WEXITED | WNOHANG | WNOWAIT, 0, 0) == 0;
}

/* Whether the program has a POSIX timer (timer_create): the kernel lists
 * each in /proc/self/timers (under qemu-user, the host's list for the
 * guest's timers). Their ids are the kernel's, and a fresh process on the
 * destination would get others. */
static int has_posix_timers(void)
{
	int fd = __migcc_syscall(SYS_openat, AT_FDCWD, (long)"/proc/self/timers", O_RDONLY | O_CLOEXEC, 0, 0, 0);
	if (fd < 0)
		return 0;
	char c;
	long n = __migcc_syscall(SYS_read, fd, (long)&c, 1, 0, 0, 0);
	__migcc_syscall(SYS_close, fd, 0, 0, 0, 0, 0);
	return n > 0;
}

/* A MIGCC_MIGRATE_AT checkpoint that could not be taken is tried again
 * this many migration points later, until the program's state allows it
 * (its children have been waited for, its pipe closed). Few: library
 * loops are not points, so a program's windows in which it may move can be
 * only a few points long (a printf or two between two child processes). */
#define RETRY_POINTS 4

/* Whether the refusal of the current attempt has been reported (once per
 * request or countdown, not at every retry). */
static int refusal_reported;

static void retry_countdown_later(void)
{
	if (!migrate_countdown && control && control->migrate_at)
		migrate_countdown = RETRY_POINTS;
}

/* A checkpoint cannot be taken now: says why, answers `migcc checkpoint`,
 * and retries a MIGCC_MIGRATE_AT countdown a little later. */
static void refuse(const char *why)
{
	if (!refusal_reported || requested) {
		char msg[256];
		int n = snprintf(msg, sizeof msg, "migcc: error: cannot checkpoint now: %s; the program continues\n", why);
		__migcc_syscall(SYS_write, 2, (long)msg, n, 0, 0, 0);
		refusal_reported = 1;
	}
	struct migcc_request request;
	if (__migcc_take_request(&request) > 0)
		__migcc_answer_request(0);
	if (!requested)
		retry_countdown_later();
	requested = 0;
	refused++;
	update_pending();
}

static void consider_unwinding(int mode);

void __migcc_point(void)
{
	/* What the runtime does here may run instrumented library code
	 * (refuse's message, the request file's parsing), whose own migration
	 * points must not start anything: a refusal would recurse. */
	static int busy;
	int mode = __migcc_mode;
	if (mode & MIGCC_MODE_REWINDING) {
		/* The innermost frame is back: the program runs on. */
		__atomic_fetch_and(&__migcc_mode, ~MIGCC_MODE_REWINDING, __ATOMIC_SEQ_CST);
		rewinds++;
		release_signals();
		if (unwinding_for_selftest)
			arm_selftest();
		update_pending();
		return;
	}
	if (busy)
		return;
	busy = 1;
	consider_unwinding(mode);
	busy = 0;
}

/* Starts an unwind if one is due and the program's state allows it. */
static void consider_unwinding(int mode)
{
	/* Only while main runs above the bottom frame can the stack unwind to
	 * it; a request before (start-up) or after (exit handlers) waits, as
	 * does one that finds a user's signal handler or a library call that
	 * holds requests running (signals.c). */
	if (!(mode & MIGCC_MODE_PENDING) || !bottom_active || __migcc_unwind_barred())
		return;
	if (threaded) {
		/* Threads do not migrate yet: a request is refused, and a
		 * countdown waits (it never completes once a thread has run). */
		if (requested)
			refuse("the program has started threads, which do not migrate yet");
		return;
	}
	if (!__migcc_setjmp_complete()) {
		if (requested)
			refuse("more jmp_bufs are armed at once than migcc keeps track of (256)");
		return;
	}
	int for_checkpoint = requested || migrate_countdown == 1;
	int for_selftest = selftest_countdown == 1;
	/* A child that shares this memory (vfork, posix_spawn's clone) runs
	 * instrumented code on the parent's records and shadow stack until it
	 * execs: it never unwinds, and leaves what is due to the parent. */
	if ((for_checkpoint || for_selftest) && __migcc_syscall(SYS_gettid, 0, 0, 0, 0, 0, 0) != main_tid)
		return;
	if (points_counted)
		++*points_counted;
	count_down(&migrate_countdown);
	count_down(&selftest_countdown);
	if (for_checkpoint && has_children()) {
		/* Their parent would be another process after the move. */
		refuse("the program has child processes, which do not migrate yet");
		return;
	}
	if (for_checkpoint && has_posix_timers()) {
		refuse("the program has POSIX timers (timer_create), which do not migrate yet");
		return;
	}
	if (for_checkpoint || for_selftest) {
		requested = 0;
		unwinding_for_selftest = !for_checkpoint;
		hold_signals();
		__migcc_mode = MIGCC_MODE_UNWINDING;
	}
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

/* At exit: the self-test's evidence that it moved the stack, on stderr. */
static void report(void)
{
	char msg[128];
	int n = snprintf(msg, sizeof msg, "migcc: self-test: %lu unwinds and rewinds, %lu refused (threads)\n",
	                 rewinds, refused);
	if (selftest_every)
		__migcc_syscall(SYS_write, 2, (long)msg, n, 0, 0, 0);
}

/* The counter of MIGCC_COUNT_POINTS=FILE: a 64-bit little-endian number at
 * the start of FILE, created if need be; 0 if it cannot be mapped. Outside
 * migcc's zones: it is this process's, not the program's. */
static volatile uint64_t *map_counter(const char *path)
{
	long fd = __migcc_syscall(SYS_openat, AT_FDCWD, (long)path, O_RDWR | O_CREAT | O_CLOEXEC, 0600, 0, 0);
	if (fd < 0)
		return 0;
	long p = -1;
	if (__migcc_syscall(SYS_ftruncate, fd, sizeof(uint64_t), 0, 0, 0, 0) == 0)
		p = __migcc_syscall(SYS_mmap, 0, sizeof(uint64_t), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	__migcc_syscall(SYS_close, fd, 0, 0, 0, 0, 0);
	return (unsigned long)p > -4096UL ? 0 : (volatile uint64_t *)p;
}

void __migcc_interrupt_blocked_call(void *context);

/* SA_RESTART: system calls restart as if no request had come, except a
 * blocking call issued by blocking.c's loop, which the request interrupts
 * (threads do not migrate yet: their calls restart). */
#define REQUEST_FLAGS (SA_SIGINFO | SA_RESTART)

void migcc_request_migration(void)
{
	requested = 1;
	__atomic_fetch_or(&__migcc_mode, MIGCC_MODE_PENDING, __ATOMIC_SEQ_CST);
}

static void on_migrate_signal(int sig, siginfo_t *info, void *context)
{
	(void)sig, (void)info;
	requested = 1;
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
	/* `migcc run` starts its child with the request blocked, so that one
	 * sent before this point waits for the handler (run.rs). */
	unsigned long request = 1UL << (MIGCC_SIGNAL - 1);
	__migcc_syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, (long)&request, 0, 8, 0, 0);
}

int __migcc_checkpoint_write(const char *dir, int argc, char **argv, char **envp);
extern int __migcc_checkpoint_quiet;
void __migcc_repost_pending_signals(void);

/* A child of fork() is not what was asked to migrate: it keeps only the
 * self-test, and reports nothing. */
static void forget_requests_in_child(void)
{
	requested = 0;
	migrate_countdown = 0;
	points_counted = 0;
	control = 0;
	selftest_every = selftest_countdown = 0;
	update_pending();
}

/* Arms what this process's controls ask for. */
static void setup(void)
{
	main_tid = __migcc_syscall(SYS_gettid, 0, 0, 0, 0, 0, 0);
	if (control->selftest) {
		selftest_doubling = !strcmp(control->selftest, "doubling");
		selftest_every = selftest_doubling ? 1 : strtoul(control->selftest, 0, 10);
		arm_selftest();
	}
	if (control->migrate_at)
		migrate_countdown = strtoul(control->migrate_at, 0, 10);
	points_counted = control->count_points ? map_counter(control->count_points) : 0;
	/* Registered once: the lists are program memory, which a checkpoint
	 * carries, and so are these flags. */
	static int report_registered, atfork_registered;
	if (selftest_every && !report_registered)
		report_registered = !atexit(report);
	if (!atfork_registered)
		atfork_registered = !pthread_atfork(0, 0, forget_requests_in_child);
	struct sigaction sa = { .sa_sigaction = on_migrate_signal, .sa_flags = REQUEST_FLAGS };
	sigaction(MIGCC_SIGNAL, &sa, 0);
	update_pending();
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
		__migcc_setjmp_unwound();
		/* `migcc checkpoint PID` (a request file) comes before the supervisor's directory. */
		struct migcc_request request;
		int asked = !unwinding_for_selftest && __migcc_take_request(&request) > 0;
		const char *dir = asked ? request.dir : control ? control->checkpoint_dir : 0;
		if (!unwinding_for_selftest && dir) {
			/* A request arriving now would change memory being saved. */
			unsigned long block = 1UL << (MIGCC_SIGNAL - 1), old;
			__migcc_syscall(SYS_rt_sigprocmask, SIG_BLOCK, (long)&block, (long)&old, 8, 0, 0);
			/* A retry after a refusal fails quietly: it said why once. */
			__migcc_checkpoint_quiet = refusal_reported && !asked;
			int written = !__migcc_checkpoint_write(dir, argc, argv, envp);
			if (asked)
				__migcc_answer_request(written);
			if (written && !(asked && request.leave_running))
				__migcc_syscall(SYS_exit_group, MIGCC_EXIT_MIGRATED, 0, 0, 0, 0, 0);
			__migcc_syscall(SYS_rt_sigprocmask, SIG_SETMASK, (long)&old, 0, 8, 0, 0);
			static const char msg[] = "migcc: error: cannot write the checkpoint; the program continues here\n";
			if (!written && !__migcc_checkpoint_quiet)
				__migcc_syscall(SYS_write, 2, (long)msg, sizeof msg - 1, 0, 0, 0);
			/* A MIGCC_MIGRATE_AT countdown that led here tries again later. */
			if (!written) {
				refusal_reported = 1;
				retry_countdown_later();
			}
		}
		/* Without a checkpoint to leave with (self-test, failure, --leave-running): rewind and go on. */
		__migcc_mode = MIGCC_MODE_REWINDING;
	}
}

/* The bottom frame: musl's start-up calls this instead of main. */
int __migcc_main(int argc, char **argv, char **envp)
{
	setup();
	return run(argc, argv, envp);
}

/* After a restore (checkpoint.c): the stack is in the records, and the
 * memory that held the controls is the checkpoint's. */
_Noreturn void __migcc_resume(int argc, char **argv, char **envp, const struct migcc_control *c)
{
	control = c;
	requested = 0;
	migrate_countdown = selftest_countdown = selftest_every = 0;
	rewinds = refused = 0;
	refusal_reported = 0;
	/* The request was blocked while memory was restored (checkpoint.c);
	 * now every signal waits for the end of the rewind, which puts the
	 * program's own mask (mask_before_move, restored memory) back. */
	unsigned long all = ~0UL;
	__migcc_syscall(SYS_rt_sigprocmask, SIG_SETMASK, (long)&all, 0, 8, 0, 0);
	__migcc_repost_pending_signals();
	setup();
	__migcc_mode = MIGCC_MODE_REWINDING;
	exit(run(argc, argv, envp));
}

#pragma clang attribute pop
