/* x86_64 entry points that cannot be C: process entry, thread creation,
 * the cancellable syscall, thread self-unmapping and signal return.
 * Syscall numbers are x86_64's, from the generated map. */
#include "migcc_sysmap.h"

	.text

/* Process entry: __migcc_start(sp) with sp pointing at argc. A zero rbp and
 * a zero return address end backtraces; pushing the latter onto the
 * 16-aligned stack gives __migcc_start the alignment of a normal call. */
	.globl _start
	.type _start, @function
_start:
	xor %ebp, %ebp
	mov %rsp, %rdi
	and $-16, %rsp
	push $0
	jmp __migcc_start
	.size _start, . - _start

/* int __migcc_clone(fn, stack, flags, arg, ptid, tls, ctid)
 *                   rdi rsi    edx    rcx  r8    r9   8(%rsp)
 * The syscall takes (flags, stack, ptid, ctid, tls) in
 *                   (rdi,   rsi,   rdx,  r10,  r8). */
	.globl __migcc_clone
	.hidden __migcc_clone
	.type __migcc_clone, @function
__migcc_clone:
	and $-16, %rsi
	sub $16, %rsi
	mov %rdi, (%rsi)		/* fn and arg, for the child to pop */
	mov %rcx, 8(%rsi)
	mov %edx, %edi
	mov %r8, %rdx
	mov 8(%rsp), %r10
	mov %r9, %r8
	mov $MIGCC_NATIVE_NR_clone, %eax
	syscall
	test %rax, %rax
	jnz 1f
	/* Child, on its own stack: there is no caller to return to. */
	xor %ebp, %ebp
	pop %rax
	pop %rdi
	call *%rax
	mov %eax, %edi
	mov $MIGCC_NATIVE_NR_exit, %eax
	syscall
	hlt
1:	ret
	.size __migcc_clone, . - __migcc_clone

/* long __migcc_cp_syscall(cancel, nr, a,   b,   c,  d,  e,       f)
 *                         rdi     rsi rdx  rcx  r8  r9  8(%rsp)  16(%rsp)
 * musl's cancellation contract: the flag is tested at __cp_begin, the
 * syscall instruction is the last one before __cp_end, and musl's cancel
 * handler redirects a thread interrupted inside [__cp_begin, __cp_end) to
 * __cp_cancel, with the stack as at entry. */
	.globl __migcc_cp_syscall
	.hidden __migcc_cp_syscall
	.type __migcc_cp_syscall, @function
	.globl __cp_begin
	.hidden __cp_begin
	.globl __cp_end
	.hidden __cp_end
	.globl __cp_cancel
	.hidden __cp_cancel
	.hidden __cancel
__migcc_cp_syscall:
__cp_begin:
	mov (%rdi), %eax
	test %eax, %eax
	jnz __cp_cancel
	mov %rsi, %rax
	mov %rdx, %rdi
	mov %rcx, %rsi
	mov %r8, %rdx
	mov %r9, %r10
	mov 8(%rsp), %r8
	mov 16(%rsp), %r9
	syscall
__cp_end:
	ret
__cp_cancel:
	jmp __cancel
	.size __migcc_cp_syscall, . - __migcc_cp_syscall

/* void __unmapself(base, size): the stack being unmapped may be the one in
 * use, so nothing touches memory between the two syscalls. */
	.globl __unmapself
	.type __unmapself, @function
__unmapself:
	mov $MIGCC_NATIVE_NR_munmap, %eax
	syscall
	xor %edi, %edi
	mov $MIGCC_NATIVE_NR_exit, %eax
	syscall
	.size __unmapself, . - __unmapself

/* Signal return trampoline, installed as sa_restorer. */
	.globl __restore
	.hidden __restore
	.type __restore, @function
	.globl __restore_rt
	.hidden __restore_rt
	.type __restore_rt, @function
__restore:
__restore_rt:
	mov $MIGCC_NATIVE_NR_rt_sigreturn, %eax
	syscall
	.size __restore, . - __restore
	.size __restore_rt, . - __restore_rt

	.section .note.GNU-stack, "", @progbits
