/* Shared definitions of migcc's per-ISA layer.
 *
 * "Canonical" means the virtual ISA that all portable code (musl included)
 * is compiled for: riscv64's syscall numbers and asm-generic's layouts and
 * constants. This layer is the only code that sees the native ones. No libc
 * headers exist here, so the few ABI facts needed are spelled out below. */
#ifndef MIGCC_ISA_H
#define MIGCC_ISA_H

#include "migcc_sysmap.h"

#ifndef __ASSEMBLER__
#include <stdint.h>

#define MIGCC_ENOSYS 38

/* clone flags that select the variadic arguments of __clone. */
#define MIGCC_CLONE_PIDFD          0x00001000
#define MIGCC_CLONE_SETTLS         0x00080000
#define MIGCC_CLONE_PARENT_SETTID  0x00100000
#define MIGCC_CLONE_CHILD_CLEARTID 0x00200000
#define MIGCC_CLONE_CHILD_SETTID   0x01000000

#define MIGCC_SA_RESTORER 0x04000000
#define MIGCC_F_GETFL 3
#define MIGCC_F_SETFL 4

/* Canonical struct stat of fstat/newfstatat (musl's arch/riscv64/kstat.h). */
struct migcc_kstat {
	uint64_t dev, ino;
	uint32_t mode, nlink, uid, gid;
	uint64_t rdev, pad;
	int64_t size;
	int32_t blksize, pad2;
	int64_t blocks;
	int64_t atime_sec, atime_nsec, mtime_sec, mtime_nsec, ctime_sec, ctime_nsec;
	uint32_t unused[2];
};
_Static_assert(sizeof(struct migcc_kstat) == 128, "canonical struct stat");

/* Canonical rt_sigaction argument (musl's src/internal/ksigaction.h). */
struct migcc_ksigaction {
	unsigned long handler; /* SIG_DFL 0, SIG_IGN 1, else a function */
	unsigned long flags;
	void (*restorer)(void);
	unsigned mask[2];
};

/* Canonical struct epoll_event: naturally aligned, 16 bytes. */
struct migcc_epoll_event {
	uint32_t events;
	uint64_t data;
} __attribute__((may_alias));

/* One bit (or bit pattern) that has a different value on the native ISA. */
struct migcc_bitmap {
	unsigned long canon, native;
};

/* The mapped bits of v, converted to native (to_native) or to canonical. */
static inline unsigned long migcc_mapbits(unsigned long v, const struct migcc_bitmap *map, int n, int to_native)
{
	unsigned long out = 0;
	for (int i = 0; i < n; i++) {
		unsigned long from = to_native ? map[i].canon : map[i].native;
		if ((v & from) == from)
			out |= to_native ? map[i].native : map[i].canon;
	}
	return out;
}

/* The native syscall instruction. */
static inline long migcc_raw_syscall(long n, long a, long b, long c, long d, long e, long f)
{
#if defined(__x86_64__)
	register long r10 __asm__("r10") = d, r8 __asm__("r8") = e, r9 __asm__("r9") = f;
	long ret;
	__asm__ volatile("syscall"
	                 : "=a"(ret)
	                 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
	                 : "rcx", "r11", "memory");
	return ret;
#elif defined(__aarch64__)
	register long x8 __asm__("x8") = n, x0 __asm__("x0") = a, x1 __asm__("x1") = b,
		x2 __asm__("x2") = c, x3 __asm__("x3") = d, x4 __asm__("x4") = e, x5 __asm__("x5") = f;
	__asm__ volatile("svc #0"
	                 : "+r"(x0)
	                 : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
	                 : "memory");
	return x0;
#elif defined(__riscv)
	register long a7 __asm__("a7") = n, a0 __asm__("a0") = a, a1 __asm__("a1") = b,
		a2 __asm__("a2") = c, a3 __asm__("a3") = d, a4 __asm__("a4") = e, a5 __asm__("a5") = f;
	__asm__ volatile("ecall"
	                 : "+r"(a0)
	                 : "r"(a7), "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5)
	                 : "memory");
	return a0;
#else
#error "unsupported ISA"
#endif
}

/* In <isa>/entry.S: the native syscall `nr` as a pthread cancellation point
 * (the contract of musl's __syscall_cp_asm, with a native number). */
long __migcc_cp_syscall(volatile int *cancel, long nr, long a, long b, long c, long d, long e, long f)
	__attribute__((visibility("hidden")));

/* In <isa>/entry.S: the native clone, with musl's __clone semantics and
 * explicit ptid/tls/ctid. */
int __migcc_clone(int (*fn)(void *), void *stack, int flags, void *arg, long ptid, long tls, long ctid)
	__attribute__((visibility("hidden")));

/* In <isa>/xlate.c: the canonical syscall n, translated; a cancellation
 * point when cancel is not null. */
long __migcc_xsyscall(volatile int *cancel, long n, long a, long b, long c, long d, long e, long f)
	__attribute__((visibility("hidden")));

void __restore_rt(void) __attribute__((visibility("hidden")));

/* Native syscall `nr`, a cancellation point when cancel is not null. */
static inline long migcc_native(volatile int *cancel, long nr, long a, long b, long c, long d, long e, long f)
{
	return cancel ? __migcc_cp_syscall(cancel, nr, a, b, c, d, e, f)
	              : migcc_raw_syscall(nr, a, b, c, d, e, f);
}

/* Native number of canonical syscall n, or -1. */
static inline long migcc_native_nr(long n)
{
	if ((unsigned long)n < MIGCC_SYSMAP_SIZE)
		return migcc_sysmap[n];
	/* Since Linux 5.1 (424, pidfd_send_signal) every ISA numbers new
	 * syscalls alike, so ones newer than musl's tables pass through. */
	return n >= 424 ? n : -1;
}

/* rt_sigaction where the kernel honours sa_restorer (x86_64 requires it):
 * installing a handler always uses the layer's own __restore_rt, and the
 * old action comes back without restorer, so that what portable code sees
 * does not depend on the ISA. */
static inline long migcc_rt_sigaction(volatile int *cancel, long nr, long sig, const struct migcc_ksigaction *act,
                                      struct migcc_ksigaction *old, long mask_size)
{
	struct migcc_ksigaction native;
	if (act) {
		native = *act;
		if (native.handler > 1) {
			native.flags |= MIGCC_SA_RESTORER;
			native.restorer = __restore_rt;
		} else {
			native.flags &= ~(unsigned long)MIGCC_SA_RESTORER;
			native.restorer = 0;
		}
		act = &native;
	}
	long r = migcc_native(cancel, nr, sig, (long)act, (long)old, mask_size, 0, 0);
	if (r == 0 && old) {
		old->flags &= ~(unsigned long)MIGCC_SA_RESTORER;
		old->restorer = 0;
	}
	return r;
}

#endif /* !__ASSEMBLER__ */
#endif
