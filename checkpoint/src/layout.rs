//! The byte layout of runtime-lib/migcc_checkpoint.h's structures:
//! little-endian, fixed-size fields, no padding (every field is naturally
//! aligned), the same on every ISA. The offsets follow the C declarations
//! field by field; `tests::layout_matches_the_c_header` compiles the header
//! and compares.

pub const MAGIC: usize = 0;
pub const VERSION: usize = MAGIC + 8;
pub const HEADER_BYTES_FIELD: usize = VERSION + 4;
pub const BUILD_ID: usize = HEADER_BYTES_FIELD + 4;
pub const MACHINE: usize = BUILD_ID + crate::abi::BUILD_ID_BYTES as usize;
pub const MACHINE_LEN: usize = 16;
pub const PAGE_SIZE: usize = MACHINE + MACHINE_LEN;
pub const THREAD_POINTER: usize = PAGE_SIZE + 8;
pub const SHADOW_SP: usize = THREAD_POINTER + 8;
pub const RECORDS_SP: usize = SHADOW_SP + 8;
pub const ARGC: usize = RECORDS_SP + 8;
pub const ARGV: usize = ARGC + 8;
pub const ENVP: usize = ARGV + 8;
pub const NREGIONS: usize = ENVP + 8;
pub const NFILES: usize = NREGIONS + 4;
pub const UMASK: usize = NFILES + 4;
pub const NSOCKETS: usize = UMASK + 4;
pub const TOTAL_BYTES: usize = NSOCKETS + 4;
pub const CHECKSUM: usize = TOTAL_BYTES + 8;
pub const REALTIME_NS: usize = CHECKSUM + 8;
pub const CLOCK_NS: usize = REALTIME_NS + 8;
pub const CWD: usize = CLOCK_NS + 8 * crate::abi::CKPT_CLOCKS as usize;
pub const PATH_LEN: usize = 4096;
pub const PROGRAM: usize = CWD + PATH_LEN;
pub const HEADER_LEN: usize = PROGRAM + PATH_LEN;

/// struct migcc_ckpt_region: start, end, prot, kind, offset, checksum.
pub const REGION_LEN: usize = 8 + 8 + 4 + 4 + 8 + 8;
/// struct migcc_ckpt_file: fd, flags, offset, path.
pub const FILE_LEN: usize = 4 + 4 + 8 + PATH_LEN;
/// struct migcc_ckpt_socket: fd, flags, cloexec, family, backlog, five
/// option values, address_bytes, reserved, address.
pub const SOCKET_FAMILY: usize = 12;
pub const SOCKET_ADDRESS_BYTES: usize = 40;
pub const SOCKET_ADDRESS: usize = 48;
pub const SOCKET_ADDRESS_LEN: usize = 32;
pub const SOCKET_LEN: usize = SOCKET_ADDRESS + SOCKET_ADDRESS_LEN;

/// The format's checksum: for each 8-byte little-endian word `w` (a short
/// tail zero-padded), `h = (h ^ w) * 0x100000001b3`.
pub fn checksum(mut h: u64, bytes: &[u8]) -> u64 {
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        h = (h ^ u64::from_le_bytes(w.try_into().expect("8 bytes"))).wrapping_mul(0x100000001b3);
    }
    let tail = words.remainder();
    if !tail.is_empty() {
        let mut w = [0u8; 8];
        w[..tail.len()].copy_from_slice(tail);
        h = (h ^ u64::from_le_bytes(w)).wrapping_mul(0x100000001b3);
    }
    h
}

/// Little-endian fields at fixed offsets of a slice the caller has checked
/// is long enough.
pub struct Fields<'a>(pub &'a [u8]);

