//! Target machines for the canonical ISA and for each native ISA.

use std::sync::Once;

use inkwell::targets::{CodeModel, InitializationConfig, RelocMode, Target, TargetMachine, TargetTriple};
use inkwell::OptimizationLevel;
use migcc_sysroot::Isa;

use crate::{Error, OptLevel};

fn initialize() {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        let config = InitializationConfig::default();
        Target::initialize_x86(&config);
        Target::initialize_aarch64(&config);
        Target::initialize_riscv(&config);
    });
}

/// A static-relocation target machine for `isa` (the canonical ISA is
/// riscv64, whose machine also drives portable optimisation).
pub(crate) fn machine(isa: Isa, opt: OptLevel) -> Result<TargetMachine, Error> {
    initialize();
    let triple = TargetTriple::create(isa.triple());
    let target = Target::from_triple(&triple)
        .map_err(|e| Error::Llvm { what: format!("find the {isa} target"), detail: e.to_string() })?;
    let (cpu, features) = isa.cpu_and_features();
    let level = match opt {
        OptLevel::O0 => OptimizationLevel::None,
        OptLevel::O1 => OptimizationLevel::Less,
        OptLevel::O3 => OptimizationLevel::Aggressive,
        OptLevel::O2 | OptLevel::Os | OptLevel::Oz => OptimizationLevel::Default,
    };
    target
        .create_target_machine(&triple, cpu, features, level, RelocMode::Static, CodeModel::Default)
        .ok_or_else(|| Error::Llvm { what: format!("create a target machine for {isa}"), detail: String::new() })
}
