//! Frames that called setjmp.
//!
//! A `jmp_buf` holds native registers (the stack pointer, the return
//! address): neither an unwind and rewind, which rebuilds the native frame
//! wherever the stack then is, nor another ISA can honour it. So after
//! every call of a `returns_twice` function (setjmp, sigsetjmp, vfork) in
//! instrumented code, the frame reports its address to the runtime
//! (`__migcc_setjmp_frame`), which lets no unwind start while such a frame
//! may still be on the stack (runtime-lib/migrate.c).

use llvm_sys::core::*;
use llvm_sys::prelude::*;

use crate::ir::{self, Builder};

/// The runtime's hook, and the attribute that marks setjmp-like functions.
pub(crate) const HOOK: &str = "__migcc_setjmp_frame";
const RETURNS_TWICE: &str = "returns_twice";

/// Adds the report after each setjmp-like call of `f`.
pub(crate) fn note_frames(m: LLVMModuleRef, f: LLVMValueRef, hook: (LLVMValueRef, LLVMTypeRef)) {
    let kind = ir::enum_attribute_kind(RETURNS_TWICE);
    let calls: Vec<LLVMValueRef> = ir::function_instructions(f)
        .into_iter()
        .filter(|&i| ir::is_call(i))
        .filter(|&call| {
            let at_call = unsafe { LLVMGetCallSiteEnumAttribute(call, llvm_sys::LLVMAttributeFunctionIndex, kind) };
            let at_callee = ir::called_function(call).map_or(std::ptr::null_mut(), |g| unsafe {
                LLVMGetEnumAttributeAtIndex(g, llvm_sys::LLVMAttributeFunctionIndex, kind)
            });
            !at_call.is_null() || !at_callee.is_null()
        })
        .collect();
    if calls.is_empty() {
        return;
    }
    let ctx = ir::context_of(m);
    let ptr = unsafe { LLVMPointerTypeInContext(ctx, 0) };
    let (frameaddress, frameaddress_ty) = ir::intrinsic(m, "llvm.frameaddress", &[ptr]);
    for call in calls {
        let b = Builder::before(unsafe { LLVMGetNextInstruction(call) });
        unsafe {
            let mut level = [LLVMConstInt(LLVMInt32TypeInContext(ctx), 0, 0)];
            let frame = LLVMBuildCall2(b.0, frameaddress_ty, frameaddress, level.as_mut_ptr(), 1, ir::EMPTY.as_ptr());
            let mut args = [frame];
            LLVMBuildCall2(b.0, hook.1, hook.0, args.as_mut_ptr(), 1, ir::EMPTY.as_ptr());
        }
    }
}
