//! The per-ISA linker script: identical for the aligned image (every input
//! section pinned to its common address), ISA-specific only in what the
//! per-ISA zone happens to contain.

use std::fmt::Write;

use migcc_sysroot::Isa;

use crate::address_map::{ALIGNED_BASE, PER_ISA_BASE, SEGMENT_ALIGN};
use crate::layout::{Layout, Region};
use crate::lld::PROGRAM_OBJECT_GLOB;

/// The aligned image's writable part, for the checkpoint writer.
pub const DATA_START: &str = "__migcc_data_start";
pub const DATA_END: &str = "__migcc_data_end";

pub(crate) fn render(layout: &Layout, isa: Isa) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "/* migcc aligning linker script for {isa}. Generated; see linker/src/script.rs. */");
    s.push_str("ENTRY(_start)\nSECTIONS\n{\n");
    // The per-ISA zone (with the ELF headers): everything not aligned.
    let _ = writeln!(s, "  . = {PER_ISA_BASE:#x} + SIZEOF_HEADERS;");
    // The build notes right after the headers (see build_info.rs).
    s.push_str("  .note.migcc : { KEEP(*(.note.migcc)) }\n  .note.gnu.build-id : { *(.note.gnu.build-id) }\n");
    s.push_str("  .text : { *(.text .text.*) }\n");
    let _ = writeln!(s, "  . = ALIGN({SEGMENT_ALIGN:#x});");
    s.push_str("  .rodata : { *(.rodata .rodata.* .srodata .srodata.*) }\n");
    s.push_str("  .eh_frame : { KEEP(*(.eh_frame)) }\n");
    let _ = writeln!(s, "  . = ALIGN({SEGMENT_ALIGN:#x});");
    s.push_str("  .data : { *(.data .data.* .sdata .sdata.* .got .got.*) }\n");
    // Aligned zero-initialised objects are `.bss.mig.N` in the program's
    // object (see llvm-pass/src/sections.rs): keep them out of here.
    let _ = writeln!(s, "  .bss : {{ *(EXCLUDE_FILE(*{PROGRAM_OBJECT_GLOB}) .bss .bss.*) *(.sbss .sbss.* COMMON) }}");
    let _ = writeln!(s, "  ASSERT(. <= {ALIGNED_BASE:#x}, \"migcc: the per-ISA zone is full\")");
    // The aligned image: each input section at its common address. The
    // writable part (data and bss, program-named sections included) is
    // bracketed for the checkpoint writer (runtime-lib/checkpoint.c).
    let writable_end = layout.regions.iter().rposition(|r| matches!(r.region, Region::Data | Region::Bss));
    for (index, region) in layout.regions.iter().enumerate() {
        let _ = writeln!(s, "  {} {:#x} : {{", region.name, region.start);
        let array_symbol = match region.region {
            _ if region.name != region.region.output_name() => None,
            Region::InitArray => Some("__init_array"),
            Region::FiniArray => Some("__fini_array"),
            _ => None,
        };
        if let Some(sym) = array_symbol {
            let _ = writeln!(s, "    PROVIDE_HIDDEN({sym}_start = .);");
        }
        if region.name == Region::Data.output_name() {
            let _ = writeln!(s, "    PROVIDE_HIDDEN({DATA_START} = .);");
        }
        for p in &region.placements {
            let _ = writeln!(s, "    . = {:#x}; KEEP(*({}))", p.address, p.section);
        }
        let _ = writeln!(s, "    . = {:#x};", region.end);
        if let Some(sym) = array_symbol {
            let _ = writeln!(s, "    PROVIDE_HIDDEN({sym}_end = .);");
        }
        if Some(index) == writable_end {
            let _ = writeln!(s, "    PROVIDE_HIDDEN({DATA_END} = .);");
        }
        s.push_str("  }\n");
    }
    s.push_str("  /DISCARD/ : { *(.comment) *(.note.GNU-stack) }\n");
    s.push_str("}\n");
    s
}
