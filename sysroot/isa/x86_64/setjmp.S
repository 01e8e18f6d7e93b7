/* setjmp family for x86_64 on the canonical jmp_buf (riscv64's):
 * struct { unsigned long __jb[26], __fl, __ss[16]; }.
 * __jb holds rbx, rbp, r12-r15, the caller's rsp and the return address.
 * __fl (offset 208) and __ss[1] (224) are scratch for sigsetjmp: musl's
 * __sigsetjmp_tail keeps the signal mask in __ss[0] only. */

	.text

	.globl setjmp
	.type setjmp, @function
	.globl _setjmp
	.type _setjmp, @function
setjmp:
_setjmp:
	mov %rbx, (%rdi)
	mov %rbp, 8(%rdi)
	mov %r12, 16(%rdi)
	mov %r13, 24(%rdi)
	mov %r14, 32(%rdi)
	mov %r15, 40(%rdi)
	lea 8(%rsp), %rdx		/* rsp once setjmp has returned */
	mov %rdx, 48(%rdi)
	mov (%rsp), %rdx
	mov %rdx, 56(%rdi)
	xor %eax, %eax
	ret
	.size setjmp, . - setjmp
	.size _setjmp, . - _setjmp

	.globl longjmp
	.type longjmp, @function
	.globl _longjmp
	.type _longjmp, @function
longjmp:
_longjmp:
	mov %esi, %eax			/* setjmp then returns val, or 1 for 0 */
	test %eax, %eax
	jnz 1f
	inc %eax
1:	mov (%rdi), %rbx
	mov 8(%rdi), %rbp
	mov 16(%rdi), %r12
	mov 24(%rdi), %r13
	mov 32(%rdi), %r14
	mov 40(%rdi), %r15
	mov 48(%rdi), %rsp
	jmp *56(%rdi)
	.size longjmp, . - longjmp
	.size _longjmp, . - _longjmp

/* int sigsetjmp(jmp_buf, int savemask): when saving the mask, setjmp is
 * called from here, with our return address and rbx parked in the scratch
 * slots (rbx then holds the buffer and comes back from a longjmp), and both
 * returns end in __sigsetjmp_tail(buf, setjmp's result), which saves or
 * restores the mask and returns that result to our caller. */
	.globl sigsetjmp
	.type sigsetjmp, @function
	.globl __sigsetjmp
	.type __sigsetjmp, @function
	.hidden __sigsetjmp_tail
sigsetjmp:
__sigsetjmp:
	test %esi, %esi
	jz setjmp
	popq 208(%rdi)
	mov %rbx, 224(%rdi)
	mov %rdi, %rbx
	call setjmp
	pushq 208(%rbx)
	mov %rbx, %rdi
	mov %eax, %esi
	mov 224(%rbx), %rbx
	jmp __sigsetjmp_tail
	.size sigsetjmp, . - sigsetjmp
	.size __sigsetjmp, . - __sigsetjmp

	.section .note.GNU-stack, "", @progbits
