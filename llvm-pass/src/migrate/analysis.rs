//! Which functions need instrumenting: the ones that can be on the call
//! stack when a migration happens.
//!
//! A migration happens at a migration point, and every unbounded execution
//! passes one: a loop header, or the entry of a function that can recurse.
//! So a function needs instrumenting if it has a loop, can recurse, or calls
//! (directly, or through a pointer of a matching type) a function that needs
//! it. Everything else runs to completion without ever meeting a point.
//!
//! Except in the C library: musl's own loops and recursion are not
//! migration points, unless the function calls through a pointer (qsort's
//! comparator, atexit handlers, tsearch's visitor, stdio's FILE methods:
//! those functions' entries are points too, so that every printf or fwrite
//! passes one, as it did when its loops were points). Each runs for a time
//! bounded by the data it is given, as memcpy (which code generation may
//! call, and which is never a point) always has; waiting for input or time
//! happens in the runtime's blocking loop (runtime-lib/blocking.c), which
//! is not library code and stays a point, so a library function blocked in
//! read still migrates promptly. Most of a small program's code is libc,
//! and this is most of what instrumentation used to add to it.
//!
//! And a few library functions hold requests while they run (musl patch
//! 0010: printf's formatting, strtol's and strtod's scanning of a string,
//! exit, thread exit): their calls are not call sites, and nothing only
//! they call is instrumented. Their entries are migration points (every
//! printf passes one), before they hold requests; a point reached below
//! one of them (printf's write blocked on a full pipe, an atexit handler)
//! does not unwind (runtime-lib/signals.c), and a request waits for it to
//! return. printf's formatting alone was most of what instrumentation
//! added to a small program.

use std::collections::{HashMap, HashSet};

use llvm_sys::core::*;
use llvm_sys::prelude::*;

use super::cfg::Cfg;
use crate::{ir, libcalls};
use migcc_sysroot::{HOLDS_REQUESTS_ANNOTATION, LIBRARY_ANNOTATION};

pub(crate) struct Planned {
    pub function: LLVMValueRef,
    /// Its entry is a migration point: it is part of a call-graph cycle,
    /// library code that calls through a pointer, or holds requests.
    pub entry_point: bool,
    /// Its loop headers are migration points (all but library code).
    pub loop_points: bool,
}

pub(crate) struct Plan {
    pub functions: Vec<Planned>,
    /// Functions that hold requests while they run (and below them, a
    /// migration point may be reached).
    pub holders: Vec<LLVMValueRef>,
    /// Functions that run only while requests are held: none of their calls
    /// unwinds.
    held: HashSet<LLVMValueRef>,
    instrumented: HashSet<LLVMValueRef>,
    /// Function types of instrumented functions whose address is taken:
    /// an indirect call of one of these types may unwind.
    indirect_types: HashSet<LLVMTypeRef>,
}

impl Plan {
    /// Whether `call` may return while the stack unwinds.
    pub fn may_unwind(&self, call: LLVMValueRef) -> bool {
        if self.held.contains(&ir::parent_function(call)) {
            return false;
        }
        match ir::called_function(call) {
            Some(f) => self.instrumented.contains(&f),
            None => {
                unsafe { LLVMIsAInlineAsm(ir::callee(call)) }.is_null()
                    && self.indirect_types.contains(&unsafe { LLVMGetCalledFunctionType(call) })
            }
        }
    }
}

