//! Unwind and rewind code for one function (see mod.rs for the design).
//!
//! Shape of an instrumented function:
//! ```text
//! entry:    slots; mode = load volatile __migcc_mode; mode != 0 ? slow : body
//! slow:     mode & REWINDING ? dispatch : (entry point ? point : body)
//! dispatch: pop the record, check the function id, restore the shadow
//!           stack pointer, switch on the call site: the outermost loop
//!           header around it, or the reload block of the sites outside
//!           loops
//! header H: phis; mode != 0 ? slow_H : rest       (every loop header)
//! slow_H:   mode & REWINDING ? route_H : point_H
//! route_H:  switch on the call site: the next inner header, or the
//!           reload block of the sites whose innermost loop this is
//! reload:   reload the values live at any of those sites; switch to it
//! site:     call; mode & UNWINDING ? unwind : continue
//! unwind:   the site's id and the values live after the call into the
//!           record; on to push
//! push:     the function id; push the record; return
//! ```
//! Values live across a call site are first demoted to stack slots, so
//! that the restore path can reassign them; SROA promotes the slots back
//! to SSA afterwards (pipeline.rs), merging both paths with phis.

use std::collections::HashMap;

use llvm_sys::core::*;
use llvm_sys::debuginfo::*;
use llvm_sys::prelude::*;
use llvm_sys::{LLVMIntPredicate, LLVMTypeKind};

use super::analysis::{Plan, Planned};
use super::cfg::{self, Cfg};
use super::frame_table::Position;
use super::{setjmp, shadow_stack, strip_mine};
use super::{Runtime, MODE_REWINDING, MODE_UNWINDING, RECORD_FUNCTION, RECORD_HEADER, RECORD_SHADOW_SP, RECORD_SITE};
use crate::ir::{self, Builder};
use crate::Error;

#[derive(Default)]
pub(crate) struct FnStats {
    pub call_sites: usize,
    pub migration_points: usize,
    /// The size of every record of this function.
    pub record_size: u64,
    /// Each call site's source position, by site id (-g only).
    pub positions: Vec<Option<Position>>,
}

struct Site {
    call: LLVMValueRef,
    block: LLVMBasicBlockRef,
    cont: LLVMBasicBlockRef,
    unwind: LLVMBasicBlockRef,
    /// Values live across the call, with their record offsets.
    live: Vec<(LLVMValueRef, u64)>,
    /// Values live across the call that the rewind computes again
    /// instead (`Rematerialized`).
    recomputed: Vec<LLVMValueRef>,
}

struct Types {
    i8: LLVMTypeRef,
    i32: LLVMTypeRef,
    i64: LLVMTypeRef,
    ptr: LLVMTypeRef,
}

