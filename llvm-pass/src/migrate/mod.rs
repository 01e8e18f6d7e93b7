//! Migration instrumentation: makes every frame of a running program able
//! to save itself into a portable record and to rebuild itself from one, so
//! that the call stack can leave one ISA and continue on another.
//!
//! It runs once, on the optimised portable module (see pipeline.rs), so the
//! records, call-site ids and frame layouts are the same on every ISA by
//! construction. The design follows binaryen's Asyncify:
//! - **Which functions** (`analysis.rs`): those that can be on the stack
//!   when a migration happens: functions with a loop, recursive functions,
//!   and their callers (indirect calls pruned by function type). Leaf code
//!   without loops runs to completion and is left alone, as are the runtime
//!   (its files mark their functions) and every function code generation
//!   may call by name (memcpy, libm): the IR cannot see those calls.
//! - **Shadow stack** (`shadow_stack.rs`): their allocas move to a shadow
//!   stack at an address migcc fixes, so pointers to locals stay valid on
//!   every ISA.
//! - **Migration points**: loop headers and the entries of recursive
//!   functions test `__migcc_mode` and call `__migcc_point` when a
//!   migration is pending; tight counted loops test once per chunk of
//!   iterations (`strip_mine.rs`), so that they still vectorise.
//! - **Unwind** (`instrument.rs`): after every call that may unwind, a frame
//!   whose callee is unwinding pushes a record (function id, call-site id,
//!   shadow stack pointer, the SSA values live across the call) and returns.
//! - **Rewind**: on entry, a rewinding frame pops its record and goes back
//!   to the call site, through the headers of the loops around it (so every
//!   loop keeps a single entry and per-ISA loop optimisations still apply),
//!   restores the live values and calls again, until the innermost migration
//!   point returns normally.
//! - **setjmp** (`setjmp.rs`): on the way, a frame issues its setjmp calls
//!   again on the buffers they armed, which then hold this ISA's registers.

mod analysis;
pub(crate) use analysis::mark_library;
mod cfg;
pub mod frame_table;
mod holds;
mod instrument;
mod setjmp;
mod shadow_stack;
pub(crate) mod strip_mine;

use llvm_sys::core::*;
use llvm_sys::prelude::*;

use crate::{ir, Error};
use frame_table::FrameTable;

include!(concat!(env!("OUT_DIR"), "/migrate_abi.rs"));

/// The runtime's side of the contract (runtime-lib/migrate.c).
pub(crate) const MODE: &str = "__migcc_mode";
pub(crate) const RECORD_SP: &str = "__migcc_rec_sp";
pub(crate) const POINT: &str = "__migcc_point";
pub(crate) const MISMATCH: &str = "__migcc_rewind_mismatch";
pub(crate) const SHADOW_SP_SLOT: &str = "__migcc_ssp_slot";

/// The signal that asks a running program to migrate, and the exit status
/// of a program that wrote its checkpoint (runtime-lib/migrate_abi.h).
pub const MIGRATION_SIGNAL: i32 = SIGNAL as i32;
pub const MIGRATED_EXIT_STATUS: i32 = EXIT_MIGRATED as i32;

/// The variables of a process's native environment through which a
/// supervisor controls it (runtime-lib/migrate_abi.h; start.c removes them
/// from the program's environment).
pub mod control_env {
    /// Resume the checkpoint image at this path.
    pub const RESTORE: &str = super::ENV_RESTORE;
    /// Write a checkpoint into this directory when the stack has unwound.
    pub const CHECKPOINT_DIR: &str = super::ENV_CHECKPOINT_DIR;
    /// Checkpoint at the N-th migration point (counted from the start, or
    /// from the resume), as if a request had arrived just before it.
    pub const MIGRATE_AT: &str = super::ENV_MIGRATE_AT;
    /// `FILE`: count the migration points passed in FILE, a 64-bit
    /// little-endian number kept current (any ending leaves it right).
    pub const COUNT_POINTS: &str = super::ENV_COUNT_POINTS;
    /// `N` or `doubling`: unwind and rewind in place, on one ISA.
    pub const SELFTEST: &str = super::ENV_SELFTEST;
}

