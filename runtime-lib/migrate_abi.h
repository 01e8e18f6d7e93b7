/* The contract between the migration instrumentation, which migcc adds to
 * every program (llvm-pass/src/migrate/), and the runtime (migrate.c).
 * llvm-pass/build.rs reads the numbers below: this is their only
 * definition.
 *
 * __migcc_mode holds these bits. Instrumented code tests it at migration
 * points (loop headers, entries of recursive functions) and after every
 * call that may unwind. */
#define MIGCC_MODE_PENDING 1   /* a migration was requested */
#define MIGCC_MODE_UNWINDING 2 /* frames are saving themselves and returning */
#define MIGCC_MODE_REWINDING 4 /* frames are restoring themselves and calling */

/* A frame record: this header, then the values live at the call site, at
 * byte offsets the instrumentation fixes on portable IR (the same on every
 * ISA). Records are pushed upwards from __migcc_records_base while
 * unwinding (innermost first) and popped while rewinding. */
#define MIGCC_RECORD_FUNCTION 0 /* u32: the function's id */
#define MIGCC_RECORD_SITE 4     /* u32: the call site's id in that function */
#define MIGCC_RECORD_SHADOW_SP 8 /* u64: shadow stack pointer at the call */
#define MIGCC_RECORD_HEADER 16

/* The signal that requests a migration, and the exit status of a process
 * that wrote its checkpoint and left. SIGPWR: the same number (30) on every
 * supported ISA, unused by ordinary programs, and delivered unchanged by
 * qemu-user (which renumbers real-time signals between host and guest). */
#define MIGCC_SIGNAL 30
#define MIGCC_EXIT_MIGRATED 75

/* What the supervisor (`migcc run`, driver/src/commands/run.rs) tells a
 * process, in its native environment. start.c reads them and removes them
 * from the program's own environment: they concern this process only (a
 * restored process gets its own), and the program, its children and a
 * checkpoint never see them. */
#define MIGCC_ENV_RESTORE "MIGCC_RESTORE"               /* resume this checkpoint image */
#define MIGCC_ENV_CHECKPOINT_DIR "MIGCC_CHECKPOINT_DIR" /* where to write a checkpoint */
#define MIGCC_ENV_MIGRATE_AT "MIGCC_MIGRATE_AT"         /* N: checkpoint at the N-th migration point */
#define MIGCC_ENV_COUNT_POINTS "MIGCC_COUNT_POINTS"     /* FILE: count the points passed in it (u64 LE) */
#define MIGCC_ENV_SELFTEST "MIGCC_SELFTEST_EVERY"       /* N or doubling: unwind and rewind in place */

#ifndef __ASSEMBLER__
struct migcc_control {
	const char *restore, *checkpoint_dir, *migrate_at, *count_points, *selftest;
	const unsigned long *native_auxv; /* the kernel's (or qemu's) auxiliary vector */
};
#endif
