//! Strip-mining: tight counted loops test for a migration every CHUNK
//! iterations instead of every one.
//!
//! A migration point in a loop header (a volatile load of the mode and a
//! call behind a branch) keeps the loop vectoriser away. So an innermost
//! loop that cannot unwind (no call in it may unwind) and counts an integer
//! by one up or down to a bound fixed before it starts:
//!
//! ```text
//! H:  iv = phi [start, P], [iv.next, B]      ...      B:  iv.next = iv ± 1
//!                                                         br (iv.next == bound), E, H
//! ```
//! becomes a loop of chunks around it:
//! ```text
//! O:  iv.o = phi [start, P], [iv.next, C]    (every header phi gets an outer twin)
//!     end = bound, if at most CHUNK iterations remain; else iv.o ± CHUNK
//! H:  iv = phi [iv.o, O], [iv.next, B]  ...  B:  br (iv.next == end), C, H
//! C:  br (iv.next == bound), E, O
//! ```
//! The inner loop is countable (the vectoriser's trip count is end - iv.o)
//! and has no migration point; O, the outer header, has it (instrument.rs).
//! A request waits at most CHUNK iterations of a body that calls nothing
//! that could take long. A loop of that shape (innermost or not) whose
//! count has a known limit needs no test at all, if it and the untested
//! loops inside it run at most CHUNK iterations in all: the loops around
//! it, or its function's caller, test; left as it is, it unrolls as it
//! would without migration. A count has a limit when the loop runs from
//! one constant to another, or when its bound is constant, its step cannot
//! wrap (`nuw` counting up, or `nsw`), the latch is its only exit and its
//! start has a known floor (ceiling, counting down): the triangle
//! `for (j = i + 1; j < N; j++)` inside `for (i = 0; i < N; i++)` runs at
//! most N - 1 times.

use std::collections::HashSet;

use llvm_sys::core::*;
use llvm_sys::prelude::*;
use llvm_sys::{LLVMIntPredicate, LLVMOpcode, LLVMTypeKind};

use super::analysis::Plan;
use super::cfg::{self, Cfg};
use super::setjmp;
use crate::ir::{self, Builder};

/// Iterations between two migration tests of a strip-mined loop.
pub(crate) const CHUNK: u64 = 1024;

/// Strip-mines every eligible loop of `f`; returns the headers that get no
/// migration point: the inner loops of strip-mined ones, and counted loops
/// with a limited count, at most CHUNK iterations in all with the untested
/// loops inside them.
pub(crate) fn strip_mine(f: LLVMValueRef, plan: &Plan) -> HashSet<LLVMBasicBlockRef> {
    let cfg = Cfg::of(f);
    let (loops, _) = cfg.loops();
    let headers: HashSet<usize> = loops.iter().map(|l| l.header).collect();
    let setjmp_calls: HashSet<LLVMValueRef> = setjmp::calls(f).into_iter().map(|c| c.call).collect();
    let mut untested = HashSet::new();
    // Loops left untested for their limited counts, with those limits.
    let mut bounded: Vec<(usize, u64)> = Vec::new();
    // Innermost first (outer loops come first in `loops`).
    for l in loops.iter().rev() {
        let body: Vec<LLVMBasicBlockRef> =
            (0..cfg.blocks.len()).filter(|&i| l.body[i]).map(|i| cfg.blocks[i]).collect();
        let innermost = !(0..cfg.blocks.len()).any(|i| l.body[i] && i != l.header && headers.contains(&i));
        let calm =
            body.iter().flat_map(|&b| ir::instructions(b)).filter(|&i| ir::is_call(i)).all(|call| {
                ir::intrinsic_name(call).is_some() || !(plan.may_unwind(call) || setjmp_calls.contains(&call))
            });
        if !calm {
            continue;
        }
        let latches: Vec<usize> = cfg.pred[l.header].iter().copied().filter(|&p| l.body[p]).collect();
        let [latch] = latches[..] else { continue };
        let Some(counted) = Counted::find(cfg.blocks[l.header], cfg.blocks[latch], &body) else { continue };
        // Iterations between two tests if this loop had none either: for
        // each of its own, one of its header and those of the untested
        // loops inside (an upper bound: a loop nested deeper is counted
        // both on its own and in the loop around it).
        let iterations = counted.count_limit().map(|n| {
            let inside =
                bounded.iter().filter(|(h, _)| l.body[*h]).fold(1u64, |sum, (_, inner)| sum.saturating_add(*inner));
            n.saturating_mul(inside)
        });
        if let Some(n) = iterations.filter(|&n| n <= CHUNK) {
            bounded.push((l.header, n));
            untested.insert(counted.header);
        } else if innermost {
            counted.strip_mine(f);
            untested.insert(counted.header);
        }
    }
    untested
}

