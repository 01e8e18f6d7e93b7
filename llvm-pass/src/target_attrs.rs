//! Removes what ties IR to the canonical frontend ISA: CPU and feature
//! attributes (each ISA's code generator sets its own) and unwind tables
//! (C code does not unwind, and .eh_frame would be per-ISA bulk).

use llvm_sys::core::*;
use llvm_sys::prelude::*;
use llvm_sys::LLVMAttributeFunctionIndex;

use crate::ir;

const TARGET_ATTRIBUTES: &[&str] = &["target-cpu", "target-features", "tune-cpu"];

pub(crate) fn strip(m: LLVMModuleRef) {
    let uwtable = ir::enum_attribute_kind("uwtable");
    for f in ir::functions(m) {
        for attr in TARGET_ATTRIBUTES {
            ir::remove_string_attribute(f, attr);
        }
        unsafe { LLVMRemoveEnumAttributeAtIndex(f, LLVMAttributeFunctionIndex, uwtable) };
    }
}
