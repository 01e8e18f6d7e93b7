//! The portable-IR pipeline, run once per program, and per-ISA code
//! generation, run once per ISA.
//!
//! Portable stage (one module, canonical riscv64 target):
//!   link → strip target attributes → strict FP → lower varargs → lower TLS
//!   → internalise → optimise → link late libcalls → [migration
//!   instrumentation goes here: after every module-level change, before
//!   sections are fixed] → assign sections → bitcode
//! Per-ISA stage (from that bitcode, in parallel):
//!   retarget → inline the thread pointer → function-level optimisation for
//!   the ISA (vectorisation) → object code
//! Module-level passes never run per ISA, so globals and frames are the
//! same everywhere by construction.

use std::collections::BTreeSet;
use std::path::Path;

use inkwell::context::Context;
use inkwell::memory_buffer::MemoryBuffer;
use inkwell::module::Module;
use inkwell::passes::PassBuilderOptions;
use inkwell::targets::FileType;
use llvm_sys::core::*;
use llvm_sys::LLVMLinkage;
use migcc_sysroot::Isa;

use crate::link::{self, Archives, Inputs};
use crate::{
    init_arrays, ir, libcalls, migrate, sections, strict_fp, target_attrs, targets, thread_pointer, tls, varargs, Error,
};

/// Optimisation level, as given by -O.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum OptLevel {
    O0,
    O1,
    #[default]
    O2,
    O3,
    Os,
    Oz,
}

/// Named metadata in which every object migcc compiles records its -O
/// level. Linked modules concatenate it, so the linked program lists the
/// level of each object it took.
const RECORDED_LEVEL: &str = "migcc.opt";

impl OptLevel {
    const ALL: [OptLevel; 6] = [OptLevel::O0, OptLevel::O1, OptLevel::O2, OptLevel::O3, OptLevel::Os, OptLevel::Oz];

    /// How much optimisation a level asks for, the size levels between
    /// -O1 and -O2: of objects at -Os and -O2, the program gets -O2.
    fn rank(self) -> u8 {
        match self {
            OptLevel::O0 => 0,
            OptLevel::O1 => 1,
            OptLevel::Oz => 2,
            OptLevel::Os => 3,
            OptLevel::O2 => 4,
            OptLevel::O3 => 5,
        }
    }

    /// The whole-program pipeline, run once on the portable module (with
    /// riscv64's cost model).
    pub fn portable_pipeline(self) -> &'static str {
        match self {
            OptLevel::O0 => "always-inline,globaldce",
            OptLevel::O1 => "default<O1>",
            OptLevel::O2 => "default<O2>",
            OptLevel::O3 => "default<O3>",
            OptLevel::Os => "default<Os>",
            OptLevel::Oz => "default<Oz>",
        }
    }

    /// Per-object optimisation before the whole-program link (what clang
    /// runs for -flto): no vectorisation or unrolling yet.
    pub fn prelink_pipeline(self) -> Option<&'static str> {
        match self {
            OptLevel::O0 => None,
            OptLevel::O1 => Some("lto-pre-link<O1>"),
            OptLevel::O2 => Some("lto-pre-link<O2>"),
            OptLevel::O3 => Some("lto-pre-link<O3>"),
            OptLevel::Os => Some("lto-pre-link<Os>"),
            OptLevel::Oz => Some("lto-pre-link<Oz>"),
        }
    }

    /// Function passes that use the ISA's own cost model. Vectorisation and
    /// unrolling wait for this stage because they depend on the ISA's vector
    /// units; they never touch globals.
    pub fn per_isa_pipeline(self) -> Option<&'static str> {
        match self {
            OptLevel::O0 | OptLevel::O1 | OptLevel::Oz => None,
            OptLevel::O2 | OptLevel::O3 | OptLevel::Os => Some(
                "function(early-cse,loop-mssa(licm),loop-vectorize,loop-load-elim,instcombine<no-verify-fixpoint>,simplifycfg,\
                 slp-vectorizer,vector-combine,instcombine<no-verify-fixpoint>,loop-unroll<O2>,instcombine<no-verify-fixpoint>,simplifycfg)",
            ),
        }
    }
}

/// What the portable stage needs to know about the rest of the link.
pub struct PortableLink<'a> {
    pub inputs: &'a Inputs,
    /// Entry points the native layer calls into; never internalised.
    pub roots: &'a [&'a str],
    /// Symbols that native code (the per-ISA layer, the linker) provides.
    pub native_symbols: &'a BTreeSet<String>,
    /// Add the migration instrumentation (see migrate/).
    pub migratable: bool,
}

/// The portable module, the level it was optimised at, and what the
/// instrumentation did to it.
pub struct Portable {
    pub bitcode: Vec<u8>,
    pub opt: OptLevel,
    pub migration: Option<migrate::Stats>,
}

