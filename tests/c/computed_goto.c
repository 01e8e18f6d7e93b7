// Computed goto (GNU label values): a bytecode interpreter dispatching through a static table of &&labels, threaded code built at run time, a label-offset table (&&op - &&base, as in gcc's comp-goto-1.c), labels stored and compared at run time, and dispatch loops that carry values through phis.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum op { PUSH, ADD, SUB, MUL, DUP, SWAP, JNZ, DEC, PRINT, HALT };

/* A stack machine: each instruction is an opcode, PUSH and JNZ take an
   operand. Dispatch through a static table of label values. */
static long interpret(const int *code, int trace) {
    static const void *const dispatch[] = {
        [PUSH] = &&do_push, [ADD] = &&do_add, [SUB] = &&do_sub,     [MUL] = &&do_mul,     [DUP] = &&do_dup,
        [SWAP] = &&do_swap, [JNZ] = &&do_jnz, [DEC] = &&do_dec, [PRINT] = &&do_print, [HALT] = &&do_halt,
    };
    long stack[64];
    long *sp = stack;
    const int *pc = code;
    long steps = 0;
#define NEXT                           \
    do {                               \
        steps++;                       \
        goto *dispatch[*pc++];         \
    } while (0)
    NEXT;
do_push:
    *sp++ = *pc++;
    NEXT;
do_add:
    sp--;
    sp[-1] += sp[0];
    NEXT;
do_sub:
    sp--;
    sp[-1] -= sp[0];
    NEXT;
do_mul:
    sp--;
    sp[-1] *= sp[0];
    NEXT;
do_dup:
    sp[0] = sp[-1];
    sp++;
    NEXT;
do_swap: {
    long t = sp[-1];
    sp[-1] = sp[-2];
    sp[-2] = t;
}
    NEXT;
do_dec:
    sp[-1]--;
    NEXT;
do_jnz: {
    int target = *pc++;
    if (*--sp != 0) pc = code + target;
}
    NEXT;
do_print:
    if (trace) printf("  print %ld\n", sp[-1]);
    NEXT;
do_halt:
#undef NEXT
    printf("  halted after %ld steps, depth %ld\n", steps, (long)(sp - stack));
    return sp[-1];
}

/* Direct threading: the program is translated once into an array of label
   values (stored at run time), then executed without opcode decoding. The
   translation table is built on the first call (ip == NULL). */
struct insn {
    const void *label;
    long arg;
};

static long threaded(const int *code, int n, struct insn *out) {
    static const void *table[HALT + 1];
    if (code == NULL) {
        table[PUSH] = &&t_push;
        table[MUL] = &&t_mul;
        table[SWAP] = &&t_swap;
        table[DEC] = &&t_dec;
        table[DUP] = &&t_dup;
        table[JNZ] = &&t_jnz;
        table[ADD] = &&t_add;
        table[HALT] = &&t_halt;
        return 0;
    }
    int at[64], k = 0; /* code index -> instruction index */
    for (int i = 0; i < n; i++, k++) {
        at[i] = k;
        if (code[i] == PUSH || code[i] == JNZ) i++;
    }
    k = 0;
    for (int i = 0; i < n; i++, k++) {
        out[k].label = table[code[i]];
        out[k].arg = code[i] == PUSH ? code[++i] : code[i] == JNZ ? at[code[++i]] : 0;
    }
    long acc[32];
    long *sp = acc;
    struct insn *ip = out;
    goto *ip->label;
t_push:
    *sp++ = ip->arg;
    ip++;
    goto *ip->label;
t_add:
    sp--;
    sp[-1] += sp[0];
    ip++;
    goto *ip->label;
t_mul:
    sp--;
    sp[-1] *= sp[0];
    ip++;
    goto *ip->label;
t_swap: {
    long t = sp[-1];
    sp[-1] = sp[-2];
    sp[-2] = t;
}
    ip++;
    goto *ip->label;
t_dup:
    sp[0] = sp[-1];
    sp++;
    ip++;
    goto *ip->label;
t_dec:
    sp[-1]--;
    ip++;
    goto *ip->label;
t_jnz:
    ip = *--sp != 0 ? out + ip->arg : ip + 1;
    goto *ip->label;
t_halt:
    return sp[-1] + 1000 * (sp - acc);
}

/* comp-goto-1.c style: the program stores offsets from a base label
   (&&op - &&base, computed in a static initialiser) and jumps to
   base + offset. */
static int offsets(const unsigned char *prog, char *out) {
    static const int off[] = {
        &&o_a - &&o_base,
        &&o_b - &&o_base,
        &&o_c - &&o_base,
        &&o_end - &&o_base,
    };
    void *base = &&o_base;
    char *o = out;
    goto *(base + off[*prog++]);
o_base:
    *o++ = '?'; /* never reached by an offset of 0: no opcode maps here */
o_a:
    *o++ = 'a';
    goto *(base + off[*prog++]);
o_b:
    *o++ = 'b';
    goto *(base + off[*prog++]);
o_c:
    *o++ = 'c';
    goto *(&&o_base + off[*prog++]);
o_end:
    *o = 0;
    return (int)(o - out);
}

/* 920302-1.c style: label differences computed at run time into a short
   table, then used as offsets. */
