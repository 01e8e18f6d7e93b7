/* Frames the stack must not unwind through: users' signal handlers, which
 * run behind a trampoline that counts them, and library calls that hold
 * migration requests. A migration never starts inside either.
 *
 * A handler is instrumented code like any other: its loops and blocking
 * calls are migration points. Unwinding from one would save the handler's
 * frames and return through the kernel's signal frame, which does not
 * migrate. musl patch 0008 sends __sigaction (sigaction, signal, ...) here:
 * the kernel gets the trampoline, the table below the user's handler, and
 * the old action reads back as the user set it (but for the migration
 * request, which its mask never blocks). While a handler runs,
 * __migcc_point leaves a pending request for the program's own code. The
 * migration request's handler (migrate.c) and musl's internal ones are
 * installed directly.
 *
 * A few musl functions (musl patch 0010: printf's formatting, strtol's and
 * strtod's scanning of a string, exit and thread exit) are migration points
 * at their entry, but none of their calls is a call site, so the stack
 * cannot unwind through them either. The instrumentation
 * (llvm-pass/src/migrate/holds.rs) has each call __migcc_hold past its
 * entry point and __migcc_release before it returns; a migration point
 * reached while one runs (printf's write blocked on a full pipe, a user's
 * FILE method, an atexit handler) leaves the request pending until the
 * next point after it returns.
 *
 * A handler left with longjmp never returns to the trampoline, nor a held
 * call to its release. So each notes its own frame's address, and counts
 * as running only while the code asking runs below that frame (stacks grow
 * down): once a longjmp has left it, the program runs above it again and
 * it is forgotten. A landing longjmp tells sooner: the setjmp call it
 * returns from in an instrumented frame reports that frame (jmpbufs.c),
 * and code running there has left every handler and held call below it;
 * the program may go on deeper than the handler ran without passing above
 * it (riscv64's signal frames are small). (A handler on an alternate stack
 * above the main one is only forgotten when it returns: a longjmp out of
 * it keeps requests waiting.) Threads never migrate (migrate.c), so the
 * tables are the process's; their bounds keep racing threads from writing
 * outside them. */
#define _GNU_SOURCE
#include <signal.h>

#include "migrate_abi.h"

#pragma clang attribute push(__attribute__((annotate("migcc.runtime"))), apply_to = function)

typedef void (*handler_fn)(int, siginfo_t *, void *);

static handler_fn user_handler[_NSIG];

/* Frames running (nested ones included), with the native frames of the
 * outermost FRAMES of them (deeper ones count only until they return). */
#define FRAMES 64
struct frames {
	volatile int depth;
	void *volatile at[FRAMES];
};

static struct frames handlers, holds;

static void enter(struct frames *s, void *frame)
{
	/* Claimed before it is written: a nested one takes the next slot. */
	int slot = s->depth++;
	if (slot >= 0 && slot < FRAMES)
		s->at[slot] = frame;
}

static void leave(struct frames *s)
{
	if (s->depth > 0)
		s->depth--;
}

/* Forgets those below `frame`. One that interrupts this pushes and pops
 * above the entries read. */
static void left_below(struct frames *s, void *frame)
{
	while (s->depth > 0 && s->depth <= FRAMES && (char *)s->at[s->depth - 1] < (char *)frame)
		s->depth--;
}

static void trampoline(int sig, siginfo_t *info, void *context)
{
	enter(&handlers, __builtin_frame_address(0));
	user_handler[sig](sig, info, context);
	leave(&handlers);
}

void __migcc_hold(void *frame)
{
	enter(&holds, frame);
}

void __migcc_release(void)
{
	leave(&holds);
}

/* Code running at `frame` has left every handler and held call whose frame
 * lies below it. */
void __migcc_frames_left(void *frame)
{
	left_below(&handlers, frame);
	left_below(&holds, frame);
}

/* Whether a user's handler or a call that holds requests is running below
 * the caller. */
int __migcc_unwind_barred(void)
{
	__migcc_frames_left(__builtin_frame_address(0));
	return handlers.depth > 0 || holds.depth > 0;
}

int __migcc_sigaction(int sig, const struct sigaction *sa, struct sigaction *old,
                      int (*install)(int, const struct sigaction *, struct sigaction *))
{
	handler_fn previous = user_handler[sig];
	struct sigaction through;
	if (sa && sig != MIGCC_SIGNAL && (unsigned long)sa->sa_handler > 1) {
		through = *sa;
		through.sa_sigaction = trampoline;
		/* A request arriving while the handler runs is then delivered on
		 * top of it, not when it returns: returning to an interrupted
		 * system call with -EINTR at __cp_end, it would look like the
		 * request's own interruption to blocking.c. */
		sigdelset(&through.sa_mask, MIGCC_SIGNAL);
		/* Before the kernel can call the trampoline with it. */
		user_handler[sig] = sa->sa_sigaction;
		sa = &through;
	}
	int r = install(sig, sa, old);
	if (r)
		user_handler[sig] = previous;
	else if (old && old->sa_sigaction == trampoline)
		old->sa_sigaction = previous;
	return r;
}

#pragma clang attribute pop