/// Links and transforms the whole program into one portable module, and
/// returns its bitcode. It is optimised at `opt`, else (a link without -O,
/// as in `cc -O2 -c *.c; cc -o app *.o`) at the highest level its objects
/// were compiled at.
pub fn build_portable(link_spec: &PortableLink<'_>, opt: Option<OptLevel>) -> Result<Portable, Error> {
    let ctx = Context::create();
    let mut archives = Archives::open(&link_spec.inputs.archives, &ctx)?;
    let mut roots = link_spec.roots.to_vec();
    if link_spec.migratable {
        roots.extend(migrate::RUNTIME_SYMBOLS);
    }
    let module = link::link_program(&ctx, link_spec.inputs, &mut archives, &roots)?;
    let m = module.as_mut_ptr();
    let opt = opt.unwrap_or_else(|| recorded_level(&module));

    let mut keep: BTreeSet<String> = roots.iter().map(|s| s.to_string()).collect();
    let libcalls = libcalls::needed(m);
    link::resolve(&ctx, &module, &mut archives, libcalls.iter().cloned())?;
    keep.extend(libcalls);
    make_portable(m)?;
    // Library functions stay external while optimisation runs: it may add
    // calls to them that it could not see when it specialised them.
    internalize(&module, |name| keep.contains(name) || libcalls::callable_by_name(name));
    optimize(&module, opt.portable_pipeline(), Isa::Riscv64, opt)?;

    // Optimisation may turn calls into other library calls (printf → puts):
    // link those too and make them portable in the same way.
    let late = libcalls::needed(m);
    link::resolve(&ctx, &module, &mut archives, late.iter().cloned())?;
    keep.extend(late);
    make_portable(m)?;
    // From here on only per-ISA function passes run, and they run without
    // library-call simplification (see `codegen`): what only the optimiser
    // could have called may now go, if unused.
    internalize(&module, |name| keep.contains(name) || libcalls::codegen_may_call(name));
    optimize(&module, "globaldce", Isa::Riscv64, opt)?;
    // The linker defines __start_S and __stop_S for each named section S.
    let mut provided = link_spec.native_symbols.clone();
    for section in sections::identifier_sections(m) {
        provided.insert(format!("__start_{section}"));
        provided.insert(format!("__stop_{section}"));
    }
    check_resolved(&module, &provided)?;

    // Migration instrumentation: once, on portable IR, after every
    // module-level change and before sections are fixed. Its stack slots
    // go back to SSA values, and the shadow stack slot accessor is inlined.
    let migration = if link_spec.migratable {
        let stats = migrate::instrument(m)?;
        optimize(&module, "always-inline,function(sroa)", Isa::Riscv64, opt)?;
        Some(stats)
    } else {
        None
    };
    init_arrays::lower(m);
    sections::assign(m)?;
    module.verify().map_err(|e| Error::Llvm { what: "verify the portable module".into(), detail: e.to_string() })?;
    Ok(Portable { bitcode: module.write_bitcode_to_memory().as_slice().to_vec(), opt, migration })
}

/// The highest -O level the linked objects recorded; -O2 when none did
/// (bitcode from other compilers), as lld's LTO does.
fn recorded_level(module: &Module<'_>) -> OptLevel {
    module
        .get_global_metadata(RECORDED_LEVEL)
        .iter()
        .filter_map(|node| {
            let values = node.get_node_values()?;
            let name = values.first()?.into_metadata_value().get_string_value()?.to_vec();
            OptLevel::ALL.into_iter().find(|level| format!("{level:?}").as_bytes() == name)
        })
        .max_by_key(|level| level.rank())
        .unwrap_or(OptLevel::O2)
}

/// The portable-IR transformations. Each is idempotent, so they can run
/// again after late linking.
fn make_portable(m: llvm_sys::prelude::LLVMModuleRef) -> Result<(), Error> {
    target_attrs::strip(m);
    strict_fp::enforce(m);
    varargs::lower(m)?;
    tls::lower(m)
}

/// Gives internal linkage to every definition whose name `keep` rejects,
/// so that whole-program optimisation can drop and specialise the rest.
fn internalize(module: &Module<'_>, keep: impl Fn(&str) -> bool) {
    let m = module.as_mut_ptr();
    for g in ir::functions(m).into_iter().chain(ir::globals(m)).chain(ir::aliases(m)) {
        let name = ir::name(g);
        if ir::is_declaration(g) || name.starts_with("llvm.") || keep(&name) {
            continue;
        }
        unsafe {
            if !matches!(LLVMGetLinkage(g), LLVMLinkage::LLVMInternalLinkage | LLVMLinkage::LLVMPrivateLinkage) {
                LLVMSetLinkage(g, LLVMLinkage::LLVMInternalLinkage);
                LLVMSetVisibility(g, llvm_sys::LLVMVisibility::LLVMDefaultVisibility);
            }
        }
    }
}

fn optimize(module: &Module<'_>, passes: &str, isa: Isa, opt: OptLevel) -> Result<(), Error> {
    let machine = targets::machine(isa, opt)?;
    let options = PassBuilderOptions::create();
    // On portable IR, leave loops for the per-ISA stage: vectorising or
    // unrolling with riscv64's cost model would hide them from x86_64's and
    // aarch64's vectorisers.
    let portable = isa == Isa::Riscv64 && passes == opt.portable_pipeline();
    options.set_loop_vectorization(!portable);
    options.set_loop_slp_vectorization(!portable);
    options.set_loop_interleaving(!portable);
    options.set_loop_unrolling(!portable);
    module
        .run_passes(passes, &machine, options)
        .map_err(|e| Error::Llvm { what: format!("optimise ({passes})"), detail: e.to_string() })
}

