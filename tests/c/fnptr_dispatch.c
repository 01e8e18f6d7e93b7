// Function pointers: dispatch tables, a bytecode interpreter, functions returning function pointers, callbacks with context.
// opt: -O0 -O1 -O2 -O3 -Os
#include <stdio.h>
#include <string.h>

typedef long (*binop)(long, long);

static long op_add(long a, long b) { return a + b; }
static long op_sub(long a, long b) { return a - b; }
static long op_mul(long a, long b) { return a * b; }
static long op_div(long a, long b) { return b ? a / b : 0; }
static long op_mod(long a, long b) { return b ? a % b : 0; }
static long op_shl(long a, long b) { return (long)((unsigned long)a << (b & 63)); }

static const struct { char sym; binop fn; } optable[] = {
    {'+', op_add}, {'-', op_sub}, {'*', op_mul}, {'/', op_div}, {'%', op_mod}, {'<', op_shl},
};

static binop lookup(char c) {
    for (size_t i = 0; i < sizeof optable / sizeof optable[0]; i++)
        if (optable[i].sym == c) return optable[i].fn;
    return NULL;
}

/* Tiny RPN evaluator driven entirely by the table. */
static long rpn(const char *expr) {
    long stack[32];
    int sp = 0;
    for (const char *p = expr; *p; p++) {
        if (*p == ' ') continue;
        if (*p >= '0' && *p <= '9') {
            long v = 0;
            while (*p >= '0' && *p <= '9') v = v * 10 + (*p++ - '0');
            p--;
            stack[sp++] = v;
        } else {
            binop f = lookup(*p);
            long b = stack[--sp], a = stack[--sp];
            stack[sp++] = f(a, b);
        }
    }
    return stack[0];
}

/* Bytecode VM with a handler table indexed by opcode. */
enum { PUSH, ADD, MUL, DUP, SWAP, JNZ, DEC, PRINT, HALT, OVER };
struct vm { long st[16]; int sp; int pc; const long *code; int running; };
typedef void (*handler)(struct vm *);
static void h_push(struct vm *m) { m->st[m->sp++] = m->code[m->pc++]; }
static void h_add(struct vm *m) { m->sp--; m->st[m->sp - 1] += m->st[m->sp]; }
static void h_mul(struct vm *m) { m->sp--; m->st[m->sp - 1] *= m->st[m->sp]; }
static void h_dup(struct vm *m) { m->st[m->sp] = m->st[m->sp - 1]; m->sp++; }
static void h_swap(struct vm *m) { long t = m->st[m->sp - 1]; m->st[m->sp - 1] = m->st[m->sp - 2]; m->st[m->sp - 2] = t; }
static void h_jnz(struct vm *m) { long tgt = m->code[m->pc++]; if (m->st[--m->sp]) m->pc = (int)tgt; }
static void h_dec(struct vm *m) { m->st[m->sp - 1]--; }
static void h_print(struct vm *m) { printf("vm: %ld\n", m->st[m->sp - 1]); }
static void h_halt(struct vm *m) { m->running = 0; }
static void h_over(struct vm *m) { m->st[m->sp] = m->st[m->sp - 2]; m->sp++; }
static handler handlers[] = {h_push, h_add, h_mul, h_dup, h_swap, h_jnz, h_dec, h_print, h_halt, h_over};

static void run_vm(const long *code) {
    struct vm m = {{0}, 0, 0, code, 1};
    while (m.running) handlers[code[m.pc++]](&m);
}

/* Function returning a pointer to a function returning a pointer to function. */
typedef int (*intfn)(int);
static int twice(int x) { return 2 * x; }
static int square(int x) { return x * x; }
static int negate(int x) { return -x; }
static intfn choose(int k) { intfn t[] = {twice, square, negate}; return t[k % 3]; }
static intfn (*chooser(void))(int) { return choose; }

static void for_each(const int *a, int n, void (*cb)(int, void *), void *ctx) {
    for (int i = 0; i < n; i++) cb(a[i], ctx);
}
static void acc_cb(int v, void *ctx) { *(long *)ctx += v; }
static void max_cb(int v, void *ctx) { if (v > *(int *)ctx) *(int *)ctx = v; }

int main(void) {
    const char *exprs[] = {"3 4 + 5 *", "100 7 % 2 <", "9 3 / 4 - 6 *", "1 2 3 4 5 * * * *"};
    for (int i = 0; i < 4; i++) printf("rpn[%s] = %ld\n", exprs[i], rpn(exprs[i]));
    /* factorial of 20: stack [acc n]; loop: acc *= n; n--; while n */
    static const long fact[] = {PUSH, 1, PUSH, 20,
                                /*4:*/ SWAP, OVER, MUL, SWAP, DEC, DUP, JNZ, 4,
                                SWAP, PRINT, HALT};
    run_vm(fact);
    /* sum 1..1000 with ADD: stack [sum n] */
    static const long sum1k[] = {PUSH, 0, PUSH, 1000,
                                 /*4:*/ SWAP, OVER, ADD, SWAP, DEC, DUP, JNZ, 4,
                                 SWAP, PRINT, HALT};
    run_vm(sum1k);
    int v = 5;
    for (int k = 0; k < 6; k++) printf("choose(%d)(%d) = %d\n", k, v, chooser()(k)(v));
    int data[] = {4, -2, 19, 7, 3};
    long sum = 0;
    int mx = -1000;
    for_each(data, 5, acc_cb, &sum);
    for_each(data, 5, max_cb, &mx);
    printf("sum=%ld max=%d\n", sum, mx);
    /* function pointer comparisons and null */
    printf("eq=%d ne=%d null=%d\n", lookup('+') == op_add, lookup('-') != op_add, lookup('?') == NULL);
    int (*cmp)(const char *, const char *) = strcmp;
    printf("strcmp via ptr %d\n", cmp("abc", "abd") < 0);
    return (int)rpn("6 7 *");
}
