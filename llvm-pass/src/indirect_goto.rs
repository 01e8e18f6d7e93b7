//! GNU C computed goto (`&&label`, `goto *p`) in a portable form.
//!
//! clang turns a label value into `blockaddress(@f, %bb)` and `goto *p` into
//! `indirectbr`. A block address is a native code address: it differs per
//! ISA, so a label value kept in memory (an interpreter's dispatch table or
//! threaded code, a saved resume point) would send a migrated program into
//! the wrong code, and label values in static data would make that data
//! differ per ISA, which the aligning linker cannot allow.
//!
//! This pass rewrites both into ordinary integer control flow:
//! * every block whose address is taken gets an id, 1..n in block order per
//!   function (never 0, so `&&l != NULL`);
//! * every use of `blockaddress(@f, %bb)`, in instructions and in global
//!   initialisers, constant expressions included (`&&a - &&b` in an offset
//!   table), becomes `inttoptr (i64 id)`; label arithmetic therefore still
//!   works: `&&base + (&&x - &&base)` is x's id;
//! * every `indirectbr %p, [dests]` becomes `switch (ptrtoint %p)` over the
//!   destinations' ids, with an `unreachable` default (jumping to any other
//!   value is undefined in GNU C too). Phi nodes in the destinations keep one
//!   entry per remaining edge.
//!
//! It runs on each object's unoptimised IR, right after the portability
//! check (`link::parse_object`), so optimisation only ever sees the switch:
//! each ISA's code generator then builds its own jump table in the per-ISA
//! zone, and functions with label values can now be inlined (LLVM refuses
//! to inline a `blockaddress`). An id means "this label of this function or
//! of one of its inlined copies": label values of different functions may be
//! equal, which GNU C allows (jumping into another function is undefined).

use std::collections::BTreeMap;

use llvm_sys::core::*;
use llvm_sys::debuginfo::LLVMInstructionGetDebugLoc;
use llvm_sys::prelude::*;
use llvm_sys::LLVMOpcode;

use crate::{ir, Error};

/// Lowers every function of `m`. Returns whether anything changed; a second
/// run finds nothing to do. The replaced `blockaddress` constants stay in
/// LLVM's context without uses (and keep their blocks marked address-taken)
/// until the module is re-read, which the caller does when this returns true.
pub(crate) fn lower(m: LLVMModuleRef) -> Result<bool, Error> {
    let mut changed = false;
    for f in ir::functions(m) {
        if !ir::is_declaration(f) {
            changed |= lower_function(f);
        }
    }
    if let Some(f) = ir::functions(m).into_iter().find(|&f| !label_values(f).is_empty() || has_indirect_branch(f)) {
        return Err(Error::Llvm {
            what: "lower computed goto".into(),
            detail: format!("a label address or indirect branch remains in `{}`", ir::name(f)),
        });
    }
    Ok(changed)
}

/// The `blockaddress` constants of `f`'s blocks (their one operand is the
/// block, so they are the block's users, not the function's; LLVM keeps
/// one per block, so none repeats).
fn block_addresses(f: LLVMValueRef) -> Vec<LLVMValueRef> {
    ir::blocks(f)
        .into_iter()
        .flat_map(|bb| ir::users(unsafe { LLVMBasicBlockAsValue(bb) }))
        .filter(|&u| !unsafe { LLVMIsABlockAddress(u) }.is_null())
        .collect()
}

/// The `blockaddress` constants of `f` that are still used.
fn label_values(f: LLVMValueRef) -> Vec<LLVMValueRef> {
    block_addresses(f).into_iter().filter(|&ba| !ir::users(ba).is_empty()).collect()
}

fn has_indirect_branch(f: LLVMValueRef) -> bool {
    ir::blocks(f).into_iter().any(|bb| terminator(bb).is_some_and(|t| ir::opcode(t) == LLVMOpcode::LLVMIndirectBr))
}

fn terminator(bb: LLVMBasicBlockRef) -> Option<LLVMValueRef> {
    let t = unsafe { LLVMGetBasicBlockTerminator(bb) };
    (!t.is_null()).then_some(t)
}

fn lower_function(f: LLVMValueRef) -> bool {
    let ctx = unsafe { LLVMGetTypeContext(ir::type_of(f)) };
    let i64_ty = unsafe { LLVMInt64TypeInContext(ctx) };

    // Ids in block order, for every block LLVM considers address-taken.
    let taken: Vec<LLVMBasicBlockRef> =
        block_addresses(f).into_iter().map(|ba| unsafe { LLVMGetBlockAddressBasicBlock(ba) }).collect();
    let ids: BTreeMap<LLVMBasicBlockRef, u64> =
        ir::blocks(f).into_iter().filter(|bb| taken.contains(bb)).zip(1..).collect();

    let mut changed = false;
    for ba in label_values(f) {
        let id = ids[&unsafe { LLVMGetBlockAddressBasicBlock(ba) }];
        let portable = unsafe { LLVMConstIntToPtr(LLVMConstInt(i64_ty, id, 0), ir::type_of(ba)) };
        ir::replace_all_uses(ba, portable);
        changed = true;
    }

    let branches: Vec<LLVMValueRef> = ir::blocks(f)
        .into_iter()
        .filter_map(terminator)
        .filter(|&t| ir::opcode(t) == LLVMOpcode::LLVMIndirectBr)
        .collect();
    let mut unreachable = None;
    for branch in branches {
        let default = *unreachable.get_or_insert_with(|| unreachable_block(ctx, f));
        to_switch(branch, &ids, default, i64_ty);
        changed = true;
    }
    changed
}

