//! Per ISA, replaces calls to `__migcc_get_tp` with the one instruction that
//! reads that ISA's thread pointer.

use llvm_sys::core::*;
use llvm_sys::prelude::*;
use llvm_sys::{LLVMAttributeFunctionIndex, LLVMInlineAsmDialect};
use migcc_sysroot::Isa;

use crate::ir::{self, Builder};
use crate::tls::GET_TP;

/// `memory(read)`: may read memory, writes none, so reads can be combined
/// until something that may write (like `__set_thread_area`) intervenes.
const MEMORY_READ: u64 = 0b01_01_01;

pub(crate) fn inline_reads(m: LLVMModuleRef, isa: Isa) {
    let get_tp = unsafe { LLVMGetNamedFunction(m, ir::cstring(GET_TP).as_ptr()) };
    if get_tp.is_null() || !ir::is_declaration(get_tp) {
        return;
    }
    let asm: &str = match isa {
        // Variant II: fs:0 holds the thread's self pointer, which is tp.
        Isa::X86_64 => "movq %fs:0, $0",
        Isa::Aarch64 => "mrs $0, tpidr_el0",
        Isa::Riscv64 => "mv $0, tp",
    };
    let constraints = "=r";
    unsafe {
        let ctx = ir::context_of(m);
        let fn_ty = LLVMGlobalGetValueType(get_tp);
        let inline_asm = LLVMGetInlineAsm(
            fn_ty,
            asm.as_ptr() as *mut _,
            asm.len(),
            constraints.as_ptr() as *mut _,
            constraints.len(),
            0,
            0,
            LLVMInlineAsmDialect::LLVMInlineAsmDialectATT,
            0,
        );
        let memory = LLVMCreateEnumAttribute(ctx, ir::enum_attribute_kind("memory"), MEMORY_READ);
        let nounwind = LLVMCreateEnumAttribute(ctx, ir::enum_attribute_kind("nounwind"), 0);
        for call in ir::users(get_tp) {
            if !ir::is_call(call) || ir::callee(call) != get_tp {
                continue;
            }
            let b = Builder::before(call);
            let read = LLVMBuildCall2(b.0, fn_ty, inline_asm, std::ptr::null_mut(), 0, c"tp".as_ptr());
            LLVMAddCallSiteAttribute(read, LLVMAttributeFunctionIndex, memory);
            LLVMAddCallSiteAttribute(read, LLVMAttributeFunctionIndex, nounwind);
            ir::replace_all_uses(call, read);
            ir::erase(call);
        }
    }
}