/// A loop in the shape above.
struct Counted {
    header: LLVMBasicBlockRef,
    latch: LLVMBasicBlockRef,
    branch: LLVMValueRef,
    condition: LLVMValueRef,
    iv: LLVMValueRef,
    iv_next: LLVMValueRef,
    /// +1 or -1.
    up: bool,
    bound: LLVMValueRef,
    /// Whether the latch's branch is the loop's only way out.
    single_exit: bool,
}

impl Counted {
    fn find(header: LLVMBasicBlockRef, latch: LLVMBasicBlockRef, body: &[LLVMBasicBlockRef]) -> Option<Counted> {
        let branch = ir::terminator(latch);
        if unsafe { LLVMIsConditional(branch) } == 0 {
            return None;
        }
        let condition = unsafe { LLVMGetCondition(branch) };
        if unsafe { LLVMIsAICmpInst(condition) }.is_null() {
            return None;
        }
        // Leaves on equality: `eq` to the exit, or `ne` back to the header.
        let exit_on_true = match unsafe { LLVMGetICmpPredicate(condition) } {
            LLVMIntPredicate::LLVMIntEQ => true,
            LLVMIntPredicate::LLVMIntNE => false,
            _ => return None,
        };
        let (on_true, on_false) = unsafe { (LLVMGetSuccessor(branch, 0), LLVMGetSuccessor(branch, 1)) };
        if (if exit_on_true { on_false } else { on_true }) != header {
            return None;
        }
        let in_loop = |v: LLVMValueRef| {
            !unsafe { LLVMIsAInstruction(v) }.is_null() && body.contains(&unsafe { LLVMGetInstructionParent(v) })
        };
        let (a, b) = (ir::operand(condition, 0), ir::operand(condition, 1));
        let (iv_next, bound) = if in_loop(a) { (a, b) } else { (b, a) };
        if in_loop(bound) || ir::opcode(iv_next) != LLVMOpcode::LLVMAdd {
            return None;
        }
        let ty = unsafe { LLVMTypeOf(iv_next) };
        if unsafe { LLVMGetTypeKind(ty) } != LLVMTypeKind::LLVMIntegerTypeKind
            || unsafe { LLVMGetIntTypeWidth(ty) } < 32
        {
            return None;
        }
        let (iv, step) = constant_last(iv_next);
        if unsafe { LLVMIsAConstantInt(step) }.is_null()
            || !cfg::is_phi(iv)
            || unsafe { LLVMGetInstructionParent(iv) } != header
        {
            return None;
        }
        let up = match unsafe { LLVMConstIntGetSExtValue(step) } {
            1 => true,
            -1 => false,
            _ => return None,
        };
        let from_latch = (0..unsafe { LLVMCountIncoming(iv) })
            .find(|&i| unsafe { LLVMGetIncomingBlock(iv, i) } == latch)
            .map(|i| unsafe { LLVMGetIncomingValue(iv, i) });
        let single_exit = body.iter().all(|&b| b == latch || cfg::successors(b).iter().all(|s| body.contains(s)));
        (from_latch == Some(iv_next)).then_some(Counted {
            header,
            latch,
            branch,
            condition,
            iv,
            iv_next,
            up,
            bound,
            single_exit,
        })
    }