pub(crate) fn function(
    m: LLVMModuleRef,
    rt: &Runtime,
    plan: &Plan,
    planned: &Planned,
    id: u32,
    frame: Option<shadow_stack::Frame>,
) -> Result<FnStats, Error> {
    let f = planned.function;
    let ctx = ir::context_of(m);
    let t = unsafe {
        Types {
            i8: LLVMInt8TypeInContext(ctx),
            i32: LLVMInt32TypeInContext(ctx),
            i64: LLVMInt64TypeInContext(ctx),
            ptr: LLVMPointerTypeInContext(ctx, 0),
        }
    };
    let original_calls: Vec<LLVMValueRef> = ir::function_instructions(f)
        .into_iter()
        .filter(|&i| ir::is_call(i) && ir::intrinsic_name(i).is_none() && plan.may_unwind(i))
        .collect();
    let mut stats = FnStats::default();
    // Positions by site id: the calls', then the migration points'.
    let mut positions: Vec<Option<Position>> = original_calls.iter().map(|&c| position_of(c)).collect();

    // The entry test, before anything else runs.
    let body = unsafe { LLVMGetEntryBasicBlock(f) };
    let entry = unsafe { LLVMInsertBasicBlockInContext(ctx, body, c"migcc.entry".as_ptr()) };
    let recomputed = Rematerialized::of(frame.as_ref().map_or(&[][..], |frame| &frame.locals));
    // The function's own shadow stack pointer, for its records: a stack
    // slot, set wherever the pointer changes, that SROA makes SSA again.
    let own_ssp = frame.map(|frame| {
        let slot = unsafe { LLVMBuildAlloca(Builder::at_end(entry).0, t.ptr, c"migcc.ssp.own".as_ptr()) };
        for (after, value) in frame.sets {
            let b = Builder::before(unsafe { LLVMGetNextInstruction(after) });
            unsafe { LLVMBuildStore(b.0, value, slot) };
        }
        slot
    });
    let b = Builder::at_end(entry);
    let mode = load_mode(&b, rt, &t);
    let slow = append(f, "migcc.slow");
    let dispatch = append(f, "migcc.dispatch");
    branch_if_nonzero(&b, mode, slow, body);
    let b = Builder::at_end(slow);
    let rewinding = mode_bit(&b, mode, MODE_REWINDING, &t);
    let mut point_calls = Vec::new();
    if planned.entry_point {
        let point = append(f, "migcc.point");
        unsafe { LLVMBuildCondBr(b.0, rewinding, dispatch, point) };
        if let Some(own) = own_ssp {
            // Before the prologue, the pointer is still the caller's.
            let b = Builder::at_end(point);
            let caller_ssp = unsafe { LLVMBuildLoad2(b.0, t.ptr, shadow_stack::call_slot(&b, rt), ir::EMPTY.as_ptr()) };
            unsafe { LLVMBuildStore(b.0, caller_ssp, own) };
        }
        point_calls.push(point_call(point, body, rt));
        positions.push(function_position(f));
    } else {
        unsafe { LLVMBuildCondBr(b.0, rewinding, dispatch, body) };
    }

    // Every loop header (and every other cycle entry) is a migration point,
    // but for the inner loops of strip-mined ones; natural loop headers
    // also route rewinding inwards.
    let chunked = if planned.loop_points { strip_mine::strip_mine(f, plan) } else { Default::default() };
    let (loops, other_cycles) = Cfg::of(f).loops();
    let mut routes: HashMap<LLVMBasicBlockRef, LLVMBasicBlockRef> = HashMap::new();
    let cfg0 = Cfg::of(f);
    let headers: Vec<(LLVMBasicBlockRef, bool)> = loops
        .iter()
        .map(|l| (cfg0.blocks[l.header], true))
        .filter(|(header, _)| !chunked.contains(header))
        .chain(other_cycles.iter().map(|&h| (cfg0.blocks[h], false)))
        .filter(|_| planned.loop_points)
        .collect();
    for (header, natural) in headers {
        let first = ir::instructions(header).into_iter().find(|&i| !cfg::is_phi(i)).expect("terminator");
        positions.push(position_of(first));
        let rest = ir::split_before(first, "migcc.loop");
        unsafe { LLVMInstructionEraseFromParent(ir::terminator(header)) };
        let b = Builder::at_end(header);
        let mode = load_mode(&b, rt, &t);
        let slow = append(f, "migcc.loop.slow");
        branch_if_nonzero(&b, mode, slow, rest);
        let point = append(f, "migcc.loop.point");
        let b = Builder::at_end(slow);
        if natural {
            let route = append(f, "migcc.route");
            let rewinding = mode_bit(&b, mode, MODE_REWINDING, &t);
            unsafe { LLVMBuildCondBr(b.0, rewinding, route, point) };
            routes.insert(header, route);
        } else {
            unsafe { LLVMBuildBr(b.0, point) };
        }
        point_calls.push(point_call(point, rest, rt));
    }
    stats.migration_points = point_calls.len();

    let mut sites: Vec<Site> =
        original_calls.into_iter().chain(point_calls).map(|call| make_site(f, call, rt, &t)).collect();
    stats.call_sites = sites.len();

    // setjmp calls: sites a rewind passes through to arm them again; their
    // ids follow the others'. Rewinding routes start at `head`.
    let setjmp_calls = setjmp::calls(f);
    let head = if setjmp_calls.is_empty() { None } else { Some(append(f, "migcc.rearm")) };
    let mut jumps: Vec<SetjmpSite> = setjmp_calls
        .into_iter()
        .enumerate()
        .map(|(k, call)| {
            positions.push(position_of(call.call));
            let site = (sites.len() + k) as u32;
            make_setjmp_site(m, call, rt, &t, own_ssp, (id, site), head.expect("setjmp calls"))
        })
        .collect();
    // Their restore paths' arguments, once no block is split any more.
    for jump in &mut jumps {
        jump.take_arguments_on_restore(f, rt);
    }

    // Liveness on the function as it now is (no restore edges yet).
    let cfg = Cfg::of(f);
    let live_in = cfg::live_in(&cfg);
    let td = ir::target_data(m);
    // One record layout per function: every value live across any site has
    // its own offset. A site's unwind block saves the values live across
    // it; the rewind reloads those of a group of sites at once (those not
    // live at the site are never used). The values live after a setjmp
    // call come back for the rewind that arms it again (setjmp.rs).
    let mut layout = RecordLayout::default();
    let mut after_setjmp: Vec<LLVMValueRef> = Vec::new();
    for jump in &jumps {
        for &v in &live_in[cfg.index[&jump.cont]] {
            if v != jump.call && !after_setjmp.contains(&v) {
                if !recomputed.contains(v) {
                    layout.place(v, f, td)?;
                }
                after_setjmp.push(v);
            }
        }
    }
    for site in &mut sites {
        let mut live: Vec<LLVMValueRef> =
            live_in[cfg.index[&site.cont]].iter().copied().filter(|&v| v != site.call).collect();
        // Issuing the call again needs the callee, and the memory behind
        // byval arguments (the caller copies it at the call).
        let callee = ir::callee(site.call);
        let byval = ir::enum_attribute_kind("byval");
        let byval_args = (0..ir::arg_count(site.call))
            .filter(|&i| !unsafe { LLVMGetCallSiteEnumAttribute(site.call, i + 1, byval) }.is_null())
            .map(|i| ir::operand(site.call, i));
        // And the values a setjmp call's re-arming reloads, whichever site
        // the frame unwinds from.
        for v in std::iter::once(callee).chain(byval_args).chain(after_setjmp.iter().copied()) {
            if cfg::is_tracked(v) && !live.contains(&v) {
                live.push(v);
            }
        }
        for v in live {
            if recomputed.contains(v) {
                site.recomputed.push(v);
            } else {
                site.live.push((v, layout.place(v, f, td)?));
            }
        }
    }
    let record_size = layout.end.max(RECORD_HEADER).div_ceil(16) * 16;
    stats.record_size = record_size;
    stats.positions = positions;
    let mut restored: Vec<LLVMValueRef> = layout.values.clone();
    for &v in sites.iter().flat_map(|s| &s.recomputed).chain(&after_setjmp) {
        if !restored.contains(&v) {
            restored.push(v);
        }
    }
    let slots: HashMap<LLVMValueRef, LLVMValueRef> = restored.iter().map(|&v| (v, demote_to_slot(entry, v))).collect();

    // Unwind: each site fills in what is its own (its id, the shadow stack
    // pointer, its live values) and goes on to one block that pushes the
    // record and returns.
    let push = append(f, "migcc.unwind.push");
    for (index, site) in sites.iter().enumerate() {
        let b = Builder::at_end(site.unwind);
        let base = unsafe { LLVMBuildLoad2(b.0, t.ptr, rt.record_sp, c"migcc.rec".as_ptr()) };
        store_at(&b, &t, base, RECORD_SITE, const_i32(&t, index as u64));
        let ssp = match own_ssp {
            Some(slot) => unsafe { LLVMBuildLoad2(b.0, t.ptr, slot, c"migcc.ssp".as_ptr()) },
            None => unsafe { LLVMConstNull(t.ptr) },
        };
        store_at(&b, &t, base, RECORD_SHADOW_SP, ssp);
        for &(v, off) in &site.live {
            let value = unsafe { LLVMBuildLoad2(b.0, LLVMTypeOf(v), slots[&v], ir::EMPTY.as_ptr()) };
            store_at(&b, &t, base, off, value);
        }
        unsafe { LLVMBuildBr(b.0, push) };
    }
    {
        let b = Builder::at_end(push);
        let base = unsafe { LLVMBuildLoad2(b.0, t.ptr, rt.record_sp, c"migcc.rec".as_ptr()) };
        store_at(&b, &t, base, RECORD_FUNCTION, const_i32(&t, id as u64));
        let top = gep(&b, &t, base, record_size as i64);
        unsafe { LLVMBuildStore(b.0, top, rt.record_sp) };
        if head.is_some() {
            // The jmp_bufs this activation armed go with its record.
            let mut args = [setjmp::frame_address(m, &b), const_i32(&t, id as u64), base];
            let (save, save_ty) = rt.setjmp.save;
            unsafe { LLVMBuildCall2(b.0, save_ty, save, args.as_mut_ptr(), 3, ir::EMPTY.as_ptr()) };
        }
        build_return(&b, f);
    }

    // Rewind: pop the record, then route to each site through its loops.
    let loops = cfg.loops().0;
    // The headers (with a route) of the loops around a block, outermost first.
    let chain = |block: LLVMBasicBlockRef| -> Vec<LLVMBasicBlockRef> {
        let i = cfg.index[&block];
        loops.iter().filter(|l| l.body[i]).map(|l| cfg.blocks[l.header]).filter(|h| routes.contains_key(h)).collect()
    };
    let b = Builder::at_end(dispatch);
    let rsp = unsafe { LLVMBuildLoad2(b.0, t.ptr, rt.record_sp, ir::EMPTY.as_ptr()) };
    let base = gep(&b, &t, rsp, -(record_size as i64));
    unsafe { LLVMBuildStore(b.0, base, rt.record_sp) };
    let found = load_at(&b, &t, base, RECORD_FUNCTION, t.i32);
    let ok = append(f, "migcc.dispatch.ok");
    let mismatch = append(f, "migcc.mismatch");
    unsafe {
        let same = LLVMBuildICmp(b.0, LLVMIntPredicate::LLVMIntEQ, found, const_i32(&t, id as u64), ir::EMPTY.as_ptr());
        LLVMBuildCondBr(b.0, same, ok, mismatch);
        let bm = Builder::at_end(mismatch);
        let mut args = [const_i32(&t, id as u64), found];
        LLVMBuildCall2(bm.0, rt.mismatch_ty, rt.mismatch, args.as_mut_ptr(), 2, ir::EMPTY.as_ptr());
        LLVMBuildUnreachable(bm.0);
    }
    let b = Builder::at_end(ok);
    if let Some(slot) = own_ssp {
        let ssp = load_at(&b, &t, base, RECORD_SHADOW_SP, t.ptr);
        unsafe { LLVMBuildStore(b.0, ssp, shadow_stack::call_slot(&b, rt)) };
        unsafe { LLVMBuildStore(b.0, ssp, slot) };
    }
    let mut switches: HashMap<LLVMBasicBlockRef, LLVMValueRef> = HashMap::new();
    let new_switch = |from: LLVMBasicBlockRef| {
        let b = Builder::at_end(from);
        let base = unsafe { LLVMBuildLoad2(b.0, t.ptr, rt.record_sp, ir::EMPTY.as_ptr()) };
        let site = load_at(&b, &t, base, RECORD_SITE, t.i32);
        let unreachable = append(f, "migcc.badsite");
        unsafe { LLVMBuildUnreachable(Builder::at_end(unreachable).0) };
        unsafe { LLVMBuildSwitch(b.0, site, unreachable, 4) }
    };
    // Routes start at `head`, which asks the runtime first whether a
    // setjmp call comes before the record's own site (setjmp.rs).
    let start = match head {
        Some(head) => {
            unsafe { LLVMBuildBr(b.0, head) };
            let b = Builder::at_end(head);
            let mut args = [unsafe { LLVMBuildLoad2(b.0, t.ptr, rt.record_sp, ir::EMPTY.as_ptr()) }];
            let (route, route_ty) = rt.setjmp.route;
            unsafe { LLVMBuildCall2(b.0, route_ty, route, args.as_mut_ptr(), 1, ir::EMPTY.as_ptr()) };
            head
        }
        None => ok,
    };
    switches.insert(start, new_switch(start));
    let cfg_before_restore = Cfg::of(f);
    // Each site's restore block (the edge that poisons its arguments) goes
    // to it; the route to it leads through the headers of its loops and
    // the reload block of its group (below).
    let mut restores = Vec::new();
    for (index, site) in sites.iter().enumerate() {
        let restore = append(f, "migcc.restore");
        let preds: Vec<LLVMBasicBlockRef> = cfg_before_restore.pred[cfg_before_restore.index[&site.block]]
            .iter()
            .map(|&p| cfg_before_restore.blocks[p])
            .collect();
        poison_arguments_on_restore(site, &preds, restore);
        let live: Vec<LLVMValueRef> =
            site.live.iter().map(|&(v, _)| v).chain(site.recomputed.iter().copied()).collect();
        restores.push((index, restore, site.block, live));
    }
    for (k, jump) in jumps.iter().enumerate() {
        restores.push((sites.len() + k, jump.restore, jump.block, after_setjmp.clone()));
    }
    // The sites in the same innermost loop (or in none) share one block
    // that reloads the values live at any of them, on the route after the
    // loop's header: the code per site stays small, and the reloaded values
    // meet the program's own only at the sites, not at loop headers.
    let mut groups: HashMap<Option<LLVMBasicBlockRef>, (LLVMBasicBlockRef, Vec<LLVMValueRef>)> = HashMap::new();
    for (index, restore, block, live) in restores {
        unsafe { LLVMBuildBr(Builder::at_end(restore).0, block) };
        let headers = chain(block);
        let group = groups.entry(headers.last().copied()).or_insert_with(|| (append(f, "migcc.reload"), Vec::new()));
        for v in live {
            if !group.1.contains(&v) {
                group.1.push(v);
            }
        }
        // dispatch → outermost header → ... → innermost header → reload → restore
        let mut from = start;
        for to in headers.into_iter().chain([group.0, restore]) {
            let switch = *switches.entry(from).or_insert_with(|| new_switch(from));
            unsafe { LLVMAddCase(switch, const_i32(&t, index as u64), to) };
            add_poison_incoming(to, from);
            from = routes.get(&to).copied().unwrap_or(to);
        }
    }
    for (reload, values) in groups.into_values() {
        let b = Builder::before(ir::instructions(reload)[0]);
        let base = unsafe { LLVMBuildLoad2(b.0, t.ptr, rt.record_sp, ir::EMPTY.as_ptr()) };
        let mut again = HashMap::new();
        // The record's shadow stack pointer, read once for the values
        // computed again from it.
        let mut ssp = None;
        for v in values {
            let value = if recomputed.contains(v) {
                let ssp = *ssp.get_or_insert_with(|| load_at(&b, &t, base, RECORD_SHADOW_SP, t.ptr));
                recomputed.build(&b, v, ssp, &mut again)
            } else {
                load_at(&b, &t, base, layout.offsets[&v], unsafe { LLVMTypeOf(v) })
            };
            unsafe { LLVMBuildStore(b.0, value, slots[&v]) };
        }
    }
    // Headers no rewinding site passes through still need a terminator.
    for route in routes.values() {
        if ir::terminator(*route).is_null() {
            unsafe { LLVMBuildUnreachable(Builder::at_end(*route).0) };
        }
    }
    Ok(stats)
}

