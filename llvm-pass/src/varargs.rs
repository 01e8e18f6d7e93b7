//! Lowers variadic functions to explicit argument buffers.
//!
//! Each ISA passes variadic arguments differently and has its own `va_list`
//! type, so native varargs cannot survive a retargeted IR. The canonical ISA
//! (riscv64) happens to have the simplest `va_list`, a plain pointer into
//! 8-byte argument slots, and clang already expands `va_arg` into pointer
//! arithmetic on it. This pass makes that representation explicit:
//! - a variadic call stores its variadic arguments into a 16-byte-aligned
//!   stack buffer (8-byte slots; types aligned to 16 start at a 16-byte
//!   offset, as riscv64's `va_arg` expects) and passes the buffer's address
//!   as one extra, trailing, ordinary argument;
//! - a variadic function gets that extra parameter, and `va_start` stores it
//!   into the `va_list`; `va_copy` becomes a pointer copy and `va_end` is
//!   dropped.
//!
//! Direct and indirect calls are handled alike, so function pointers to
//! variadic functions keep working. Native code that implements a variadic
//! function (the per-ISA `__clone`) reads its variadic arguments from the
//! buffer.

use llvm_sys::core::*;
use llvm_sys::debuginfo::{LLVMInstructionGetDebugLoc, LLVMInstructionSetDebugLoc};
use llvm_sys::prelude::*;
use llvm_sys::{LLVMAttributeFunctionIndex, LLVMAttributeReturnIndex, LLVMOpcode};

use crate::ir::{self, Builder};
use crate::Error;

const SLOT: u64 = 8;
const BUFFER_ALIGN: u64 = 16;
/// Every buffer has at least this many slots: C code routinely reads
/// variadic arguments that a caller did not pass (musl's `fcntl` always
/// reads one, `syscall` six), which on a native ISA reads a stale register
/// and here must read valid stack memory.
const MIN_SLOTS: u64 = 8;

pub(crate) fn lower(m: LLVMModuleRef) -> Result<(), Error> {
    for f in ir::functions(m) {
        for inst in ir::function_instructions(f) {
            if ir::opcode(inst) == LLVMOpcode::LLVMVAArg {
                return Err(Error::NotPortable {
                    file: ir::source_file_name(m),
                    function: ir::name(f),
                    what: "a native va_arg instruction".into(),
                    hint: "compile the file with migcc",
                });
            }
            if ir::is_call(inst)
                && is_variadic(unsafe { LLVMGetCalledFunctionType(inst) })
                && ir::intrinsic_name(inst).is_none()
            {
                lower_call(m, inst);
            }
        }
    }
    for f in ir::functions(m) {
        if is_variadic(unsafe { LLVMGlobalGetValueType(f) }) && !ir::name(f).starts_with("llvm.") {
            lower_function(m, f);
        }
    }
    lower_va_copy_and_end(m);
    Ok(())
}

fn is_variadic(fn_ty: LLVMTypeRef) -> bool {
    unsafe { LLVMIsFunctionVarArg(fn_ty) != 0 }
}

fn param_types(fn_ty: LLVMTypeRef) -> Vec<LLVMTypeRef> {
    let n = unsafe { LLVMCountParamTypes(fn_ty) } as usize;
    let mut params = vec![std::ptr::null_mut(); n];
    unsafe { LLVMGetParamTypes(fn_ty, params.as_mut_ptr()) };
    params
}

/// The same signature with the variadic part replaced by one `ptr`.
fn lowered_type(m: LLVMModuleRef, fn_ty: LLVMTypeRef) -> LLVMTypeRef {
    let mut params = param_types(fn_ty);
    params.push(unsafe { LLVMPointerTypeInContext(ir::context_of(m), 0) });
    unsafe { LLVMFunctionType(LLVMGetReturnType(fn_ty), params.as_mut_ptr(), params.len() as u32, 0) }
}

fn align_to(x: u64, a: u64) -> u64 {
    x.div_ceil(a) * a
}

fn lower_call(m: LLVMModuleRef, call: LLVMValueRef) {
    let td = ir::target_data(m);
    let ctx = ir::context_of(m);
    let fn_ty = unsafe { LLVMGetCalledFunctionType(call) };
    let fixed = unsafe { LLVMCountParamTypes(fn_ty) };
    let total = ir::arg_count(call);

    // Slot layout of the variadic arguments, as riscv64's va_arg reads it.
    let mut offsets = Vec::new();
    let mut end = 0;
    for i in fixed..total {
        let ty = ir::type_of(ir::operand(call, i));
        let align = ir::abi_align(td, ty).max(SLOT);
        let offset = align_to(end, align);
        offsets.push((i, offset, align));
        end = offset + align_to(ir::abi_size(td, ty), SLOT);
    }

    let b = Builder::before(call);
    let size = align_to(end, BUFFER_ALIGN).max(MIN_SLOTS * SLOT);
    let buffer = entry_alloca(ctx, ir::parent_function(call), size);
    for &(i, offset, align) in &offsets {
        unsafe {
            let i8_ty = LLVMInt8TypeInContext(ctx);
            let mut idx = [LLVMConstInt(LLVMInt64TypeInContext(ctx), offset, 0)];
            let slot = LLVMBuildInBoundsGEP2(b.0, i8_ty, buffer, idx.as_mut_ptr(), 1, ir::EMPTY.as_ptr());
            let store = LLVMBuildStore(b.0, ir::operand(call, i), slot);
            LLVMSetAlignment(store, align as u32);
        }
    }

    let mut args: Vec<LLVMValueRef> = (0..fixed).map(|i| ir::operand(call, i)).collect();
    args.push(buffer);
    let new_ty = lowered_type(m, fn_ty);
    unsafe {
        let new_call =
            LLVMBuildCall2(b.0, new_ty, ir::callee(call), args.as_mut_ptr(), args.len() as u32, ir::EMPTY.as_ptr());
        LLVMSetInstructionCallConv(new_call, LLVMGetInstructionCallConv(call));
        LLVMInstructionSetDebugLoc(new_call, LLVMInstructionGetDebugLoc(call));
        let mut indices = vec![LLVMAttributeFunctionIndex, LLVMAttributeReturnIndex];
        indices.extend(1..=fixed);
        for idx in indices {
            let n = LLVMGetCallSiteAttributeCount(call, idx);
            let mut attrs = vec![std::ptr::null_mut(); n as usize];
            LLVMGetCallSiteAttributes(call, idx, attrs.as_mut_ptr());
            for a in attrs {
                LLVMAddCallSiteAttribute(new_call, idx, a);
            }
        }
        ir::replace_all_uses(call, new_call);
    }
    ir::erase(call);
}

