/* Armed jmp_bufs, re-armed when the stack is rebuilt.
 *
 * A jmp_buf holds native registers: the stack pointer, the return address,
 * callee-saved registers. After a rewind (on another ISA, or on this one:
 * the rebuilt native frames need not lie where they were) none of them is
 * valid. The instrumentation (llvm-pass/src/migrate/instrument.rs) makes
 * every setjmp-family call in instrumented code a site of its frame, and
 * reports each return from it here: the activation (its native frame), the
 * buffer, the function and site ids, and whether it saves the signal mask.
 *
 * - Unwind: each frame that has setjmp sites attaches the buffers it armed
 *   to its frame record (__migcc_setjmp_save). Entries no live frame claims
 *   belong to activations that have returned, and go.
 * - Rewind: such a frame, before routing to the call it was suspended in,
 *   asks __migcc_setjmp_route which of its buffers to re-arm next. The
 *   route leads to that setjmp call, which is issued again on the same
 *   buffer (so it now holds this ISA's registers, for this native frame),
 *   and back; when none is left, the record's own call site is restored.
 *
 * Only the latest arming of each buffer matters (a later setjmp on the same
 * buffer overwrote it), so there is one entry per buffer and re-arming
 * order does not matter. A re-armed sigsetjmp would save the mask of the
 * rewind (every signal blocked): the mask word the program saved is put
 * back. A buffer whose bytes changed since it was armed (memory freed and
 * reused, or re-armed by code the instrumentation does not see) is not
 * re-armed: nothing can jump to it validly any more. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stddef.h>
#include <sys/auxv.h>
#include <sys/syscall.h>

#include "migrate_abi.h"

long __migcc_syscall(long, long, long, long, long, long, long);
int __migcc_threads_started(void);
void __migcc_frames_left(void *frame);
extern volatile int __migcc_mode;

#pragma clang attribute push(__attribute__((annotate("migcc.runtime"))), apply_to = function)

/* The part of a jmp_buf that arming writes and a jump reads: the
 * registers, musl's flag word and the saved signal mask (__ss[0]). */
#define ARMED_BYTES (offsetof(struct __jmp_buf_tag, __ss) + sizeof(unsigned long))

enum state {
	LIVE,      /* armed by a frame on this native stack */
	SAVED,     /* its frame is in `record`, waiting for the rewind */
	REARMING,  /* chosen by the route; its setjmp call is about to be issued */
};

struct armed {
	struct __jmp_buf_tag *buf;
	void *frame;  /* the arming activation's native frame address (LIVE) */
	char *record; /* its frame record (SAVED, REARMING) */
	unsigned function, site;
	int savemask;
	unsigned long mask;   /* the signal mask word the buffer saved */
	unsigned long digest; /* of the buffer's ARMED_BYTES as armed */
	enum state state;
};

#define MAX_ARMED 256
static struct armed armed[MAX_ARMED];
static int count;
/* More buffers were armed at once than fit: one of them may be missing,
 * so no checkpoint is taken until the program has left every frame that
 * armed one (migrate.c asks __migcc_setjmp_complete). */
static int overflowed;

/* The frame being re-armed: its record's own call site, kept while the
 * record's site field routes to setjmp calls. */
static char *rearm_record;
static unsigned rearm_site;
static struct armed *rearming;

static unsigned long digest(const struct __jmp_buf_tag *buf)
{
	const unsigned char *p = (const unsigned char *)buf;
	unsigned long h = 14695981039346656037UL;
	for (size_t i = 0; i < ARMED_BYTES; i++)
		h = (h ^ p[i]) * 1099511628211UL;
	return h;
}

static void remove_entry(int i)
{
	armed[i] = armed[--count];
}

/* After every return of a setjmp-family call in instrumented code (the
 * first, a longjmp's, or a re-arming during a rewind). A longjmp that lands
 * here has left any signal handler and any held library call below this
 * frame (signals.c). */
void __migcc_setjmp_armed(void *frame, struct __jmp_buf_tag *buf, unsigned function, unsigned site, int savemask)
{
	__migcc_frames_left(frame);
	if (__migcc_threads_started())
		return; /* threads never migrate: the table is not kept */
	struct armed entry = { buf, frame, 0, function, site, savemask, buf->__ss[0], 0, LIVE };
	if ((__migcc_mode & MIGCC_MODE_REWINDING) && rearming && rearming->buf == buf) {
		entry.mask = rearming->mask;
		entry.savemask = rearming->savemask;
		buf->__ss[0] = entry.mask;
		rearming = 0;
	}
	/* Same buffer: overwritten. A live entry below this frame (stacks grow
	 * down): its activation has returned. */
	for (int i = count - 1; i >= 0; i--)
		if (armed[i].buf == buf || (armed[i].state == LIVE && (char *)armed[i].frame < (char *)frame))
			remove_entry(i);
	entry.digest = digest(buf);
	if (count < MAX_ARMED)
		armed[count++] = entry;
	else
		overflowed = 1;
}

/* Whether the bytes at p can be read without a fault (mincore fails on
 * unmapped pages). Called while unwinding: no libc, no instrumented code. */
static int mapped(const void *p, size_t len)
{
	static unsigned long page;
	if (!page)
		page = getauxval(AT_PAGESZ);
	unsigned long start = (unsigned long)p & -page, end = ((unsigned long)p + len + page - 1) & -page;
	unsigned char residency[2];
	if ((end - start) / page > sizeof residency)
		return 0;
	return __migcc_syscall(SYS_mincore, start, end - start, (long)residency, 0, 0, 0) == 0;
}

/* While unwinding: the activation at `frame`, of function `function`, has
 * pushed `record`; the buffers it armed go with it. */
void __migcc_setjmp_save(void *frame, unsigned function, char *record)
{
	for (int i = count - 1; i >= 0; i--) {
		struct armed *e = &armed[i];
		if (e->state != LIVE || e->frame != frame || e->function != function)
			continue;
		if (mapped(e->buf, ARMED_BYTES) && digest(e->buf) == e->digest) {
			e->state = SAVED;
			e->record = record;
		} else {
			remove_entry(i);
		}
	}
}

/* The stack has unwound: what no frame claimed was armed by activations
 * that have returned. */
void __migcc_setjmp_unwound(void)
{
	for (int i = count - 1; i >= 0; i--)
		if (armed[i].state == LIVE)
			remove_entry(i);
}

/* Whether every armed buffer is known, so that a rewind can re-arm them. */
int __migcc_setjmp_complete(void)
{
	if (overflowed && count == 0)
		overflowed = 0;
	return !overflowed;
}

static unsigned *record_site(char *record)
{
	return (unsigned *)(record + MIGCC_RECORD_SITE);
}

/* While rewinding, before a frame with setjmp sites routes to its call
 * site: points the record's site at the next setjmp call to issue again,
 * or back at its own call site when none is left. */
void __migcc_setjmp_route(char *record)
{
	for (int i = 0; i < count; i++) {
		struct armed *e = &armed[i];
		if (e->state != SAVED || e->record != record)
			continue;
		if (rearm_record != record) {
			rearm_record = record;
			rearm_site = *record_site(record);
		}
		e->state = REARMING;
		rearming = e;
		*record_site(record) = e->site;
		return;
	}
	if (rearm_record == record) {
		*record_site(record) = rearm_site;
		rearm_record = 0;
	}
}

/* The arguments of the setjmp call being issued again. */
struct __jmp_buf_tag *__migcc_setjmp_rearm_buf(void)
{
	return rearming->buf;
}

int __migcc_setjmp_rearm_savemask(void)
{
	return rearming->savemask;
}

#pragma clang attribute pop
