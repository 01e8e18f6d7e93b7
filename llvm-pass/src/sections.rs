//! Gives every function and data object a section of its own, named by a
//! stable ordinal, so that the aligning linker can place each one at the
//! same address in every ISA build. Also removes what would let a code
//! generator or linker merge or move objects per ISA.

use llvm_sys::core::*;
use llvm_sys::prelude::*;
use llvm_sys::{LLVMLinkage, LLVMUnnamedAddr};

use crate::ir;

/// Section-name prefixes of aligned objects; the linker keys on these.
/// Most deliberately do not start with `.text.`/`.data.`, so the per-ISA
/// zone's wildcards in the linker script never match them, and LLVM derives
/// their flags from the object's kind. Zero-initialised data is the
/// exception: LLVM emits an explicitly placed object as NOBITS only when its
/// section name starts with `.bss.`, so the script keeps the program's
/// object out of the per-ISA `.bss` instead.
const TEXT: &str = ".mig.text.";
const RODATA: &str = ".mig.rodata.";
const DATA: &str = ".mig.data.";
const BSS: &str = ".bss.mig.";

pub(crate) fn assign(m: LLVMModuleRef) {
    let td = ir::target_data(m);
    for (i, f) in ir::functions(m).into_iter().filter(|&f| !ir::is_declaration(f)).enumerate() {
        unsafe { LLVMSetSection(f, ir::cstring(&format!("{TEXT}{i}")).as_ptr()) };
    }
    let data = ir::globals(m)
        .into_iter()
        .filter(|&g| !ir::is_declaration(g) && !ir::name(g).starts_with("llvm."))
        // .init_array/.fini_array keep their names (see init_arrays.rs).
        .filter(|&g| unsafe { LLVMGetSection(g) }.is_null());
    for (i, g) in data.enumerate() {
        unsafe {
            // Mergeable constants and private (symbol-less) objects would be
            // merged or hidden per ISA; every object keeps its own identity.
            LLVMSetUnnamedAddress(g, LLVMUnnamedAddr::LLVMNoUnnamedAddr);
            if LLVMGetLinkage(g) == LLVMLinkage::LLVMPrivateLinkage {
                LLVMSetLinkage(g, LLVMLinkage::LLVMInternalLinkage);
            }
            let ty = LLVMGlobalGetValueType(g);
            let mut align = (LLVMGetAlignment(g) as u64).max(ir::abi_align(td, ty));
            // As x86_64's ABI asks of arrays: objects of 16 bytes or more
            // are 16-byte aligned, so every ISA can use aligned vector loads.
            if ir::abi_size(td, ty) >= 16 {
                align = align.max(16);
            }
            LLVMSetAlignment(g, align as u32);
            let prefix = if LLVMIsGlobalConstant(g) != 0 {
                RODATA
            } else if LLVMIsNull(LLVMGetInitializer(g)) != 0 {
                BSS
            } else {
                DATA
            };
            LLVMSetSection(g, ir::cstring(&format!("{prefix}{i}")).as_ptr());
        }
    }
}
