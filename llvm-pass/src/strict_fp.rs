//! Makes floating point bit-identical across ISAs: no fused multiply-add,
//! no fast-math reassociation that a per-ISA vectoriser could exploit
//! differently, and no function-level unsafe-math codegen options.
//!
//! The driver already compiles with `-fno-fast-math -ffp-contract=off`;
//! this pass enforces the same on whatever IR reaches the link.

use llvm_sys::core::*;
use llvm_sys::prelude::*;
use llvm_sys::LLVMOpcode;

use crate::ir::{self, Builder};

const UNSAFE_FP_ATTRIBUTES: &[&str] =
    &["unsafe-fp-math", "no-infs-fp-math", "no-nans-fp-math", "no-signed-zeros-fp-math", "approx-func-fp-math"];

pub(crate) fn enforce(m: LLVMModuleRef) {
    for f in ir::functions(m) {
        for attr in UNSAFE_FP_ATTRIBUTES {
            ir::remove_string_attribute(f, attr);
        }
        for inst in ir::function_instructions(f) {
            if ir::is_call(inst) && ir::intrinsic_name(inst).is_some_and(|n| n.starts_with("llvm.fmuladd")) {
                split_fmuladd(inst);
            } else if has_fast_math_flags(inst) {
                rebuild_without_flags(inst);
            }
        }
    }
}

fn has_fast_math_flags(inst: LLVMValueRef) -> bool {
    unsafe { LLVMCanValueUseFastMathFlags(inst) != 0 && LLVMGetFastMathFlags(inst) != 0 }
}

/// `llvm.fmuladd(a, b, c)` lets each backend choose fused or not; make it
/// an unfused multiply and add everywhere.
fn split_fmuladd(call: LLVMValueRef) {
    let b = Builder::before(call);
    unsafe {
        let product = LLVMBuildFMul(b.0, ir::operand(call, 0), ir::operand(call, 1), ir::EMPTY.as_ptr());
        let sum = LLVMBuildFAdd(b.0, product, ir::operand(call, 2), ir::EMPTY.as_ptr());
        ir::replace_all_uses(call, sum);
    }
    ir::erase(call);
}

/// LLVM's C API can add fast-math flags but not clear them, so arithmetic
/// that carries them is rebuilt without. Calls, selects and phis keep
/// theirs: they cannot reassociate or contract.
fn rebuild_without_flags(inst: LLVMValueRef) {
    let b = Builder::before(inst);
    let op = ir::opcode(inst);
    let plain = unsafe {
        match op {
            LLVMOpcode::LLVMFAdd
            | LLVMOpcode::LLVMFSub
            | LLVMOpcode::LLVMFMul
            | LLVMOpcode::LLVMFDiv
            | LLVMOpcode::LLVMFRem => {
                LLVMBuildBinOp(b.0, op, ir::operand(inst, 0), ir::operand(inst, 1), ir::EMPTY.as_ptr())
            }
            LLVMOpcode::LLVMFNeg => LLVMBuildFNeg(b.0, ir::operand(inst, 0), ir::EMPTY.as_ptr()),
            LLVMOpcode::LLVMFCmp => LLVMBuildFCmp(
                b.0,
                LLVMGetFCmpPredicate(inst),
                ir::operand(inst, 0),
                ir::operand(inst, 1),
                ir::EMPTY.as_ptr(),
            ),
            _ => return,
        }
    };
    ir::replace_all_uses(inst, plain);
    ir::erase(inst);
}