/// The shared default of the function's switches.
fn unreachable_block(ctx: LLVMContextRef, f: LLVMValueRef) -> LLVMBasicBlockRef {
    unsafe {
        let bb = LLVMAppendBasicBlockInContext(ctx, f, c"goto.unreachable".as_ptr());
        let b = LLVMCreateBuilderInContext(ctx);
        LLVMPositionBuilderAtEnd(b, bb);
        LLVMBuildUnreachable(b);
        LLVMDisposeBuilder(b);
        bb
    }
}

/// `indirectbr %p, [dests]` → `switch (ptrtoint %p)`, one case per distinct
/// address-taken destination.
fn to_switch(
    branch: LLVMValueRef,
    ids: &BTreeMap<LLVMBasicBlockRef, u64>,
    default: LLVMBasicBlockRef,
    i64_ty: LLVMTypeRef,
) {
    let from = unsafe { LLVMGetInstructionParent(branch) };
    let mut dests: Vec<LLVMBasicBlockRef> = Vec::new();
    for i in 0..unsafe { LLVMGetNumSuccessors(branch) } {
        let dest = unsafe { LLVMGetSuccessor(branch, i) };
        if !dests.contains(&dest) {
            dests.push(dest);
        }
    }
    let cases: Vec<(LLVMBasicBlockRef, u64)> = dests.iter().filter_map(|d| ids.get(d).map(|&id| (*d, id))).collect();
    let b = ir::Builder::before(branch);
    unsafe {
        LLVMSetCurrentDebugLocation2(b.0, LLVMInstructionGetDebugLoc(branch));
        let target = LLVMBuildPtrToInt(b.0, ir::operand(branch, 0), i64_ty, c"goto.id".as_ptr());
        let switch = LLVMBuildSwitch(b.0, target, default, cases.len() as u32);
        for &(dest, id) in &cases {
            LLVMAddCase(switch, LLVMConstInt(i64_ty, id, 0), dest);
        }
    }
    ir::erase(branch);
    for dest in dests {
        let edges = u32::from(ids.contains_key(&dest));
        for phi in ir::instructions(dest).into_iter().take_while(|&i| ir::opcode(i) == LLVMOpcode::LLVMPHI) {
            keep_incoming(phi, from, edges);
        }
    }
}

/// Rebuilds `phi` with exactly `edges` entries for `from` (the indirectbr
/// had one per listed destination, duplicates included; the switch has at
/// most one), leaving the other entries as they are.
fn keep_incoming(phi: LLVMValueRef, from: LLVMBasicBlockRef, edges: u32) {
    let incoming: Vec<(LLVMValueRef, LLVMBasicBlockRef)> = (0..unsafe { LLVMCountIncoming(phi) })
        .map(|i| unsafe { (LLVMGetIncomingValue(phi, i), LLVMGetIncomingBlock(phi, i)) })
        .collect();
    let Some(&(value, _)) = incoming.iter().find(|(_, bb)| *bb == from) else {
        return;
    };
    if incoming.iter().filter(|(_, bb)| *bb == from).count() == edges as usize {
        return;
    }
    let (mut values, mut blocks): (Vec<_>, Vec<_>) = incoming.into_iter().filter(|(_, bb)| *bb != from).unzip();
    values.extend(std::iter::repeat_n(value, edges as usize));
    blocks.extend(std::iter::repeat_n(from, edges as usize));
    if values.is_empty() {
        // The block is no longer reachable at all: a phi needs an entry.
        ir::replace_all_uses(phi, unsafe { LLVMGetPoison(ir::type_of(phi)) });
        ir::erase(phi);
        return;
    }
    let name = ir::name(phi);
    ir::set_name(phi, "");
    let b = ir::Builder::before(phi);
    let rebuilt = unsafe { LLVMBuildPhi(b.0, ir::type_of(phi), ir::cstring(&name).as_ptr()) };
    unsafe { LLVMAddIncoming(rebuilt, values.as_mut_ptr(), blocks.as_mut_ptr(), values.len() as u32) };
    ir::replace_all_uses(phi, rebuilt);
    ir::erase(phi);
}
