/* Users' signal handlers run behind a trampoline that counts them, so that
 * a migration never starts inside one.
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
 * A handler left with longjmp never returns here. So the trampoline also
 * notes its own frame's address, and a handler counts as running only
 * while the code asking runs below that frame (stacks grow down): once a
 * longjmp has left it, the program runs above it again and it is
 * forgotten. A landing longjmp tells sooner: the setjmp call it returns
 * from in an instrumented frame reports that frame (jmpbufs.c), and code
 * running there has left every handler below it; the program may go on
 * deeper than the handler ran without passing above it (riscv64's signal
 * frames are small). (A handler on an alternate stack above the main one
 * is only forgotten when it returns: a longjmp out of it keeps requests
 * waiting.) */
#define _GNU_SOURCE
#include <signal.h>

#include "migrate_abi.h"

#pragma clang attribute push(__attribute__((annotate("migcc.runtime"))), apply_to = function)

typedef void (*handler_fn)(int, siginfo_t *, void *);

static handler_fn user_handler[_NSIG];

/* How many users' handlers are running (nested ones included), and the
 * trampoline frames of the outermost HANDLER_FRAMES of them (deeper ones
 * count only until they return). */
#define HANDLER_FRAMES 64
static volatile int depth;
static void *volatile handler_frame[HANDLER_FRAMES];

static void trampoline(int sig, siginfo_t *info, void *context)
{
	/* Claimed before it is written: a nested handler takes the next slot. */
	int slot = depth++;
	if (slot < HANDLER_FRAMES)
		handler_frame[slot] = __builtin_frame_address(0);
	user_handler[sig](sig, info, context);
	depth--;
}

/* Code running at `frame` has left every handler whose trampoline lies
 * below it. A nested handler that interrupts this pushes and pops above
 * the entries read. */
void __migcc_handlers_left(void *frame)
{
	while (depth > 0 && depth <= HANDLER_FRAMES && (char *)handler_frame[depth - 1] < (char *)frame)
		depth--;
}

/* Whether a user's handler is running below the caller. */
int __migcc_in_handler(void)
{
	__migcc_handlers_left(__builtin_frame_address(0));
	return depth > 0;
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
