// What the host tells a process, after every move: the auxiliary vector describes the build that runs now (its ELF header's entry and program headers, as /proc/self/exe shows them: the builds differ per ISA), and the clocks that count from boot or from the process's start never go backwards. Sleeps to absolute CLOCK_MONOTONIC deadlines (clock_nanosleep with TIMER_ABSTIME), which a move may interrupt.
// args: 40
#include <elf.h>
#include <migcc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <time.h>
#include <unistd.h>

static void fail(const char *what) {
    const char *from = migcc_restored_from();
    fprintf(stderr, "%s (restored from %s)\n", what, from ? from : "nowhere");
    exit(2);
}

static Elf64_Ehdr own_header(void) {
    FILE *f = fopen("/proc/self/exe", "rb");
    Elf64_Ehdr eh;
    if (!f || fread(&eh, sizeof eh, 1, f) != 1) fail("cannot read /proc/self/exe");
    fclose(f);
    return eh;
}

/* getauxval against the running executable's own ELF header. A move
 * between reading the header and comparing changes the executable: the
 * header is read again after the comparison, and a changed one means
 * compare again. */
static void check_auxv(void) {
    for (;;) {
        Elf64_Ehdr eh = own_header();
        const char *wrong = 0;
        if (getauxval(AT_ENTRY) != eh.e_entry) wrong = "AT_ENTRY is not this build's entry";
        if (getauxval(AT_PHNUM) != eh.e_phnum) wrong = "AT_PHNUM is not this build's";
        if (getauxval(AT_PHENT) != eh.e_phentsize) wrong = "AT_PHENT is not this build's";
        if (getauxval(AT_PAGESZ) != (unsigned long)sysconf(_SC_PAGESIZE) || getauxval(AT_PAGESZ) == 0)
            wrong = "AT_PAGESZ is not this host's";
        Elf64_Ehdr again = own_header();
        if (memcmp(&eh, &again, sizeof eh)) continue;
        if (wrong) fail(wrong);
        return;
    }
}

static const clockid_t clocks[] = {CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_BOOTTIME, CLOCK_MONOTONIC_COARSE,
                                   CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID};
#define NCLOCKS (sizeof clocks / sizeof *clocks)

static long long read_ns(clockid_t c) {
    struct timespec t;
    if (clock_gettime(c, &t)) fail("clock_gettime failed");
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 40;
    long long last[NCLOCKS];
    for (size_t i = 0; i < NCLOCKS; i++) last[i] = read_ns(clocks[i]);
    check_auxv();
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    unsigned long sum = 0;
    for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < 200000; i++) sum = sum * 6364136223846793005UL + 1442695040888963407UL + (unsigned)r;
        deadline.tv_nsec += 10000000;
        if (deadline.tv_nsec >= 1000000000) deadline.tv_sec++, deadline.tv_nsec -= 1000000000;
        int e = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, 0);
        if (e) fail("clock_nanosleep failed");
        long long now = read_ns(CLOCK_MONOTONIC);
        long long want = deadline.tv_sec * 1000000000LL + deadline.tv_nsec;
        if (now < want) fail("clock_nanosleep woke before its deadline");
        for (size_t i = 0; i < NCLOCKS; i++) {
            long long t = read_ns(clocks[i]);
            if (t < last[i]) {
                char what[64];
                snprintf(what, sizeof what, "clock %d went backwards", (int)clocks[i]);
                fail(what);
            }
            last[i] = t;
        }
        check_auxv();
        if (r % 10 == 0) printf("round %d: %lu\n", r, sum % 1000003);
    }
    printf("done: %lu\n", sum % 1000003);
    return 0;
}
