// A global register variable pins a machine register by name ("sp") and cannot mean the same on every ISA.
// expect-error: global_register_var.c
register unsigned long sp_reg __asm__("sp");

unsigned long read_sp(void) { return sp_reg; }

int main(void) { return read_sp() != 0 ? 0 : 1; }
