/* Clocks that restart when the process moves.
 *
 * CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW and CLOCK_BOOTTIME count from the
 * host's boot, and the CPU-time clocks from the process's (or thread's)
 * start: on the destination of a move they would jump, backwards as often
 * as not. CRIU shifts them with a time namespace; without one, the program
 * reads each of them through an offset of its own, kept in program memory
 * (so it moves with the program, and is zero until the first move):
 *
 *   program's reading = kernel's reading + offset
 *
 * The checkpoint records the program's readings of the five clocks and of
 * CLOCK_REALTIME (migcc_checkpoint.h); the restore sets each offset so that
 * the clock goes on from its recorded reading, the boot-based ones advanced
 * by the wall-clock time the move took (never by less than zero).
 * CLOCK_REALTIME, and the _COARSE and _ALARM variants' bases, need nothing
 * more: the first is the same on every host (kept so by NTP), the others
 * share their base clock's offset.
 *
 * This file replaces musl's src/time/clock_gettime.c (which tries a vDSO
 * that portable code has none of); clock_nanosleep's absolute deadlines
 * are translated back by the blocking-call loop (blocking.c). Not shifted:
 * times(), getrusage() and timerfd/timer_settime deadlines. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>

#include "migcc_checkpoint.h"

long __migcc_syscall(long, long, long, long, long, long, long);

#pragma clang attribute push(__attribute__((annotate("migcc.runtime"))), apply_to = function)

#define NS 1000000000LL

/* The clocks of migcc_checkpoint.h's clock_ns[], in its order. */
static const clockid_t restarting[MIGCC_CKPT_CLOCKS] = {
	CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_BOOTTIME, CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID,
};
_Static_assert(CLOCK_MONOTONIC == 1 && MIGCC_CKPT_CLOCK_MONOTONIC == 0, "clock_ns[] order");
/* The first MIGCC_CKPT_BOOT_CLOCKS count from the host's boot (advanced by
 * the move's duration); the rest count CPU time, which a move does not use. */

static int64_t offset_ns[MIGCC_CKPT_CLOCKS];

/* The index in restarting[] of the clock whose offset `clk` takes, or -1. */
static int restarting_index(clockid_t clk)
{
	if (clk == CLOCK_MONOTONIC_COARSE)
		clk = CLOCK_MONOTONIC;
	else if (clk == CLOCK_BOOTTIME_ALARM)
		clk = CLOCK_BOOTTIME;
	for (int i = 0; i < MIGCC_CKPT_CLOCKS; i++)
		if (restarting[i] == clk)
			return i;
	return -1;
}

/* A kernel reading (which fits: it counts from boot or process start). */
static int64_t nanoseconds(const struct timespec *t)
{
	return t->tv_sec * NS + t->tv_nsec;
}

/* t + by, in whole seconds and nanoseconds apart: a user's deadline may be
 * far beyond what nanoseconds can hold ("sleep until the end of time").
 * Never below zero, which the kernel would refuse as a deadline. */
static void shift(struct timespec *t, int64_t by)
{
	int64_t sec = by / NS, nsec = t->tv_nsec + by % NS;
	if (nsec < 0)
		sec--, nsec += NS;
	else if (nsec >= NS)
		sec++, nsec -= NS;
	if (sec > 0 && t->tv_sec > INT64_MAX - sec)
		t->tv_sec = INT64_MAX, nsec = NS - 1;
	else
		t->tv_sec += sec;
	t->tv_nsec = nsec;
	if (t->tv_sec < 0)
		t->tv_sec = 0, t->tv_nsec = 0;
}

static int64_t kernel_ns(clockid_t clk)
{
	struct timespec t = { 0 };
	__migcc_syscall(SYS_clock_gettime, clk, (long)&t, 0, 0, 0, 0);
	return nanoseconds(&t);
}

__attribute__((visibility("hidden"))) int __clock_gettime(clockid_t clk, struct timespec *ts)
{
	long r = __migcc_syscall(SYS_clock_gettime, clk, (long)ts, 0, 0, 0, 0);
	if (r < 0) {
		errno = -r;
		return -1;
	}
	int i = restarting_index(clk);
	if (i >= 0 && offset_ns[i])
		shift(ts, offset_ns[i]);
	return 0;
}
__attribute__((weak, alias("__clock_gettime"))) int clock_gettime(clockid_t, struct timespec *);

/* An absolute deadline on `clk`, as the kernel's clock reads it. */
void __migcc_clock_deadline_for_kernel(clockid_t clk, struct timespec *t)
{
	int i = restarting_index(clk);
	if (i >= 0 && offset_ns[i])
		shift(t, -offset_ns[i]);
}

/* The program's readings, for the checkpoint's header. */
void __migcc_clocks_save(struct migcc_ckpt_header *h)
{
	h->realtime_ns = kernel_ns(CLOCK_REALTIME);
	for (int i = 0; i < MIGCC_CKPT_CLOCKS; i++)
		h->clock_ns[i] = kernel_ns(restarting[i]) + offset_ns[i];
}

/* In a restored process, once program memory is back (and with it the
 * writer's offsets): the clocks go on from the header's readings. */
void __migcc_clocks_resume(const struct migcc_ckpt_header *h)
{
	int64_t moving = kernel_ns(CLOCK_REALTIME) - h->realtime_ns;
	if (moving < 0)
		moving = 0;
	for (int i = 0; i < MIGCC_CKPT_CLOCKS; i++)
		offset_ns[i] = h->clock_ns[i] + (i < MIGCC_CKPT_BOOT_CLOCKS ? moving : 0) - kernel_ns(restarting[i]);
}

#pragma clang attribute pop
