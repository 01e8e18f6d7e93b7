//! Rejects constructs that cannot mean the same thing on every ISA: inline
//! assembly, target-specific intrinsics and guaranteed tail calls. Runs on
//! each input module, so errors name the source file.

use llvm_sys::core::*;
use llvm_sys::prelude::*;
use llvm_sys::{LLVMOpcode, LLVMTailCallKind};

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
    for g in ir::functions(m).into_iter().chain(ir::globals(m)) {
        check_section(g, file)?;
    }
    for f in ir::functions(m) {
        for inst in ir::function_instructions(f) {
            if ir::is_call(inst) {
                check_call(inst, f, file)?;
            }
            if matches!(ir::opcode(inst), LLVMOpcode::LLVMInvoke | LLVMOpcode::LLVMLandingPad | LLVMOpcode::LLVMResume)
            {
                return Err(not_portable(
                    file,
                    &ir::name(f),
                    "unwinding (an `invoke`: Rust's panic=unwind, or C built with -fexceptions)",
                    "migcc has no unwinder: build Rust with panic=abort (cargo migcc does) and C without -fexceptions",
                ));
            }
            if let Some(name) = ir::operands(inst).into_iter().find_map(cpu_feature_runtime) {
                return Err(not_portable(
                    file,
                    &ir::name(f),
                    &format!("a run-time CPU feature test (`__builtin_cpu_supports`, `__builtin_cpu_init`; it reads `{name}`)"),
                    "a migrating program cannot rely on one CPU's features; choose the code path at build time, or guard it with #ifndef __migcc__",
                ));
            }
        }
    }
    Ok(())
}

/// What `__builtin_cpu_supports` and `__builtin_cpu_init` read or call
/// (compiler-rt's feature runtimes): clang-22 accepts them for riscv64, the
/// virtual ISA, where they would test whichever CPU runs the program now.
const CPU_FEATURE_RUNTIME: &[&str] = &[
    "__riscv_feature_bits",
    "__riscv_vendor_feature_bits",
    "__riscv_cpu_model",
    "__init_riscv_feature_bits",
    "__cpu_model",
    "__cpu_features2",
    "__cpu_indicator_init",
    "__aarch64_cpu_features",
    "__init_cpu_features",
];

/// The feature runtime's symbol that `v` names, directly or inside a
/// constant expression (`getelementptr (@__riscv_feature_bits, 8)`).
fn cpu_feature_runtime(v: LLVMValueRef) -> Option<String> {
    if !unsafe { LLVMIsAGlobalValue(v) }.is_null() {
        let name = ir::name(v);
        return CPU_FEATURE_RUNTIME.contains(&name.as_str()).then_some(name);
    }
    if unsafe { LLVMIsAConstantExpr(v) }.is_null() {
        return None;
    }
    ir::operands(v).into_iter().find_map(cpu_feature_runtime)
}

/// Generic intrinsics that still name one ISA's registers.
const REGISTER_INTRINSICS: &[&str] = &["llvm.read_register", "llvm.read_volatile_register", "llvm.write_register"];

const ASM_HINT: &str = "replace the assembly with portable code (in C, a generic __builtin_*), or leave it out of \
                        migcc builds: #ifndef __migcc__ in C, #[cfg(not(migcc))] in Rust";

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

/// Sections that a program may not place its own objects in, with why.
/// Every other name is honoured (see sections.rs).
const UNSUPPORTED_SECTIONS: &[(&[&str], &str, &str)] = &[
    (
        &[".preinit_array", ".ctors", ".dtors", ".init", ".fini"],
        "musl's start-up and exit run only .init_array and .fini_array",
        "use __attribute__((constructor)) or __attribute__((destructor))",
    ),
    (
        &[".tdata", ".tbss"],
        "only _Thread_local variables can live in thread-local storage",
        "declare the variable _Thread_local, without a section attribute",
    ),
    (
        &[
            ".mig",
            ".bss.mig",
            ".note",
            ".debug",
            ".comment",
            ".eh_frame",
            ".gcc_except_table",
            ".got",
            ".plt",
            ".dynamic",
            ".dynsym",
            ".dynstr",
            ".interp",
            ".hash",
            ".gnu",
            ".rela",
            ".rel",
            ".symtab",
            ".strtab",
            ".shstrtab",
            ".group",
            ".llvm",
            ".riscv",
            ".ARM",
        ],
        "the section is reserved for the toolchain, and nothing placed there would be part of the migrating image",
        "use a section name of your own",
    ),
];

fn check_section(g: LLVMValueRef, file: &str) -> Result<(), Error> {
    let section = unsafe { LLVMGetSection(g) };
    if ir::is_declaration(g) || section.is_null() {
        return Ok(());
    }
    let section = unsafe { std::ffi::CStr::from_ptr(section) }.to_string_lossy();
    let is_named =
        |prefix: &&str| section.strip_prefix(prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with('.'));
    for (prefixes, reason, hint) in UNSUPPORTED_SECTIONS {
        if prefixes.iter().any(is_named) {
            return Err(Error::UnsupportedSection {
                file: file.to_string(),
                object: ir::name(g),
                section: section.into_owned(),
                reason,
                hint,
            });
        }
    }
    Ok(())
}

fn not_portable(file: &str, function: &str, what: &str, hint: &'static str) -> Error {
    Error::NotPortable { file: file.to_string(), function: readable(function), what: what.to_string(), hint }
}

/// A Rust symbol as its path (`crate::module::function`, without the
/// hash); any other name unchanged.
fn readable(symbol: &str) -> String {
    match rustc_demangle::try_demangle(symbol) {
        Ok(path) => format!("{path:#}"),
        Err(_) => symbol.to_string(),
    }
}

/// `asm("" ::: "memory")` and `asm("" : "+r"(x))` emit no instruction on
/// any ISA; they only constrain the optimiser, so they are portable as long
/// as they name no specific register.
fn is_compiler_barrier(asm: LLVMValueRef) -> bool {
    const GENERIC_CLOBBERS: &[&str] = &["~{memory}", "~{cc}", "~{dirflag}", "~{fpsr}", "~{flags}"];
    let (text, constraints) = ir::inline_asm_text(asm);
    text.trim().is_empty() && constraints.split(',').all(|c| GENERIC_CLOBBERS.contains(&c) || !c.contains('{'))
}