/// Functions that are never instrumented: the runtime (every function of a
/// file that says so, see [`RUNTIME_ANNOTATION`]), whatever code generation
/// may call behind the IR's back, code that must run to completion (see
/// [`ATOMIC_ANNOTATION`]), and everything those last two may reach. A
/// call that code generation makes (`llvm.sin` → `sin`, `calloc`) is not a
/// call site of the IR, so nothing below it may unwind: `sin` → `__rem_pio2`
/// → `__rem_pio2_large` and `calloc` → `malloc` run to completion. (Not a
/// name prefix: library code such as the memory zones is named `__migcc_*`
/// too, and an uninstrumented frame between a migration point and the
/// bottom frame would break the unwind.)
fn excluded_functions(m: LLVMModuleRef) -> HashSet<LLVMValueRef> {
    let defined: Vec<LLVMValueRef> = ir::functions(m).into_iter().filter(|&f| !ir::is_declaration(f)).collect();
    let mut by_type: HashMap<LLVMTypeRef, Vec<LLVMValueRef>> = HashMap::new();
    for &f in defined.iter().filter(|&&f| address_taken(f)) {
        by_type.entry(unsafe { LLVMGlobalGetValueType(f) }).or_default().push(f);
    }
    let mut below_codegen: HashSet<LLVMValueRef> = HashSet::new();
    let mut work: Vec<LLVMValueRef> =
        defined.iter().copied().filter(|&f| libcalls::codegen_may_call(&ir::name(f))).collect();
    work.extend(annotated_functions(m, ATOMIC_ANNOTATION));
    while let Some(f) = work.pop() {
        if ir::is_declaration(f) || !below_codegen.insert(f) {
            continue;
        }
        for call in calls(f) {
            match ir::called_function(call) {
                Some(g) => work.push(g),
                None => {
                    let ty = unsafe { LLVMGetCalledFunctionType(call) };
                    work.extend(by_type.get(&ty).into_iter().flatten());
                }
            }
        }
    }
    let mut out = annotated_functions(m, RUNTIME_ANNOTATION);
    out.extend(below_codegen);
    out
}

/// The runtime's C files mark their functions, static helpers included,
/// with `#pragma clang attribute push (__attribute__((annotate(...))))`;
/// the frontend lists them in `llvm.global.annotations`.
const RUNTIME_ANNOTATION: &str = "migcc.runtime";

/// Library code whose every call must complete before a migration, marked
/// the same way: the memory zones (runtime-lib/zones.c), whose table must
/// match the kernel's mappings whenever a checkpoint reads it.
const ATOMIC_ANNOTATION: &str = "migcc.atomic";

/// Annotations of musl's functions (sysroot/src/portable_libc.rs) that
/// become function attributes of the same name as each object is read.
const ATTRIBUTE_ANNOTATIONS: &[&str] = &[LIBRARY_ANNOTATION, HOLDS_REQUESTS_ANNOTATION];

/// Turns the library annotations into function attributes, as each object
/// is read: an annotation's entry keeps its function alive, and musl's would
/// keep every function of every member a link pulls in, inlined or not.
pub(crate) fn mark_library(m: LLVMModuleRef) {
    let list = unsafe { LLVMGetNamedGlobal(m, c"llvm.global.annotations".as_ptr()) };
    if list.is_null() || ir::is_declaration(list) {
        return;
    }
    let array = unsafe { LLVMGetInitializer(list) };
    let entries = ir::operands(array);
    let mut kept = Vec::new();
    for entry in entries.iter().copied() {
        match annotation_of(entry) {
            Some((function, text)) if ATTRIBUTE_ANNOTATIONS.contains(&text.as_str()) => {
                ir::add_string_attribute(function, &text)
            }
            _ => kept.push(entry),
        }
    }
    if kept.len() == entries.len() {
        return;
    }
    unsafe {
        let element = LLVMGetElementType(LLVMTypeOf(array));
        LLVMDeleteGlobal(list);
        if kept.is_empty() {
            return;
        }
        let init = LLVMConstArray2(element, kept.as_mut_ptr(), kept.len() as u64);
        let list = LLVMAddGlobal(m, LLVMTypeOf(init), c"llvm.global.annotations".as_ptr());
        LLVMSetInitializer(list, init);
        LLVMSetLinkage(list, llvm_sys::LLVMLinkage::LLVMAppendingLinkage);
        LLVMSetSection(list, c"llvm.metadata".as_ptr());
    }
}

