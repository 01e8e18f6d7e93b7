// malloc/realloc/free of small and large blocks, sbrk(0), mmap/munmap (partial too)/mremap/mprotect; under migcc, every result lies in its fixed zone and the table of migrating regions (__migcc_regions) follows each change.
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#ifdef __migcc__
#include <migcc_zones.h>
#endif

static int failures;

static void check(const char *what, int ok) {
    if (!ok) {
        printf("FAIL: %s\n", what);
        failures++;
    }
}

#ifdef __migcc__
static struct migcc_region regions[MIGCC_MAX_REGIONS];
static size_t nregions;

static void snapshot(void) {
    nregions = __migcc_regions(regions, MIGCC_MAX_REGIONS);
    check("table fits", nregions <= MIGCC_MAX_REGIONS);
    for (size_t i = 0; i < nregions; i++) {
        check("region is page-aligned and not empty",
              regions[i].start < regions[i].end && regions[i].start % 4096 == 0 && regions[i].end % 4096 == 0);
        check("regions sorted, not overlapping", i == 0 || regions[i - 1].end <= regions[i].start);
        check("region below 2^38", regions[i].end <= MIGCC_ADDRESS_LIMIT);
    }
}

/* The region containing addr, or NULL. */
static const struct migcc_region *region_at(const void *addr) {
    uintptr_t a = (uintptr_t)addr;
    for (size_t i = 0; i < nregions; i++)
        if (regions[i].start <= a && a < regions[i].end) return &regions[i];
    return NULL;
}

static int count_kind(int kind) {
    int n = 0;
    for (size_t i = 0; i < nregions; i++) n += regions[i].kind == kind;
    return n;
}

static int in_zone(const void *p, uintptr_t base, uintptr_t end) {
    return (uintptr_t)p >= base && (uintptr_t)p < end;
}
#define IN_MMAP(p) in_zone((p), MIGCC_ZONE_MMAP_BASE, MIGCC_ZONE_MMAP_END)
/* malloc's metadata is in the brk heap, its blocks in mmap'd groups; a
 * program that never frees gets musl's bump allocator, which uses brk. */
#define IN_HEAP_OR_MMAP(p) (in_zone((p), MIGCC_ZONE_HEAP_BASE, MIGCC_ZONE_HEAP_END) || IN_MMAP(p))
#endif

static unsigned sum(const unsigned char *p, size_t n) {
    unsigned s = 0;
    for (size_t i = 0; i < n; i++) s = s * 31 + p[i];
    return s;
}

