//! The section names that carry aligned objects from code generation
//! (llvm-pass/src/sections.rs names them) to the aligning linker
//! (linker/src/layout.rs places them). Each is a prefix followed by the
//! object's ordinal in the portable module.
//!
//! Most deliberately do not start with `.text.`/`.data.`, so the per-ISA
//! zone's wildcards in the linker script never match them, and LLVM derives
//! their flags from the object's kind. Zero-initialised data is the
//! exception: LLVM emits an explicitly placed object as NOBITS only when its
//! section name starts with `.bss.`, so the script keeps the program's
//! object out of the per-ISA `.bss` instead.

pub const TEXT: &str = ".mig.text.";
pub const RODATA: &str = ".mig.rodata.";
pub const DATA: &str = ".mig.data.";
pub const BSS: &str = ".bss.mig.";

/// An object the program placed in a section named by a C identifier `S`
/// is `.mig.sec.S.N`; the linker gathers these into one output section
/// named `S`, so that lld defines `__start_S` and `__stop_S` as usual.
pub const USER: &str = ".mig.sec.";

/// Constructor and destructor arrays keep their standard names (and
/// `.init_array.PRIORITY` suffixes), where musl's start-up and exit look.
pub const INIT_ARRAY: &str = ".init_array";
pub const FINI_ARRAY: &str = ".fini_array";

/// Whether `name` can be an output section that lld gives `__start_` and
/// `__stop_` symbols: a C identifier.
pub fn is_c_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

/// The user section `S` and ordinal of a `.mig.sec.S.N` input section.
pub fn parse_user(section: &str) -> Option<(&str, u64)> {
    let rest = section.strip_prefix(USER)?;
    let (name, ordinal) = rest.rsplit_once('.')?;
    Some((name, ordinal.parse().ok()?))
}