    /// The most times the body can run: exactly, when it starts at the same
    /// constant from every entry and the bound is constant too (an early
    /// exit only shortens that); else, when the bound is constant, the step
    /// cannot wrap and the latch is the only exit, from the start's floor
    /// (ceiling, counting down) on every entry. A start at or past the
    /// bound would then have to wrap to leave, which is undefined.
    fn count_limit(&self) -> Option<u64> {
        let starts: Vec<LLVMValueRef> = (0..unsafe { LLVMCountIncoming(self.iv) })
            .filter(|&i| unsafe { LLVMGetIncomingBlock(self.iv, i) } != self.latch)
            .map(|i| unsafe { LLVMGetIncomingValue(self.iv, i) })
            .collect();
        let start = *starts.first()?;
        let width = unsafe { LLVMGetIntTypeWidth(LLVMTypeOf(self.iv)) };
        // Constants are read as 64 bits at most.
        if unsafe { LLVMIsAConstantInt(self.bound) }.is_null() || width > 64 {
            return None;
        }
        if starts.iter().all(|&s| s == start) && !unsafe { LLVMIsAConstantInt(start) }.is_null() {
            let mask = if width == 64 { u64::MAX } else { (1u64 << width) - 1 };
            let (start, bound) = unsafe { (LLVMConstIntGetZExtValue(start), LLVMConstIntGetZExtValue(self.bound)) };
            // The body runs until iv.next meets the bound, modulo 2^width
            // (0: all the way round).
            let count = if self.up { bound.wrapping_sub(start) } else { start.wrapping_sub(bound) } & mask;
            return (count != 0).then_some(count);
        }
        if !self.single_exit {
            return None;
        }
        // Without wrapping, iv.next meets the bound only from its near
        // side: the count is the distance from the start to the bound, in
        // each domain in which the step cannot wrap (`add nuw x, -1` would
        // not count down).
        let unsigned = self.up && unsafe { LLVMGetNUW(self.iv_next) } != 0;
        let signed = unsafe { LLVMGetNSW(self.iv_next) } != 0;
        [(unsigned, Domain::Unsigned), (signed, Domain::Signed)]
            .into_iter()
            .filter(|&(no_wrap, _)| no_wrap)
            .filter_map(|(_, domain)| self.limit_from_starts(domain, &starts))
            .min()
    }

    /// The largest distance from a start to the bound, in `domain`.
    fn limit_from_starts(&self, domain: Domain, starts: &[LLVMValueRef]) -> Option<u64> {
        let bound = domain.value(self.bound);
        starts
            .iter()
            .map(|&s| {
                let count = if self.up { bound - domain.floor(s)? } else { domain.ceiling(s)? - bound };
                u64::try_from(count.max(1)).ok()
            })
            .try_fold(0, |limit, count| Some(limit.max(count?)))
    }