/// Symbols the instrumentation uses; the link must keep them.
pub const RUNTIME_SYMBOLS: &[&str] = &[
    MODE,
    RECORD_SP,
    POINT,
    MISMATCH,
    SHADOW_SP_SLOT,
    holds::HOLD,
    holds::RELEASE,
    setjmp::ARMED,
    setjmp::SAVE,
    setjmp::ROUTE,
    setjmp::REARM_BUF,
    setjmp::REARM_SAVEMASK,
];

/// What the instrumentation did, for `-v`.
#[derive(Debug, Default, Clone, Copy)]
pub struct Stats {
    pub functions: usize,
    pub call_sites: usize,
    pub migration_points: usize,
}

/// Module-level handles the per-function instrumentation uses.
pub(crate) struct Runtime {
    pub mode: LLVMValueRef,
    pub record_sp: LLVMValueRef,
    pub point: LLVMValueRef,
    pub point_ty: LLVMTypeRef,
    pub mismatch: LLVMValueRef,
    pub mismatch_ty: LLVMTypeRef,
    pub ssp_slot: LLVMValueRef,
    pub ssp_slot_ty: LLVMTypeRef,
    pub hold: (LLVMValueRef, LLVMTypeRef),
    pub release: (LLVMValueRef, LLVMTypeRef),
    pub setjmp: SetjmpRuntime,
}

/// The runtime's functions for armed jmp_bufs (setjmp.rs), each with its
/// type.
pub(crate) struct SetjmpRuntime {
    pub armed: (LLVMValueRef, LLVMTypeRef),
    pub save: (LLVMValueRef, LLVMTypeRef),
    pub route: (LLVMValueRef, LLVMTypeRef),
    pub rearm_buf: (LLVMValueRef, LLVMTypeRef),
    pub rearm_savemask: (LLVMValueRef, LLVMTypeRef),
}

impl Runtime {
    fn find(m: LLVMModuleRef) -> Result<Runtime, Error> {
        let function = |name: &str| {
            let f = unsafe { LLVMGetNamedFunction(m, ir::cstring(name).as_ptr()) };
            if f.is_null() || ir::is_declaration(f) {
                Err(Error::Undefined {
                    symbol: name.to_string(),
                    referenced_from: Some("migcc's instrumentation".into()),
                })
            } else {
                Ok((f, unsafe { LLVMGlobalGetValueType(f) }))
            }
        };
        let global = |name: &str| {
            let g = unsafe { LLVMGetNamedGlobal(m, ir::cstring(name).as_ptr()) };
            if g.is_null() {
                Err(Error::Undefined {
                    symbol: name.to_string(),
                    referenced_from: Some("migcc's instrumentation".into()),
                })
            } else {
                Ok(g)
            }
        };
        let (point, point_ty) = function(POINT)?;
        let (mismatch, mismatch_ty) = function(MISMATCH)?;
        let (ssp_slot, ssp_slot_ty) = function(SHADOW_SP_SLOT)?;
        let setjmp = SetjmpRuntime {
            armed: function(setjmp::ARMED)?,
            save: function(setjmp::SAVE)?,
            route: function(setjmp::ROUTE)?,
            rearm_buf: function(setjmp::REARM_BUF)?,
            rearm_savemask: function(setjmp::REARM_SAVEMASK)?,
        };
        Ok(Runtime {
            mode: global(MODE)?,
            record_sp: global(RECORD_SP)?,
            point,
            point_ty,
            mismatch,
            mismatch_ty,
            ssp_slot,
            ssp_slot_ty,
            hold: function(holds::HOLD)?,
            release: function(holds::RELEASE)?,
            setjmp,
        })
    }
}

/// Instruments the whole program.
pub(crate) fn instrument(m: LLVMModuleRef) -> Result<Stats, Error> {
    let runtime = Runtime::find(m)?;
    let plan = analysis::plan(m);
    for f in &plan.functions {
        drop_undefined_behaviour_attributes(f.function);
    }
    for &f in &plan.holders {
        holds::insert(m, &runtime, f);
    }
    let mut stats = Stats::default();
    let mut table = FrameTable::default();
    for (id, f) in plan.functions.iter().enumerate() {
        let frame = shadow_stack::lower(f.function, &runtime);
        let s = instrument::function(m, &runtime, &plan, f, id as u32, frame)?;
        stats.functions += 1;
        stats.call_sites += s.call_sites;
        stats.migration_points += s.migration_points;
        table.functions.push(frame_table::Function {
            name: ir::name(f.function),
            record_size: s.record_size,
            sites: s.positions,
        });
    }
    add_frame_table(m, &table);
    Ok(stats)
}