/// An instruction's source position, from its debug location: where it
/// stands in the function's own source (the outermost call of anything
/// inlined into it); none for compiler-made code (line 0).
fn position_of(inst: LLVMValueRef) -> Option<Position> {
    let mut location = unsafe { LLVMInstructionGetDebugLoc(inst) };
    if location.is_null() {
        return None;
    }
    loop {
        let outer = unsafe { LLVMDILocationGetInlinedAt(location) };
        if outer.is_null() {
            break;
        }
        location = outer;
    }
    let line = unsafe { LLVMDILocationGetLine(location) };
    if line == 0 {
        return None;
    }
    let file = unsafe { LLVMDIScopeGetFile(LLVMDILocationGetScope(location)) };
    Some(Position { file: file_name(file)?, line })
}

/// Where a function is defined, from its debug information.
fn function_position(f: LLVMValueRef) -> Option<Position> {
    let subprogram = unsafe { LLVMGetSubprogram(f) };
    if subprogram.is_null() {
        return None;
    }
    let line = unsafe { LLVMDISubprogramGetLine(subprogram) };
    Some(Position { file: file_name(unsafe { LLVMDIScopeGetFile(subprogram) })?, line })
}

/// A debug-info file's path: its name, under its directory (the compiler's
/// working directory) when relative.
fn file_name(file: LLVMMetadataRef) -> Option<String> {
    if file.is_null() {
        return None;
    }
    let text = |get: unsafe extern "C" fn(LLVMMetadataRef, *mut u32) -> *const std::ffi::c_char| {
        let mut len = 0u32;
        let p = unsafe { get(file, &mut len) };
        (!p.is_null()).then(|| {
            String::from_utf8_lossy(unsafe { std::slice::from_raw_parts(p.cast::<u8>(), len as usize) }).into_owned()
        })
    };
    let name = text(LLVMDIFileGetFilename)?;
    match text(LLVMDIFileGetDirectory) {
        Some(dir) if !dir.is_empty() && !name.starts_with('/') => Some(format!("{}/{name}", dir.trim_end_matches('/'))),
        _ => Some(name),
    }
}