static short optab[3];
static char buf[16];
static void execute(const short *ip) {
    void *base = &&x;
    char *bp = buf;
    static void *tab[] = {&&x, &&y, &&z};
    if (ip == 0) {
        for (int i = 0; i < 3; ++i) optab[i] = (short)(tab[i] - base);
        return;
    }
x:
    *bp++ = 'x';
    goto *(base + *ip++);
y:
    *bp++ = 'y';
    goto *(base + *ip++);
z:
    *bp++ = 'z';
    *bp = 0;
}

/* Labels stored at run time (a resume point) and compared. */
static const void *resume_point;
static int coroutine(int reset) {
    static int count;
    if (reset || resume_point == NULL) {
        count = 0;
        resume_point = &&first;
    }
    goto *resume_point;
first:
    resume_point = &&second;
    return ++count * 10;
second:
    resume_point = &&third;
    return ++count * 100;
third:
    resume_point = &&first;
    return ++count * 1000;
}

static int compare_labels(int which) {
    const void *a = &&la, *b = &&lb;
    const void *pick = (which & 1) ? a : b;
    int r = (a != b) * 100 + (pick == a) * 10 + (pick != NULL);
    if (which > 1) goto *pick;
    return r;
la:
    return -1;
lb:
    return -2;
}

/* A state machine in a loop: the next state and two accumulators flow
   around the loop (phis at every label once optimised). */
static unsigned long collatz_machine(unsigned long n, unsigned *steps_out) {
    static const void *const states[] = {&&even, &&odd, &&stop};
    unsigned steps = 0;
    unsigned long peak = n;
    const void *next = states[n == 1 ? 2 : (int)(n & 1)];
    for (;;) {
        goto *next;
    even:
        n /= 2;
        goto pick;
    odd:
        n = 3 * n + 1;
        if (n > peak) peak = n;
    pick:
        steps++;
        next = states[n == 1 ? 2 : (int)(n & 1)];
    }
stop:
    *steps_out = steps;
    return peak;
}

/* Label values in a function that is inlined in two places: each copy
   must dispatch through its own table entries correctly. */
static inline int classify(int c) {
    static const void *const kind[4] = {&&k_zero, &&k_small, &&k_mid, &&k_big};
    goto *kind[c == 0 ? 0 : c < 10 ? 1 : c < 100 ? 2 : 3];
k_zero:
    return 0;
k_small:
    return 1;
k_mid:
    return 2;
k_big:
    return 3;
}

static int sum_classes_a(const int *v, int n) {
    int s = 0;
    for (int i = 0; i < n; i++) s += classify(v[i]);
    return s;
}

static int sum_classes_b(const int *v, int n) {
    int s = 0;
    for (int i = 0; i < n; i++) s = s * 4 + classify(v[i]);
    return s;
}

int main(int argc, char **argv) {
    (void)argv;
    /* Count 7 down to 0 (printing), then 0 + 6 * 7. */
    static const int count[] = {PUSH, 7, /* 2: */ DEC, PRINT, DUP, JNZ, 2, PUSH, 6, PUSH, 7, MUL, ADD, HALT};
    printf("interpret: %ld\n", interpret(count, 1));
    static const int arith[] = {PUSH, 100, PUSH, 58, SUB, PUSH, 3, MUL, DUP, ADD, HALT};
    printf("interpret: %ld\n", interpret(arith, argc > 5));

    /* Threaded: 2^10 by a counted loop. */
    threaded(NULL, 0, NULL);
    static const int pow2[] = {PUSH, 1,   PUSH, 10,             /* acc counter */
                               /* 4: */ SWAP, PUSH, 2,   MUL, SWAP, /* acc*2 counter */
                               DEC,  DUP, JNZ,  4,   ADD,  HALT};
    struct insn out[32];
    memset(out, 0, sizeof out);
    printf("threaded: %ld\n", threaded(pow2, (int)(sizeof pow2 / sizeof *pow2), out));
    printf("threaded: first op is %s\n", out[0].label != NULL && out[0].label == out[1].label ? "push, push" : "?");

    char text[32];
    static const unsigned char p1[] = {0, 1, 2, 1, 0, 3};
    static const unsigned char p2[] = {2, 2, 2, 0, 3};
    int len = offsets(p1, text);
    printf("offsets: %s (%d)\n", text, len);
    len = offsets(p2, text);
    printf("offsets: %s (%d)\n", text, len);

    execute(0);
    short p[] = {optab[1], optab[0], optab[1], optab[2]};
    execute(p);
    printf("execute: %s, x offset %d\n", buf, optab[0]);

    for (int i = 0; i < 7; i++) printf("coroutine: %d\n", coroutine(i == 5));
    printf("compare: %d %d %d %d\n", compare_labels(0), compare_labels(1), compare_labels(2), compare_labels(3));

    unsigned long total_peak = 0;
    unsigned total_steps = 0;
    for (unsigned long n = 1; n <= 30; n++) {
        unsigned steps;
        unsigned long peak = collatz_machine(n, &steps);
        total_peak += peak;
        total_steps += steps;
        if (n == 27) printf("collatz 27: %u steps, peak %lu\n", steps, peak);
    }
    printf("collatz 1..30: %u steps, peaks %lu\n", total_steps, total_peak);

    int vals[] = {0, 5, 50, 500, 7, 0, 99, 1000};
    printf("classes: %d %d\n", sum_classes_a(vals, 8), sum_classes_b(vals, 8));
    return 0;
}
