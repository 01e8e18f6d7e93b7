//! Gives every function and data object a section of its own, named by a
//! stable ordinal, so that the aligning linker can place each one at the
//! same address in every ISA build. Also removes what would let a code
//! generator or linker merge or move objects per ISA.
//!
//! Sections the program names itself:
//! - a C identifier `S` (plugin registries iterated from `__start_S` to
//!   `__stop_S`): `.mig.sec.S.N`, gathered by the linker into an output
//!   section `S`, packed exactly as the frontend aligned them;
//! - `.init_array`/`.fini_array` (and their priority suffixes): kept;
//! - any other name (`.rodata.table`, `.data.mine`, `.text.hot`): it cannot
//!   be observed without a linker script of the program's own, so the
//!   object is laid out like any other;
//! - names that cannot be honoured were refused by the portability check.

use std::collections::BTreeMap;
use std::ffi::CStr;

use llvm_sys::core::*;
use llvm_sys::prelude::*;
use llvm_sys::{LLVMLinkage, LLVMUnnamedAddr};
use migcc_sysroot::section_names::{self as names, is_c_identifier};

use crate::{ir, Error};

/// What kind of memory an object needs; objects sharing a named section
/// must agree.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Code,
    ReadOnly,
    Writable,
}

impl Kind {
    fn describe(self) -> &'static str {
        match self {
            Kind::Code => "code",
            Kind::ReadOnly => "read-only data",
            Kind::Writable => "writable data",
        }
    }
}

/// The section a program gave an object, if any.
fn user_section(g: LLVMValueRef) -> Option<String> {
    let section = unsafe { LLVMGetSection(g) };
    (!section.is_null())
        .then(|| unsafe { CStr::from_ptr(section) }.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
}

fn is_init_or_fini_array(section: &str) -> bool {
    [names::INIT_ARRAY, names::FINI_ARRAY]
        .iter()
        .any(|p| section.strip_prefix(p).is_some_and(|rest| rest.is_empty() || rest.starts_with('.')))
}

/// The C-identifier sections the program's definitions are placed in;
/// lld defines `__start_S`/`__stop_S` for each.
pub(crate) fn identifier_sections(m: LLVMModuleRef) -> Vec<String> {
    let mut out: Vec<String> = ir::functions(m)
        .into_iter()
        .chain(ir::globals(m))
        .filter(|&g| !ir::is_declaration(g))
        .filter_map(user_section)
        .filter(|s| is_c_identifier(s))
        .collect();
    out.sort();
    out.dedup();
    out
}

pub(crate) fn assign(m: LLVMModuleRef) -> Result<(), Error> {
    let td = ir::target_data(m);
    // Section name → (first object, its kind), to refuse mixed sections.
    let mut shared: BTreeMap<String, (String, Kind)> = BTreeMap::new();
    let mut place_in_user_section = |g: LLVMValueRef, section: &str, kind: Kind, ordinal: usize| {
        let (first, first_kind) = shared.entry(section.to_string()).or_insert_with(|| (ir::name(g), kind)).clone();
        if first_kind != kind {
            return Err(Error::SectionConflict {
                section: section.to_string(),
                first,
                first_kind: first_kind.describe(),
                second: ir::name(g),
                second_kind: kind.describe(),
            });
        }
        set_section(g, &format!("{}{section}.{ordinal}", names::USER));
        Ok(())
    };

    for (i, f) in ir::functions(m).into_iter().filter(|&f| !ir::is_declaration(f)).enumerate() {
        match user_section(f).filter(|s| is_c_identifier(s)) {
            Some(section) => place_in_user_section(f, &section, Kind::Code, i)?,
            None => set_section(f, &format!("{}{i}", names::TEXT)),
        }
    }
    let data = ir::globals(m).into_iter().filter(|&g| !ir::is_declaration(g) && !ir::name(g).starts_with("llvm."));
    for (i, g) in data.enumerate() {
        let section = user_section(g);
        if section.as_deref().is_some_and(is_init_or_fini_array) {
            continue;
        }
        unsafe {
            // Mergeable constants and private (symbol-less) objects would be
            // merged or hidden per ISA; every object keeps its own identity.
            LLVMSetUnnamedAddress(g, LLVMUnnamedAddr::LLVMNoUnnamedAddr);
            if LLVMGetLinkage(g) == LLVMLinkage::LLVMPrivateLinkage {
                LLVMSetLinkage(g, LLVMLinkage::LLVMInternalLinkage);
            }
        }
        let ty = unsafe { LLVMGlobalGetValueType(g) };
        let mut align = (unsafe { LLVMGetAlignment(g) } as u64).max(ir::abi_align(td, ty));
        let constant = unsafe { LLVMIsGlobalConstant(g) } != 0;
        if let Some(section) = section.filter(|s| is_c_identifier(s)) {
            // Packed exactly as the frontend aligned them: code that walks
            // from __start_S to __stop_S expects no padding in between.
            unsafe { LLVMSetAlignment(g, align as u32) };
            let kind = if constant { Kind::ReadOnly } else { Kind::Writable };
            place_in_user_section(g, &section, kind, i)?;
            continue;
        }
        // As x86_64's ABI asks of arrays: objects of 16 bytes or more
        // are 16-byte aligned, so every ISA can use aligned vector loads.
        if ir::abi_size(td, ty) >= 16 {
            align = align.max(16);
        }
        unsafe { LLVMSetAlignment(g, align as u32) };
        let prefix = if constant {
            names::RODATA
        } else if unsafe { LLVMIsNull(LLVMGetInitializer(g)) } != 0 {
            names::BSS
        } else {
            names::DATA
        };
        set_section(g, &format!("{prefix}{i}"));
    }
    Ok(())
}

fn set_section(g: LLVMValueRef, section: &str) {
    unsafe { LLVMSetSection(g, ir::cstring(section).as_ptr()) };
}
