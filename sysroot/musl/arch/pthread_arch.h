/* migcc virtual arch: the thread pointer is read by the per-ISA layer (the
 * code generator inlines it as one instruction per ISA). The TLS layout is
 * musl's "variant II" on every ISA: tp points at struct pthread, whose first
 * word points to itself, and the static TLS block lies just below it. */
unsigned long __migcc_get_tp(void);

static inline uintptr_t __get_tp()
{
	return __migcc_get_tp();
}

/* The generic ucontext layout is riscv64's; only the per-ISA layer knows
 * where the native kernel put the program counter. */
#define MC_PC __gregs[0]