/// An annotation entry's function and text.
fn annotation_of(entry: LLVMValueRef) -> Option<(LLVMValueRef, String)> {
    let (target, note) = (ir::operand(entry, 0), ir::operand(entry, 1));
    if unsafe { LLVMIsAFunction(target) }.is_null() {
        return None;
    }
    let text = unsafe { LLVMGetInitializer(note) };
    if text.is_null() {
        return None;
    }
    let mut len = 0;
    let bytes = unsafe { LLVMGetAsString(text, &mut len) };
    let annotation = unsafe { std::slice::from_raw_parts(bytes as *const u8, len) };
    let annotation = annotation.strip_suffix(b"\0").unwrap_or(annotation);
    Some((target, String::from_utf8_lossy(annotation).into_owned()))
}

fn annotated_functions(m: LLVMModuleRef, wanted: &str) -> HashSet<LLVMValueRef> {
    let mut out = HashSet::new();
    let list = unsafe { LLVMGetNamedGlobal(m, c"llvm.global.annotations".as_ptr()) };
    if list.is_null() || ir::is_declaration(list) {
        return out;
    }
    for entry in ir::operands(unsafe { LLVMGetInitializer(list) }) {
        match annotation_of(entry) {
            Some((target, text)) if text == wanted => out.insert(target),
            _ => continue,
        };
    }
    out
}

fn calls(f: LLVMValueRef) -> impl Iterator<Item = LLVMValueRef> {
    ir::function_instructions(f).into_iter().filter(|&i| ir::is_call(i) && ir::intrinsic_name(i).is_none())
}

/// Whether anything uses `f` other than as the callee of a direct call.
fn address_taken(f: LLVMValueRef) -> bool {
    ir::users(f).into_iter().any(|u| !ir::is_call(u) || ir::callee(u) != f)
}

pub(crate) fn plan(m: LLVMModuleRef) -> Plan {
    let excluded = excluded_functions(m);
    let candidates: Vec<LLVMValueRef> =
        ir::functions(m).into_iter().filter(|&f| !ir::is_declaration(f) && !excluded.contains(&f)).collect();
    let index: HashMap<LLVMValueRef, usize> = candidates.iter().enumerate().map(|(i, &f)| (f, i)).collect();
    let by_type: HashMap<LLVMTypeRef, Vec<usize>> =
        candidates.iter().enumerate().filter(|(_, &f)| address_taken(f)).fold(HashMap::new(), |mut map, (i, &f)| {
            map.entry(unsafe { LLVMGlobalGetValueType(f) }).or_default().push(i);
            map
        });

    // The call graph among candidates, indirect calls to every
    // address-taken candidate of the called type.
    let edges: Vec<Vec<usize>> = candidates
        .iter()
        .map(|&f| {
            let mut out = Vec::new();
            for call in calls(f) {
                match ir::called_function(call) {
                    Some(g) => out.extend(index.get(&g)),
                    None => {
                        let ty = unsafe { LLVMGetCalledFunctionType(call) };
                        out.extend(by_type.get(&ty).into_iter().flatten());
                    }
                }
            }
            out.sort_unstable();
            out.dedup();
            out
        })
        .collect();
    let recursive = in_cycles(&edges);

    let library: Vec<bool> = candidates.iter().map(|&f| ir::has_string_attribute(f, LIBRARY_ANNOTATION)).collect();
    let holds: Vec<bool> = candidates.iter().map(|&f| ir::has_string_attribute(f, HOLDS_REQUESTS_ANNOTATION)).collect();
    let held = held_context(&candidates, &index, &holds);
    let through_pointer: Vec<bool> = candidates.iter().map(|&f| calls_through_pointer(f)).collect();
    let points: Vec<bool> = (0..candidates.len()).map(|i| !held[i] && (!library[i] || through_pointer[i])).collect();
    let mut entry_points: Vec<bool> =
        (0..candidates.len()).map(|i| points[i] && (recursive[i] || library[i] && through_pointer[i])).collect();
    let mut needs: Vec<bool> =
        candidates.iter().enumerate().map(|(i, &f)| entry_points[i] || points[i] && has_cycle(f)).collect();
    // Callers of functions that need it need it too, to a fixed point;
    // never one that runs with requests held.
    fixed_point(&mut needs, |i, needs| !held[i] && edges[i].iter().any(|&j| needs[j]));
    // Those that hold requests, where a point may be reached below them,
    // are points at their entry (before they hold requests: every printf
    // passes one), and their callers' calls of them call sites.
    let mut reaches_point = vec![false; candidates.len()];
    fixed_point(&mut reaches_point, |i, reaches| held[i] && edges[i].iter().any(|&j| needs[j] || reaches[j]));
    let holders: Vec<usize> = (0..candidates.len()).filter(|&i| holds[i] && reaches_point[i]).collect();
    for &i in &holders {
        needs[i] = true;
        entry_points[i] = true;
    }
    fixed_point(&mut needs, |i, needs| !held[i] && edges[i].iter().any(|&j| needs[j]));

    let functions: Vec<Planned> = candidates
        .iter()
        .enumerate()
        .filter(|&(i, _)| needs[i])
        .map(|(i, &function)| Planned { function, entry_point: entry_points[i], loop_points: points[i] })
        .collect();
    let instrumented: HashSet<LLVMValueRef> = functions.iter().map(|p| p.function).collect();
    let indirect_types = by_type.iter().filter(|(_, fs)| fs.iter().any(|&i| needs[i])).map(|(&ty, _)| ty).collect();
    let holders = holders.into_iter().map(|i| candidates[i]).collect();
    let held = (0..candidates.len()).filter(|&i| held[i]).map(|i| candidates[i]).collect();
    Plan { functions, holders, held, instrumented, indirect_types }
}

