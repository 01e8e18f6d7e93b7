/* riscv64 entry points that cannot be C: process entry, thread creation,
 * the cancellable syscall, thread self-unmapping and signal return.
 * Syscall numbers are riscv64's (the canonical ones), from the generated
 * map. gp is not set up: nothing is linked with gp relaxation. */
#include "migcc_sysmap.h"

	.text

/* Process entry: __migcc_start(sp) with sp pointing at argc, on a 16-aligned
 * stack; zero fp and ra end backtraces. */
	.globl _start
	.type _start, %function
_start:
	mv a0, sp
	andi sp, sp, -16
	li s0, 0
	li ra, 0
	tail __migcc_start
	.size _start, . - _start

/* int __migcc_clone(fn, stack, flags, arg, ptid, tls, ctid)
 *                   a0  a1     a2     a3   a4    a5   a6
 * The syscall takes (flags, stack, ptid, tls, ctid) in a0-a4. */
	.globl __migcc_clone
	.hidden __migcc_clone
	.type __migcc_clone, %function
__migcc_clone:
	andi a1, a1, -16
	addi a1, a1, -16
	sd a0, 0(a1)			/* fn and arg, for the child */
	sd a3, 8(a1)
	slli a0, a2, 32			/* flags, zero-extended */
	srli a0, a0, 32
	mv a2, a4
	mv a3, a5
	mv a4, a6
	li a7, MIGCC_NATIVE_NR_clone
	ecall
	beqz a0, 1f
	ret
	/* Child, on its own stack: there is no caller to return to. */
1:	li s0, 0
	ld a1, 0(sp)
	ld a0, 8(sp)
	addi sp, sp, 16
	jalr a1
	li a7, MIGCC_NATIVE_NR_exit
	ecall
	.size __migcc_clone, . - __migcc_clone

/* long __migcc_cp_syscall(cancel, nr, a,  b,  c,  d,  e,  f)
 *                         a0      a1  a2  a3  a4  a5  a6  a7
 * musl's cancellation contract: the flag is tested at __cp_begin, the
 * syscall instruction is the last one before __cp_end, and musl's cancel
 * handler redirects a thread interrupted inside [__cp_begin, __cp_end) to
 * __cp_cancel. */
	.globl __migcc_cp_syscall
	.hidden __migcc_cp_syscall
	.type __migcc_cp_syscall, %function
	.globl __cp_begin
	.hidden __cp_begin
	.globl __cp_end
	.hidden __cp_end
	.globl __cp_cancel
	.hidden __cp_cancel
	.hidden __cancel
__migcc_cp_syscall:
__cp_begin:
	lw t0, 0(a0)
	bnez t0, __cp_cancel
	mv t0, a1
	mv a0, a2
	mv a1, a3
	mv a2, a4
	mv a3, a5
	mv a4, a6
	mv a5, a7
	mv a7, t0
	ecall
__cp_end:
	ret
__cp_cancel:
	tail __cancel
	.size __migcc_cp_syscall, . - __migcc_cp_syscall

/* void __unmapself(base, size): the stack being unmapped may be the one in
 * use, so nothing touches memory between the two syscalls. */
	.globl __unmapself
	.type __unmapself, %function
__unmapself:
	li a7, MIGCC_NATIVE_NR_munmap
	ecall
	li a0, 0
	li a7, MIGCC_NATIVE_NR_exit
	ecall
	.size __unmapself, . - __unmapself

/* Signal return trampoline, for sa_restorer. */
	.globl __restore
	.hidden __restore
	.type __restore, %function
	.globl __restore_rt
	.hidden __restore_rt
	.type __restore_rt, %function
__restore:
__restore_rt:
	li a7, MIGCC_NATIVE_NR_rt_sigreturn
	ecall
	.size __restore, . - __restore
	.size __restore_rt, . - __restore_rt

	.section .note.GNU-stack, "", %progbits
