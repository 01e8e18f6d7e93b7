/* <fenv.h> primitives with canonical (riscv64) constants: the set that
 * musl's src/fenv/riscv64/fenv.S provides and the generic C files of
 * src/fenv build on.
 *
 * fenv_t is canonical too, laid out as riscv64's fcsr (rounding mode in bits
 * 5-7, exception flags in bits 0-4), so that a saved environment means the
 * same on every ISA. Exception traps are never enabled (the canonical ISA
 * has none), so raising an exception only sets its flag. */
#include "migcc_isa.h"

#define FE_ALL_EXCEPT 31
#define FE_DFL_ENV ((const unsigned *)-1)

/* Per ISA: where the exception flags and the rounding mode live, the native
 * value of each canonical exception bit, and the native rounding field of
 * each canonical mode, indexed by FE_TONEAREST 0, FE_TOWARDZERO 1,
 * FE_DOWNWARD 2, FE_UPWARD 3. */
#if defined(__x86_64__)
/* SSE's MXCSR holds both. x87 state is not kept in step: migcc's long
 * double is binary128 in software, so compiled code never uses the x87. */
static unsigned long get_status(void)
{
	unsigned m;
	__asm__ volatile("stmxcsr %0" : "=m"(m));
	return m;
}
static void set_status(unsigned long v)
{
	unsigned m = v;
	__asm__ volatile("ldmxcsr %0" : : "m"(m));
}
#define get_control get_status
#define set_control set_status
#define RM_SHIFT 13
#define RM_MASK 3ul
static const unsigned char rm_native[4] = { 0, 3, 1, 2 };
static const struct migcc_bitmap exc[] = { { 16, 1 }, { 8, 4 }, { 4, 8 }, { 2, 16 }, { 1, 32 } };
#elif defined(__aarch64__)
/* Flags in FPSR, rounding mode in FPCR.RMode. */
static unsigned long get_status(void)
{
	unsigned long v;
	__asm__ volatile("mrs %0, fpsr" : "=r"(v));
	return v;
}
static void set_status(unsigned long v)
{
	__asm__ volatile("msr fpsr, %0" : : "r"(v));
}
static unsigned long get_control(void)
{
	unsigned long v;
	__asm__ volatile("mrs %0, fpcr" : "=r"(v));
	return v;
}
static void set_control(unsigned long v)
{
	__asm__ volatile("msr fpcr, %0" : : "r"(v));
}
#define RM_SHIFT 22
#define RM_MASK 3ul
static const unsigned char rm_native[4] = { 0, 3, 2, 1 };
static const struct migcc_bitmap exc[] = { { 16, 1 }, { 8, 2 }, { 4, 4 }, { 2, 8 }, { 1, 16 } };
#elif defined(__riscv)
/* Canonical already: fflags and frm. */
static unsigned long get_status(void)
{
	unsigned long v;
	__asm__ volatile("frflags %0" : "=r"(v));
	return v;
}
static void set_status(unsigned long v)
{
	__asm__ volatile("fsflags %0" : : "r"(v));
}
static unsigned long get_control(void)
{
	unsigned long v;
	__asm__ volatile("frrm %0" : "=r"(v));
	return v;
}
static void set_control(unsigned long v)
{
	__asm__ volatile("fsrm %0" : : "r"(v));
}
#define RM_SHIFT 0
#define RM_MASK 7ul
static const unsigned char rm_native[4] = { 0, 1, 2, 3 };
static const struct migcc_bitmap exc[] = { { 16, 16 }, { 8, 8 }, { 4, 4 }, { 2, 2 }, { 1, 1 } };
#endif

#define NEXC (int)(sizeof exc / sizeof exc[0])

static unsigned long exc_native(int e)
{
	return migcc_mapbits(e & FE_ALL_EXCEPT, exc, NEXC, 1);
}

int feclearexcept(int e)
{
	set_status(get_status() & ~exc_native(e));
	return 0;
}

int feraiseexcept(int e)
{
	set_status(get_status() | exc_native(e));
	return 0;
}

int fetestexcept(int e)
{
	return migcc_mapbits(get_status(), exc, NEXC, 0) & e;
}

int fegetround(void)
{
	unsigned long field = get_control() >> RM_SHIFT & RM_MASK;
	for (int r = 0; r < 4; r++)
		if (rm_native[r] == field)
			return r;
	/* Only riscv64's round-to-nearest-max-magnitude (4) gets here, which
	 * no canonical mode names; report it as riscv64's fegetround does. */
	return field;
}

/* musl's fesetround has checked r already. */
int __fesetround(int r)
{
	set_control((get_control() & ~(RM_MASK << RM_SHIFT)) | (unsigned long)rm_native[r & 3] << RM_SHIFT);
	return 0;
}

int fegetenv(unsigned *env)
{
	*env = (unsigned)fegetround() << 5 | fetestexcept(FE_ALL_EXCEPT);
	return 0;
}

int fesetenv(const unsigned *env)
{
	unsigned v = env == FE_DFL_ENV ? 0 : *env;
	__fesetround(v >> 5 & 3);
	set_status((get_status() & ~exc_native(FE_ALL_EXCEPT)) | exc_native(v));
	return 0;
}