    fn strip_mine(&self, f: LLVMValueRef) {
        let ctx = unsafe { LLVMGetTypeContext(LLVMTypeOf(f)) };
        let ty = unsafe { LLVMTypeOf(self.iv) };
        let first = ir::instructions(self.header).into_iter().find(|&i| !cfg::is_phi(i)).expect("terminator");
        let location = unsafe { llvm_sys::debuginfo::LLVMInstructionGetDebugLoc(first) };
        let outer = unsafe { LLVMInsertBasicBlockInContext(ctx, self.header, c"migcc.chunk".as_ptr()) };
        let next_chunk = unsafe { LLVMAppendBasicBlockInContext(ctx, f, c"migcc.chunk.next".as_ptr()) };

        // Entries go to the outer header; each header phi gets a twin there.
        let cfg = Cfg::of(f);
        let entries: Vec<LLVMBasicBlockRef> =
            cfg.pred[cfg.index[&self.header]].iter().map(|&p| cfg.blocks[p]).filter(|&p| p != self.latch).collect();
        for &p in &entries {
            let term = ir::terminator(p);
            for i in 0..unsafe { LLVMGetNumSuccessors(term) } {
                if unsafe { LLVMGetSuccessor(term, i) } == self.header {
                    unsafe { LLVMSetSuccessor(term, i, outer) };
                }
            }
        }
        let b = Builder::at_end(outer);
        unsafe { LLVMSetCurrentDebugLocation2(b.0, location) };
        let mut iv_outer = std::ptr::null_mut();
        for phi in ir::instructions(self.header).into_iter().take_while(|&i| cfg::is_phi(i)) {
            let n = unsafe { LLVMCountIncoming(phi) };
            let incoming: Vec<(LLVMValueRef, LLVMBasicBlockRef)> =
                (0..n).map(|i| unsafe { (LLVMGetIncomingValue(phi, i), LLVMGetIncomingBlock(phi, i)) }).collect();
            let twin = unsafe { LLVMBuildPhi(b.0, LLVMTypeOf(phi), ir::EMPTY.as_ptr()) };
            let inner = unsafe { LLVMBuildPhi(Builder::before(phi).0, LLVMTypeOf(phi), ir::EMPTY.as_ptr()) };
            for (v, from) in incoming {
                let (phi, from) = if from == self.latch { (inner, from) } else { (twin, from) };
                ir::add_incoming(phi, v, from);
                if from == self.latch {
                    ir::add_incoming(twin, v, next_chunk);
                }
            }
            ir::add_incoming(inner, twin, outer);
            if phi == self.iv {
                iv_outer = twin;
            }
            ir::replace_all_uses(phi, inner);
            ir::erase(phi);
        }

        // This chunk ends at the bound, or CHUNK iterations on.
        let end = unsafe {
            let chunk = LLVMConstInt(ty, CHUNK, 0);
            let one = LLVMConstInt(ty, 1, 0);
            let remaining = if self.up {
                LLVMBuildSub(b.0, self.bound, iv_outer, ir::EMPTY.as_ptr())
            } else {
                LLVMBuildSub(b.0, iv_outer, self.bound, ir::EMPTY.as_ptr())
            };
            // 0 remaining means 2^w: the count wraps round.
            let less_one = LLVMBuildSub(b.0, remaining, one, ir::EMPTY.as_ptr());
            let last = LLVMBuildICmp(b.0, LLVMIntPredicate::LLVMIntULT, less_one, chunk, ir::EMPTY.as_ptr());
            let stepped = if self.up {
                LLVMBuildAdd(b.0, iv_outer, chunk, ir::EMPTY.as_ptr())
            } else {
                LLVMBuildSub(b.0, iv_outer, chunk, ir::EMPTY.as_ptr())
            };
            let end = LLVMBuildSelect(b.0, last, self.bound, stepped, c"migcc.chunk.end".as_ptr());
            LLVMBuildBr(b.0, self.header);
            end
        };

        // The latch leaves at the chunk's end, for the test of the bound.
        let (on_true, on_false) = unsafe { (LLVMGetSuccessor(self.branch, 0), LLVMGetSuccessor(self.branch, 1)) };
        let exit = if on_true == self.header { on_false } else { on_true };
        let predicate = unsafe { LLVMGetICmpPredicate(self.condition) };
        let iv_first = ir::operand(self.condition, 0) == self.iv_next;
        let compare = |b: &Builder, against: LLVMValueRef| unsafe {
            let (x, y) = if iv_first { (self.iv_next, against) } else { (against, self.iv_next) };
            LLVMBuildICmp(b.0, predicate, x, y, ir::EMPTY.as_ptr())
        };
        let at_end = compare(&Builder::before(self.branch), end);
        unsafe {
            LLVMSetCondition(self.branch, at_end);
            LLVMSetSuccessor(self.branch, if on_true == self.header { 1 } else { 0 }, next_chunk);
        }
        ir::rename_incoming(exit, self.latch, next_chunk);
        let b = Builder::at_end(next_chunk);
        unsafe { LLVMSetCurrentDebugLocation2(b.0, location) };
        let done = compare(&b, self.bound);
        unsafe {
            let (t, e) = if on_true == self.header { (outer, exit) } else { (exit, outer) };
            LLVMBuildCondBr(b.0, done, t, e);
        }
    }
}

