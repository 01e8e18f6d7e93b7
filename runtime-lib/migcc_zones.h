/* migcc's fixed-address memory zones (runtime-lib/zones.c).
 *
 * Memory that migrates lives at addresses migcc fixes, identical on every
 * ISA and every run: the aligned image (placed by the linker) and the zones
 * of <migcc_address_map.h> (generated from sysroot/src/address_map.rs). The
 * runtime keeps a table of every mapping outside the image, in static
 * storage (it migrates with the image), for a checkpoint writer:
 *
 *   struct migcc_region r[MIGCC_MAX_REGIONS];
 *   size_t n = __migcc_regions(r, MIGCC_MAX_REGIONS);
 *
 * lists the argv zone, the reserved shadow stack and frame records, the
 * emulated brk heap and every live mapping made through mmap/mremap (placed
 * in the MMAP zone, or where the program fixed it), sorted by address,
 * non-overlapping, adjacent compatible mappings merged (like
 * /proc/self/maps). */
#ifndef MIGCC_ZONES_H
#define MIGCC_ZONES_H

#include <stddef.h>
#include <stdint.h>
#include <migcc_address_map.h>

/* Capacity of the table: Linux's default vm.max_map_count (65530),
 * rounded up; adjacent compatible mappings are merged, as the kernel merges
 * VMAs, so a program that runs on Linux fits. An operation that would need
 * more entries fails with ENOMEM, as Linux does past that limit. */
#define MIGCC_MAX_REGIONS 65536

/* migcc_region.kind */
#define MIGCC_REGION_ARGV 1         /* argv/env/auxv copy (ARGV zone) */
#define MIGCC_REGION_SHADOW_STACK 2 /* main thread's shadow stack (reserved) */
#define MIGCC_REGION_RECORDS 3      /* frame records (reserved) */
#define MIGCC_REGION_HEAP 4         /* brk heap pages, [HEAP base, break rounded up to a page) */
#define MIGCC_REGION_MMAP 5         /* mmap/mremap placed by the runtime in the MMAP zone */
#define MIGCC_REGION_FIXED 6        /* MAP_FIXED/MAP_FIXED_NOREPLACE/MREMAP_FIXED: placed by the program */

struct migcc_region {
	uintptr_t start, end;      /* [start, end), page-aligned */
	int prot;                  /* PROT_READ/WRITE/EXEC, kept up to date by mprotect */
	int flags;                 /* mmap flags as given, without MAP_FIXED/MAP_FIXED_NOREPLACE */
	int kind;                  /* MIGCC_REGION_* */
	int fd;                    /* file mappings: the descriptor passed to mmap (it may have been
	                            * closed since); -1 for anonymous memory */
	unsigned long long offset; /* file mappings: file offset of start; 0 otherwise */
};

/* Copies up to max entries of the table to out and returns the number of
 * entries (which may exceed max). Takes the table's lock: not to be called
 * from a signal handler that may interrupt mmap/munmap/mremap/mprotect/brk. */
size_t __migcc_regions(struct migcc_region *out, size_t max);

/* brk with Linux semantics, emulated in the HEAP zone: returns the new
 * break, or the current one when end is 0, outside the zone, or cannot be
 * mapped. The initial break is MIGCC_ZONE_HEAP_BASE. */
uintptr_t __migcc_brk(uintptr_t end);

/* Reserved at start-up (PROT_READ|PROT_WRITE, MAP_NORESERVE). */
extern char *__migcc_shadow_stack_top;  /* MIGCC_ZONE_SHADOW_STACK_END */
extern char *__migcc_records_base;      /* MIGCC_ZONE_RECORDS_BASE */
extern char *__migcc_records_end;       /* MIGCC_ZONE_RECORDS_END */

/* Start-up only (start.c, before libc is initialised): maps the ARGV zone
 * for argv_bytes, reserves the shadow stack and the frame records, and
 * returns the ARGV zone's base. Traps if any zone cannot be mapped at its
 * address. */
void *__migcc_zones_start(size_t argv_bytes);

#endif
