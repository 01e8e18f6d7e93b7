//! The fixed address map shared by every ISA build.
//!
//! ```text
//! PER_ISA_BASE  per-ISA zone: ELF headers, the per-ISA layer, libgcc,
//!               constant pools, jump tables — differs per build; no
//!               migrated pointer may point here
//! ALIGNED_BASE  aligned image: functions, read-only data, init/fini arrays,
//!               data, bss — identical addresses in every build
//! ALIGNED_END   the brk heap starts above the last segment
//! ```
//! The per-ISA zone sits just below the aligned image so that calls between
//! the two stay within aarch64's ±128 MiB direct-branch range: a range
//! extension thunk would grow a function after its address was fixed.
//! Everything stays below 2 GiB, which the default (small) code models of
//! all three ISAs require for static addresses.

pub const PER_ISA_BASE: u64 = 0x0c00_0000;
pub const ALIGNED_BASE: u64 = 0x1000_0000;
pub const ALIGNED_END: u64 = 0x7000_0000;

/// Segments start on 64 KiB boundaries, the largest page size of the three
/// ISAs' kernels.
pub const SEGMENT_ALIGN: u64 = 0x1_0000;

pub fn align_up(x: u64, a: u64) -> u64 {
    x.div_ceil(a.max(1)) * a.max(1)
}
