//! Moves a function's stack memory (allocas) to the shadow stack.
//!
//! The native stack does not migrate, so a pointer to a local would mean
//! nothing on another ISA. The shadow stack lives in memory that migrates,
//! at an address migcc fixes, and grows down from the slot that
//! `__migcc_ssp_slot()` returns (the runtime's per-thread shadow stack
//! pointer). A function with allocas:
//! - on entry, reads the pointer, carves its frame below it (all constant-size
//!   allocas, each at a fixed offset) and moves the pointer down;
//! - for each dynamic alloca (VLAs, `alloca()`), moves the pointer down
//!   further; `llvm.stacksave`/`llvm.stackrestore` read and write it;
//! - before each return, puts the pointer back where it was on entry.
//!
//! Instrumentation records the function's own pointer at each call site;
//! it keeps it in an SSA value (from [`Frame::sets`]) rather than reading
//! the slot before every call, which would cost the hot path a load and
//! the thread test of `__migcc_ssp_slot()`.

use llvm_sys::core::*;
use llvm_sys::prelude::*;
use llvm_sys::LLVMOpcode;

use super::Runtime;
use crate::ir::{self, Builder};

/// Frames and dynamic allocations are aligned to this at least.
const MIN_ALIGN: u64 = 16;

/// A function's shadow frame, once lowered.
pub(crate) struct Frame {
    /// Where the function's own shadow stack pointer takes a new value:
    /// (the instruction after which, the value). Between them, and at every
    /// call, the pointer is the last value set (callees put it back).
    pub sets: Vec<(LLVMValueRef, LLVMValueRef)>,
    /// The constant-size locals' addresses (`getelementptr i8, frame, C`),
    /// when nothing but the prologue moves the pointer (no dynamic
    /// allocas, no stack restores): then each is the pointer a record holds
    /// plus a constant, and need not be saved itself.
    pub locals: Vec<LLVMValueRef>,
}

/// Lowers `f`'s allocas; returns its shadow frame, if it has one.
pub(crate) fn lower(f: LLVMValueRef, rt: &Runtime) -> Option<Frame> {
    let allocas: Vec<LLVMValueRef> =
        ir::function_instructions(f).into_iter().filter(|&i| ir::opcode(i) == LLVMOpcode::LLVMAlloca).collect();
    if allocas.is_empty() {
        return None;
    }
    let m = unsafe { LLVMGetGlobalParent(f) };
    let td = ir::target_data(m);
    let ctx = ir::context_of(m);
    let i8t = unsafe { LLVMInt8TypeInContext(ctx) };
    let i64t = unsafe { LLVMInt64TypeInContext(ctx) };
    let ptr = unsafe { LLVMPointerTypeInContext(ctx, 0) };
    let entry = unsafe { LLVMGetEntryBasicBlock(f) };

    // Constant-size allocas of the entry block share one frame.
    let (fixed, dynamic): (Vec<_>, Vec<_>) = allocas.into_iter().partition(|&a| {
        let in_entry = unsafe { LLVMGetInstructionParent(a) } == entry;
        in_entry && !unsafe { LLVMIsAConstantInt(ir::operand(a, 0)) }.is_null()
    });
    let mut offset = 0u64;
    let mut align = MIN_ALIGN;
    let mut placed = Vec::new();
    for &a in &fixed {
        let ty = unsafe { LLVMGetAllocatedType(a) };
        let count = unsafe { LLVMConstIntGetZExtValue(ir::operand(a, 0)) };
        let a_align = (unsafe { LLVMGetAlignment(a) } as u64).max(1);
        offset = offset.div_ceil(a_align) * a_align;
        placed.push((a, offset));
        offset += ir::abi_size(td, ty) * count;
        align = align.max(a_align);
    }
    let frame_size = offset.div_ceil(MIN_ALIGN) * MIN_ALIGN;

    // Prologue, before the first instruction that is not one of the frame's
    // allocas (they are about to go).
    let first = ir::instructions(entry).into_iter().find(|i| !fixed.contains(i)).expect("entry has a terminator");
    let b = Builder::before(first);
    let slot = call_slot(&b, rt);
    let saved = unsafe { LLVMBuildLoad2(b.0, ptr, slot, c"migcc.ssp.entry".as_ptr()) };
    let mut sets = vec![(saved, saved)];
    // Zero-sized locals (Rust's `[0 x i8]`) take a frame of no bytes: they
    // are placed too, at the entry pointer, and no alloca is left behind.
    let frame = if frame_size > 0 {
        let frame = below(&b, m, saved, frame_size, align);
        sets.push((unsafe { LLVMBuildStore(b.0, frame, slot) }, frame));
        frame
    } else {
        saved
    };
    let prologue_sets = sets.len();
    // Build every pointer before replacing anything: replacing erases
    // lifetime markers, one of which may be where the builder stands.
    let pointers: Vec<_> = placed
        .into_iter()
        .map(|(a, off)| {
            let mut idx = [unsafe { LLVMConstInt(i64t, off, 0) }];
            let name = ir::cstring(&ir::name(a));
            (a, unsafe { LLVMBuildGEP2(b.0, i8t, frame, idx.as_mut_ptr(), 1, name.as_ptr()) })
        })
        .collect();
    drop(b);
    let mut locals = Vec::new();
    for (a, p) in pointers {
        replace_alloca(a, p);
        locals.push(p);
    }

    for a in dynamic {
        let b = Builder::before(a);
        let ty = unsafe { LLVMGetAllocatedType(a) };
        let count = unsafe { LLVMBuildZExtOrBitCast(b.0, ir::operand(a, 0), i64t, ir::EMPTY.as_ptr()) };
        let elem = unsafe { LLVMConstInt(i64t, ir::abi_size(td, ty), 0) };
        let bytes = unsafe { LLVMBuildMul(b.0, count, elem, ir::EMPTY.as_ptr()) };
        let slot = call_slot(&b, rt);
        let cur = unsafe { LLVMBuildLoad2(b.0, ptr, slot, ir::EMPTY.as_ptr()) };
        let p = below_dynamic(&b, m, cur, bytes, (unsafe { LLVMGetAlignment(a) } as u64).max(MIN_ALIGN));
        sets.push((unsafe { LLVMBuildStore(b.0, p, slot) }, p));
        replace_alloca(a, p);
    }

    for inst in ir::function_instructions(f) {
        let intrinsic = if ir::is_call(inst) { ir::intrinsic_name(inst) } else { None };
        match intrinsic.as_deref() {
            Some(n) if n.starts_with("llvm.stacksave") => {
                let b = Builder::before(inst);
                let slot = call_slot(&b, rt);
                let cur = unsafe { LLVMBuildLoad2(b.0, ptr, slot, ir::EMPTY.as_ptr()) };
                ir::replace_all_uses(inst, cur);
                ir::erase(inst);
            }
            Some(n) if n.starts_with("llvm.stackrestore") => {
                let b = Builder::before(inst);
                let slot = call_slot(&b, rt);
                let restored = ir::operand(inst, 0);
                sets.push((unsafe { LLVMBuildStore(b.0, restored, slot) }, restored));
                ir::erase(inst);
            }
            _ if ir::opcode(inst) == LLVMOpcode::LLVMRet => {
                let b = Builder::before(inst);
                let slot = call_slot(&b, rt);
                unsafe { LLVMBuildStore(b.0, saved, slot) };
            }
            _ => {}
        }
    }
    // Any set after the prologue's moves the pointer off `frame`.
    if sets.len() > prologue_sets {
        locals.clear();
    }
    Some(Frame { sets, locals })
}

