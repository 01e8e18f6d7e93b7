// printf into a FILE whose writer is the program's own loop (fopencookie): under -fmigratable, printf holds migration requests, so the writer's loop runs with them held; a writer left by longjmp (from a signal handler it raises, in the middle of an fprintf) leaves nothing held behind, and the program goes on migrating.
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>

static sigjmp_buf env;
static volatile sig_atomic_t jump_from_writer;
static unsigned long checksum;
static unsigned long written;

static ssize_t writer(void *cookie, const char *buf, size_t size) {
    (void)cookie;
    for (size_t i = 0; i < size; i++) checksum = checksum * 31 + (unsigned char)buf[i];
    written += size;
    if (jump_from_writer) {
        jump_from_writer = 0;
        raise(SIGUSR1);
    }
    return (ssize_t)size;
}

static void on_usr1(int sig) {
    siglongjmp(env, sig);
}

static FILE *open_writer(void) {
    cookie_io_functions_t io = {.write = writer};
    FILE *f = fopencookie(0, "w", io);
    if (!f) {
        perror("fopencookie");
        exit(1);
    }
    return f;
}

int main(void) {
    signal(SIGUSR1, on_usr1);
    int jumped = 0;
    for (int i = 0; i < 3; i++) {
        /* Unbuffered: fprintf calls the writer before it returns. The FILE is
         * abandoned after the jump, as a jump out of stdio leaves it. */
        FILE *f = open_writer();
        setvbuf(f, 0, _IONBF, 0);
        if (sigsetjmp(env, 1) == 0) {
            jump_from_writer = 1;
            fprintf(f, "jump %d: %.3f\n", i, i * 1.25);
        } else {
            jumped++;
        }
    }
    printf("jumped out of the writer %d times\n", jumped);

    FILE *f = open_writer();
    for (int round = 0; round < 40; round++) {
        fprintf(f, "round %d: %g %s %08x\n", round, round / 7.0, round % 2 ? "odd" : "even", round * 2654435761u);
        if (round % 10 == 9) {
            fflush(f);
            printf("after round %d: %lu bytes, checksum %lu\n", round, written, checksum);
        }
    }
    fclose(f);
    printf("closed: %lu bytes, checksum %lu\n", written, checksum);
    return 0;
}