fn append(f: LLVMValueRef, name: &str) -> LLVMBasicBlockRef {
    let ctx = unsafe { LLVMGetTypeContext(LLVMTypeOf(f)) };
    unsafe { LLVMAppendBasicBlockInContext(ctx, f, ir::cstring(name).as_ptr()) }
}

fn load_mode(b: &Builder, rt: &Runtime, t: &Types) -> LLVMValueRef {
    unsafe {
        let mode = LLVMBuildLoad2(b.0, t.i32, rt.mode, c"migcc.mode".as_ptr());
        LLVMSetVolatile(mode, 1);
        mode
    }
}

fn mode_bit(b: &Builder, mode: LLVMValueRef, bit: u64, t: &Types) -> LLVMValueRef {
    unsafe {
        let masked = LLVMBuildAnd(b.0, mode, const_i32(t, bit), ir::EMPTY.as_ptr());
        LLVMBuildICmp(b.0, LLVMIntPredicate::LLVMIntNE, masked, const_i32(t, 0), ir::EMPTY.as_ptr())
    }
}

fn branch_if_nonzero(b: &Builder, v: LLVMValueRef, then: LLVMBasicBlockRef, otherwise: LLVMBasicBlockRef) {
    unsafe {
        let zero = LLVMConstInt(LLVMTypeOf(v), 0, 0);
        let nz = LLVMBuildICmp(b.0, LLVMIntPredicate::LLVMIntNE, v, zero, ir::EMPTY.as_ptr());
        LLVMBuildCondBr(b.0, nz, then, otherwise);
    }
}

