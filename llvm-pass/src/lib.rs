//! migcc's LLVM work: portability checks, the portable-IR transformations
//! (variadic functions, thread-locals, strict floating point), whole-program
//! linking and optimisation, and per-ISA code generation.

mod check;
mod error;
mod indirect_goto;
mod init_arrays;
mod ir;
mod libcalls;
mod link;
mod migrate;
mod pipeline;
mod sections;
mod spin_hint;
mod strict_fp;
mod target_attrs;
mod targets;
mod thread_pointer;
mod tls;
mod varargs;

pub use error::Error;
pub use link::Inputs;
pub use migrate::{
    control_env as migration_control_env, frame_table, Stats as MigrationStats, MIGRATED_EXIT_STATUS, MIGRATION_SIGNAL,
    RUNTIME_SYMBOLS as MIGRATION_RUNTIME_SYMBOLS,
};
pub use pipeline::{build_portable, codegen, prepare_object, OptLevel, Portable, PortableLink};

/// Routes LLVM's fatal errors (which would otherwise abort the process)
/// to `handler`, which must not return.
pub fn on_fatal_error(handler: fn(&str) -> !) {
    static HANDLER: std::sync::OnceLock<fn(&str) -> !> = std::sync::OnceLock::new();
    extern "C" fn trampoline(reason: *const std::ffi::c_char) {
        let reason = unsafe { std::ffi::CStr::from_ptr(reason) }.to_string_lossy();
        match HANDLER.get() {
            Some(handler) => handler(&reason),
            None => std::process::abort(),
        }
    }
    if HANDLER.set(handler).is_ok() {
        unsafe { llvm_sys::error_handling::LLVMInstallFatalErrorHandler(Some(trampoline)) };
    }
}

#[cfg(test)]
mod tests;