/// A call of `__migcc_ssp_slot()`: where the shadow stack pointer is kept.
pub(crate) fn call_slot(b: &Builder, rt: &Runtime) -> LLVMValueRef {
    unsafe { LLVMBuildCall2(b.0, rt.ssp_slot_ty, rt.ssp_slot, std::ptr::null_mut(), 0, c"migcc.ssp.slot".as_ptr()) }
}

/// `p - size`, rounded down to `align`, keeping `p`'s provenance.
fn below(b: &Builder, m: LLVMModuleRef, p: LLVMValueRef, size: u64, align: u64) -> LLVMValueRef {
    let i64t = unsafe { LLVMInt64TypeInContext(ir::context_of(m)) };
    below_dynamic(b, m, p, unsafe { LLVMConstInt(i64t, size, 0) }, align)
}

fn below_dynamic(b: &Builder, m: LLVMModuleRef, p: LLVMValueRef, size: LLVMValueRef, align: u64) -> LLVMValueRef {
    let ctx = ir::context_of(m);
    unsafe {
        let i8t = LLVMInt8TypeInContext(ctx);
        let i64t = LLVMInt64TypeInContext(ctx);
        let ptr = LLVMPointerTypeInContext(ctx, 0);
        let mut idx = [LLVMBuildNeg(b.0, size, ir::EMPTY.as_ptr())];
        let lowered = LLVMBuildGEP2(b.0, i8t, p, idx.as_mut_ptr(), 1, ir::EMPTY.as_ptr());
        let (mask_fn, mask_ty) = ir::intrinsic(m, "llvm.ptrmask", &[ptr, i64t]);
        let mut args = [lowered, LLVMConstInt(i64t, !(align - 1), 0)];
        LLVMBuildCall2(b.0, mask_ty, mask_fn, args.as_mut_ptr(), 2, c"migcc.shadow".as_ptr())
    }
}

/// Replaces an alloca by a shadow-stack pointer; lifetime markers, which
/// only apply to allocas, go.
fn replace_alloca(a: LLVMValueRef, p: LLVMValueRef) {
    let mut users = ir::users(a);
    users.dedup();
    for user in users {
        if ir::is_call(user) && ir::intrinsic_name(user).is_some_and(|n| n.starts_with("llvm.lifetime.")) {
            ir::erase(user);
        }
    }
    ir::replace_all_uses(a, p);
    ir::erase(a);
}