impl<'a> Fields<'a> {
    pub fn u32(&self, at: usize) -> u32 {
        u32::from_le_bytes(self.0[at..at + 4].try_into().expect("4 bytes"))
    }
    pub fn i32(&self, at: usize) -> i32 {
        i32::from_le_bytes(self.0[at..at + 4].try_into().expect("4 bytes"))
    }
    pub fn u64(&self, at: usize) -> u64 {
        u64::from_le_bytes(self.0[at..at + 8].try_into().expect("8 bytes"))
    }
    pub fn bytes(&self, at: usize, len: usize) -> &'a [u8] {
        &self.0[at..at + len]
    }
    /// A NUL-terminated string in a fixed-size field; None without a NUL.
    pub fn c_string(&self, at: usize, len: usize) -> Option<&'a [u8]> {
        let field = self.bytes(at, len);
        field.iter().position(|&b| b == 0).map(|end| &field[..end])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_pads_a_short_tail_with_zeros() {
        let seed = crate::abi::CKPT_SEED;
        assert_eq!(checksum(seed, b"abc"), checksum(seed, b"abc\0\0\0\0\0"));
        assert_ne!(checksum(seed, b"abc"), checksum(seed, b"abd"));
        assert_eq!(checksum(seed, b""), seed);
    }

    /// Compiles a program that prints the C structures' offsets and sizes
    /// (host clang, the runtime's header) and compares them with ours.
    #[test]
    fn layout_matches_the_c_header() {
        let dir = std::env::temp_dir().join(format!("migcc-ckpt-layout-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let src = dir.join("layout.c");
        std::fs::write(
            &src,
            r#"#include <stddef.h>
#include <stdio.h>
#include "migcc_checkpoint.h"
#define H(f) printf("%zu\n", offsetof(struct migcc_ckpt_header, f))
int main(void) {
    H(version); H(header_bytes); H(build_id); H(machine); H(page_size); H(thread_pointer); H(shadow_sp);
    H(records_sp); H(argc); H(argv); H(envp); H(nregions); H(nfiles); H(umask); H(nsockets); H(total_bytes);
    H(checksum); H(realtime_ns); H(clock_ns); H(cwd); H(program);
    printf("%zu\n%zu\n%zu\n", sizeof(struct migcc_ckpt_header), sizeof(struct migcc_ckpt_region),
           sizeof(struct migcc_ckpt_file));
    printf("%zu\n%zu\n%zu\n%zu\n", offsetof(struct migcc_ckpt_socket, family),
           offsetof(struct migcc_ckpt_socket, address_bytes), offsetof(struct migcc_ckpt_socket, address),
           sizeof(struct migcc_ckpt_socket));
    return 0;
}
"#,
        )
        .unwrap();
        let exe = dir.join("layout");
        let runtime = concat!(env!("CARGO_MANIFEST_DIR"), "/../runtime-lib");
        let clang = migcc_sysroot::tools::CLANG.find().expect("clang-22 (scripts/setup.sh installs it)");
        let status = std::process::Command::new(clang).arg("-I").arg(runtime).arg(&src).arg("-o").arg(&exe).status();
        assert!(status.unwrap().success(), "cannot compile {}", src.display());
        let out = std::process::Command::new(&exe).output().unwrap();
        let got: Vec<usize> = String::from_utf8(out.stdout).unwrap().lines().map(|l| l.parse().unwrap()).collect();
        let want = [
            VERSION,
            HEADER_BYTES_FIELD,
            BUILD_ID,
            MACHINE,
            PAGE_SIZE,
            THREAD_POINTER,
            SHADOW_SP,
            RECORDS_SP,
            ARGC,
            ARGV,
            ENVP,
            NREGIONS,
            NFILES,
            UMASK,
            NSOCKETS,
            TOTAL_BYTES,
            CHECKSUM,
            REALTIME_NS,
            CLOCK_NS,
            CWD,
            PROGRAM,
            HEADER_LEN,
            REGION_LEN,
            FILE_LEN,
            SOCKET_FAMILY,
            SOCKET_ADDRESS_BYTES,
            SOCKET_ADDRESS,
            SOCKET_LEN,
        ];
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(got, want);
    }
}
