//! Turns `llvm.global_ctors`/`llvm.global_dtors` into plain arrays in
//! `.init_array`/`.fini_array`, where musl's start-up and exit look.
//!
//! Code generators left to themselves may emit the legacy `.ctors`/`.dtors`
//! sections instead (LLVM's C API does not expose `UseInitArray`), which
//! musl never runs. Emitting the arrays as ordinary globals also makes them
//! aligned data like any other: the same pointers at the same address on
//! every ISA.

use llvm_sys::core::*;
use llvm_sys::prelude::*;
use llvm_sys::LLVMLinkage;

use crate::ir;

pub(crate) fn lower(m: LLVMModuleRef) {
    lower_one(m, "llvm.global_ctors", "__migcc_init_array", ".init_array");
    lower_one(m, "llvm.global_dtors", "__migcc_fini_array", ".fini_array");
}

fn lower_one(m: LLVMModuleRef, list: &str, array_name: &str, section: &str) {
    unsafe {
        let global = LLVMGetNamedGlobal(m, ir::cstring(list).as_ptr());
        if global.is_null() {
            return;
        }
        let init = LLVMGetInitializer(global);
        let mut entries: Vec<(u64, LLVMValueRef)> = Vec::new();
        if !init.is_null() && LLVMIsNull(init) == 0 {
            for entry in ir::operands(init) {
                let priority = LLVMConstIntGetZExtValue(ir::operand(entry, 0));
                entries.push((priority, ir::operand(entry, 1)));
            }
        }
        // Lower priorities first: musl runs .init_array forwards and
        // .fini_array backwards, so destructors run highest-priority-number
        // first, as with gcc.
        entries.sort_by_key(|&(priority, _)| priority);
        LLVMDeleteGlobal(global);
        if entries.is_empty() {
            return;
        }
        let ptr_ty = LLVMPointerTypeInContext(ir::context_of(m), 0);
        let mut functions: Vec<LLVMValueRef> = entries.into_iter().map(|(_, f)| f).collect();
        let value = LLVMConstArray2(ptr_ty, functions.as_mut_ptr(), functions.len() as u64);
        let array = LLVMAddGlobal(m, LLVMTypeOf(value), ir::cstring(array_name).as_ptr());
        LLVMSetInitializer(array, value);
        LLVMSetLinkage(array, LLVMLinkage::LLVMInternalLinkage);
        LLVMSetSection(array, ir::cstring(section).as_ptr());
        LLVMSetAlignment(array, 8);
    }
}
