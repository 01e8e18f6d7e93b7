//! Removes spin-wait hints written as inline assembly. Rust's
//! `core::hint::spin_loop` is riscv64's `pause` (Zihintpause) in an asm
//! block, inlined into std's futex-based Mutex and RwLock. The hint only
//! tells the CPU that the thread is spinning: it has no effect on memory or
//! registers, so dropping it is correct on every ISA, and the rest of the
//! asm refusal (check.rs) stays strict.

use llvm_sys::core::*;
use llvm_sys::prelude::*;

use crate::ir;

/// The assembly of riscv64's spin-wait hint, line by line, as rustc's
/// `core::arch::riscv64::pause` emits it.
const RISCV_PAUSE: &[&str] = &[".option push", ".option arch, +zihintpause", "pause", ".option pop"];

fn is_spin_hint(call: LLVMValueRef) -> bool {
    let callee = ir::callee(call);
    if unsafe { LLVMIsAInlineAsm(callee) }.is_null() {
        return false;
    }
    let (text, constraints) = ir::inline_asm_text(callee);
    constraints.is_empty() && text.lines().map(str::trim).eq(RISCV_PAUSE.iter().copied())
}

/// Erases every spin-wait hint in `m`; returns how many.
pub(crate) fn remove(m: LLVMModuleRef) -> usize {
    let hints: Vec<LLVMValueRef> = ir::functions(m)
        .into_iter()
        .flat_map(ir::function_instructions)
        .filter(|&inst| ir::is_call(inst) && is_spin_hint(inst))
        .collect();
    for &call in &hints {
        ir::erase(call);
    }
    hints.len()
}
