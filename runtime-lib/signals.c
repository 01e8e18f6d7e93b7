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
 * installed directly. A handler left with longjmp never ends here: the
 * count stays up, and requests then wait for good. */
#define _GNU_SOURCE
#include <signal.h>

#include "migrate_abi.h"

#pragma clang attribute push(__attribute__((annotate("migcc.runtime"))), apply_to = function)

typedef void (*handler_fn)(int, siginfo_t *, void *);

static handler_fn user_handler[_NSIG];

/* How many users' handlers are running (nested ones included). */
volatile int __migcc_handler_depth;

static void trampoline(int sig, siginfo_t *info, void *context)
{
	__migcc_handler_depth++;
	user_handler[sig](sig, info, context);
	__migcc_handler_depth--;
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