/// `block: call __migcc_point(); br next`; returns the call.
fn point_call(block: LLVMBasicBlockRef, next: LLVMBasicBlockRef, rt: &Runtime) -> LLVMValueRef {
    let b = Builder::at_end(block);
    unsafe {
        let call = LLVMBuildCall2(b.0, rt.point_ty, rt.point, std::ptr::null_mut(), 0, ir::EMPTY.as_ptr());
        LLVMBuildBr(b.0, next);
        call
    }
}

/// Gives `call` a block of its own, starting with it (the restore path's
/// target), followed by the unwinding test.
fn make_site(f: LLVMValueRef, call: LLVMValueRef, rt: &Runtime, t: &Types) -> Site {
    super::drop_undefined_behaviour_attributes_at(call);
    let block = if unsafe { LLVMGetPreviousInstruction(call) }.is_null() {
        unsafe { LLVMGetInstructionParent(call) }
    } else {
        ir::split_before(call, "migcc.site")
    };
    let next = unsafe { LLVMGetNextInstruction(call) };
    let cont = ir::split_before(next, "migcc.cont");
    unsafe { LLVMInstructionEraseFromParent(ir::terminator(block)) };
    let unwind = append(f, "migcc.unwind");
    let b = Builder::at_end(block);
    let mode = load_mode(&b, rt, t);
    let unwinding = mode_bit(&b, mode, MODE_UNWINDING, t);
    unsafe { LLVMBuildCondBr(b.0, unwinding, unwind, cont) };
    Site { call, block, cont, unwind, live: Vec::new(), recomputed: Vec::new() }
}

