/* migcc virtual arch: every system call goes through the per-ISA shim.
 * Numbers and argument layouts are the canonical (riscv64/asm-generic) ones;
 * sysroot/isa/<isa> translates them for the native kernel. There is no vDSO
 * use, so no vDSO pointer is ever cached in memory that migrates. */
#define __SYSCALL_LL_E(x) (x)
#define __SYSCALL_LL_O(x) (x)

long __migcc_syscall(long, long, long, long, long, long, long);

static inline long __syscall0(long n)
{
	return __migcc_syscall(n, 0, 0, 0, 0, 0, 0);
}

static inline long __syscall1(long n, long a)
{
	return __migcc_syscall(n, a, 0, 0, 0, 0, 0);
}

static inline long __syscall2(long n, long a, long b)
{
	return __migcc_syscall(n, a, b, 0, 0, 0, 0);
}

static inline long __syscall3(long n, long a, long b, long c)
{
	return __migcc_syscall(n, a, b, c, 0, 0, 0);
}

static inline long __syscall4(long n, long a, long b, long c, long d)
{
	return __migcc_syscall(n, a, b, c, d, 0, 0);
}

static inline long __syscall5(long n, long a, long b, long c, long d, long e)
{
	return __migcc_syscall(n, a, b, c, d, e, 0);
}

static inline long __syscall6(long n, long a, long b, long c, long d, long e, long f)
{
	return __migcc_syscall(n, a, b, c, d, e, f);
}

#define IPC_64 0