/// Sets more of `flags` while `becomes(i, flags)` says so, until none changes.
fn fixed_point(flags: &mut [bool], becomes: impl Fn(usize, &[bool]) -> bool) {
    let mut changed = true;
    while changed {
        changed = false;
        for i in 0..flags.len() {
            if !flags[i] && becomes(i, flags) {
                flags[i] = true;
                changed = true;
            }
        }
    }
}

/// Which candidates run only while requests are held: those that hold them,
/// and those whose every use is a direct call from one that runs so (their
/// static helpers: printf's fmt_fp, exit's __funcs_on_exit).
fn held_context(candidates: &[LLVMValueRef], index: &HashMap<LLVMValueRef, usize>, holds: &[bool]) -> Vec<bool> {
    // Each candidate's callers, when every use of it is a direct call from
    // a candidate (read once: the fixed point visits every candidate again
    // on each round).
    let only_called_by: Vec<Option<Vec<usize>>> = candidates
        .iter()
        .map(|&f| {
            let uses = ir::users(f);
            if uses.is_empty() {
                return None;
            }
            uses.iter()
                .map(|&u| {
                    let direct_call = ir::is_call(u) && ir::callee(u) == f;
                    if direct_call {
                        index.get(&ir::parent_function(u)).copied()
                    } else {
                        None
                    }
                })
                .collect()
        })
        .collect();
    let mut held = holds.to_vec();
    fixed_point(&mut held, |i, held| {
        only_called_by[i].as_ref().is_some_and(|callers| callers.iter().all(|&j| held[j]))
    });
    held
}

fn calls_through_pointer(f: LLVMValueRef) -> bool {
    calls(f).any(|call| ir::called_function(call).is_none())
}

/// Whether the function's control flow has any cycle (natural loop or not).
fn has_cycle(f: LLVMValueRef) -> bool {
    let (loops, other_cycles) = Cfg::of(f).loops();
    !loops.is_empty() || !other_cycles.is_empty()
}

/// Which nodes lie on a cycle of the graph (Tarjan's strongly connected
/// components, iteratively).
fn in_cycles(edges: &[Vec<usize>]) -> Vec<bool> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut result = vec![false; n];
    let mut next = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut i)) = work.last_mut() {
            if *i == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*i) {
                *i += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                loop {
                    let w = stack.pop().expect("on stack");
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                let cyclic = component.len() > 1 || edges[v].contains(&v);
                for w in component {
                    result[w] = cyclic;
                }
            }
        }
    }
    result
}
