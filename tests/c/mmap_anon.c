// mmap/munmap/mprotect/mremap of anonymous memory, file-backed mmap of a file in the cwd, page size queries.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void) {
    long ps = sysconf(_SC_PAGESIZE);
    printf("page size is a power of two >= 4096: %d\n", ps >= 4096 && (ps & (ps - 1)) == 0);
    size_t len = 16 * (size_t)ps;
    unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) { perror("mmap"); return 1; }
    int zero = 1;
    for (size_t i = 0; i < len; i++) if (p[i]) zero = 0;
    printf("anonymous zeroed=%d\n", zero);
    for (size_t i = 0; i < len; i++) p[i] = (unsigned char)(i % 251);
    unsigned long s = 0;
    for (size_t i = 0; i < len; i += 97) s += p[i];
    printf("sum=%lu\n", s);
    printf("mprotect ro=%d\n", mprotect(p, (size_t)ps, PROT_READ));
    printf("read after mprotect=%u\n", p[10]);
    printf("mprotect rw=%d\n", mprotect(p, (size_t)ps, PROT_READ | PROT_WRITE)); /* mremap needs one mapping */
    unsigned char *q = mremap(p, len, len * 4, MREMAP_MAYMOVE);
    if (q == MAP_FAILED) { perror("mremap"); return 1; }
    int kept = 1;
    for (size_t i = 0; i < len; i++) if (q[i] != (unsigned char)(i % 251)) kept = 0;
    printf("mremap kept=%d new tail zero=%d\n", kept, q[len * 4 - 1] == 0);
    printf("munmap=%d\n", munmap(q, len * 4));

    int fd = open("mapped.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);
    const char *msg = "file-backed mapping contents\n";
    write(fd, msg, strlen(msg));
    ftruncate(fd, ps);
    char *m = mmap(NULL, (size_t)ps, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    printf("mapped: %.28s\n", m);
    memcpy(m, "FILE", 4);
    msync(m, (size_t)ps, MS_SYNC);
    munmap(m, (size_t)ps);
    char buf[32] = {0};
    pread(fd, buf, 28, 0);
    printf("after msync: %s\n", buf);
    close(fd);
    unlink("mapped.dat");
    return 0;
}