/// An `alloca` of `size` bytes at the top of `f`'s entry block.
fn entry_alloca(ctx: LLVMContextRef, f: LLVMValueRef, size: u64) -> LLVMValueRef {
    unsafe {
        let entry = LLVMGetEntryBasicBlock(f);
        let first = LLVMGetFirstInstruction(entry);
        let b = Builder::before(first);
        let ty = LLVMArrayType2(LLVMInt64TypeInContext(ctx), size / SLOT);
        let a = LLVMBuildAlloca(b.0, ty, c"va.buffer".as_ptr());
        LLVMSetAlignment(a, BUFFER_ALIGN as u32);
        a
    }
}

/// Replaces variadic `f` by a function with an explicit buffer parameter,
/// moving the body over and keeping every attribute and property.
fn lower_function(m: LLVMModuleRef, f: LLVMValueRef) {
    let fn_ty = unsafe { LLVMGlobalGetValueType(f) };
    let fixed = unsafe { LLVMCountParamTypes(fn_ty) };
    let name = ir::name(f);
    ir::set_name(f, &format!("{name}.variadic"));
    unsafe {
        let new = LLVMAddFunction(m, ir::cstring(&name).as_ptr(), lowered_type(m, fn_ty));
        LLVMSetLinkage(new, LLVMGetLinkage(f));
        LLVMSetVisibility(new, LLVMGetVisibility(f));
        LLVMSetFunctionCallConv(new, LLVMGetFunctionCallConv(f));
        LLVMSetUnnamedAddress(new, LLVMGetUnnamedAddress(f));
        LLVMSetAlignment(new, LLVMGetAlignment(f));
        let section = LLVMGetSection(f);
        if !section.is_null() {
            LLVMSetSection(new, section);
        }
        let mut indices = vec![LLVMAttributeFunctionIndex, LLVMAttributeReturnIndex];
        indices.extend(1..=fixed);
        for idx in indices {
            let n = LLVMGetAttributeCountAtIndex(f, idx);
            let mut attrs = vec![std::ptr::null_mut(); n as usize];
            LLVMGetAttributesAtIndex(f, idx, attrs.as_mut_ptr());
            for a in attrs {
                LLVMAddAttributeAtIndex(new, idx, a);
            }
        }
        let mut count = 0;
        let entries = LLVMGlobalCopyAllMetadata(f, &mut count);
        for i in 0..count as u32 {
            LLVMGlobalSetMetadata(
                new,
                LLVMValueMetadataEntriesGetKind(entries, i),
                LLVMValueMetadataEntriesGetMetadata(entries, i),
            );
        }
        if !entries.is_null() {
            LLVMDisposeValueMetadataEntries(entries);
        }

        if !ir::is_declaration(f) {
            for bb in ir::blocks(f) {
                LLVMRemoveBasicBlockFromParent(bb);
                LLVMAppendExistingBasicBlock(new, bb);
            }
            for i in 0..fixed {
                let (old_p, new_p) = (LLVMGetParam(f, i), LLVMGetParam(new, i));
                ir::set_name(new_p, &ir::name(old_p));
                ir::replace_all_uses(old_p, new_p);
            }
            let buffer = LLVMGetParam(new, fixed);
            ir::set_name(buffer, "va.buffer");
            for inst in ir::function_instructions(new) {
                if ir::is_call(inst) && ir::intrinsic_name(inst).is_some_and(|n| n.starts_with("llvm.va_start")) {
                    let b = Builder::before(inst);
                    LLVMBuildStore(b.0, buffer, ir::operand(inst, 0));
                    ir::erase(inst);
                }
            }
        }
        ir::replace_all_uses(f, new);
        LLVMDeleteFunction(f);
    }
}

fn lower_va_copy_and_end(m: LLVMModuleRef) {
    let ctx = ir::context_of(m);
    for f in ir::functions(m) {
        for inst in ir::function_instructions(f) {
            let Some(intrinsic) = (if ir::is_call(inst) { ir::intrinsic_name(inst) } else { None }) else {
                continue;
            };
            if intrinsic.starts_with("llvm.va_copy") {
                let b = Builder::before(inst);
                unsafe {
                    let ptr_ty = LLVMPointerTypeInContext(ctx, 0);
                    let src = LLVMBuildLoad2(b.0, ptr_ty, ir::operand(inst, 1), c"va.copy".as_ptr());
                    LLVMBuildStore(b.0, src, ir::operand(inst, 0));
                }
                ir::erase(inst);
            } else if intrinsic.starts_with("llvm.va_end") {
                ir::erase(inst);
            }
        }
    }
}
