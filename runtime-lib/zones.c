/* Fixed-address memory zones: brk emulation, mmap placement, and the table
 * of migrating memory regions (see migcc_zones.h).
 *
 * The kernel randomises brk per run and places mmap(0, ...) differently per
 * ISA (and differently again under qemu-user), so neither may decide where
 * migrating memory goes. Here brk is emulated in the HEAP zone and every
 * mapping whose address the program did not fix is placed first-fit in the
 * MMAP zone. Placement depends only on the sequence of requests, so a
 * program gets the same addresses on every ISA and every run (with the same
 * page size, 4 KiB on every supported target).
 *
 * These functions replace musl's src/mman/{mmap,munmap,mremap,mprotect}.c
 * (sysroot/src/portable_libc.rs leaves those out); musl's own callers
 * (malloc, pthread_create, __map_file...) reach them through __mmap etc.
 * musl patch 0003 routes brk here, 0004 tells the table about thread stacks
 * unmapped by __unmapself and keeps the table's lock consistent across fork.
 *
 * Every address is mapped with MAP_FIXED_NOREPLACE and the result compared:
 * qemu-user 7.2 treats the flag as a hint and maps elsewhere when the range
 * is taken, and kernels before 4.17 ignore it.
 *
 * The table is in static storage, part of the migrating image. One lock
 * (musl's internal __lock, a no-op while single-threaded) serialises every
 * operation, including the system call, so that the table and the kernel
 * agree. Lock order: musl's malloc/bump/other library locks, then the
 * thread-list lock, then this one; nothing is locked while holding it. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <migcc_zones.h>

#undef mmap64

#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4
#endif

long __migcc_syscall(long, long, long, long, long, long, long);

/* musl's internal lock (src/thread/__lock.c). */
void __lock(volatile int *);
void __unlock(volatile int *);
/* musl's src/thread/vmlock.c, linked only when something else needs it. */
void __vm_wait(void);

static void dummy(void)
{
}
extern __typeof(dummy) __vm_wait __attribute__((weak, alias("dummy")));

/* Every call here runs to completion before a migration can happen (no
 * migration point in it or below it: llvm-pass/src/migrate/analysis.rs):
 * a checkpoint reads the table, which must match the kernel's mappings. */
#pragma clang attribute push(__attribute__((annotate("migcc.atomic"))), apply_to = function)

#define RW (PROT_READ | PROT_WRITE)
#define PROT_BITS (PROT_READ | PROT_WRITE | PROT_EXEC)
#define IS_ERR(r) ((unsigned long)(r) > -4096UL)

char *__migcc_shadow_stack_top;
char *__migcc_records_base;
char *__migcc_records_end;

static struct migcc_region table[MIGCC_MAX_REGIONS];
static size_t count;
static volatile int lock[1];
static uintptr_t heap_break = MIGCC_ZONE_HEAP_BASE, heap_mapped = MIGCC_ZONE_HEAP_BASE;

static long sys(long n, long a, long b, long c, long d, long e, long f)
{
	return __migcc_syscall(n, a, b, c, d, e, f);
}

/* errno and the C return value for a raw result. */
static long ret(long r)
{
	if (IS_ERR(r)) {
		errno = -r;
		return -1;
	}
	return r;
}

static uintptr_t align_up(uintptr_t x, uintptr_t a)
{
	return (x + a - 1) & -a;
}

/* Only after libc is initialised (libc.auxv). */
static uintptr_t page_size(void)
{
	static uintptr_t ps;
	if (!ps) {
		unsigned long v = getauxval(AT_PAGESZ);
		ps = v ? v : 4096;
	}
	return ps;
}

/* ---- The table: sorted by start, non-overlapping. ---- */

static int room(size_t n)
{
	return count + n <= MIGCC_MAX_REGIONS;
}

