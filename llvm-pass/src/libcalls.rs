//! Library functions that LLVM may call by name although the program's IR
//! does not call them (yet).
//!
//! Two kinds, both read from LLVM's own tables by build.rs:
//! - the optimiser may introduce a call to any function it recognises
//!   (`exp2(n)` → `ldexp(1, n)`, `printf("x\n")` → `puts("x")`);
//! - code generation may call a runtime function for an instruction or
//!   intrinsic (memory intrinsics; math intrinsics that an ISA lowers to a
//!   libm call: x86_64's baseline has no rounding instructions, `frem`
//!   becomes fmod).
//!
//! Such a call binds to whatever function of that name the program
//! defines. If whole-program optimisation had specialised that function for
//! the callers it could see (constants propagated, arguments dropped, the
//! calling convention changed), the new call would silently compute the
//! wrong thing. So a function with one of these names is never internalised
//! while optimisation runs (see pipeline.rs), and the functions that code
//! generation needs are linked in before it runs.

use std::collections::BTreeSet;

use llvm_sys::LLVMOpcode;

use crate::{ir, Error};

include!(concat!(env!("OUT_DIR"), "/llvm_libcalls.rs"));

/// Whether the optimiser or code generation may call `name` by name.
pub(crate) fn callable_by_name(name: &str) -> bool {
    OPTIMISER_LIBCALLS.binary_search(&name).is_ok() || codegen_may_call(name)
}

/// Whether code generation may call `name` by name.
pub(crate) fn codegen_may_call(name: &str) -> bool {
    CODEGEN_LIBCALLS.binary_search(&name).is_ok()
}

/// Always needed: every backend expands large copies into these.
const MEMORY: &[&str] = &["memcpy", "memmove", "memset", "memcmp", "bcmp"];

/// Intrinsic base name → libm base name.
const MATH: &[(&str, &str)] = &[
    ("floor", "floor"),
    ("ceil", "ceil"),
    ("trunc", "trunc"),
    ("round", "round"),
    ("rint", "rint"),
    ("nearbyint", "nearbyint"),
    ("roundeven", "roundeven"),
    ("sqrt", "sqrt"),
    ("fma", "fma"),
    ("pow", "pow"),
    ("exp", "exp"),
    ("exp2", "exp2"),
    ("exp10", "exp10"),
    ("log", "log"),
    ("log2", "log2"),
    ("log10", "log10"),
    ("sin", "sin"),
    ("cos", "cos"),
    ("tan", "tan"),
    ("asin", "asin"),
    ("acos", "acos"),
    ("atan", "atan"),
    ("atan2", "atan2"),
    ("sinh", "sinh"),
    ("cosh", "cosh"),
    ("tanh", "tanh"),
    ("ldexp", "ldexp"),
    ("frexp", "frexp"),
    ("modf", "modf"),
    ("sincos", "sincos"),
    ("minnum", "fmin"),
    ("maxnum", "fmax"),
    ("lrint", "lrint"),
    ("llrint", "llrint"),
    ("lround", "lround"),
    ("llround", "llround"),
];

/// Constrained intrinsics whose plain form is an instruction: `frem` (an
/// instruction, handled below) has `llvm.experimental.constrained.frem`.
const CONSTRAINED_ONLY: &[(&str, &str)] = &[("frem", "fmod")];

/// libm's suffix for a floating-point intrinsic overload; a vector overload
/// (`v4f64`, `nxv2f32`) is lowered element by element to the scalar call.
fn suffix(overload: &str) -> Option<&'static str> {
    let element = overload
        .strip_prefix("nxv")
        .or_else(|| overload.strip_prefix('v'))
        .map_or(overload, |rest| rest.trim_start_matches(|c: char| c.is_ascii_digit()));
    match element {
        "f32" => Some("f"),
        "f64" => Some(""),
        "f128" => Some("l"),
        _ => None,
    }
}

/// Every library function this module's code generation may call.
pub(crate) fn needed(m: llvm_sys::prelude::LLVMModuleRef) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = MEMORY.iter().map(|s| s.to_string()).collect();
    for f in ir::functions(m) {
        let name = ir::name(f);
        if let Some(rest) = name.strip_prefix("llvm.") {
            // Strict floating point (-frounding-math, musl's own flags) uses
            // the constrained forms, which lower to the same calls.
            let rest = rest.strip_prefix("experimental.constrained.").unwrap_or(rest);
            for (intrinsic, libm) in MATH.iter().chain(CONSTRAINED_ONLY) {
                if let Some(types) = rest.strip_prefix(intrinsic).and_then(|r| r.strip_prefix('.')) {
                    // The floating-point overload names the libm variant,
                    // wherever it is: lrint.i64.f64, ldexp.f64.i32.
                    if let Some(s) = types.split('.').find_map(suffix) {
                        out.insert(format!("{libm}{s}"));
                    }
                }
            }
        }
        for inst in ir::function_instructions(f) {
            if ir::opcode(inst) == LLVMOpcode::LLVMFRem {
                for s in ["fmodf", "fmod", "fmodl"] {
                    out.insert(s.to_string());
                }
                break;
            }
        }
    }
    out
}

/// Code generation is about to run: every library function it may call
/// for this module's instructions and intrinsics must be defined in it.
pub(crate) fn check_defined(m: llvm_sys::prelude::LLVMModuleRef, isa: migcc_sysroot::Isa) -> Result<(), Error> {
    let defined: BTreeSet<String> =
        ir::functions(m).into_iter().filter(|&f| !ir::is_declaration(f)).map(ir::name).collect();
    match needed(m).into_iter().find(|name| !defined.contains(name)) {
        Some(name) => Err(Error::Llvm {
            what: format!("generate {isa} code"),
            detail: format!("it needs the library function `{name}`, which the portable stage did not link"),
        }),
        None => Ok(()),
    }
}
