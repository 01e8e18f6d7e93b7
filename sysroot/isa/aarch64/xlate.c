/* Canonical syscalls on aarch64: the numbering and layouts are asm-generic's
 * as on riscv64, except four open flags inherited from 32-bit arm. */
#include "migcc_isa.h"

/* The four open flags whose values differ: all four bits move, so they are
 * cleared and set again from this map. */
static const struct migcc_bitmap oflags[] = {
	{ 0200000, 040000 },  /* O_DIRECTORY (so also O_TMPFILE) */
	{ 0400000, 0100000 }, /* O_NOFOLLOW */
	{ 040000, 0200000 },  /* O_DIRECT */
	{ 0100000, 0400000 }, /* O_LARGEFILE */
};
#define OFLAGS_MOVED 0740000ul

static long oflags_to(long v, int to_native)
{
	return (v & ~OFLAGS_MOVED) | migcc_mapbits(v, oflags, 4, to_native);
}

struct open_how {
	uint64_t flags, mode, resolve;
};

long __migcc_xsyscall(volatile int *cancel, long n, long a, long b, long c, long d, long e, long f)
{
	long nr = migcc_native_nr(n), r;
	struct open_how how; /* outlives the switch: passed to the kernel after it */
	if (nr < 0)
		return -MIGCC_ENOSYS;
	switch (n) {
	case MIGCC_CANON_NR_openat:
	case MIGCC_CANON_NR_open_by_handle_at:
		c = oflags_to(c, 1);
		break;
	case MIGCC_CANON_NR_pipe2: /* O_DIRECT asks for packet mode */
		b = oflags_to(b, 1);
		break;
	case MIGCC_CANON_NR_openat2:
		/* Structs of another size (future extensions) pass unchanged. */
		if (c && d == sizeof how) {
			how = *(const struct open_how *)c;
			how.flags = oflags_to(how.flags, 1);
			c = (long)&how;
		}
		break;
	case MIGCC_CANON_NR_fcntl:
		if (b == MIGCC_F_SETFL)
			c = oflags_to(c, 1);
		r = migcc_native(cancel, nr, a, b, c, d, e, f);
		if (b == MIGCC_F_GETFL && r >= 0)
			r = oflags_to(r, 0);
		return r;
	case MIGCC_CANON_NR_rt_sigaction:
		return migcc_rt_sigaction(cancel, nr, a, (const struct migcc_ksigaction *)b,
		                          (struct migcc_ksigaction *)c, d);
	}
	return migcc_native(cancel, nr, a, b, c, d, e, f);
}
