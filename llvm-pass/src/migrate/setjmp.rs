//! setjmp calls as sites of their frame.
//!
//! A `jmp_buf` holds native registers (the stack pointer, the return
//! address), which neither a rebuilt native frame nor another ISA can
//! honour. So a jmp_buf that an instrumented frame armed is armed again
//! when that frame is rebuilt (runtime-lib/jmpbufs.c):
//! - after each return of a setjmp-family call, the frame reports its
//!   native frame address, the buffer, its function and the call's site id
//!   (`ARMED`); once a longjmp has landed (the return is not a re-arming),
//!   the shadow stack pointer goes back to where it was at the call (the
//!   frames the jump left had moved it down);
//! - a frame that unwinds hands the runtime its record (`SAVE`), which the
//!   buffers it armed join;
//! - a rewinding frame asks the runtime (`ROUTE`) before it routes: the
//!   record's site then names a setjmp call, whose restore block reloads
//!   the values live after it, takes the buffer (and mask flag) from the
//!   runtime and issues it again; its rewinding test routes once more, until
//!   the record names the frame's own call site again.
//!
//! The values live after any setjmp call of a function are therefore in
//! every record of that function, at the same offsets (instrument.rs).

use llvm_sys::core::*;
use llvm_sys::prelude::*;

use crate::ir;

/// The runtime's side (runtime-lib/jmpbufs.c).
pub(crate) const ARMED: &str = "__migcc_setjmp_armed";
pub(crate) const SAVE: &str = "__migcc_setjmp_save";
pub(crate) const ROUTE: &str = "__migcc_setjmp_route";
pub(crate) const REARM_BUF: &str = "__migcc_setjmp_rearm_buf";
pub(crate) const REARM_SAVEMASK: &str = "__migcc_setjmp_rearm_savemask";

/// The setjmp family of the per-ISA layer (sysroot/isa/*/setjmp.S): the
/// buffer is the first argument; the sigsetjmp forms take the mask flag as
/// the second.
const FAMILY: &[(&str, bool)] = &[("setjmp", false), ("_setjmp", false), ("sigsetjmp", true), ("__sigsetjmp", true)];

/// A setjmp-family call: the call, and whether it passes a mask flag.
pub(crate) struct Call {
    pub call: LLVMValueRef,
    pub takes_mask_flag: bool,
}

/// The setjmp-family calls of `f`, in order. (vfork, the other function
/// that returns twice, keeps nothing native that a rewind would break: the
/// parent goes on only once the child has left its stack.)
pub(crate) fn calls(f: LLVMValueRef) -> Vec<Call> {
    ir::function_instructions(f)
        .into_iter()
        .filter(|&i| ir::is_call(i))
        .filter_map(|call| {
            let name = ir::name(ir::called_function(call)?);
            let &(_, takes_mask_flag) = FAMILY.iter().find(|(n, _)| *n == name)?;
            Some(Call { call, takes_mask_flag })
        })
        .collect()
}

/// `llvm.frameaddress(0)` at the builder: the activation's identity on the
/// native stack, which the runtime compares.
pub(crate) fn frame_address(m: LLVMModuleRef, b: &ir::Builder) -> LLVMValueRef {
    let ctx = ir::context_of(m);
    unsafe {
        let ptr = LLVMPointerTypeInContext(ctx, 0);
        let (frameaddress, ty) = ir::intrinsic(m, "llvm.frameaddress", &[ptr]);
        let mut level = [LLVMConstInt(LLVMInt32TypeInContext(ctx), 0, 0)];
        LLVMBuildCall2(b.0, ty, frameaddress, level.as_mut_ptr(), 1, ir::EMPTY.as_ptr())
    }
}
