/* A small register-machine interpreter with switch dispatch, running a
 * bytecode program that sums Collatz sequence lengths. */
#include <stdint.h>
#include <stdio.h>

enum op { LOADI, MOV, ADDI, SHR1, MUL3P1, ANDI, JZ, JNZ, JLT, JMP, HALT };

struct insn {
    uint8_t op, a, b, unused;
    int32_t imm;         /* immediate value or jump target */
};

static int64_t run(const struct insn *code, int64_t *r) {
    for (const struct insn *pc = code;;) {
        const struct insn *i = pc++;
        switch (i->op) {
        case LOADI: r[i->a] = i->imm; break;
        case MOV: r[i->a] = r[i->b]; break;
        case ADDI: r[i->a] = r[i->b] + i->imm; break;
        case SHR1: r[i->a] = r[i->b] >> 1; break;
        case MUL3P1: r[i->a] = 3 * r[i->b] + 1; break;
        case ANDI: r[i->a] = r[i->b] & i->imm; break;
        case JZ: if (r[i->a] == 0) pc = code + i->imm; break;
        case JNZ: if (r[i->a] != 0) pc = code + i->imm; break;
        case JLT: if (r[i->a] < r[i->b]) pc = code + i->imm; break;
        case JMP: pc = code + i->imm; break;
        case HALT: return r[0];
        }
    }
}

int main(void) {
    /* r0 = total steps, r1 = n, r2 = limit, r3 = x, r4 = scratch, r5 = 1 */
    static const struct insn program[] = {
        /* 0 */ {LOADI, 0, 0, 0, 0},
        /* 1 */ {LOADI, 1, 0, 0, 1},
        /* 2 */ {LOADI, 2, 0, 0, 300000},
        /* 3 */ {LOADI, 5, 0, 0, 1},
        /* 4 */ {MOV, 3, 1, 0, 0},   /* next n: x = n */
        /* 5 */ {JLT, 5, 3, 0, 7},   /* while (1 < x) */
        /* 6 */ {JMP, 0, 0, 0, 14},
        /* 7 */ {ADDI, 0, 0, 0, 1},  /* total++ */
        /* 8 */ {ANDI, 4, 3, 0, 1},
        /* 9 */ {JZ, 4, 0, 0, 12},
        /* 10 */ {MUL3P1, 3, 3, 0, 0}, /* odd: x = 3x + 1 */
        /* 11 */ {JMP, 0, 0, 0, 5},
        /* 12 */ {SHR1, 3, 3, 0, 0},   /* even: x = x / 2 */
        /* 13 */ {JMP, 0, 0, 0, 5},
        /* 14 */ {ADDI, 1, 1, 0, 1},   /* n++ */
        /* 15 */ {JLT, 1, 2, 0, 4},
        /* 16 */ {HALT, 0, 0, 0, 0},
    };
    int64_t regs[8] = {0};
    printf("collatz steps: %lld\n", (long long)run(program, regs));
    return 0;
}
