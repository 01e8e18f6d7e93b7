//! Library functions that code generation may call although the IR does
//! not: memory intrinsics, and math intrinsics that an ISA lowers to a libm
//! call (x86_64's baseline has no rounding instructions, fp128 arithmetic
//! is soft-float everywhere, `frem` becomes fmod). They must be linked in
//! and must survive internalisation.

use std::collections::BTreeSet;

use llvm_sys::LLVMOpcode;

use crate::ir;

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
    ("sinh", "sinh"),
    ("cosh", "cosh"),
    ("tanh", "tanh"),
    ("ldexp", "ldexp"),
    ("frexp", "frexp"),
    ("minnum", "fmin"),
    ("maxnum", "fmax"),
    ("lrint", "lrint"),
    ("llrint", "llrint"),
    ("lround", "lround"),
    ("llround", "llround"),
];

/// libm's suffix for a floating-point intrinsic overload.
fn suffix(overload: &str) -> Option<&'static str> {
    match overload {
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
            for (intrinsic, libm) in MATH {
                if let Some(types) = rest.strip_prefix(intrinsic).and_then(|r| r.strip_prefix('.')) {
                    // lrint.i64.f64: the last overload is the FP operand.
                    if let Some(s) = types.rsplit('.').next().and_then(suffix) {
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