/// Runs the per-ISA function passes without library-call simplification:
/// the portable stage has done it already, and a call added now could name
/// a library function that was never linked. Fails if a pass still adds a
/// call to a function the portable stage did not declare.
fn optimize_for_isa(module: &Module<'_>, passes: &str, isa: Isa, opt: OptLevel) -> Result<(), Error> {
    const NO_BUILTINS: &str = "no-builtins";
    let m = module.as_mut_ptr();
    let marked: Vec<_> = ir::functions(m)
        .into_iter()
        .filter(|&f| !ir::is_declaration(f) && !ir::has_string_attribute(f, NO_BUILTINS))
        .collect();
    let before = called_declarations(m);
    for &f in &marked {
        ir::add_string_attribute(f, NO_BUILTINS);
    }
    optimize(module, passes, isa, opt)?;
    for &f in &marked {
        ir::remove_string_attribute(f, NO_BUILTINS);
    }
    match called_declarations(m).difference(&before).next() {
        Some(new) => Err(Error::Llvm {
            what: format!("optimise for {isa}"),
            detail: format!("a per-ISA pass introduced a call to `{new}`, which the portable stage did not link"),
        }),
        None => Ok(()),
    }
}

/// Names of the declared (not defined) functions that something uses.
fn called_declarations(m: llvm_sys::prelude::LLVMModuleRef) -> BTreeSet<String> {
    ir::functions(m)
        .into_iter()
        .filter(|&f| ir::is_declaration(f) && !ir::users(f).is_empty())
        .map(ir::name)
        .filter(|name| !name.starts_with("llvm."))
        .collect()
}

/// Every remaining declaration must be provided natively.
fn check_resolved(module: &Module<'_>, native: &BTreeSet<String>) -> Result<(), Error> {
    let m = module.as_mut_ptr();
    for g in ir::functions(m).into_iter().chain(ir::globals(m)) {
        let name = ir::name(g);
        if !ir::is_declaration(g)
            || name.starts_with("llvm.")
            || native.contains(&name)
            || unsafe { LLVMGetLinkage(g) } == LLVMLinkage::LLVMExternalWeakLinkage
            || ir::users(g).is_empty()
        {
            continue;
        }
        let referenced_from = ir::users(g)
            .into_iter()
            .find(|&u| !unsafe { LLVMIsAInstruction(u) }.is_null())
            .map(|u| ir::name(ir::parent_function(u)));
        return Err(Error::Undefined { symbol: name, referenced_from });
    }
    Ok(())
}

/// Makes one portable object from the frontend's unoptimised bitcode:
/// checks portability first (optimisation could hide a construct, e.g. turn
/// a `musttail` self-call into a loop), then runs the pre-link pipeline.
/// Returns bitcode, or textual IR when `textual` (for -S).
pub fn prepare_object(unoptimised: &[u8], source: &Path, opt: OptLevel, textual: bool) -> Result<Vec<u8>, Error> {
    let ctx = Context::create();
    let module = link::parse_object(&ctx, unoptimised, source)?;
    if let Some(passes) = opt.prelink_pipeline() {
        optimize(&module, passes, Isa::Riscv64, opt)?;
    }
    let level = ctx.metadata_node(&[ctx.metadata_string(&format!("{opt:?}")).into()]);
    module
        .add_global_metadata(RECORDED_LEVEL, &level)
        .map_err(|e| Error::Llvm { what: "record the optimisation level".into(), detail: e.to_string() })?;
    Ok(if textual {
        module.print_to_string().to_bytes().to_vec()
    } else {
        module.write_bitcode_to_memory().as_slice().to_vec()
    })
}

/// Generates `isa`'s object code from the portable bitcode.
pub fn codegen(bitcode: &[u8], isa: Isa, opt: OptLevel) -> Result<Vec<u8>, Error> {
    let ctx = Context::create();
    let buffer = MemoryBuffer::create_from_memory_range_copy(bitcode, "portable");
    let module = Module::parse_bitcode_from_buffer(&buffer, &ctx)
        .map_err(|e| Error::Llvm { what: "read the portable module".into(), detail: e.to_string() })?;
    let machine = targets::machine(isa, opt)?;
    module.set_triple(&machine.get_triple());
    module.set_data_layout(&machine.get_target_data().get_data_layout());
    thread_pointer::inline_reads(module.as_mut_ptr(), isa);
    if let Some(passes) = opt.per_isa_pipeline() {
        optimize_for_isa(&module, passes, isa, opt)?;
    }
    libcalls::check_defined(module.as_mut_ptr(), isa)?;
    let object = machine
        .write_to_memory_buffer(&module, FileType::Object)
        .map_err(|e| Error::Llvm { what: format!("generate {isa} code"), detail: e.to_string() })?;
    Ok(object.as_slice().to_vec())
}
