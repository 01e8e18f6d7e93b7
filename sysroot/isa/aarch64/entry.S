/* aarch64 entry points that cannot be C: process entry, thread creation,
 * the cancellable syscall, thread self-unmapping and signal return.
 * Syscall numbers are aarch64's, from the generated map. */
#include "migcc_sysmap.h"

	.text

/* Process entry: __migcc_start(sp) with sp pointing at argc, on a 16-aligned
 * stack; zero fp and lr end backtraces. */
	.globl _start
	.type _start, %function
_start:
	mov x29, #0
	mov x30, #0
	mov x0, sp
	and sp, x0, #-16
	b __migcc_start
	.size _start, . - _start

/* int __migcc_clone(fn, stack, flags, arg, ptid, tls, ctid)
 *                   x0  x1     w2     x3   x4    x5   x6
 * The syscall takes (flags, stack, ptid, tls, ctid) in x0-x4. */
	.globl __migcc_clone
	.hidden __migcc_clone
	.type __migcc_clone, %function
__migcc_clone:
	and x1, x1, #-16
	stp x0, x3, [x1, #-16]!		/* fn and arg, for the child */
	mov w0, w2
	mov x2, x4
	mov x3, x5
	mov x4, x6
	mov x8, #MIGCC_NATIVE_NR_clone
	svc #0
	cbz x0, 1f
	ret
	/* Child, on its own stack: there is no caller to return to. */
1:	mov x29, #0
	ldp x1, x0, [sp], #16
	blr x1
	mov x8, #MIGCC_NATIVE_NR_exit
	svc #0
	.size __migcc_clone, . - __migcc_clone

/* long __migcc_cp_syscall(cancel, nr, a,  b,  c,  d,  e,  f)
 *                         x0      x1  x2  x3  x4  x5  x6  x7
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
	ldr w9, [x0]
	cbnz w9, __cp_cancel
	mov x8, x1
	mov x0, x2
	mov x1, x3
	mov x2, x4
	mov x3, x5
	mov x4, x6
	mov x5, x7
	svc #0
__cp_end:
	ret
__cp_cancel:
	b __cancel
	.size __migcc_cp_syscall, . - __migcc_cp_syscall

/* void __unmapself(base, size): the stack being unmapped may be the one in
 * use, so nothing touches memory between the two syscalls. */
	.globl __unmapself
	.type __unmapself, %function
__unmapself:
	mov x8, #MIGCC_NATIVE_NR_munmap
	svc #0
	mov x0, #0
	mov x8, #MIGCC_NATIVE_NR_exit
	svc #0
	.size __unmapself, . - __unmapself

/* Signal return trampoline, installed as sa_restorer. */
	.globl __restore
	.hidden __restore
	.type __restore, %function
	.globl __restore_rt
	.hidden __restore_rt
	.type __restore_rt, %function
__restore:
__restore_rt:
	mov x8, #MIGCC_NATIVE_NR_rt_sigreturn
	svc #0
	.size __restore, . - __restore
	.size __restore_rt, . - __restore_rt

	.section .note.GNU-stack, "", %progbits
