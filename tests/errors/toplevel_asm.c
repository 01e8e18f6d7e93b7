// File-scope (module-level) assembly is rejected, naming the file.
// expect-error: toplevel_asm.c
// expect-error: assembly
__asm__(".globl asm_answer\n"
        "asm_answer:\n"
        "  movl $42, %eax\n"
        "  ret\n");

int asm_answer(void);

int main(void) { return asm_answer(); }
