/* setjmp family for riscv64 on the canonical jmp_buf (riscv64's own):
 * struct { unsigned long __jb[26], __fl, __ss[16]; }.
 * __jb holds s0-s11, sp, ra and fs0-fs11 (all 26 slots).
 * __fl (offset 208) and __ss[1] (224) are scratch for sigsetjmp: musl's
 * __sigsetjmp_tail keeps the signal mask in __ss[0] only. */

	.text

	.globl setjmp
	.type setjmp, %function
	.globl _setjmp
	.type _setjmp, %function
setjmp:
_setjmp:
	sd s0, 0(a0)
	sd s1, 8(a0)
	sd s2, 16(a0)
	sd s3, 24(a0)
	sd s4, 32(a0)
	sd s5, 40(a0)
	sd s6, 48(a0)
	sd s7, 56(a0)
	sd s8, 64(a0)
	sd s9, 72(a0)
	sd s10, 80(a0)
	sd s11, 88(a0)
	sd sp, 96(a0)
	sd ra, 104(a0)
	fsd fs0, 112(a0)
	fsd fs1, 120(a0)
	fsd fs2, 128(a0)
	fsd fs3, 136(a0)
	fsd fs4, 144(a0)
	fsd fs5, 152(a0)
	fsd fs6, 160(a0)
	fsd fs7, 168(a0)
	fsd fs8, 176(a0)
	fsd fs9, 184(a0)
	fsd fs10, 192(a0)
	fsd fs11, 200(a0)
	li a0, 0
	ret
	.size setjmp, . - setjmp
	.size _setjmp, . - _setjmp

	.globl longjmp
	.type longjmp, %function
	.globl _longjmp
	.type _longjmp, %function
longjmp:
_longjmp:
	ld s0, 0(a0)
	ld s1, 8(a0)
	ld s2, 16(a0)
	ld s3, 24(a0)
	ld s4, 32(a0)
	ld s5, 40(a0)
	ld s6, 48(a0)
	ld s7, 56(a0)
	ld s8, 64(a0)
	ld s9, 72(a0)
	ld s10, 80(a0)
	ld s11, 88(a0)
	ld sp, 96(a0)
	ld ra, 104(a0)
	fld fs0, 112(a0)
	fld fs1, 120(a0)
	fld fs2, 128(a0)
	fld fs3, 136(a0)
	fld fs4, 144(a0)
	fld fs5, 152(a0)
	fld fs6, 160(a0)
	fld fs7, 168(a0)
	fld fs8, 176(a0)
	fld fs9, 184(a0)
	fld fs10, 192(a0)
	fld fs11, 200(a0)
	sext.w a0, a1			/* setjmp then returns val, or 1 for 0 */
	bnez a0, 1f
	li a0, 1
1:	ret
	.size longjmp, . - longjmp
	.size _longjmp, . - _longjmp

/* int sigsetjmp(jmp_buf, int savemask): when saving the mask, setjmp is
 * called from here, with our ra and s0 parked in the scratch slots (s0 then
 * holds the buffer and comes back from a longjmp), and both returns end in
 * __sigsetjmp_tail(buf, setjmp's result), which saves or restores the mask
 * and returns that result to our caller. */
	.globl sigsetjmp
	.type sigsetjmp, %function
	.globl __sigsetjmp
	.type __sigsetjmp, %function
	.hidden __sigsetjmp_tail
sigsetjmp:
__sigsetjmp:
	bnez a1, 1f
	tail setjmp
1:	sd ra, 208(a0)
	sd s0, 224(a0)
	mv s0, a0
	call setjmp
	mv a1, a0
	mv a0, s0
	ld ra, 208(a0)
	ld s0, 224(a0)
	tail __sigsetjmp_tail
	.size sigsetjmp, . - sigsetjmp
	.size __sigsetjmp, . - __sigsetjmp

	.section .note.GNU-stack, "", %progbits