/// How a counter's values are read, as its no-wrap flag says.
#[derive(Clone, Copy)]
enum Domain {
    Unsigned,
    Signed,
}

/// How deep `floor` and `ceiling` look through adds and phis.
const RANGE_DEPTH: u32 = 4;

impl Domain {
    fn value(self, constant: LLVMValueRef) -> i128 {
        match self {
            Domain::Unsigned => i128::from(unsafe { LLVMConstIntGetZExtValue(constant) }),
            Domain::Signed => i128::from(unsafe { LLVMConstIntGetSExtValue(constant) }),
        }
    }

    /// Whether `add` cannot wrap in this domain.
    fn no_wrap(self, add: LLVMValueRef) -> bool {
        match self {
            Domain::Unsigned => (unsafe { LLVMGetNUW(add) }) != 0,
            Domain::Signed => (unsafe { LLVMGetNSW(add) }) != 0,
        }
    }

    /// A value `v` never goes below, if one is known.
    fn floor(self, v: LLVMValueRef) -> Option<i128> {
        self.extreme(v, 0, 1)
    }

    /// A value `v` never goes above, if one is known.
    fn ceiling(self, v: LLVMValueRef) -> Option<i128> {
        self.extreme(v, 0, -1).map(|c| -c)
    }

    /// The floor of `direction * v`: a constant; `x + c` that cannot wrap,
    /// from the floor of `x`; or a phi each of whose incoming values has a
    /// floor or is the phi itself moved in `direction` (a counter that only
    /// climbs keeps the floor of its starts).
    fn extreme(self, v: LLVMValueRef, depth: u32, direction: i128) -> Option<i128> {
        if !unsafe { LLVMIsAConstantInt(v) }.is_null() {
            return Some(direction * self.value(v));
        }
        if depth == RANGE_DEPTH || unsafe { LLVMIsAInstruction(v) }.is_null() {
            return None;
        }
        if cfg::is_phi(v) {
            let incoming = (0..unsafe { LLVMCountIncoming(v) }).map(|i| unsafe { LLVMGetIncomingValue(v, i) });
            let mut floor = None;
            for start in incoming.filter(|&i| !self.offset(i).is_some_and(|(x, c)| x == v && direction * c >= 0)) {
                let start = self.extreme(start, depth + 1, direction)?;
                floor = Some(floor.map_or(start, |f: i128| f.min(start)));
            }
            return floor;
        }
        let (x, c) = self.offset(v)?;
        Some(self.extreme(x, depth + 1, direction)? + direction * c)
    }

    /// `(x, c)` when `v` is `x + c` for a constant `c`, without wrapping.
    fn offset(self, v: LLVMValueRef) -> Option<(LLVMValueRef, i128)> {
        if unsafe { LLVMIsAInstruction(v) }.is_null() || ir::opcode(v) != LLVMOpcode::LLVMAdd || !self.no_wrap(v) {
            return None;
        }
        let (x, c) = constant_last(v);
        (!unsafe { LLVMIsAConstantInt(c) }.is_null()).then(|| (x, self.value(c)))
    }
}

/// A binary operation's operands, a constant one (if any) second.
fn constant_last(op: LLVMValueRef) -> (LLVMValueRef, LLVMValueRef) {
    let (x, y) = (ir::operand(op, 0), ir::operand(op, 1));
    if unsafe { LLVMIsAConstantInt(y) }.is_null() {
        (y, x)
    } else {
        (x, y)
    }
}
