/* The checkpoint image (docs/CHECKPOINT_FORMAT.md): one file, DIR/image.
 * Little-endian, as every supported ISA is; fixed-size fields only, so the
 * layout is the same on every ISA and migcc's Rust side reads it too. */
#ifndef MIGCC_CHECKPOINT_H
#define MIGCC_CHECKPOINT_H

#include <stdint.h>

#define MIGCC_CKPT_MAGIC "MIGCCCKP"
#define MIGCC_CKPT_VERSION 3
#define MIGCC_CKPT_SEED 0xcbf29ce484222325ULL
#define MIGCC_BUILD_ID_BYTES 32
#define MIGCC_MAX_FILES 256
#define MIGCC_MAX_SOCKETS 64
#define MIGCC_CKPT_DATA 0 /* region kind: the aligned image's data and bss */
/* Regions' contents start at multiples of this in the image: the largest
 * page size of any supported ISA, so that an image can be mapped. */
#define MIGCC_CKPT_ALIGN 65536
/* The clocks that restart on another host (runtime-lib/clocks.c), in
 * clock_ns[]: CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_BOOTTIME,
 * CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID. */
#define MIGCC_CKPT_CLOCKS 5
#define MIGCC_CKPT_CLOCK_MONOTONIC 0 /* its index in clock_ns[] */
#define MIGCC_CKPT_BOOT_CLOCKS 3     /* the first three count from boot */

struct migcc_ckpt_header {
	char magic[8];
	uint32_t version, header_bytes;
	unsigned char build_id[MIGCC_BUILD_ID_BYTES];
	char machine[16];          /* uname's machine of the writer */
	uint64_t page_size;        /* the writer's (AT_PAGESZ); a restore needs the same */
	uint64_t thread_pointer;   /* the main thread's control block */
	uint64_t shadow_sp, records_sp;
	uint64_t argc, argv, envp;
	uint32_t nregions, nfiles;
	uint32_t umask, nsockets;
	uint64_t total_bytes;      /* the image's size */
	uint64_t checksum;         /* of the header (this field 0), the region, file and socket tables */
	int64_t realtime_ns;       /* CLOCK_REALTIME when written; since version 3 */
	int64_t clock_ns[MIGCC_CKPT_CLOCKS]; /* the program's readings of the restarting clocks */
	char cwd[4096];
	char program[4096];        /* the writer's executable, absolute (its ISA's build); since version 2 */
};

struct migcc_ckpt_region {
	uint64_t start, end;       /* addresses */
	uint32_t prot, kind;       /* PROT_*, MIGCC_CKPT_DATA or a MIGCC_REGION_* zone kind */
	uint64_t offset;           /* of the contents in the image (a multiple of MIGCC_CKPT_ALIGN) */
	uint64_t checksum;         /* of the contents */
};

struct migcc_ckpt_file {
	int32_t fd, flags;
	uint64_t offset;
	char path[4096];
};

/* `migcc checkpoint PID` asks a running program, however it was started,
 * through a request file and MIGCC_SIGNAL (docs/CHECKPOINT_FORMAT.md,
 * "Requests"). The files live in a private directory per user:
 *   MIGCC_REQUEST_DIR<uid>/                 mode 0700, owned by the user
 *   MIGCC_REQUEST_DIR<uid>/<pid>.request    line 1: the checkpoint directory
 *                                           (absolute); line 2: EXIT or CONTINUE
 *   MIGCC_REQUEST_DIR<uid>/<pid>.result     written by the program: OK or FAILED
 * The program removes the request when it reads it, once its stack has
 * unwound, and renames the result into place when the image is complete. */
#define MIGCC_REQUEST_DIR "/tmp/migcc-"
#define MIGCC_REQUEST_SUFFIX ".request"
#define MIGCC_RESULT_SUFFIX ".result"
#define MIGCC_REQUEST_EXIT "exit"         /* leave with MIGCC_EXIT_MIGRATED */
#define MIGCC_REQUEST_CONTINUE "continue" /* rewind and go on: a snapshot */
#define MIGCC_RESULT_OK "ok"
#define MIGCC_RESULT_FAILED "failed"

/* A request, as the runtime read it. */
struct migcc_request {
	char dir[4096];
	int leave_running;
};

/* Reads and removes this process's request: 1 with *r filled, 0 if there
 * is none, -1 if it is malformed or not the user's own (answered FAILED). */
int __migcc_take_request(struct migcc_request *r);
/* Answers the request: the image is complete (ok) or was not written. */
void __migcc_answer_request(int ok);
/* Records the running executable's path for the next checkpoint header
 * (at start-up, and again after a restore has replaced memory). */
void __migcc_note_program(void);

/* A listening TCP socket (IPv4 or IPv6), re-created on restore. */
struct migcc_ckpt_socket {
	int32_t fd, flags;         /* descriptor, O_* status flags (O_NONBLOCK) */
	int32_t cloexec;           /* FD_CLOEXEC set */
	int32_t family;            /* AF_INET or AF_INET6 */
	int32_t backlog;           /* listen()'s, as the kernel clamped it */
	int32_t reuseaddr, reuseport, keepalive, nodelay, v6only; /* option values */
	uint32_t address_bytes, reserved;
	unsigned char address[32]; /* the bound sockaddr_in or sockaddr_in6 */
};

/* 64-bit checksum: for each 8-byte little-endian word w (a short tail is
 * zero-padded), h = (h ^ w) * 0x100000001b3, from MIGCC_CKPT_SEED. */
uint64_t __migcc_checksum(uint64_t h, const void *p, unsigned long n);

#endif
