/* Checkpoint and restore: the process image as a file, and back.
 *
 * The writer runs in the bottom frame once the whole stack has unwound
 * into frame records: every byte that migrates is then in memory at an
 * address migcc fixes (the aligned image's data, the zones of
 * migcc_zones.h), so a checkpoint is that memory plus a little OS state.
 * The reader runs at start-up in a fresh process of the same build, on any
 * ISA, before musl initialises itself: it uses raw system calls only (no
 * errno, no thread pointer yet). The format is docs/CHECKPOINT_FORMAT.md. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/syscall.h>
#include <sys/auxv.h>
#include <sys/utsname.h>

#include "migcc.h"
#include "migcc_checkpoint.h"
#include "migrate_abi.h"
#include "migcc_zones.h"
#include <pthread.h>


long __migcc_syscall(long, long, long, long, long, long, long);
int __migcc_rebind_main_thread(void *); /* musl patch 0006 */
extern const unsigned char __migcc_build_id[MIGCC_BUILD_ID_BYTES];
extern char __migcc_data_start[], __migcc_data_end[];
extern char *__migcc_rec_sp;
char **__migcc_ssp_slot(void);
extern unsigned long *__migcc_auxv;
void __migcc_clocks_save(struct migcc_ckpt_header *), __migcc_clocks_resume(const struct migcc_ckpt_header *);

/* Nothing here is instrumented for migration: this is the runtime that
 * drives it (llvm-pass/src/migrate/analysis.rs). Functions defined elsewhere
 * are declared above: the annotation would follow them (main!). */
#pragma clang attribute push(__attribute__((annotate("migcc.runtime"))), apply_to = function)

#define SYS(n, a, b, c) __migcc_syscall(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)

static uint64_t round_up(uint64_t x, uint64_t a) { return (x + a - 1) / a * a; }

uint64_t __migcc_checksum(uint64_t h, const void *p, unsigned long n)
{
	const unsigned char *b = p;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		__builtin_memcpy(&w, b + i, 8);
		h = (h ^ w) * 0x100000001b3ULL;
	}
	if (i < n) {
		uint64_t w = 0;
		memcpy(&w, b + i, n - i);
		h = (h ^ w) * 0x100000001b3ULL;
	}
	return h;
}

/* ---- the program's path ---- */

/* The running executable (this ISA's build), for `migcc restore` to find
 * the program's other builds. Captured at start-up, before the program can
 * change directory: under qemu-user /proc/self/exe is the guest program as
 * qemu was given it, made absolute against the current directory. */
static char program_path[4096];

void __migcc_note_program(void)
{
	long n = __migcc_syscall(SYS_readlinkat, AT_FDCWD, (long)"/proc/self/exe", (long)program_path,
	                         sizeof program_path - 1, 0, 0);
	program_path[n > 0 ? n : 0] = 0;
}

/* ---- requests from `migcc checkpoint PID` (migcc_checkpoint.h) ---- */

/* Appends v in decimal at p; returns the end. */
static char *put_decimal(char *p, unsigned long v)
{
	char tmp[24];
	int k = 0;
	do tmp[k++] = '0' + v % 10; while ((v /= 10));
	while (k)
		*p++ = tmp[--k];
	return p;
}

/* MIGCC_REQUEST_DIR<uid>, and with pid_suffix, /<pid><suffix>. */
static void request_path(char *out, const char *pid_suffix)
{
	char *p = out;
	memcpy(p, MIGCC_REQUEST_DIR, sizeof MIGCC_REQUEST_DIR - 1);
	p = put_decimal(p + sizeof MIGCC_REQUEST_DIR - 1, SYS(SYS_getuid, 0, 0, 0));
	if (pid_suffix) {
		*p++ = '/';
		p = put_decimal(p, SYS(SYS_getpid, 0, 0, 0));
		size_t n = strlen(pid_suffix);
		memcpy(p, pid_suffix, n);
		p += n;
	}
	*p = 0;
}

