//! Control-flow facts of one function, computed on demand from its IR:
//! successors and predecessors, dominators, natural loops, cycles that are
//! not natural loops, and SSA liveness. LLVM's C API exposes none of these.

use std::collections::HashMap;

use llvm_sys::core::*;
use llvm_sys::prelude::*;
use llvm_sys::LLVMOpcode;

use crate::ir;

pub(crate) struct Cfg {
    pub blocks: Vec<LLVMBasicBlockRef>,
    pub index: HashMap<LLVMBasicBlockRef, usize>,
    pub succ: Vec<Vec<usize>>,
    pub pred: Vec<Vec<usize>>,
}

pub(crate) fn successors(bb: LLVMBasicBlockRef) -> Vec<LLVMBasicBlockRef> {
    let term = unsafe { LLVMGetBasicBlockTerminator(bb) };
    if term.is_null() {
        return Vec::new();
    }
    (0..unsafe { LLVMGetNumSuccessors(term) }).map(|i| unsafe { LLVMGetSuccessor(term, i) }).collect()
}

impl Cfg {
    pub fn of(f: LLVMValueRef) -> Cfg {
        let blocks = ir::blocks(f);
        let index: HashMap<_, _> = blocks.iter().enumerate().map(|(i, &b)| (b, i)).collect();
        let mut succ = vec![Vec::new(); blocks.len()];
        let mut pred = vec![Vec::new(); blocks.len()];
        for (i, &b) in blocks.iter().enumerate() {
            for s in successors(b) {
                let j = index[&s];
                if !succ[i].contains(&j) {
                    succ[i].push(j);
                    pred[j].push(i);
                }
            }
        }
        Cfg { blocks, index, succ, pred }
    }

    /// Blocks reachable from the entry, in reverse post-order.
    pub fn reverse_postorder(&self) -> Vec<usize> {
        let mut seen = vec![false; self.blocks.len()];
        let mut order = Vec::new();
        // Iterative DFS: (block, next successor to visit).
        let mut stack = vec![(0usize, 0usize)];
        seen[0] = true;
        while let Some((b, i)) = stack.pop() {
            if let Some(&s) = self.succ[b].get(i) {
                stack.push((b, i + 1));
                if !seen[s] {
                    seen[s] = true;
                    stack.push((s, 0));
                }
            } else {
                order.push(b);
            }
        }
        order.reverse();
        order
    }

    /// Immediate dominators (Cooper, Harvey and Kennedy's iterative
    /// algorithm); `None` for unreachable blocks, the entry is its own.
    pub fn idoms(&self) -> Vec<Option<usize>> {
        let rpo = self.reverse_postorder();
        let mut number = vec![usize::MAX; self.blocks.len()];
        for (n, &b) in rpo.iter().enumerate() {
            number[b] = n;
        }
        let mut idom: Vec<Option<usize>> = vec![None; self.blocks.len()];
        idom[0] = Some(0);
        let intersect = |idom: &[Option<usize>], mut a: usize, mut b: usize| {
            while a != b {
                while number[a] > number[b] {
                    a = idom[a].expect("processed");
                }
                while number[b] > number[a] {
                    b = idom[b].expect("processed");
                }
            }
            a
        };
        let mut changed = true;
        while changed {
            changed = false;
            for &b in rpo.iter().skip(1) {
                let mut new = None;
                for &p in &self.pred[b] {
                    if idom[p].is_some() {
                        new = Some(match new {
                            None => p,
                            Some(n) => intersect(&idom, p, n),
                        });
                    }
                }
                if new.is_some() && idom[b] != new {
                    idom[b] = new;
                    changed = true;
                }
            }
        }
        idom
    }

    pub fn dominates(idom: &[Option<usize>], a: usize, mut b: usize) -> bool {
        loop {
            if a == b {
                return true;
            }
            match idom[b] {
                Some(p) if p != b => b = p,
                _ => return false,
            }
        }
    }

    /// Natural loops, one per header, each with its body, and the targets
    /// of the other cycle-closing edges (cycles with more than one entry).
    pub fn loops(&self) -> (Vec<Loop>, Vec<usize>) {
        let idom = self.idoms();
        let mut bodies: HashMap<usize, Vec<bool>> = HashMap::new();
        let mut irreducible = Vec::new();
        let rpo = self.reverse_postorder();
        let mut number = vec![usize::MAX; self.blocks.len()];
        for (n, &b) in rpo.iter().enumerate() {
            number[b] = n;
        }
        for &b in &rpo {
            for &h in &self.succ[b] {
                if Cfg::dominates(&idom, h, b) {
                    let body = bodies.entry(h).or_insert_with(|| {
                        let mut v = vec![false; self.blocks.len()];
                        v[h] = true;
                        v
                    });
                    let mut work = vec![b];
                    while let Some(x) = work.pop() {
                        if !body[x] {
                            body[x] = true;
                            work.extend(self.pred[x].iter().copied().filter(|&p| idom[p].is_some()));
                        }
                    }
                } else if number[h] <= number[b] && !irreducible.contains(&h) {
                    // An edge back to an earlier block that does not dominate
                    // it: a cycle entered in more than one place.
                    irreducible.push(h);
                }
            }
        }
        let mut loops: Vec<Loop> = bodies.into_iter().map(|(header, body)| Loop { header, body }).collect();
        // Outer loops first: a loop's body is larger than any loop inside it.
        loops.sort_by_key(|l| (std::cmp::Reverse(l.size()), l.header));
        (loops, irreducible)
    }
}