/// Addresses in a static shadow frame: its locals (`getelementptr i8,
/// frame, C`), and constant offsets from them. The record holds the frame
/// (its shadow stack pointer), so the rewind computes them again from it
/// instead of saving each: fewer stores on every unwind path, fewer loads
/// on the rewind's.
struct Rematerialized {
    locals: Vec<LLVMValueRef>,
    /// Each with its base, taken before demotion replaces operands by
    /// loads.
    derived: HashMap<LLVMValueRef, LLVMValueRef>,
}

impl Rematerialized {
    fn of(locals: &[LLVMValueRef]) -> Rematerialized {
        let mut r = Rematerialized { locals: locals.to_vec(), derived: HashMap::new() };
        let mut work: Vec<LLVMValueRef> = locals.to_vec();
        while let Some(base) = work.pop() {
            for user in ir::users(base) {
                let constant_offset = ir::opcode(user) == llvm_sys::LLVMOpcode::LLVMGetElementPtr
                    && ir::operand(user, 0) == base
                    && (1..unsafe { LLVMGetNumOperands(user) } as u32)
                        .all(|i| !unsafe { LLVMIsAConstantInt(ir::operand(user, i)) }.is_null());
                if constant_offset && !r.contains(user) {
                    r.derived.insert(user, base);
                    work.push(user);
                }
            }
        }
        r
    }

    fn contains(&self, v: LLVMValueRef) -> bool {
        self.locals.contains(&v) || self.derived.contains_key(&v)
    }

    /// `v` computed again from the frame `ssp` at `b` (each value once).
    fn build(
        &self,
        b: &Builder,
        v: LLVMValueRef,
        ssp: LLVMValueRef,
        done: &mut HashMap<LLVMValueRef, LLVMValueRef>,
    ) -> LLVMValueRef {
        if let Some(&again) = done.get(&v) {
            return again;
        }
        let base = match self.derived.get(&v) {
            Some(&base) => self.build(b, base, ssp, done),
            None => ssp,
        };
        let again = unsafe { LLVMInstructionClone(v) };
        unsafe {
            LLVMSetOperand(again, 0, base);
            LLVMInsertIntoBuilder(b.0, again);
        }
        done.insert(v, again);
        again
    }
}

/// Where each value of a function's records lies: byte offsets after the
/// header, each aligned to its size (up to 16).
#[derive(Default)]
struct RecordLayout {
    values: Vec<LLVMValueRef>,
    offsets: HashMap<LLVMValueRef, u64>,
    end: u64,
}

impl RecordLayout {
    /// `v`'s offset, placing it after the others if it has none yet.
    fn place(
        &mut self,
        v: LLVMValueRef,
        f: LLVMValueRef,
        td: llvm_sys::target::LLVMTargetDataRef,
    ) -> Result<u64, Error> {
        if let Some(&offset) = self.offsets.get(&v) {
            return Ok(offset);
        }
        check_storable(v, f)?;
        let size = unsafe { llvm_sys::target::LLVMStoreSizeOfType(td, LLVMTypeOf(v)) };
        let align = size.next_power_of_two().clamp(1, 16);
        let offset = self.end.max(RECORD_HEADER).div_ceil(align) * align;
        self.end = offset + size;
        self.values.push(v);
        self.offsets.insert(v, offset);
        Ok(offset)
    }
}

/// A setjmp-family call as a site (setjmp.rs).
struct SetjmpSite {
    call: LLVMValueRef,
    takes_mask_flag: bool,
    /// Starts with the call; the re-arming path's target.
    block: LLVMBasicBlockRef,
    /// The program's code after the call.
    cont: LLVMBasicBlockRef,
    /// The report to the runtime, which passes the call's arguments on.
    armed: LLVMValueRef,
    /// The re-arming path into `block` (no terminator until it is routed).
    restore: LLVMBasicBlockRef,
}

/// Position of the buffer and the mask flag among the report's arguments.
const ARMED_BUF: u32 = 1;
const ARMED_SAVEMASK: u32 = 4;

impl SetjmpSite {
    /// Starts the restore block with the runtime's buffer (and mask flag),
    /// and makes each argument of the call (and the report's copy) a phi:
    /// the program's value on its own path, the runtime's on the restore
    /// path. Before liveness and demotion, which then see the phis.
    fn take_arguments_on_restore(&mut self, f: LLVMValueRef, rt: &Runtime) {
        self.restore = append(f, "migcc.setjmp.restore");
        let preds: Vec<LLVMBasicBlockRef> = {
            let cfg = Cfg::of(f);
            cfg.pred[cfg.index[&self.block]].iter().map(|&p| cfg.blocks[p]).collect()
        };
        let b = Builder::at_end(self.restore);
        let call = |(function, ty): (LLVMValueRef, LLVMTypeRef)| unsafe {
            LLVMBuildCall2(b.0, ty, function, std::ptr::null_mut(), 0, ir::EMPTY.as_ptr())
        };
        let mut runtime = vec![(0, ARMED_BUF, call(rt.setjmp.rearm_buf))];
        if self.takes_mask_flag {
            runtime.push((1, ARMED_SAVEMASK, call(rt.setjmp.rearm_savemask)));
        }
        for (i, in_report, value) in runtime {
            let phi = argument_on_restore(self.call, i, &preds, (self.restore, value));
            unsafe { LLVMSetOperand(self.armed, in_report, phi) };
        }
    }
}

