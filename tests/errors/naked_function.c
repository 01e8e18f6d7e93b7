// A naked function (its body is assembly only) is rejected, naming the function.
// expect-error: naked_function.c
// expect-error: get_answer
__attribute__((naked)) int get_answer(void) {
    __asm__("movl $42, %eax\n\tret");
}

int main(void) { return get_answer() == 42 ? 0 : 1; }