int __migcc_take_request(struct migcc_request *r)
{
	char path[96], text[sizeof r->dir + 32];
	struct stat st;
	long uid = SYS(SYS_getuid, 0, 0, 0);
	request_path(path, MIGCC_REQUEST_SUFFIX);
	int fd = SYS(SYS_openat, AT_FDCWD, path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return 0;
	long n = -1;
	if (SYS(SYS_fstat, fd, &st, 0) == 0 && S_ISREG(st.st_mode) && st.st_uid == (unsigned long)uid)
		n = SYS(SYS_read, fd, text, sizeof text - 1);
	SYS(SYS_close, fd, 0, 0);
	SYS(SYS_unlinkat, AT_FDCWD, path, 0);
	/* Only the user's own private directory is trusted. */
	request_path(path, 0);
	if (__migcc_syscall(SYS_newfstatat, AT_FDCWD, (long)path, (long)&st, AT_SYMLINK_NOFOLLOW, 0, 0) < 0
	    || !S_ISDIR(st.st_mode) || st.st_uid != (unsigned long)uid || (st.st_mode & 077))
		n = -1;
	if (n > 0) {
		text[n] = 0;
		char *mode = memchr(text, '\n', n);
		if (mode && text[0] == '/' && mode - text < (long)sizeof r->dir) {
			*mode++ = 0;
			char *end = strchr(mode, '\n');
			if (end)
				*end = 0;
			memcpy(r->dir, text, mode - text);
			r->leave_running = !strcmp(mode, MIGCC_REQUEST_CONTINUE);
			if (r->leave_running || !strcmp(mode, MIGCC_REQUEST_EXIT))
				return 1;
		}
	}
	__migcc_answer_request(0);
	return -1;
}

void __migcc_answer_request(int ok)
{
	char path[96], tmp[96];
	request_path(path, MIGCC_RESULT_SUFFIX);
	request_path(tmp, MIGCC_RESULT_SUFFIX ".tmp");
	int fd = __migcc_syscall(SYS_openat, AT_FDCWD, (long)tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	                         0600, 0, 0);
	if (fd < 0)
		return;
	const char *word = ok ? MIGCC_RESULT_OK "\n" : MIGCC_RESULT_FAILED "\n";
	SYS(SYS_write, fd, word, strlen(word));
	SYS(SYS_close, fd, 0, 0);
	__migcc_syscall(SYS_renameat2, AT_FDCWD, (long)tmp, AT_FDCWD, (long)path, 0, 0);
}

/* ---- writing ---- */

/* The writer's and reader's tables. They live in a transient mapping,
 * never in memory that is being saved or restored. */
struct scratch {
	struct migcc_ckpt_header header;
	struct migcc_ckpt_region table[MIGCC_MAX_REGIONS + 1];
	struct migcc_ckpt_file files[MIGCC_MAX_FILES];
	struct migcc_ckpt_socket sockets[MIGCC_MAX_SOCKETS];
	struct migcc_region zone[MIGCC_MAX_REGIONS];
};
static struct scratch *scratch_map(void)
{
	long p = __migcc_syscall(SYS_mmap, 0, sizeof(struct scratch), PROT_READ | PROT_WRITE,
	                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return (unsigned long)p > -4096UL ? 0 : (struct scratch *)p;
}
static void scratch_unmap(struct scratch *s)
{
	__migcc_syscall(SYS_munmap, (long)s, sizeof *s, 0, 0, 0, 0);
}
#define header (S->header)
#define table (S->table)
#define files (S->files)
#define sockets (S->sockets)
#define zone (S->zone)

static int write_all(int fd, const void *p, size_t n, uint64_t at)
{
	const char *c = p;
	while (n) {
		long w = __migcc_syscall(SYS_pwrite64, fd, (long)c, n, at, 0, 0);
		if (w <= 0)
			return -1;
		c += w, n -= w, at += w;
	}
	return 0;
}

static void add(struct scratch *S, uint64_t start, uint64_t end, unsigned prot, unsigned kind)
{
	if (end > start && header.nregions < MIGCC_MAX_REGIONS + 1)
		table[header.nregions++] = (struct migcc_ckpt_region){ .start = start, .end = end, .prot = prot, .kind = kind };
}

/* Descriptors the program inherited when it first started, other than
 * regular files: like the standard streams, they are the restorer's own
 * (the supervisor's, which starts every hop), so the checkpoint leaves them
 * out. A bit per descriptor below INHERITED_LIMIT. */
#define INHERITED_LIMIT 1024
static unsigned long inherited[INHERITED_LIMIT / (8 * sizeof(long))];

static int is_inherited(int fd)
{
	return fd < INHERITED_LIMIT && (inherited[fd / (8 * sizeof(long))] >> (fd % (8 * sizeof(long))) & 1);
}

/* Calls each(S, fd, &st) for every descriptor above 2 but `dir`, from
 * /proc/self/fd; stops at the first non-zero result, which it returns. */
static int each_descriptor(struct scratch *S, int (*each)(struct scratch *, int, struct stat *))
{
	char dents[4096];
	int dir = SYS(SYS_openat, AT_FDCWD, "/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return -1;
	long n;
	int r = 0;
	while (!r && (n = SYS(SYS_getdents64, dir, dents, sizeof dents)) > 0) {
		for (long off = 0; !r && off < n;) {
			struct { uint64_t ino; int64_t off; unsigned short reclen; unsigned char type; char name[]; } *d = (void *)(dents + off);
			off += d->reclen;
			if (d->name[0] < '0' || d->name[0] > '9')
				continue;
			int fd = 0;
			for (char *c = d->name; *c >= '0' && *c <= '9'; c++)
				fd = fd * 10 + (*c - '0');
			struct stat st;
			if (fd > 2 && fd != dir && SYS(SYS_fstat, fd, &st, 0) == 0)
				r = each(S, fd, &st);
		}
	}
	SYS(SYS_close, dir, 0, 0);
	return r;
}

static int note_inherited(struct scratch *S, int fd, struct stat *st)
{
	(void)S;
	if (!S_ISREG(st->st_mode) && fd < INHERITED_LIMIT)
		inherited[fd / (8 * sizeof(long))] |= 1UL << (fd % (8 * sizeof(long)));
	return 0;
}

/* At the first start (start.c), not after a restore: the list then is the
 * first process's, in the restored memory. */
void __migcc_note_inherited_descriptors(void)
{
	each_descriptor(0, note_inherited);
}

/* Why the checkpoint cannot be written, on stderr: the program continues. */
/* Set by the runtime when it retries a refused checkpoint: the reason has
 * been printed already. */
int __migcc_checkpoint_quiet;

static int refuse_descriptor(int fd, const char *what)
{
	if (__migcc_checkpoint_quiet)
		return -1;
	static const char prefix[] = "migcc: error: cannot checkpoint descriptor ";
	char digits[12];
	int k = 0;
	do digits[sizeof digits - 1 - k++] = '0' + fd % 10; while ((fd /= 10));
	SYS(SYS_write, 2, prefix, sizeof prefix - 1);
	SYS(SYS_write, 2, digits + sizeof digits - k, k);
	SYS(SYS_write, 2, what, strlen(what));
	return -1;
}

static int int_option(int fd, int level, int name)
{
	int value = 0;
	unsigned len = sizeof value;
	return __migcc_syscall(SYS_getsockopt, fd, level, name, (long)&value, (long)&len, 0) < 0 ? -1 : value;
}

/* A listening TCP socket: its address, backlog and the options that
 * matter for re-creating it and for the connections it accepts. */
static int collect_socket(struct scratch *S, int fd)
{
	int family = int_option(fd, SOL_SOCKET, SO_DOMAIN);
	if (int_option(fd, SOL_SOCKET, SO_ACCEPTCONN) != 1 || int_option(fd, SOL_SOCKET, SO_TYPE) != SOCK_STREAM
	    || int_option(fd, SOL_SOCKET, SO_PROTOCOL) != IPPROTO_TCP || (family != AF_INET && family != AF_INET6))
		return refuse_descriptor(fd, " (a socket that is not a listening TCP socket): only regular files and "
		                             "listening TCP sockets migrate\n");
	if (header.nsockets >= MIGCC_MAX_SOCKETS)
		return refuse_descriptor(fd, ": too many listening sockets\n");
	struct migcc_ckpt_socket *k = &sockets[header.nsockets];
	memset(k, 0, sizeof *k);
	k->fd = fd;
	k->family = family;
	k->flags = SYS(SYS_fcntl, fd, F_GETFL, 0);
	k->cloexec = (SYS(SYS_fcntl, fd, F_GETFD, 0) & FD_CLOEXEC) != 0;
	k->reuseaddr = int_option(fd, SOL_SOCKET, SO_REUSEADDR);
	k->reuseport = int_option(fd, SOL_SOCKET, SO_REUSEPORT);
	k->keepalive = int_option(fd, SOL_SOCKET, SO_KEEPALIVE);
	k->nodelay = int_option(fd, IPPROTO_TCP, TCP_NODELAY);
	k->v6only = family == AF_INET6 ? int_option(fd, IPPROTO_IPV6, IPV6_V6ONLY) : 0;
	/* Linux reports a listening socket's backlog in TCP_INFO; qemu-user
	 * passes only the first 4 bytes of it, and then SOMAXCONN stands in. */
	struct tcp_info info;
	unsigned len = sizeof info;
	k->backlog = __migcc_syscall(SYS_getsockopt, fd, IPPROTO_TCP, TCP_INFO, (long)&info, (long)&len, 0) == 0
	                     && len >= offsetof(struct tcp_info, tcpi_sacked) + sizeof info.tcpi_sacked
	                 ? (int32_t)info.tcpi_sacked
	                 : SOMAXCONN;
	unsigned address_bytes = sizeof k->address;
	if (SYS(SYS_getsockname, fd, k->address, &address_bytes) < 0 || address_bytes > sizeof k->address
	    || k->reuseaddr < 0 || k->reuseport < 0 || k->keepalive < 0 || k->nodelay < 0 || k->v6only < 0)
		return refuse_descriptor(fd, ": cannot read the listening socket's address and options\n");
	k->address_bytes = address_bytes;
	header.nsockets++;
	return 0;
}

/* Regular files and listening TCP sockets on descriptors above 2, from
 * /proc/self/fd. Pipes and other sockets are refused; other kinds
 * (directories, devices, epoll and event descriptors) are left out, as are
 * the descriptors the program inherited. */
static int collect_descriptor(struct scratch *S, int fd, struct stat *st)
{
	char link[64];
	if (is_inherited(fd) && !S_ISREG(st->st_mode))
		return 0;
	if (S_ISSOCK(st->st_mode))
		return collect_socket(S, fd);
	if (S_ISFIFO(st->st_mode))
		return refuse_descriptor(fd, " (a pipe): only regular files and listening TCP sockets migrate\n");
	if (!S_ISREG(st->st_mode))
		return 0;
	if (header.nfiles >= MIGCC_MAX_FILES)
		return refuse_descriptor(fd, ": too many open files\n");
	/* Reopened by path on the destination: a file without one cannot be. */
	if (st->st_nlink == 0)
		return refuse_descriptor(fd, " (a deleted file, such as tmpfile()'s): its contents do not migrate yet\n");
	struct migcc_ckpt_file *f = &files[header.nfiles];
	memcpy(link, "/proc/self/fd/", 14);
	int len = 14;
	char tmp[12];
	int k = 0, v = fd;
	do tmp[k++] = '0' + v % 10; while ((v /= 10));
	while (k) link[len++] = tmp[--k];
	link[len] = 0;
	long plen = __migcc_syscall(SYS_readlinkat, AT_FDCWD, (long)link, (long)f->path, sizeof f->path - 1, 0, 0);
	if (plen <= 0 || f->path[0] != '/')
		return refuse_descriptor(fd, " (a regular file without a path to reopen it by)\n");
	f->path[plen] = 0;
	f->fd = fd;
	/* FD_CLOEXEC, a descriptor flag, travels as O_CLOEXEC. */
	f->flags = SYS(SYS_fcntl, fd, F_GETFL, 0) | ((SYS(SYS_fcntl, fd, F_GETFD, 0) & FD_CLOEXEC) ? O_CLOEXEC : 0);
	f->offset = SYS(SYS_lseek, fd, 0, SEEK_CUR);
	header.nfiles++;
	return 0;
}

static int write_image(struct scratch *S, const char *dir, int argc, char **argv, char **envp);

/* Where the tables are in the image: the header, then regions, files and
 * sockets, back to back. */
static uint64_t file_table_at(struct scratch *S)
{
	return sizeof header + header.nregions * sizeof *table;
}
static uint64_t socket_table_at(struct scratch *S)
{
	return file_table_at(S) + header.nfiles * sizeof *files;
}

int __migcc_checkpoint_write(const char *dir, int argc, char **argv, char **envp)
{
	struct scratch *S = scratch_map();
	if (!S)
		return -1;
	int r = write_image(S, dir, argc, argv, envp);
	scratch_unmap(S);
	return r;
}

/* Signal dispositions, as the virtual ISA's rt_sigaction sees them (the
 * per-ISA layer adds its own restorer): kept in program memory, so they
 * travel with the image's data. Users' handlers are the trampoline
 * (signals.c), at the same address in every build. */
struct virtual_sigaction {
	void *handler;
	unsigned long flags, mask;
};
static struct virtual_sigaction dispositions[65];

static int keeps_its_own_disposition(int sig)
{
	return sig == SIGKILL || sig == SIGSTOP || sig == MIGCC_SIGNAL;
}

static void save_dispositions(void)
{
	for (int sig = 1; sig < 65; sig++)
		if (keeps_its_own_disposition(sig)
		    || __migcc_syscall(SYS_rt_sigaction, sig, 0, (long)&dispositions[sig], 8, 0, 0) < 0)
			dispositions[sig].handler = SIG_DFL;
}

/* The writer's ISA, for migcc_restored_from() (migcc.h); empty in a
 * process that started afresh. */
static char restored_from[sizeof ((struct migcc_ckpt_header *)0)->machine];

const char *migcc_restored_from(void)
{
	return restored_from[0] ? restored_from : 0;
}

/* Signals pending when the checkpoint was written (kernel state, like the
 * dispositions): kept in program memory, raised again on the destination
 * while every signal is still blocked, so the program's own mask decides
 * when they arrive, as it would have. */
static uint64_t pending_before_move;

static void save_pending(void)
{
	if (__migcc_syscall(SYS_rt_sigpending, (long)&pending_before_move, 8, 0, 0, 0, 0) < 0)
		pending_before_move = 0;
	pending_before_move &= ~(1ULL << (MIGCC_SIGNAL - 1));
}

void __migcc_repost_pending_signals(void)
{
	long tid = SYS(SYS_gettid, 0, 0, 0);
	for (int sig = 1; sig < 65; sig++)
		if (pending_before_move & (1ULL << (sig - 1)))
			SYS(SYS_tkill, tid, sig, 0);
	pending_before_move = 0;
}

/* The interval timers (setitimer, alarm): ITIMER_REAL, ITIMER_VIRTUAL and
 * ITIMER_PROF, as the kernel's struct itimerval (longs, the same on every
 * ISA). Kept in program memory like the dispositions; the destination arms
 * each one that was running with what was left of it, so a timer's next
 * expiry comes that much after the restore (the move itself does not
 * count, as for CLOCK_MONOTONIC: clocks.c). */
struct kernel_itimerval {
	long interval_sec, interval_usec, value_sec, value_usec;
};
static struct kernel_itimerval itimers[3];

static void save_itimers(void)
{
	for (int which = 0; which < 3; which++) {
		struct kernel_itimerval *t = &itimers[which];
		if (__migcc_syscall(SYS_getitimer, which, (long)t, 0, 0, 0, 0) < 0)
			memset(t, 0, sizeof *t);
		/* A periodic ITIMER_REAL that has expired reads as stopped until
		 * its SIGALRM is taken: the kernel restarts it then. The signal
		 * is pending (reposted on the destination), so it runs on from
		 * its next period there. */
		if (which == ITIMER_REAL && !t->value_sec && !t->value_usec && (pending_before_move & (1ULL << (SIGALRM - 1))))
			t->value_sec = t->interval_sec, t->value_usec = t->interval_usec;
	}
}

static void restore_itimers(void)
{
	for (int which = 0; which < 3; which++)
		if (itimers[which].value_sec || itimers[which].value_usec)
			__migcc_syscall(SYS_setitimer, which, (long)&itimers[which], 0, 0, 0, 0);
}

static void restore_dispositions(void)
{
	for (int sig = 1; sig < 65; sig++)
		if (!keeps_its_own_disposition(sig) && dispositions[sig].handler != SIG_DFL)
			__migcc_syscall(SYS_rt_sigaction, sig, (long)&dispositions[sig], 0, 8, 0, 0);
}

static int write_image(struct scratch *S, const char *dir, int argc, char **argv, char **envp)
{
	char path[4096], tmp[4096];
	size_t dlen = strlen(dir);
	if (dlen + 16 > sizeof path)
		return -1;
	memcpy(path, dir, dlen);
	memcpy(path + dlen, "/image", 7);
	memcpy(tmp, dir, dlen);
	memcpy(tmp + dlen, "/image.tmp", 11);
	if (SYS(SYS_mkdirat, AT_FDCWD, dir, 0700) < 0) {
		struct stat st;
		if (__migcc_syscall(SYS_newfstatat, AT_FDCWD, (long)dir, (long)&st, 0, 0, 0) < 0)
			return -1;
		if (!S_ISDIR(st.st_mode) || (st.st_mode & 077))
			return -1; /* not a private directory */
	}

	memset(&header, 0, sizeof header);
	memcpy(header.magic, MIGCC_CKPT_MAGIC, 8);
	header.version = MIGCC_CKPT_VERSION;
	header.header_bytes = sizeof header;
	memcpy(header.build_id, __migcc_build_id, MIGCC_BUILD_ID_BYTES);
	struct utsname u;
	SYS(SYS_uname, &u, 0, 0);
	memcpy(header.machine, u.machine, sizeof header.machine - 1);
	header.page_size = getauxval(AT_PAGESZ);
	header.thread_pointer = (uint64_t)pthread_self();
	header.shadow_sp = (uint64_t)*__migcc_ssp_slot();
	header.records_sp = (uint64_t)__migcc_rec_sp;
	header.argc = argc;
	header.argv = (uint64_t)argv;
	header.envp = (uint64_t)envp;
	header.umask = SYS(SYS_umask, 022, 0, 0);
	SYS(SYS_umask, header.umask, 0, 0);
	if (SYS(SYS_getcwd, header.cwd, sizeof header.cwd, 0) < 0)
		header.cwd[0] = 0;
	memcpy(header.program, program_path, sizeof header.program);
	__migcc_clocks_save(&header);
	/* Before the image's data is saved: the table is part of it. */
	save_dispositions();
	save_pending();
	save_itimers(); /* after save_pending: it reads the pending SIGALRM */

	add(S, (uint64_t)__migcc_data_start, (uint64_t)__migcc_data_end, PROT_READ | PROT_WRITE, MIGCC_CKPT_DATA);
	size_t n = __migcc_regions(zone, MIGCC_MAX_REGIONS);
	if (n > MIGCC_MAX_REGIONS)
		return -1;
	for (size_t i = 0; i < n; i++) {
		uint64_t start = zone[i].start, end = zone[i].end;
		if (zone[i].kind == MIGCC_REGION_SHADOW_STACK)
			start = header.shadow_sp & ~(MIGCC_CKPT_ALIGN - 1); /* only the used part */
		if (zone[i].kind == MIGCC_REGION_RECORDS)
			end = round_up(header.records_sp, MIGCC_CKPT_ALIGN);
		if ((zone[i].flags & MAP_SHARED) && zone[i].fd >= 0)
			return -1; /* shared file mappings do not migrate yet */
		add(S, start, end, zone[i].prot, zone[i].kind);
	}
	if (each_descriptor(S, collect_descriptor) < 0)
		return -1;

	int fd = __migcc_syscall(SYS_openat, AT_FDCWD, (long)tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600, 0, 0);
	if (fd < 0)
		return -1;
	SYS(SYS_fchmod, fd, 0600, 0);
	uint64_t at = round_up(socket_table_at(S) + header.nsockets * sizeof *sockets, MIGCC_CKPT_ALIGN);
	for (uint32_t i = 0; i < header.nregions; i++) {
		struct migcc_ckpt_region *r = &table[i];
		r->offset = at;
		r->checksum = MIGCC_CKPT_SEED;
		if (r->prot & PROT_READ) {
			r->checksum = __migcc_checksum(r->checksum, (void *)r->start, r->end - r->start);
			if (write_all(fd, (void *)r->start, r->end - r->start, at) < 0)
				goto fail;
			at += round_up(r->end - r->start, MIGCC_CKPT_ALIGN);
		}
	}
	header.total_bytes = at;
	if (SYS(SYS_ftruncate, fd, at, 0) < 0)
		goto fail;
	uint64_t h = __migcc_checksum(MIGCC_CKPT_SEED, &header, sizeof header);
	h = __migcc_checksum(h, table, header.nregions * sizeof *table);
	h = __migcc_checksum(h, files, header.nfiles * sizeof *files);
	header.checksum = __migcc_checksum(h, sockets, header.nsockets * sizeof *sockets);
	if (write_all(fd, &header, sizeof header, 0) < 0 || write_all(fd, table, header.nregions * sizeof *table, sizeof header) < 0
	    || write_all(fd, files, header.nfiles * sizeof *files, file_table_at(S)) < 0
	    || write_all(fd, sockets, header.nsockets * sizeof *sockets, socket_table_at(S)) < 0
	    || SYS(SYS_fsync, fd, 0, 0) < 0)
		goto fail;
	SYS(SYS_close, fd, 0, 0);
	return __migcc_syscall(SYS_renameat2, AT_FDCWD, (long)tmp, AT_FDCWD, (long)path, 0, 0) < 0 ? -1 : 0;
fail:
	SYS(SYS_close, fd, 0, 0);
	SYS(SYS_unlinkat, AT_FDCWD, tmp, 0);
	return -1;
}

/* ---- restoring ---- */

_Noreturn static void refuse(const char *why)
{
	static const char prefix[] = "migcc: error: cannot restore the checkpoint: ";
	SYS(SYS_write, 2, prefix, sizeof prefix - 1);
	SYS(SYS_write, 2, why, strlen(why));
	SYS(SYS_write, 2, "\n", 1);
	SYS(SYS_exit_group, 125, 0, 0);
	for (;;)
		;
}

static int read_all(int fd, void *p, size_t n, uint64_t at)
{
	char *c = p;
	while (n) {
		long r = __migcc_syscall(SYS_pread64, fd, (long)c, n, at, 0, 0);
		if (r <= 0)
			return -1;
		c += r, n -= r, at += r;
	}
	return 0;
}

/* Where a region may be put back: the aligned image's data, or a zone. */
static int restorable(const struct migcc_ckpt_region *r)
{
	if (r->kind == MIGCC_CKPT_DATA)
		return r->start == (uint64_t)__migcc_data_start && r->end == (uint64_t)__migcc_data_end;
	return r->start >= MIGCC_ZONE_ARGV_BASE && r->end <= MIGCC_ADDRESS_LIMIT && r->start < r->end
	       && !(r->start & 4095) && !(r->end & 4095);
}

/* The entry (key, value) for `key` in an auxiliary vector, or null. */
static const unsigned long *aux_entry(const unsigned long *auxv, unsigned long key)
{
	for (; auxv[0] != AT_NULL; auxv += 2)
		if (auxv[0] == key)
			return auxv;
	return 0;
}

/* The value of `key` in an auxiliary vector, or 0. */
static unsigned long native_aux(const unsigned long *auxv, unsigned long key)
{
	const unsigned long *e = aux_entry(auxv, key);
	return e ? e[1] : 0;
}

/* The restored copy of the auxiliary vector (start.c's, in the ARGV zone)
 * describes the writer's process: its build's program headers
 * and entry, its host's hardware capabilities, clock tick and ids. Each
 * entry takes this process's value, or becomes AT_IGNORE where this kernel
 * gives none. AT_RANDOM keeps pointing at the program's copy of its bytes,
 * which the program may have used. The vector cannot grow: an entry only
 * this kernel gives stays out. musl's copy of AT_HWCAP follows. */
static void refresh_auxv(unsigned long *copy, const unsigned long *native)
{
	extern size_t __hwcap;
	__hwcap = native_aux(native, AT_HWCAP);
	for (unsigned long *a = copy; a[0] != AT_NULL; a += 2) {
		if (a[0] == AT_RANDOM || a[0] == AT_IGNORE)
			continue;
		const unsigned long *n = aux_entry(native, a[0]);
		if (n)
			a[1] = n[1];
		else
			a[0] = AT_IGNORE, a[1] = 0;
	}
}

_Noreturn void __migcc_resume(int argc, char **argv, char **envp, const struct migcc_control *);

static int set_option(int fd, int level, int name, int value)
{
	return __migcc_syscall(SYS_setsockopt, fd, level, name, (long)&value, sizeof value, 0);
}

/* A listening socket on its descriptor, bound to its address: the old
 * process's closed with its exit, and SO_REUSEADDR lets the port be bound
 * again at once. */
static int recreate_socket(const struct migcc_ckpt_socket *k)
{
	int s = SYS(SYS_socket, k->family, SOCK_STREAM | (k->cloexec ? SOCK_CLOEXEC : 0), IPPROTO_TCP);
	if (s < 0)
		return -1;
	if (set_option(s, SOL_SOCKET, SO_REUSEADDR, 1) < 0 || set_option(s, SOL_SOCKET, SO_REUSEPORT, k->reuseport) < 0
	    || (k->family == AF_INET6 && set_option(s, IPPROTO_IPV6, IPV6_V6ONLY, k->v6only) < 0)
	    || SYS(SYS_bind, s, k->address, k->address_bytes) < 0 || SYS(SYS_listen, s, k->backlog, 0) < 0
	    || set_option(s, SOL_SOCKET, SO_REUSEADDR, k->reuseaddr) < 0
	    || set_option(s, SOL_SOCKET, SO_KEEPALIVE, k->keepalive) < 0
	    || set_option(s, IPPROTO_TCP, TCP_NODELAY, k->nodelay) < 0 || SYS(SYS_fcntl, s, F_SETFL, k->flags) < 0) {
		SYS(SYS_close, s, 0, 0);
		return -1;
	}
	if (s != k->fd) {
		if (SYS(SYS_dup3, s, k->fd, k->cloexec ? O_CLOEXEC : 0) < 0)
			return -1;
		SYS(SYS_close, s, 0, 0);
	}
	return 0;
}

_Noreturn void __migcc_restore(const struct migcc_control *control)
{
	const char *path = control->restore;
	/* The request handler writes __migcc_mode, in the data being restored,
	 * and a user's handler (installed again below, or called by a timer
	 * armed again below) must not run in a half-restored process: every
	 * signal waits (blocked) until the stack rewinds (__migcc_resume). */
	unsigned long block = ~0UL;
	__migcc_syscall(SYS_rt_sigprocmask, SIG_BLOCK, (long)&block, 0, 8, 0, 0);
	struct scratch *S = scratch_map();
	if (!S)
		refuse("out of memory");
	int fd = SYS(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		refuse("cannot open the image");
	struct stat st;
	if (SYS(SYS_fstat, fd, &st, 0) < 0 || (st.st_mode & 022))
		refuse("the image is writable by other users");
	if (read_all(fd, &header, sizeof header, 0) < 0)
		refuse("the image is truncated (header)");
	if (memcmp(header.magic, MIGCC_CKPT_MAGIC, 8) || header.version != MIGCC_CKPT_VERSION
	    || header.header_bytes != sizeof header)
		refuse("not a migcc checkpoint of this format version");
	if (memcmp(header.build_id, __migcc_build_id, MIGCC_BUILD_ID_BYTES))
		refuse("it was written by another build of the program");
	if (header.nregions > MIGCC_MAX_REGIONS + 1 || header.nfiles > MIGCC_MAX_FILES
	    || header.nsockets > MIGCC_MAX_SOCKETS || header.total_bytes != (uint64_t)st.st_size)
		refuse("the image is truncated or corrupt (tables)");
	if (read_all(fd, table, header.nregions * sizeof *table, sizeof header) < 0
	    || read_all(fd, files, header.nfiles * sizeof *files, file_table_at(S)) < 0
	    || read_all(fd, sockets, header.nsockets * sizeof *sockets, socket_table_at(S)) < 0)
		refuse("the image is truncated (tables)");
	uint64_t want = header.checksum;
	header.checksum = 0;
	uint64_t h = __migcc_checksum(MIGCC_CKPT_SEED, &header, sizeof header);
	h = __migcc_checksum(h, table, header.nregions * sizeof *table);
	h = __migcc_checksum(h, files, header.nfiles * sizeof *files);
	if (__migcc_checksum(h, sockets, header.nsockets * sizeof *sockets) != want)
		refuse("the image is corrupt (header checksum)");
	for (uint32_t i = 0; i < header.nsockets; i++)
		if ((sockets[i].family != AF_INET && sockets[i].family != AF_INET6) || sockets[i].address_bytes > sizeof sockets[i].address)
			refuse("the image is corrupt (socket table)");
	if (header.page_size != native_aux(control->native_auxv, AT_PAGESZ))
		refuse("it was written on a host with another page size (`migcc inspect` shows it)");
	for (uint32_t i = 0; i < header.nregions; i++)
		if (!restorable(&table[i]) || table[i].offset + ((table[i].prot & PROT_READ) ? table[i].end - table[i].start : 0) > header.total_bytes)
			refuse("a memory region lies outside migcc's fixed zones");

	/* Memory. From here on, failing leaves a process that only exits. */
	struct migcc_ckpt_header saved = header;
	struct migcc_ckpt_region *list = table;
	struct migcc_ckpt_file *open_files = files;
	struct migcc_ckpt_socket *listening = sockets;
	for (uint32_t i = 0; i < saved.nregions; i++) {
		struct migcc_ckpt_region *r = &list[i];
		size_t len = r->end - r->start;
		if (r->kind != MIGCC_CKPT_DATA) {
			long got = __migcc_syscall(SYS_mmap, r->start, len, PROT_READ | PROT_WRITE,
			                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
			if ((uint64_t)got != r->start)
				refuse("cannot map a memory region at its address");
		}
		if (r->prot & PROT_READ) {
			if (read_all(fd, (void *)r->start, len, r->offset) < 0)
				refuse("the image is truncated (memory)");
			if (__migcc_checksum(MIGCC_CKPT_SEED, (void *)r->start, len) != r->checksum)
				refuse("the image is corrupt (memory checksum)");
		}
		if (r->kind != MIGCC_CKPT_DATA)
			SYS(SYS_mprotect, r->start, len, r->prot);
	}

	restore_dispositions();
	restore_itimers();
	__migcc_clocks_resume(&saved);
	refresh_auxv(__migcc_auxv, control->native_auxv);
	/* Program memory now: the restored value is the writer's (or empty). */
	memcpy(restored_from, saved.machine, sizeof restored_from - 1);
	restored_from[sizeof restored_from - 1] = 0;

	/* The thread: same control block, new kernel thread id. */
	if (__migcc_rebind_main_thread((void *)saved.thread_pointer) < 0)
		refuse("cannot set the thread pointer");

	/* The image's descriptor may be one the program's files need. */
	SYS(SYS_close, fd, 0, 0);

	/* Open files, at their paths, flags and offsets. */
	for (uint32_t i = 0; i < saved.nfiles; i++) {
		struct migcc_ckpt_file f = open_files[i];
		f.path[sizeof f.path - 1] = 0;
		int nfd = __migcc_syscall(SYS_openat, AT_FDCWD, (long)f.path, f.flags & ~(O_CREAT | O_TRUNC | O_EXCL), 0, 0, 0);
		if (nfd < 0)
			refuse("cannot reopen a file the program had open");
		if (nfd != f.fd) {
			SYS(SYS_dup3, nfd, f.fd, f.flags & O_CLOEXEC);
			SYS(SYS_close, nfd, 0, 0);
		}
		SYS(SYS_lseek, f.fd, f.offset, SEEK_SET);
	}
	for (uint32_t i = 0; i < saved.nsockets; i++)
		if (recreate_socket(&listening[i]) < 0)
			refuse("cannot re-create a listening socket at its address (is the port taken?)");
	scratch_unmap(S);
	/* The restored memory holds the writer's path; this process is another build. */
	__migcc_note_program();
	if (saved.cwd[0])
		SYS(SYS_chdir, saved.cwd, 0, 0);
	SYS(SYS_umask, saved.umask, 0, 0);
	*__migcc_ssp_slot() = (char *)saved.shadow_sp;
	__migcc_rec_sp = (char *)saved.records_sp;
	__migcc_resume((int)saved.argc, (char **)saved.argv, (char **)saved.envp, control);
}

#pragma clang attribute pop