pub(crate) struct Loop {
    pub header: usize,
    pub body: Vec<bool>,
}

impl Loop {
    fn size(&self) -> usize {
        self.body.iter().filter(|&&x| x).count()
    }
}

/// Values that SSA liveness tracks: instructions with a result, and
/// arguments. Not allocas: once the shadow stack has taken the function's
/// own, the only ones left are the instrumentation's slots, which SROA
/// turns back into SSA values (saving a native stack address in a record
/// would carry it to another ISA).
pub(crate) fn is_tracked(v: LLVMValueRef) -> bool {
    unsafe {
        (!LLVMIsAInstruction(v).is_null() || !LLVMIsAArgument(v).is_null())
            && LLVMIsAAllocaInst(v).is_null()
            && LLVMGetTypeKind(LLVMTypeOf(v)) != llvm_sys::LLVMTypeKind::LLVMVoidTypeKind
    }
}

pub(crate) fn is_phi(inst: LLVMValueRef) -> bool {
    ir::opcode(inst) == LLVMOpcode::LLVMPHI
}

/// The values live on entry to each block (SSA liveness: a phi's operand
/// is live at the end of its incoming block, not at the phi's block).
pub(crate) fn live_in(cfg: &Cfg) -> Vec<Vec<LLVMValueRef>> {
    let mut ids: HashMap<LLVMValueRef, usize> = HashMap::new();
    let mut values: Vec<LLVMValueRef> = Vec::new();
    let mut id = |v: LLVMValueRef, ids: &mut HashMap<LLVMValueRef, usize>| {
        *ids.entry(v).or_insert_with(|| {
            values.push(v);
            values.len() - 1
        })
    };
    let n = cfg.blocks.len();
    // Per block: upward-exposed uses, definitions, phi definitions, and the
    // phi operands each predecessor supplies.
    let mut uses: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut defs: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut edge_uses: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n]; // (pred, value)
    for (b, &bb) in cfg.blocks.iter().enumerate() {
        for inst in ir::instructions(bb) {
            if is_phi(inst) {
                for i in 0..unsafe { LLVMCountIncoming(inst) } {
                    let v = unsafe { LLVMGetIncomingValue(inst, i) };
                    if is_tracked(v) {
                        let p = cfg.index[&unsafe { LLVMGetIncomingBlock(inst, i) }];
                        edge_uses[b].push((p, id(v, &mut ids)));
                    }
                }
            } else {
                for i in 0..unsafe { LLVMGetNumOperands(inst) } as u32 {
                    let v = ir::operand(inst, i);
                    if is_tracked(v) {
                        uses[b].push(id(v, &mut ids));
                    }
                }
            }
            if is_tracked(inst) {
                defs[b].push(id(inst, &mut ids));
            }
        }
    }
    let words = values.len().div_ceil(64).max(1);
    let bits = |list: &[usize]| {
        let mut s = vec![0u64; words];
        for &v in list {
            s[v / 64] |= 1 << (v % 64);
        }
        s
    };
    let def_sets: Vec<Vec<u64>> = defs.iter().map(|d| bits(d)).collect();
    // A use in the defining block is never upward-exposed in SSA except
    // through a phi, which is handled by edge_uses.
    let use_sets: Vec<Vec<u64>> = (0..n)
        .map(|b| {
            let mut s = bits(&uses[b]);
            for (w, d) in s.iter_mut().zip(&def_sets[b]) {
                *w &= !d;
            }
            s
        })
        .collect();
    let mut live = use_sets.clone();
    let order = cfg.reverse_postorder();
    let mut changed = true;
    while changed {
        changed = false;
        for &b in order.iter().rev() {
            let mut out = vec![0u64; words];
            for &s in &cfg.succ[b] {
                // Phi results are defined at the top of s; phi operands flow
                // only along their own edge.
                for (w, (l, d)) in out.iter_mut().zip(live[s].iter().zip(&def_sets[s])) {
                    *w |= l & !d;
                }
                for &(p, v) in &edge_uses[s] {
                    if p == b {
                        out[v / 64] |= 1 << (v % 64);
                    }
                }
            }
            let mut new = use_sets[b].clone();
            for ((w, o), d) in new.iter_mut().zip(&out).zip(&def_sets[b]) {
                *w |= o & !d;
            }
            if new != live[b] {
                live[b] = new;
                changed = true;
            }
        }
    }
    live.iter()
        .map(|set| (0..values.len()).filter(|&v| set[v / 64] >> (v % 64) & 1 == 1).map(|v| values[v]).collect())
        .collect()
}