/// Gives a setjmp-family call a block of its own, starting with it, and
/// after it the report to the runtime and the test that sends a re-arming
/// (the rewind issued the call) back to `rearm`. On the program's own path,
/// the shadow stack pointer is reset to its value at the call: a longjmp
/// that lands here has left frames that moved it down.
#[allow(clippy::too_many_arguments)]
fn make_setjmp_site(
    m: LLVMModuleRef,
    c: setjmp::Call,
    rt: &Runtime,
    t: &Types,
    own_ssp: Option<LLVMValueRef>,
    (function, site): (u32, u32),
    rearm: LLVMBasicBlockRef,
) -> SetjmpSite {
    let call = c.call;
    let shadow_sp = own_ssp.map(|slot| {
        let b = Builder::before(call);
        unsafe { LLVMBuildLoad2(b.0, t.ptr, slot, c"migcc.ssp.setjmp".as_ptr()) }
    });
    let block = if unsafe { LLVMGetPreviousInstruction(call) }.is_null() {
        unsafe { LLVMGetInstructionParent(call) }
    } else {
        ir::split_before(call, "migcc.setjmp")
    };
    let cont = ir::split_before(unsafe { LLVMGetNextInstruction(call) }, "migcc.setjmp.cont");
    unsafe { LLVMInstructionEraseFromParent(ir::terminator(block)) };
    let b = Builder::at_end(block);
    let savemask = if c.takes_mask_flag { ir::operand(call, 1) } else { const_i32(t, 0) };
    let mut args = [
        setjmp::frame_address(m, &b),
        ir::operand(call, 0),
        const_i32(t, function as u64),
        const_i32(t, site as u64),
        savemask,
    ];
    let (armed_fn, armed_ty) = rt.setjmp.armed;
    let armed = unsafe { LLVMBuildCall2(b.0, armed_ty, armed_fn, args.as_mut_ptr(), 5, ir::EMPTY.as_ptr()) };
    let mode = load_mode(&b, rt, t);
    let rewinding = mode_bit(&b, mode, MODE_REWINDING, t);
    unsafe { LLVMBuildCondBr(b.0, rewinding, rearm, cont) };
    if let Some(ssp) = shadow_sp {
        let b = Builder::before(ir::instructions(cont)[0]);
        unsafe { LLVMBuildStore(b.0, ssp, shadow_stack::call_slot(&b, rt)) };
    }
    SetjmpSite { call, takes_mask_flag: c.takes_mask_flag, block, cont, armed, restore: std::ptr::null_mut() }
}

/// Values the record can hold: first-class values with a fixed size.
fn check_storable(v: LLVMValueRef, f: LLVMValueRef) -> Result<(), Error> {
    let kind = unsafe { LLVMGetTypeKind(LLVMTypeOf(v)) };
    match kind {
        LLVMTypeKind::LLVMTokenTypeKind
        | LLVMTypeKind::LLVMMetadataTypeKind
        | LLVMTypeKind::LLVMScalableVectorTypeKind => Err(Error::Llvm {
            what: format!("instrument `{}` for migration", ir::name(f)),
            detail: format!("a value of type kind {kind:?} is live across a call"),
        }),
        _ => Ok(()),
    }
}

/// Moves `v` into a stack slot: stored where it is defined, loaded where
/// it is used. Returns the slot.
fn demote_to_slot(entry: LLVMBasicBlockRef, v: LLVMValueRef) -> LLVMValueRef {
    let ty = unsafe { LLVMTypeOf(v) };
    let first = ir::instructions(entry)[0];
    let slot = unsafe { LLVMBuildAlloca(Builder::before(first).0, ty, c"migcc.slot".as_ptr()) };
    let users = {
        let mut u = ir::users(v);
        u.dedup();
        u
    };
    let store_before = if unsafe { LLVMIsAArgument(v) }.is_null() {
        let def_block = unsafe { LLVMGetInstructionParent(v) };
        if cfg::is_phi(v) {
            ir::instructions(def_block).into_iter().find(|&i| !cfg::is_phi(i)).expect("terminator")
        } else {
            unsafe { LLVMGetNextInstruction(v) }
        }
    } else {
        // Arguments: in the new entry block, before its test.
        ir::terminator(entry)
    };
    let store = unsafe { LLVMBuildStore(Builder::before(store_before).0, v, slot) };
    let mut loads_at_end: HashMap<LLVMBasicBlockRef, LLVMValueRef> = HashMap::new();
    for user in users {
        if user == store {
            continue;
        }
        if cfg::is_phi(user) {
            for i in 0..unsafe { LLVMCountIncoming(user) } {
                if unsafe { LLVMGetIncomingValue(user, i) } != v {
                    continue;
                }
                let pred = unsafe { LLVMGetIncomingBlock(user, i) };
                let load = *loads_at_end.entry(pred).or_insert_with(|| unsafe {
                    LLVMBuildLoad2(Builder::before(ir::terminator(pred)).0, ty, slot, ir::EMPTY.as_ptr())
                });
                unsafe { LLVMSetOperand(user, i, load) };
            }
        } else {
            let load = unsafe { LLVMBuildLoad2(Builder::before(user).0, ty, slot, ir::EMPTY.as_ptr()) };
            for i in 0..unsafe { LLVMGetNumOperands(user) } as u32 {
                if ir::operand(user, i) == v {
                    unsafe { LLVMSetOperand(user, i, load) };
                }
            }
        }
    }
    slot
}