/* Index of the first region that ends above addr. */
static size_t first_above(uintptr_t addr)
{
	size_t lo = 0, hi = count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (table[mid].end <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void insert_at(size_t i, const struct migcc_region *r)
{
	memmove(&table[i + 1], &table[i], (count - i) * sizeof *table);
	table[i] = *r;
	count++;
}

static void remove_at(size_t i, size_t n)
{
	memmove(&table[i], &table[i + n], (count - i - n) * sizeof *table);
	count -= n;
}

/* Moves r's start up to addr, keeping its file offset in step. */
static void advance(struct migcc_region *r, uintptr_t addr)
{
	if (r->fd >= 0)
		r->offset += addr - r->start;
	r->start = addr;
}

/* Whether b continues a as one mapping could. */
static int mergeable(const struct migcc_region *a, const struct migcc_region *b)
{
	if (a->end != b->start || a->kind != b->kind || a->prot != b->prot || a->flags != b->flags || a->fd != b->fd)
		return 0;
	if (a->flags & MAP_ANONYMOUS)
		return (a->flags & MAP_SHARED) == 0;
	return b->offset == a->offset + (a->end - a->start);
}

/* Merges each of the pairs (k-1, k) for lo < k <= hi that can be. */
static void coalesce(size_t lo, size_t hi)
{
	for (size_t k = hi; k > lo; k--) {
		if (k < count && mergeable(&table[k - 1], &table[k])) {
			table[k - 1].end = table[k].end;
			remove_at(k, 1);
		}
	}
}

/* Splits the region that strictly contains addr. Needs one free entry. */
static void split_at(uintptr_t addr)
{
	size_t i = first_above(addr);
	if (i == count || table[i].start >= addr)
		return;
	struct migcc_region tail = table[i];
	advance(&tail, addr);
	table[i].end = addr;
	insert_at(i + 1, &tail);
}

/* Removes [start, end) from the table. Needs one free entry (only to
 * punch a hole in the middle of one region). */
static void carve(uintptr_t start, uintptr_t end)
{
	size_t i = first_above(start);
	if (i < count && table[i].start < start && table[i].end > end) {
		struct migcc_region tail = table[i];
		advance(&tail, end);
		table[i].end = start;
		insert_at(i + 1, &tail);
		return;
	}
	if (i < count && table[i].start < start)
		table[i++].end = start;
	size_t j = i;
	while (j < count && table[j].end <= end)
		j++;
	if (j < count && table[j].start < end)
		advance(&table[j], end);
	remove_at(i, j - i);
}

/* Records r, replacing whatever the table had there, and merges it with
 * its neighbours. Needs two free entries. */
static void record(struct migcc_region r)
{
	carve(r.start, r.end);
	size_t i = first_above(r.start);
	insert_at(i, &r);
	coalesce(i ? i - 1 : 0, i + 1);
}

static void set_prot(uintptr_t start, uintptr_t end, int prot)
{
	split_at(start);
	split_at(end);
	size_t i = first_above(start), j = i;
	for (; j < count && table[j].start < end; j++)
		table[j].prot = prot;
	coalesce(i ? i - 1 : 0, j);
}

/* The region containing addr, or plain private anonymous memory. */
static struct migcc_region attributes_at(uintptr_t addr)
{
	size_t i = first_above(addr);
	if (i < count && table[i].start <= addr) {
		struct migcc_region r = table[i];
		advance(&r, addr);
		return r;
	}
	return (struct migcc_region){addr, addr, RW, MAP_PRIVATE | MAP_ANONYMOUS, MIGCC_REGION_MMAP, -1, 0};
}

static const struct {
	uintptr_t base, end;
} zones[] = {
	{MIGCC_ZONE_ARGV_BASE, MIGCC_ZONE_ARGV_END},
	{MIGCC_ZONE_SHADOW_STACK_BASE, MIGCC_ZONE_SHADOW_STACK_END},
	{MIGCC_ZONE_RECORDS_BASE, MIGCC_ZONE_RECORDS_END},
	{MIGCC_ZONE_HEAP_BASE, MIGCC_ZONE_HEAP_END},
	{MIGCC_ZONE_MMAP_BASE, MIGCC_ZONE_MMAP_END},
};

/* How far a mapping at addr may grow in place: to the end of its zone, or
 * outside the zones, to the next zone above. */
static uintptr_t growth_limit(uintptr_t addr)
{
	for (size_t i = 0; i < sizeof zones / sizeof *zones; i++) {
		if (addr < zones[i].base)
			return zones[i].base;
		if (addr < zones[i].end)
			return zones[i].end;
	}
	return UINTPTR_MAX;
}

/* ---- Mapping at fixed addresses. ---- */

/* Maps [addr, addr+len) only if it is free: 0, -EEXIST or -errno. */
static long map_at(uintptr_t addr, size_t len, int prot, int flags, int fd, off_t off)
{
	long r = sys(SYS_mmap, addr, len, prot, (flags & ~MAP_FIXED) | MAP_FIXED_NOREPLACE, fd, off);
	if (IS_ERR(r))
		return r;
	if ((uintptr_t)r != addr) {
		/* The flag was taken as a hint (qemu-user, old kernels). */
		sys(SYS_munmap, r, len, 0, 0, 0, 0);
		return -EEXIST;
	}
	return 0;
}

/* The lowest page-aligned address at or above from where span bytes are
 * free in the MMAP zone, or 0. */
static uintptr_t find_gap(uintptr_t from, uintptr_t span)
{
	uintptr_t a = align_up(from, page_size());
	size_t i = first_above(a);
	for (;;) {
		if (a > MIGCC_ZONE_MMAP_END || MIGCC_ZONE_MMAP_END - a < span)
			return 0;
		if (i == count || table[i].start >= a + span)
			return a;
		a = align_up(table[i].end, page_size());
		while (i < count && table[i].end <= a)
			i++;
	}
}

/* Maps len bytes first-fit in the MMAP zone: the address, or -errno. */
static long place(size_t len, int prot, int flags, int fd, off_t off)
{
	uintptr_t span = align_up(len, page_size());
	uintptr_t from = MIGCC_ZONE_MMAP_BASE;
	for (;;) {
		uintptr_t a = find_gap(from, span);
		if (!a)
			return -ENOMEM;
		long r = map_at(a, len, prot, flags, fd, off);
		if (r != -EEXIST)
			return r ? r : (long)a;
		/* Mapped, but not in the table: a detached thread's stack
		 * between its removal from the table and __unmapself, or a
		 * mapping made behind the runtime's back. Skip it. */
		from = a + span;
	}
}

static struct migcc_region region(uintptr_t start, size_t len, int prot, int flags, int fd, off_t off, int kind)
{
	int anon = (flags & MAP_ANONYMOUS) != 0;
	return (struct migcc_region){
		.start = start,
		.end = start + align_up(len, page_size()),
		.prot = prot & PROT_BITS,
		.flags = flags & ~(MAP_FIXED | MAP_FIXED_NOREPLACE),
		.kind = kind,
		.fd = anon ? -1 : fd,
		.offset = anon ? 0 : (unsigned long long)off,
	};
}

/* ---- musl's memory-management entry points. ---- */

void *__mmap(void *start, size_t len, int prot, int flags, int fd, off_t off)
{
	long r;
	if (off & 4095) {
		errno = EINVAL;
		return MAP_FAILED;
	}
	if (len >= PTRDIFF_MAX) {
		errno = ENOMEM;
		return MAP_FAILED;
	}
	if (!len) {
		errno = EINVAL;
		return MAP_FAILED;
	}
	int fixed = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE);
	if (flags & MAP_FIXED)
		__vm_wait();
	__lock(lock);
	if (!room(2)) {
		r = -ENOMEM;
	} else if (fixed) {
		r = sys(SYS_mmap, (long)start, len, prot, flags, fd, off);
		if (!IS_ERR(r) && r != (long)start) {
			/* MAP_FIXED_NOREPLACE taken as a hint. */
			sys(SYS_munmap, r, len, 0, 0, 0, 0);
			r = -EEXIST;
		}
	} else {
		r = place(len, prot, flags, fd, off);
	}
	if (!IS_ERR(r))
		record(region(r, len, prot, flags, fd, off, fixed ? MIGCC_REGION_FIXED : MIGCC_REGION_MMAP));
	__unlock(lock);
	/* Fixup incorrect EPERM from kernel (as musl does). */
	if (r == -EPERM && !start && (flags & MAP_ANONYMOUS) && !fixed)
		r = -ENOMEM;
	return (void *)ret(r);
}

int __munmap(void *start, size_t len)
{
	long r;
	__vm_wait();
	__lock(lock);
	r = room(1) ? sys(SYS_munmap, (long)start, len, 0, 0, 0, 0) : -ENOMEM;
	if (!r)
		carve((uintptr_t)start, (uintptr_t)start + align_up(len, page_size()));
	__unlock(lock);
	return ret(r);
}

int __mprotect(void *addr, size_t len, int prot)
{
	long r;
	/* As musl's: the range is widened to whole pages. */
	uintptr_t ps = page_size();
	uintptr_t start = (uintptr_t)addr & -ps, end = ((uintptr_t)addr + len + ps - 1) & -ps;
	__lock(lock);
	r = room(2) ? sys(SYS_mprotect, start, end - start, prot, 0, 0, 0) : -ENOMEM;
	if (!r)
		set_prot(start, end, prot & PROT_BITS);
	__unlock(lock);
	return ret(r);
}

/* Moves [old, old+old_len) to a free place in the MMAP zone: a PROT_NONE
 * reservation first, so that MREMAP_FIXED can only replace that. */
static long move(uintptr_t old, size_t old_len, size_t new_len, int flags)
{
	uintptr_t span = align_up(new_len, page_size());
	uintptr_t from = MIGCC_ZONE_MMAP_BASE;
	for (;;) {
		uintptr_t a = find_gap(from, span);
		if (!a)
			return -ENOMEM;
		if (a < old + align_up(old_len, page_size()) && old < a + span) {
			/* old is not in the table; if it is not mapped either,
			 * the reservation must not make it so. */
			from = old + align_up(old_len, page_size());
			continue;
		}
		long r = map_at(a, new_len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (r == -EEXIST) {
			from = a + span;
			continue;
		}
		if (r)
			return r;
		r = sys(SYS_mremap, old, old_len, new_len, flags | MREMAP_MAYMOVE | MREMAP_FIXED, a, 0);
		if (IS_ERR(r))
			sys(SYS_munmap, a, new_len, 0, 0, 0, 0);
		return r;
	}
}

void *__mremap(void *old_addr, size_t old_len, size_t new_len, int flags, ...)
{
	uintptr_t old = (uintptr_t)old_addr, target = 0;
	long r;
	if (new_len >= PTRDIFF_MAX) {
		errno = ENOMEM;
		return MAP_FAILED;
	}
	if (flags & MREMAP_FIXED) {
		va_list ap;
		__vm_wait();
		va_start(ap, flags);
		target = (uintptr_t)va_arg(ap, void *);
		va_end(ap);
	}
	__lock(lock);
	uintptr_t ps = page_size();
	uintptr_t old_span = align_up(old_len, ps), new_span = align_up(new_len, ps);
	struct migcc_region attrs = attributes_at(old);
	if (!room(3)) {
		r = -ENOMEM;
	} else if (flags & MREMAP_FIXED) {
		r = sys(SYS_mremap, old, old_len, new_len, flags, target, 0);
		attrs.kind = MIGCC_REGION_FIXED;
	} else if (old_len && new_span <= old_span && !(flags & MREMAP_DONTUNMAP)) {
		/* Shrinking stays in place. */
		r = sys(SYS_mremap, old, old_len, new_len, 0, 0, 0);
	} else {
		/* Growing: in place if the table and the zone allow (the kernel
		 * refuses if anything else is mapped there), else moved within
		 * the MMAP zone, never to a kernel-chosen address. An old_len of
		 * 0 (a second mapping of shared memory) and MREMAP_DONTUNMAP
		 * always move. */
		r = -ENOMEM;
		if (old_len && !(flags & MREMAP_DONTUNMAP) && old + new_span > old
		    && old + new_span <= growth_limit(old)) {
			size_t i = first_above(old + old_span);
			if (i == count || table[i].start >= old + new_span)
				r = sys(SYS_mremap, old, old_len, new_len, 0, 0, 0);
		}
		if (r == -ENOMEM && (flags & MREMAP_MAYMOVE)) {
			r = move(old, old_len, new_len, flags & MREMAP_DONTUNMAP);
			if (!IS_ERR(r))
				attrs.kind = MIGCC_REGION_MMAP;
		}
	}
	if (!IS_ERR(r)) {
		if (old_len && !(flags & MREMAP_DONTUNMAP))
			carve(old, old + old_span);
		attrs.start = r;
		attrs.end = r + new_span;
		record(attrs);
	}
	__unlock(lock);
	return (void *)ret(r);
}

extern __typeof(__mmap) mmap __attribute__((weak, alias("__mmap")));
extern __typeof(__mmap) mmap64 __attribute__((weak, alias("__mmap")));
extern __typeof(__munmap) munmap __attribute__((weak, alias("__munmap")));
extern __typeof(__mprotect) mprotect __attribute__((weak, alias("__mprotect")));
extern __typeof(__mremap) mremap __attribute__((weak, alias("__mremap")));

/* ---- brk ---- */

uintptr_t __migcc_brk(uintptr_t want)
{
	__lock(lock);
	if (want >= MIGCC_ZONE_HEAP_BASE && want <= MIGCC_ZONE_HEAP_END && room(2)) {
		uintptr_t need = align_up(want, page_size());
		long r = 0;
		if (need > heap_mapped) {
			r = map_at(heap_mapped, need - heap_mapped, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (!r)
				record(region(heap_mapped, need - heap_mapped, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0,
				              MIGCC_REGION_HEAP));
		} else if (need < heap_mapped) {
			r = sys(SYS_munmap, need, heap_mapped - need, 0, 0, 0, 0);
			if (!r)
				carve(need, heap_mapped);
		}
		if (!r) {
			heap_mapped = need;
			heap_break = want;
		}
	}
	uintptr_t cur = heap_break;
	__unlock(lock);
	return cur;
}

/* ---- Hooks for musl (patch 0004). ---- */

/* pthread_exit: a detached thread's stack is about to be unmapped by
 * __unmapself, which bypasses __munmap. Called with the thread-list lock
 * held, before the process may look single-threaded to __lock. */
void __migcc_forget_mapping(void *start, size_t len)
{
	__lock(lock);
	if (room(1))
		carve((uintptr_t)start, (uintptr_t)start + align_up(len, page_size()));
	__unlock(lock);
}

/* fork: who < 0 before, 0 in the parent after, > 0 in the child. */
void __migcc_regions_atfork(int who)
{
	if (who < 0)
		__lock(lock);
	else if (who > 0)
		lock[0] = 0;
	else
		__unlock(lock);
}

/* ---- Start-up and the checkpoint writer's view. ---- */

static void reserve(uintptr_t base, size_t len, int flags, int kind)
{
	flags |= MAP_PRIVATE | MAP_ANONYMOUS;
	if (map_at(base, len, RW, flags, -1, 0))
		__builtin_trap();
	struct migcc_region r = {base, base + len, RW, flags, kind, -1, 0};
	record(r);
}

void *__migcc_zones_start(size_t argv_bytes)
{
	/* Page size is not known yet (libc.auxv is not set): whole segments. */
	size_t len = align_up(argv_bytes, MIGCC_SEGMENT_ALIGN);
	if (len > MIGCC_ZONE_ARGV_END - MIGCC_ZONE_ARGV_BASE)
		__builtin_trap();
	reserve(MIGCC_ZONE_ARGV_BASE, len, 0, MIGCC_REGION_ARGV);
	reserve(MIGCC_ZONE_SHADOW_STACK_BASE, MIGCC_ZONE_SHADOW_STACK_END - MIGCC_ZONE_SHADOW_STACK_BASE,
	        MAP_NORESERVE, MIGCC_REGION_SHADOW_STACK);
	reserve(MIGCC_ZONE_RECORDS_BASE, MIGCC_ZONE_RECORDS_END - MIGCC_ZONE_RECORDS_BASE, MAP_NORESERVE,
	        MIGCC_REGION_RECORDS);
	__migcc_shadow_stack_top = (char *)MIGCC_ZONE_SHADOW_STACK_END;
	__migcc_records_base = (char *)MIGCC_ZONE_RECORDS_BASE;
	__migcc_records_end = (char *)MIGCC_ZONE_RECORDS_END;
	return (void *)MIGCC_ZONE_ARGV_BASE;
}

size_t __migcc_regions(struct migcc_region *out, size_t max)
{
	__lock(lock);
	size_t n = count;
	memcpy(out, table, (n < max ? n : max) * sizeof *out);
	__unlock(lock);
	return n;
}

#pragma clang attribute pop