/// `__migcc_frame_table`: the table's bytes, a constant nothing refers to
/// (sections.rs places it in the aligned image; the linker script keeps
/// every placed section).
fn add_frame_table(m: LLVMModuleRef, table: &FrameTable) {
    let bytes = table.encode();
    unsafe {
        let init = LLVMConstStringInContext2(ir::context_of(m), bytes.as_ptr().cast(), bytes.len(), 1);
        let global = LLVMAddGlobal(m, LLVMTypeOf(init), ir::cstring(frame_table::SYMBOL).as_ptr());
        LLVMSetInitializer(global, init);
        LLVMSetGlobalConstant(global, 1);
        LLVMSetLinkage(global, llvm_sys::LLVMLinkage::LLVMInternalLinkage);
        LLVMSetAlignment(global, 8);
    }
}

/// While the stack unwinds, an instrumented function returns a poison value
/// (no caller uses it), and while it rewinds, it is called with poison
/// arguments (it restores its own values from its record). Attributes that
/// make either undefined behaviour (`noundef`, and `nonnull`, `align`,
/// `dereferenceable` with it) would let the optimiser delete those paths,
/// so they go, from the function and from every call of it.
const UB_ATTRIBUTES: &[&str] = &["noundef", "nonnull", "align", "dereferenceable", "dereferenceable_or_null"];

/// And a function that never returns normally still returns while the
/// stack unwinds through it (`exit` running atexit handlers). Its memory
/// effects, inferred before instrumentation, no longer hold either: it now
/// reads and writes the mode, the records and the shadow stack, stores its
/// pointer arguments in a record, and may not return at all (the runtime
/// exits at a migration point). A stale `memory(none)` lets code generation
/// move the caller's unwinding test above the call.
const FUNCTION_EFFECT_ATTRIBUTES: &[&str] = &["noreturn", "memory", "willreturn", "nosync", "nofree", "speculatable"];
const PARAMETER_EFFECT_ATTRIBUTES: &[&str] = &["captures", "readnone"];

fn drop_undefined_behaviour_attributes(f: LLVMValueRef) {
    for kind in FUNCTION_EFFECT_ATTRIBUTES.iter().map(|k| ir::enum_attribute_kind(k)) {
        unsafe { LLVMRemoveEnumAttributeAtIndex(f, llvm_sys::LLVMAttributeFunctionIndex, kind) };
    }
    let positions = std::iter::once(llvm_sys::LLVMAttributeReturnIndex).chain(1..=unsafe { LLVMCountParams(f) });
    for position in positions {
        for kind in UB_ATTRIBUTES.iter().chain(PARAMETER_EFFECT_ATTRIBUTES).map(|k| ir::enum_attribute_kind(k)) {
            unsafe { LLVMRemoveEnumAttributeAtIndex(f, position, kind) };
        }
    }
    for call in ir::users(f).into_iter().filter(|&u| ir::is_call(u) && ir::callee(u) == f) {
        drop_undefined_behaviour_attributes_at(call);
    }
}

/// The same, at one call (also indirect calls that may reach instrumented
/// functions).
pub(crate) fn drop_undefined_behaviour_attributes_at(call: LLVMValueRef) {
    for kind in FUNCTION_EFFECT_ATTRIBUTES.iter().map(|k| ir::enum_attribute_kind(k)) {
        unsafe { LLVMRemoveCallSiteEnumAttribute(call, llvm_sys::LLVMAttributeFunctionIndex, kind) };
    }
    let positions = std::iter::once(llvm_sys::LLVMAttributeReturnIndex).chain(1..=ir::arg_count(call));
    for position in positions {
        for kind in UB_ATTRIBUTES.iter().chain(PARAMETER_EFFECT_ATTRIBUTES).map(|k| ir::enum_attribute_kind(k)) {
            unsafe { LLVMRemoveCallSiteEnumAttribute(call, position, kind) };
        }
    }
}