/// The call's arguments do not matter when it is issued again on the
/// restore path (the callee restores itself from its own record), but they
/// must still be valid SSA there: each becomes a phi that is poison along
/// the restore edge. (Demoted values are loaded from their slots, which is
/// valid on both paths.)
fn poison_arguments_on_restore(site: &Site, preds: &[LLVMBasicBlockRef], restore: LLVMBasicBlockRef) {
    for i in 0..ir::arg_count(site.call) {
        let arg = ir::operand(site.call, i);
        let local = unsafe { !LLVMIsAInstruction(arg).is_null() && LLVMGetInstructionParent(arg) == site.block };
        if !cfg::is_tracked(arg) || local {
            continue;
        }
        argument_on_restore(site.call, i, preds, (restore, unsafe { LLVMGetPoison(LLVMTypeOf(arg)) }));
    }
}

/// Makes `call`'s argument `i` a phi at the top of the call's block: the
/// argument from `preds`, `value` from the restore block. Returns the phi.
fn argument_on_restore(
    call: LLVMValueRef,
    i: u32,
    preds: &[LLVMBasicBlockRef],
    (restore, value): (LLVMBasicBlockRef, LLVMValueRef),
) -> LLVMValueRef {
    let arg = ir::operand(call, i);
    let block = unsafe { LLVMGetInstructionParent(call) };
    // After the phis made before: the arguments' phis keep their order.
    let top = ir::instructions(block).into_iter().find(|&i| !cfg::is_phi(i)).expect("the call");
    let phi = unsafe { LLVMBuildPhi(Builder::before(top).0, LLVMTypeOf(arg), ir::EMPTY.as_ptr()) };
    for &p in preds {
        ir::add_incoming(phi, arg, p);
    }
    ir::add_incoming(phi, value, restore);
    unsafe { LLVMSetOperand(call, i, phi) };
    phi
}

fn add_poison_incoming(block: LLVMBasicBlockRef, from: LLVMBasicBlockRef) {
    for phi in ir::instructions(block).into_iter().take_while(|&i| cfg::is_phi(i)) {
        ir::add_incoming(phi, unsafe { LLVMGetPoison(LLVMTypeOf(phi)) }, from);
    }
}

fn build_return(b: &Builder, f: LLVMValueRef) {
    unsafe {
        let ret_ty = LLVMGetReturnType(LLVMGlobalGetValueType(f));
        if LLVMGetTypeKind(ret_ty) == LLVMTypeKind::LLVMVoidTypeKind {
            LLVMBuildRetVoid(b.0);
        } else {
            LLVMBuildRet(b.0, LLVMGetPoison(ret_ty));
        }
    }
}

fn const_i32(t: &Types, v: u64) -> LLVMValueRef {
    unsafe { LLVMConstInt(t.i32, v, 0) }
}

fn gep(b: &Builder, t: &Types, base: LLVMValueRef, offset: i64) -> LLVMValueRef {
    unsafe {
        let mut idx = [LLVMConstInt(t.i64, offset as u64, 1)];
        LLVMBuildGEP2(b.0, t.i8, base, idx.as_mut_ptr(), 1, ir::EMPTY.as_ptr())
    }
}

// Record accesses are volatile: the paths that make them are cold, and
// otherwise the SLP vectoriser spends most of a build's time trying to
// merge a record's many neighbouring fields.
/// Records start 16-byte aligned, and each field at a multiple of its
/// size's alignment (riscv64 would expand a less aligned access into bytes).
fn field_align(offset: u64) -> u32 {
    1 << offset.trailing_zeros().min(4)
}

fn store_at(b: &Builder, t: &Types, base: LLVMValueRef, offset: u64, value: LLVMValueRef) {
    let p = gep(b, t, base, offset as i64);
    unsafe {
        let s = LLVMBuildStore(b.0, value, p);
        LLVMSetAlignment(s, field_align(offset));
        LLVMSetVolatile(s, 1);
    }
}

fn load_at(b: &Builder, t: &Types, base: LLVMValueRef, offset: u64, ty: LLVMTypeRef) -> LLVMValueRef {
    let p = gep(b, t, base, offset as i64);
    unsafe {
        let l = LLVMBuildLoad2(b.0, ty, p, ir::EMPTY.as_ptr());
        LLVMSetAlignment(l, field_align(offset));
        LLVMSetVolatile(l, 1);
        l
    }
}
