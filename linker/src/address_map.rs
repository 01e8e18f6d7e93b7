//! The fixed address map, defined once in `migcc_sysroot::address_map`
//! (the runtime's memory zones are generated from the same constants).
pub use migcc_sysroot::address_map::{align_up, ALIGNED_BASE, ALIGNED_END, PER_ISA_BASE, SEGMENT_ALIGN};
