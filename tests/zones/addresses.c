/* Prints the addresses of a sequence of allocations and mappings, and the
 * table of migrating regions, one per line as `ZONES LABEL ADDRESS`, where
 * ZONES names the zone(s) of <migcc_address_map.h> the address must be in.
 * tests/zones.rs runs it on every ISA, twice each, and expects the same
 * text every time. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <migcc_zones.h>

static void show(const char *zones, const char *label, const void *p) {
    printf("%s %s %#lx\n", zones, label, (unsigned long)(uintptr_t)p);
}

static void *thread_main(void *arg) {
    /* Its stack and thread descriptor are in one mapping (the exact stack
     * pointer depends on each ISA's frame layout). */
    pthread_attr_t attr;
    void *stack;
    size_t size;
    pthread_getattr_np(pthread_self(), &attr);
    pthread_attr_getstack(&attr, &stack, &size);
    show("MMAP", "thread-stack", stack);
    show("MMAP", "thread-self", (void *)pthread_self());
    void *p = malloc(100);
    show("HEAP|MMAP", "thread-malloc-100", p);
    return p;
}

int main(int argc, char **argv) {
    static void *keep[64];
    int n = 0;
    const size_t sizes[] = {16, 24, 100, 1000, 3000, 5000, 20000, 100000, 200000, 1 << 20};
    char label[64];
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        keep[n] = malloc(sizes[i]);
        memset(keep[n], (int)i, sizes[i]);
        snprintf(label, sizeof label, "malloc-%zu", sizes[i]);
        show("HEAP|MMAP", label, keep[n++]);
    }
    free(keep[1]);
    free(keep[8]);
    keep[n] = malloc(24);
    show("HEAP|MMAP", "malloc-24-after-free", keep[n++]);
    keep[9] = realloc(keep[9], 4 << 20);
    show("MMAP", "realloc-4M", keep[9]);
    keep[7] = realloc(keep[7], 300000);
    show("HEAP|MMAP", "realloc-300000", keep[7]);

    long ps = sysconf(_SC_PAGESIZE);
    char *m1 = mmap(NULL, 5 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *m2 = mmap(NULL, 3 * ps, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    show("MMAP", "mmap-5p", m1);
    show("MMAP", "mmap-3p", m2);
    munmap(m1 + ps, ps);
    mprotect(m1 + 3 * ps, ps, PROT_READ);
    char *m3 = mmap(NULL, ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    show("MMAP", "mmap-1p-in-hole", m3);
    char *m4 = mremap(m2, 3 * ps, 40 * ps, MREMAP_MAYMOVE);
    show("MMAP", "mremap-40p", m4);

    int fd = open("zones.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);
    ftruncate(fd, 2 * ps);
    char *f = mmap(NULL, 2 * ps, PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    show("MMAP", "mmap-file", f);

    pthread_t t;
    void *from_thread;
    pthread_create(&t, NULL, thread_main, NULL);
    pthread_join(t, &from_thread);
    free(from_thread);
    char *after_join = mmap(NULL, ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    show("MMAP", "mmap-after-join", after_join);

    show("HEAP", "sbrk0", sbrk(0));
    show("ARGV", "argv", argv);

    static struct migcc_region r[MIGCC_MAX_REGIONS];
    size_t count = __migcc_regions(r, MIGCC_MAX_REGIONS);
    for (size_t i = 0; i < count && i < MIGCC_MAX_REGIONS; i++) {
        snprintf(label, sizeof label, "region-kind%d-prot%d-flags%#x-fd%d-size%#lx", r[i].kind, r[i].prot,
                 r[i].flags, r[i].fd, (unsigned long)(r[i].end - r[i].start));
        show("ANY", label, (void *)r[i].start);
    }
    unlink("zones.dat");
    return 0;
}
