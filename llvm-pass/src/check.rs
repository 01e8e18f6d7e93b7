//! Rejects constructs that cannot mean the same thing on every ISA: inline
//! assembly, target-specific intrinsics and guaranteed tail calls. Runs on
//! each input module, so errors name the source file.

use llvm_sys::core::*;
use llvm_sys::prelude::*;
use llvm_sys::LLVMTailCallKind;

use crate::ir;
use crate::Error;

const TARGET_INTRINSIC_PREFIXES: &[&str] = &["llvm.riscv.", "llvm.x86.", "llvm.aarch64.", "llvm.arm."];

/// Checks one module; `file` names it in errors.
pub fn check_module(m: LLVMModuleRef, file: &str) -> Result<(), Error> {
    let mut len = 0;
    let module_asm = unsafe { LLVMGetModuleInlineAsm(m, &mut len) };
    if len > 0 && !module_asm.is_null() {
        return Err(not_portable(file, "<file scope>", "top-level inline assembly", ASM_HINT));
    }
    for f in ir::functions(m) {
        for inst in ir::function_instructions(f) {
            if ir::is_call(inst) {
                check_call(inst, f, file)?;
            }
        }
    }
    Ok(())
}

/// Generic intrinsics that still name one ISA's registers.
const REGISTER_INTRINSICS: &[&str] = &["llvm.read_register", "llvm.read_volatile_register", "llvm.write_register"];

const ASM_HINT: &str =
    "replace the assembly with portable C (or a generic __builtin_*), or guard it with #ifndef __migcc__";

fn check_call(call: LLVMValueRef, f: LLVMValueRef, file: &str) -> Result<(), Error> {
    let fname = ir::name(f);
    let callee = ir::callee(call);
    if !unsafe { LLVMIsAInlineAsm(callee) }.is_null() && !is_compiler_barrier(callee) {
        return Err(not_portable(file, &fname, "inline assembly", ASM_HINT));
    }
    if unsafe { LLVMGetTailCallKind(call) } == LLVMTailCallKind::LLVMTailCallKindMustTail {
        return Err(not_portable(
            file,
            &fname,
            "a guaranteed tail call (musttail)",
            "migcc must be able to return through every frame; use an ordinary call",
        ));
    }
    if let Some(intrinsic) = ir::intrinsic_name(call) {
        if REGISTER_INTRINSICS.iter().any(|p| intrinsic.starts_with(p)) {
            return Err(not_portable(
                file,
                &fname,
                "a named machine register (a global register variable)",
                "keep the value in an ordinary variable",
            ));
        }
        if TARGET_INTRINSIC_PREFIXES.iter().any(|p| intrinsic.starts_with(p)) {
            return Err(not_portable(
                file,
                &fname,
                &format!("the target-specific intrinsic `{intrinsic}`"),
                "use portable C or generic __builtin_* functions instead of ISA-specific builtins",
            ));
        }
    }
    Ok(())
}

fn not_portable(file: &str, function: &str, what: &str, hint: &'static str) -> Error {
    Error::NotPortable { file: file.to_string(), function: function.to_string(), what: what.to_string(), hint }
}

/// `asm("" ::: "memory")` and `asm("" : "+r"(x))` emit no instruction on
/// any ISA; they only constrain the optimiser, so they are portable as long
/// as they name no specific register.
fn is_compiler_barrier(asm: LLVMValueRef) -> bool {
    let text = |get: unsafe extern "C" fn(LLVMValueRef, *mut usize) -> *const std::ffi::c_char| unsafe {
        let mut len = 0;
        let ptr = get(asm, &mut len);
        String::from_utf8_lossy(std::slice::from_raw_parts(ptr as *const u8, len)).into_owned()
    };
    const GENERIC_CLOBBERS: &[&str] = &["~{memory}", "~{cc}", "~{dirflag}", "~{fpsr}", "~{flags}"];
    text(LLVMGetInlineAsmAsmString).trim().is_empty()
        && text(LLVMGetInlineAsmConstraintString).split(',').all(|c| GENERIC_CLOBBERS.contains(&c) || !c.contains('{'))
}
