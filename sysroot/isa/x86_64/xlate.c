/* Canonical syscalls on x86_64: numbers from the generated table, and the
 * few syscalls whose arguments x86_64 lays out differently. Flags, ioctl
 * numbers and the remaining structures agree with asm-generic on x86_64. */
#include "migcc_isa.h"

/* x86_64's struct stat (musl's arch/x86_64/kstat.h). */
struct x86_64_kstat {
	uint64_t dev, ino, nlink;
	uint32_t mode, uid, gid, pad0;
	uint64_t rdev;
	int64_t size, blksize, blocks;
	int64_t atime_sec, atime_nsec, mtime_sec, mtime_nsec, ctime_sec, ctime_nsec;
	int64_t unused[3];
};
_Static_assert(sizeof(struct x86_64_kstat) == 144, "x86_64 struct stat");

/* x86_64 packs struct epoll_event to 12 bytes. */
struct x86_64_epoll_event {
	uint32_t events;
	uint64_t data;
} __attribute__((packed, may_alias));

static void stat_to_canon(const struct x86_64_kstat *k, struct migcc_kstat *c)
{
	*c = (struct migcc_kstat){
		.dev = k->dev, .ino = k->ino, .mode = k->mode, .nlink = k->nlink,
		.uid = k->uid, .gid = k->gid, .rdev = k->rdev, .size = k->size,
		.blksize = k->blksize, .blocks = k->blocks,
		.atime_sec = k->atime_sec, .atime_nsec = k->atime_nsec,
		.mtime_sec = k->mtime_sec, .mtime_nsec = k->mtime_nsec,
		.ctime_sec = k->ctime_sec, .ctime_nsec = k->ctime_nsec,
	};
}

/* Widens n packed events, written by the kernel at the start of the
 * caller's canonical array, in place. Going from the last one, each
 * canonical slot only overlaps packed events already converted (or the one
 * being converted, which is read first). */
static void epoll_events_to_canon(void *buf, long n)
{
	const struct x86_64_epoll_event *in = buf;
	struct migcc_epoll_event *out = buf;
	while (n-- > 0) {
		uint32_t events = in[n].events;
		uint64_t data = in[n].data;
		out[n].events = events;
		out[n].data = data;
	}
}

long __migcc_xsyscall(volatile int *cancel, long n, long a, long b, long c, long d, long e, long f)
{
	long nr = migcc_native_nr(n), r;
	struct x86_64_epoll_event ev; /* outlives the switch: passed to the kernel after it */
	if (nr < 0)
		return -MIGCC_ENOSYS;
	switch (n) {
	case MIGCC_CANON_NR_fstat:
	case MIGCC_CANON_NR_newfstatat: {
		/* The buffer is fstat's 2nd and newfstatat's 3rd argument. A
		 * null one still reaches the kernel, for its EFAULT. */
		struct x86_64_kstat k;
		long *arg = n == MIGCC_CANON_NR_fstat ? &b : &c;
		struct migcc_kstat *out = (struct migcc_kstat *)*arg;
		*arg = out ? (long)&k : 0;
		r = migcc_native(cancel, nr, a, b, c, d, e, f);
		if (r == 0)
			stat_to_canon(&k, out);
		return r;
	}
	case MIGCC_CANON_NR_clone:
		/* Canonical (flags, stack, ptid, tls, ctid); x86_64 swaps tls
		 * and ctid. */
		return migcc_native(cancel, nr, a, b, c, e, d, f);
	case MIGCC_CANON_NR_rt_sigaction:
		return migcc_rt_sigaction(cancel, nr, a, (const struct migcc_ksigaction *)b,
		                          (struct migcc_ksigaction *)c, d);
	case MIGCC_CANON_NR_epoll_ctl:
		if (d) {
			ev.events = ((const struct migcc_epoll_event *)d)->events;
			ev.data = ((const struct migcc_epoll_event *)d)->data;
			d = (long)&ev;
		}
		break;
	case MIGCC_CANON_NR_epoll_pwait:
	case MIGCC_CANON_NR_epoll_pwait2:
		r = migcc_native(cancel, nr, a, b, c, d, e, f);
		if (r > 0)
			epoll_events_to_canon((void *)b, r);
		return r;
	}
	return migcc_native(cancel, nr, a, b, c, d, e, f);
}
