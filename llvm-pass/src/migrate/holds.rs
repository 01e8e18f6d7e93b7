//! Library functions that hold migration requests while they run (see
//! analysis.rs): past its entry point, each tells the runtime
//! (runtime-lib/signals.c), with its native frame, and again before it
//! returns. One that never returns (exit) holds them to the end.

use llvm_sys::core::*;
use llvm_sys::prelude::*;
use llvm_sys::LLVMOpcode;

use super::{setjmp, Runtime};
use crate::ir;

pub(crate) const HOLD: &str = "__migcc_hold";
pub(crate) const RELEASE: &str = "__migcc_release";

/// Inserted before the function is instrumented: the hold follows the
/// entry point the instrumentation adds, and only its own returns release.
pub(crate) fn insert(m: LLVMModuleRef, runtime: &Runtime, f: LLVMValueRef) {
    let entry = unsafe { LLVMGetEntryBasicBlock(f) };
    let first = ir::instructions(entry)
        .into_iter()
        .find(|&i| unsafe { LLVMIsAAllocaInst(i) }.is_null())
        .expect("a block ends with a terminator");
    let b = ir::Builder::before(first);
    let (hold, hold_ty) = runtime.hold;
    let mut args = [setjmp::frame_address(m, &b)];
    unsafe { LLVMBuildCall2(b.0, hold_ty, hold, args.as_mut_ptr(), 1, ir::EMPTY.as_ptr()) };
    let returns: Vec<LLVMValueRef> =
        ir::blocks(f).into_iter().map(ir::terminator).filter(|&t| ir::opcode(t) == LLVMOpcode::LLVMRet).collect();
    let (release, release_ty) = runtime.release;
    for ret in returns {
        // The call before the return is no longer in tail position.
        let previous = unsafe { LLVMGetPreviousInstruction(ret) };
        if !previous.is_null() && ir::is_call(previous) {
            unsafe { LLVMSetTailCallKind(previous, llvm_sys::LLVMTailCallKind::LLVMTailCallKindNone) };
        }
        let b = ir::Builder::before(ret);
        unsafe { LLVMBuildCall2(b.0, release_ty, release, std::ptr::null_mut(), 0, ir::EMPTY.as_ptr()) };
    }
}
