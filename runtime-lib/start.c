/* Program start-up, before main.
 *
 * The per-ISA _start hands us the native initial stack. That stack does not
 * migrate, so argc, argv, the environment and the auxiliary vector (and the
 * strings and AT_RANDOM bytes they point to) are copied into the ARGV zone,
 * a mapping at a fixed address that the checkpoint can carry. The vDSO
 * address is dropped from the copy: a vDSO is per-kernel, per-ISA state and
 * must never be cached in memory that migrates. Only then does musl initialise itself. */
#include <elf.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <migcc_zones.h>

#include "migrate_abi.h"

long __migcc_syscall(long, long, long, long, long, long, long);
int __migcc_main(int, char **, char **);
void __migcc_runtime_init(const struct migcc_control *), __migcc_catch_requests(void), __migcc_note_program(void),
	__migcc_note_inherited_descriptors(void);
_Noreturn void __migcc_restore(const struct migcc_control *);
int __libc_start_main(int (*)(), int, char **, void (*)(void), void (*)(void), void (*)(void));

/* Start-up runs below the bottom frame (__migcc_main) and before the
 * shadow stack exists: nothing here is instrumented for migration
 * (llvm-pass/src/migrate/analysis.rs). */
#pragma clang attribute push(__attribute__((annotate("migcc.runtime"))), apply_to = function)

#define AT_RANDOM_BYTES 16

static size_t string_bytes(char **v, size_t n)
{
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += strlen(v[i]) + 1;
	return total;
}

/* Copies n strings into *dst, stores the new pointers in out, and advances *dst. */
static void copy_strings(char **out, char **v, size_t n, char **dst)
{
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(v[i]) + 1;
		memcpy(*dst, v[i], len);
		out[i] = *dst;
		*dst += len;
	}
	out[n] = 0;
}

/* Stores the value of a control variable; 0 if `var` is not one. */
static int take_control(struct migcc_control *c, const char *var)
{
	static const struct { const char *name; size_t offset; } names[] = {
		{ MIGCC_ENV_RESTORE, offsetof(struct migcc_control, restore) },
		{ MIGCC_ENV_CHECKPOINT_DIR, offsetof(struct migcc_control, checkpoint_dir) },
		{ MIGCC_ENV_MIGRATE_AT, offsetof(struct migcc_control, migrate_at) },
		{ MIGCC_ENV_COUNT_POINTS, offsetof(struct migcc_control, count_points) },
		{ MIGCC_ENV_SELFTEST, offsetof(struct migcc_control, selftest) },
	};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		size_t len = strlen(names[i].name);
		if (!strncmp(var, names[i].name, len) && var[len] == '=') {
			*(const char **)((char *)c + names[i].offset) = var + len + 1;
			return 1;
		}
	}
	return 0;
}

/* The copy of the auxiliary vector (in the ARGV zone), which getauxval
 * reads; in program memory, so a restore finds it (checkpoint.c). */
size_t *__migcc_auxv;

_Noreturn void __migcc_start(long *sp)
{
	__migcc_catch_requests();
	size_t argc = sp[0];
	char **argv = (char **)(sp + 1);
	char **envp = argv + argc + 1;
	size_t envn = 0;
	while (envp[envn])
		envn++;
	size_t *auxv = (size_t *)(envp + envn + 1);
	/* The supervisor's controls (migrate_abi.h) are taken out of the
	 * environment the program sees; a restored program's own environment
	 * comes from its checkpoint. The strings stay on the native stack,
	 * which lives as long as the process; so does this frame (not the image,
	 * which a restore overwrites). */
	struct migcc_control control = { 0 };
	size_t envc = 0;
	for (size_t i = 0; i < envn; i++)
		if (!take_control(&control, envp[i]))
			envp[envc++] = envp[i];
	envp[envc] = 0;
	control.native_auxv = auxv;
	size_t auxn = 0;
	while (auxv[auxn] != AT_NULL)
		auxn += 2;
	auxn += 2;

	size_t words = 1 + (argc + 1) + (envc + 1) + auxn;
	size_t bytes = words * sizeof(long) + AT_RANDOM_BYTES
		+ string_bytes(argv, argc) + string_bytes(envp, envc);
	/* At the ARGV zone's fixed address; the other start-up zones are
	 * reserved with it (runtime-lib/zones.c). libc is not initialised yet
	 * (no errno, no malloc): this maps directly, and traps on failure. */
	long mem = (long)__migcc_zones_start(bytes);
	/* Before any instrumented code with a shadow frame runs. (Until here
	 * only frameless code ran: the string loops above.) */
	__migcc_runtime_init(&control);
	/* Before the program can change directory. */
	__migcc_note_program();
	if (control.restore)
		__migcc_restore(&control);
	/* A first start: what the program inherited stays behind when it moves. */
	__migcc_note_inherited_descriptors();

	long *copy = (long *)mem;
	char **new_argv = (char **)(copy + 1);
	char **new_envp = new_argv + argc + 1;
	size_t *new_auxv = (size_t *)(new_envp + envc + 1);
	__migcc_auxv = new_auxv;
	char *strings = (char *)(copy + words);

	copy[0] = argc;
	memcpy(new_auxv, auxv, auxn * sizeof(size_t));
	for (size_t i = 0; i < auxn; i += 2) {
		if (new_auxv[i] == AT_RANDOM) {
			memcpy(strings, (void *)auxv[i + 1], AT_RANDOM_BYTES);
			new_auxv[i + 1] = (size_t)strings;
		} else if (new_auxv[i] == AT_SYSINFO_EHDR || new_auxv[i] == AT_EXECFN
		           || new_auxv[i] == AT_PLATFORM || new_auxv[i] == AT_BASE_PLATFORM) {
			/* Pointers into the native stack or the vDSO: not portable. */
			new_auxv[i] = AT_IGNORE;
			new_auxv[i + 1] = 0;
		}
	}
	strings += AT_RANDOM_BYTES;
	copy_strings(new_argv, argv, argc, &strings);
	copy_strings(new_envp, envp, envc, &strings);

	__libc_start_main((int (*)())__migcc_main, argc, new_argv, 0, 0, 0);
	__builtin_unreachable();
}

#pragma clang attribute pop
