/* Thread pointer and thread creation.
 *
 * Canonical convention (musl's "variant II", as on x86_64): the thread
 * pointer is the address of the thread's struct pthread, whose first word
 * points to itself. */
#include "migcc_isa.h"

unsigned long __migcc_get_tp(void)
{
	unsigned long tp;
#if defined(__x86_64__)
	/* The fs base itself is not readable without a syscall (or FSGSBASE);
	 * the self pointer at fs:0 is. */
	__asm__("mov %%fs:0, %0" : "=r"(tp));
#elif defined(__aarch64__)
	__asm__("mrs %0, tpidr_el0" : "=r"(tp));
#elif defined(__riscv)
	__asm__("mv %0, tp" : "=r"(tp));
#endif
	return tp;
}

int __set_thread_area(void *tp)
{
#if defined(__x86_64__)
	return migcc_raw_syscall(MIGCC_NATIVE_NR_arch_prctl, 0x1002 /* ARCH_SET_FS */, (long)tp, 0, 0, 0, 0);
#elif defined(__aarch64__)
	__asm__ volatile("msr tpidr_el0, %0" : : "r"(tp) : "memory");
	return 0;
#elif defined(__riscv)
	__asm__ volatile("mv tp, %0" : : "r"(tp) : "memory");
	return 0;
#endif
}

/* musl's __clone(fn, stack, flags, arg, ...) with migcc's lowering of
 * variadic calls: va points to the 8-byte slots of ptid, tls and ctid. A
 * caller passes only the ones its flags use (posix_spawn passes none), so
 * va is read only as the flags say. */
int __clone(int (*fn)(void *), void *stack, int flags, void *arg, long *va)
{
	long ptid = 0, tls = 0, ctid = 0;
	if (flags & (MIGCC_CLONE_PARENT_SETTID | MIGCC_CLONE_PIDFD))
		ptid = va[0];
	if (flags & MIGCC_CLONE_SETTLS)
		tls = va[1];
	if (flags & (MIGCC_CLONE_CHILD_SETTID | MIGCC_CLONE_CHILD_CLEARTID))
		ctid = va[2];
	return __migcc_clone(fn, stack, flags, arg, ptid, tls, ctid);
}

/* Where the kernel saved the interrupted program counter and the signal
 * mask in the native ucontext a signal handler receives; portable code
 * (musl's cancellation handler, the migration request's handler) cannot
 * know the native layout. */
unsigned long *__migcc_ucontext_pc(void *uc)
{
#if defined(__x86_64__)
	return (unsigned long *)((char *)uc + 168); /* uc_mcontext.gregs[REG_RIP] */
#elif defined(__aarch64__)
	return (unsigned long *)((char *)uc + 440); /* uc_mcontext.pc */
#elif defined(__riscv)
	return (unsigned long *)((char *)uc + 176); /* uc_mcontext.__gregs[0] */
#endif
}

/* The interrupted context's system call result register (rax, x0, a0):
 * runtime-lib/blocking.c makes an interrupted call return -EINTR. */
unsigned long *__migcc_ucontext_result(void *uc)
{
#if defined(__x86_64__)
	return (unsigned long *)((char *)uc + 144); /* uc_mcontext.gregs[REG_RAX] */
#elif defined(__aarch64__)
	return (unsigned long *)((char *)uc + 184); /* uc_mcontext.regs[0] */
#elif defined(__riscv)
	return (unsigned long *)((char *)uc + 256); /* uc_mcontext.__gregs[10] */
#endif
}

unsigned long *__migcc_ucontext_sigmask(void *uc)
{
#if defined(__x86_64__)
	return (unsigned long *)((char *)uc + 296); /* after the 256-byte mcontext */
#else
	return (unsigned long *)((char *)uc + 40); /* right after uc_stack */
#endif
}
