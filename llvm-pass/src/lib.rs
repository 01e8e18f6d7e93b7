//! migcc's LLVM work: portability checks, the portable-IR transformations
//! (variadic functions, thread-locals, strict floating point), whole-program
//! linking and optimisation, and per-ISA code generation.

mod check;
mod error;
mod ir;
mod libcalls;
mod link;
mod pipeline;
mod sections;
mod strict_fp;
mod target_attrs;
mod targets;
mod thread_pointer;
mod tls;
mod varargs;

pub use error::Error;
pub use link::Inputs;
pub use pipeline::{build_portable, codegen, OptLevel, PortableLink};
pub use sections::{BSS, DATA, RODATA, TEXT};

/// Checks a freshly compiled portable object (bitcode file) and reports the
/// first non-portable construct, naming `source` and the function.
pub fn check_object(bitcode: &[u8], path: &std::path::Path) -> Result<(), Error> {
    let ctx = inkwell::context::Context::create();
    link::parse_object(&ctx, bitcode, path).map(drop)
}

#[cfg(test)]
mod tests;
