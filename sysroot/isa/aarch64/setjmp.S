/* setjmp family for aarch64 on the canonical jmp_buf (riscv64's):
 * struct { unsigned long __jb[26], __fl, __ss[16]; }.
 * __jb holds x19-x28, fp, lr, sp and d8-d15 (21 slots).
 * __fl (offset 208) and __ss[1] (224) are scratch for sigsetjmp: musl's
 * __sigsetjmp_tail keeps the signal mask in __ss[0] only. */

	.text

	.globl setjmp
	.type setjmp, %function
	.globl _setjmp
	.type _setjmp, %function
setjmp:
_setjmp:
	stp x19, x20, [x0, #0]
	stp x21, x22, [x0, #16]
	stp x23, x24, [x0, #32]
	stp x25, x26, [x0, #48]
	stp x27, x28, [x0, #64]
	stp x29, x30, [x0, #80]
	mov x1, sp
	str x1, [x0, #96]
	stp d8, d9, [x0, #104]
	stp d10, d11, [x0, #120]
	stp d12, d13, [x0, #136]
	stp d14, d15, [x0, #152]
	mov w0, #0
	ret
	.size setjmp, . - setjmp
	.size _setjmp, . - _setjmp

	.globl longjmp
	.type longjmp, %function
	.globl _longjmp
	.type _longjmp, %function
longjmp:
_longjmp:
	ldp x19, x20, [x0, #0]
	ldp x21, x22, [x0, #16]
	ldp x23, x24, [x0, #32]
	ldp x25, x26, [x0, #48]
	ldp x27, x28, [x0, #64]
	ldp x29, x30, [x0, #80]
	ldr x2, [x0, #96]
	mov sp, x2
	ldp d8, d9, [x0, #104]
	ldp d10, d11, [x0, #120]
	ldp d12, d13, [x0, #136]
	ldp d14, d15, [x0, #152]
	cmp w1, #0			/* setjmp then returns val, or 1 for 0 */
	csinc w0, w1, wzr, ne
	ret
	.size longjmp, . - longjmp
	.size _longjmp, . - _longjmp

/* int sigsetjmp(jmp_buf, int savemask): when saving the mask, setjmp is
 * called from here, with our lr and x19 parked in the scratch slots (x19
 * then holds the buffer and comes back from a longjmp), and both returns
 * end in __sigsetjmp_tail(buf, setjmp's result), which saves or restores
 * the mask and returns that result to our caller. */
	.globl sigsetjmp
	.type sigsetjmp, %function
	.globl __sigsetjmp
	.type __sigsetjmp, %function
	.hidden __sigsetjmp_tail
sigsetjmp:
__sigsetjmp:
	cbnz w1, 1f
	b setjmp
1:	str x30, [x0, #208]
	str x19, [x0, #224]
	mov x19, x0
	bl setjmp
	mov w1, w0
	mov x0, x19
	ldr x30, [x0, #208]
	ldr x19, [x0, #224]
	b __sigsetjmp_tail
	.size sigsetjmp, . - sigsetjmp
	.size __sigsetjmp, . - __sigsetjmp

	.section .note.GNU-stack, "", %progbits