int main(int argc, char **argv) {
    long ps = sysconf(_SC_PAGESIZE);

    /* malloc: small, medium, large (> 128 KiB: its own mapping), realloc. */
    char *small = malloc(24), *medium = malloc(3000), *large = malloc(300 * 1024);
    if (!small || !medium || !large) return 1;
    memset(small, 1, 24);
    memset(medium, 2, 3000);
    for (size_t i = 0; i < 300 * 1024; i++) large[i] = (char)(i % 253);
    unsigned before = sum((unsigned char *)large, 300 * 1024);
    char *larger = realloc(large, 2 * 1024 * 1024);
    if (!larger) return 1;
    printf("realloc grow kept contents: %d\n", sum((unsigned char *)larger, 300 * 1024) == before);
    char *smaller = realloc(larger, 200 * 1024);
    if (!smaller) return 1;
    printf("realloc shrink kept contents: %d\n", smaller[199 * 1024] == (char)(199 * 1024 % 253));
    void *brk_now = sbrk(0);
    printf("sbrk(0) non-null: %d\n", brk_now != (void *)-1 && brk_now != NULL);
#ifdef __migcc__
    check("small malloc in a zone", IN_HEAP_OR_MMAP(small));
    check("medium malloc in a zone", IN_HEAP_OR_MMAP(medium));
    check("large realloc in MMAP zone", IN_MMAP(larger) && IN_MMAP(smaller));
    check("sbrk(0) in HEAP zone", in_zone(brk_now, MIGCC_ZONE_HEAP_BASE, MIGCC_ZONE_HEAP_END + 1));
    check("__migcc_brk(0) is sbrk(0)", __migcc_brk(0) == (uintptr_t)brk_now);
    check("argv in ARGV zone", in_zone(argv, MIGCC_ZONE_ARGV_BASE, MIGCC_ZONE_ARGV_END)
                                   && in_zone(argv[0], MIGCC_ZONE_ARGV_BASE, MIGCC_ZONE_ARGV_END));
    check("shadow stack top", __migcc_shadow_stack_top == (char *)MIGCC_ZONE_SHADOW_STACK_END);
    check("records", __migcc_records_base == (char *)MIGCC_ZONE_RECORDS_BASE
                         && __migcc_records_end == (char *)MIGCC_ZONE_RECORDS_END);
    snapshot();
    check("one argv region", count_kind(MIGCC_REGION_ARGV) == 1 && region_at(argv)
                                 && region_at(argv)->kind == MIGCC_REGION_ARGV);
    const struct migcc_region *r = region_at((void *)(MIGCC_ZONE_SHADOW_STACK_END - 1));
    check("shadow stack region", r && r->kind == MIGCC_REGION_SHADOW_STACK && r->start == MIGCC_ZONE_SHADOW_STACK_BASE
                                     && r->end == MIGCC_ZONE_SHADOW_STACK_END && r->prot == (PROT_READ | PROT_WRITE));
    r = region_at((void *)MIGCC_ZONE_RECORDS_BASE);
    check("records region", r && r->kind == MIGCC_REGION_RECORDS && r->end == MIGCC_ZONE_RECORDS_END);
    check("heap region", count_kind(MIGCC_REGION_HEAP) >= 1);
    check("small malloc listed", region_at(small) != NULL);
    check("large block listed", region_at(smaller) && region_at(smaller + 200 * 1024 - 1));
    /* The brk heap follows Linux semantics. */
    uintptr_t b0 = __migcc_brk(0);
    check("brk grows", __migcc_brk(b0 + 3 * ps + 5) == b0 + 3 * ps + 5);
    memset((char *)b0, 7, 3 * ps + 5);
    check("brk beyond the zone fails", __migcc_brk(MIGCC_ZONE_HEAP_END + ps) == b0 + 3 * ps + 5);
    check("brk shrinks", __migcc_brk(b0) == b0);
    snapshot();
    check("heap pages gone after shrink", !region_at((void *)(((b0 + ps - 1) & -ps) + ps)));
#endif
    free(small);
    free(medium);
    free(smaller);

    /* mmap, partial munmap, mprotect, mremap. */
    size_t len = 8 * (size_t)ps;
    unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return 1;
    for (size_t i = 0; i < len; i++) p[i] = (unsigned char)(i % 251);
    printf("munmap middle page: %d\n", munmap(p + 3 * ps, (size_t)ps));
    printf("mprotect first page read-only: %d\n", mprotect(p, (size_t)ps, PROT_READ));
    printf("read after mprotect: %u\n", p[ps - 1]);
#ifdef __migcc__
    check("mmap in MMAP zone", IN_MMAP(p));
    snapshot();
    r = region_at(p);
    check("first page read-only in table", r && r->prot == PROT_READ && r->end == (uintptr_t)p + ps);
    r = region_at(p + ps);
    check("pages 1-2 read-write", r && r->prot == (PROT_READ | PROT_WRITE) && r->end == (uintptr_t)p + 3 * ps);
    check("hole at page 3", !region_at(p + 3 * ps));
    r = region_at(p + 4 * ps);
    check("pages 4-7 still mapped", r && r->start == (uintptr_t)p + 4 * ps && r->end == (uintptr_t)p + len
                                        && r->flags == (MAP_PRIVATE | MAP_ANONYMOUS) && r->fd == -1);
#endif
    /* Grow the tail part: it cannot grow in place past what follows it
     * forever, so ask for a lot. */
    unsigned char *tail = p + 4 * ps;
    unsigned char *q = mremap(tail, 4 * (size_t)ps, 64 * (size_t)ps, MREMAP_MAYMOVE);
    if (q == MAP_FAILED) return 1;
    int kept = 1;
    for (size_t i = 0; i < 4 * (size_t)ps; i++)
        if (q[i] != (unsigned char)((i + 4 * ps) % 251)) kept = 0;
    printf("mremap kept=%d new tail zero=%d\n", kept, q[64 * ps - 1] == 0);
    /* A mapping placed after the hole: the hole is reused first. */
    unsigned char *hole = mmap(NULL, (size_t)ps, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (hole == MAP_FAILED) return 1;
#ifdef __migcc__
    check("mremap result in MMAP zone", IN_MMAP(q));
    check("first fit reuses the hole", hole == p + 3 * ps);
    snapshot();
    r = region_at(q);
    check("moved mapping listed whole", r && r->start <= (uintptr_t)q && r->end >= (uintptr_t)q + 64 * ps);
    check("old tail gone or reused", q == tail || !region_at(p + 7 * ps));
#endif
    printf("munmap all: %d %d %d\n", munmap(p, 4 * (size_t)ps), munmap(q, 64 * (size_t)ps), munmap(hole, (size_t)ps));
#ifdef __migcc__
    snapshot();
    check("unmapped ranges gone", !region_at(p) && !region_at(q) && !region_at(q + 63 * ps));
    /* MAP_FIXED is passed through and recorded. */
    unsigned char *f = mmap(NULL, 4 * (size_t)ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    unsigned char *g = mmap(f + ps, (size_t)ps, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    check("MAP_FIXED at its address", g == f + ps);
    snapshot();
    r = region_at(g);
    check("MAP_FIXED recorded", r && r->kind == MIGCC_REGION_FIXED && r->prot == PROT_NONE && r->start == (uintptr_t)g
                                    && r->end == (uintptr_t)g + ps);
    check("MAP_FIXED_NOREPLACE over it fails",
          mmap(f, (size_t)ps, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) == MAP_FAILED);
    munmap(f, 4 * (size_t)ps);
#endif
    printf("%s\n", failures ? "zones: FAILED" : "zones: ok");
    return failures != 0;
}
