//! The reader on damaged input: a synthetic valid image (the layout of
//! runtime-lib/migcc_checkpoint.h, built here field by field) is accepted,
//! and random truncations, byte flips and garbage never make the reader
//! panic, and are accepted only when they leave the image unchanged.

use migcc_checkpoint::{abi, layout, Checkpoint, Error};
use migcc_sysroot::address_map::{ALIGNED_BASE, ARGV, HEAP, RECORDS, SHADOW_STACK};
use proptest::prelude::*;

const PAGE: u64 = 4096;

fn kind(name: &str) -> u32 {
    if name == "data" {
        return abi::CKPT_DATA as u32;
    }
    abi::REGION_KINDS.iter().find(|(n, _)| *n == name).expect("known kind").1 as u32
}

fn put(image: &mut [u8], at: usize, bytes: &[u8]) {
    image[at..at + bytes.len()].copy_from_slice(bytes);
}

/// A small valid image: five regions with patterned data, one open file.
fn valid_image() -> Vec<u8> {
    let rw = (libc::PROT_READ | libc::PROT_WRITE) as u32;
    let regions = [
        ("data", ALIGNED_BASE + 0x10000, ALIGNED_BASE + 0x11234, rw),
        ("argv", ARGV.base, ARGV.base + PAGE, rw),
        ("shadow_stack", SHADOW_STACK.end - PAGE, SHADOW_STACK.end, rw),
        ("records", RECORDS.base, RECORDS.base + PAGE, rw),
        ("heap", HEAP.base, HEAP.base + 2 * PAGE, 0),
    ];
    let files_at = layout::HEADER_LEN + regions.len() * layout::REGION_LEN;
    let tables_end = files_at + layout::FILE_LEN;
    let mut at = (tables_end as u64).div_ceil(abi::CKPT_ALIGN) * abi::CKPT_ALIGN;
    let mut table = Vec::new();
    let mut data = Vec::new();
    for (i, &(name, start, end, prot)) in regions.iter().enumerate() {
        let mut entry = [0u8; layout::REGION_LEN];
        put(&mut entry, 0, &start.to_le_bytes());
        put(&mut entry, 8, &end.to_le_bytes());
        put(&mut entry, 16, &prot.to_le_bytes());
        put(&mut entry, 20, &kind(name).to_le_bytes());
        put(&mut entry, 24, &at.to_le_bytes());
        let mut checksum = abi::CKPT_SEED;
        if prot & libc::PROT_READ as u32 != 0 {
            let bytes: Vec<u8> = (0..end - start).map(|b| (b as u8).wrapping_mul(i as u8 + 3)).collect();
            checksum = layout::checksum(checksum, &bytes);
            data.push((at, bytes));
            at += (end - start).div_ceil(abi::CKPT_ALIGN) * abi::CKPT_ALIGN;
        }
        put(&mut entry, 32, &checksum.to_le_bytes());
        table.extend_from_slice(&entry);
    }
    let mut image = vec![0u8; at as usize];
    put(&mut image, layout::MAGIC, abi::CKPT_MAGIC.as_bytes());
    put(&mut image, layout::VERSION, &(abi::CKPT_VERSION as u32).to_le_bytes());
    put(&mut image, layout::HEADER_BYTES_FIELD, &(layout::HEADER_LEN as u32).to_le_bytes());
    put(&mut image, layout::BUILD_ID, &[7; 32]);
    put(&mut image, layout::MACHINE, b"x86_64");
    put(&mut image, layout::PAGE_SIZE, &PAGE.to_le_bytes());
    put(&mut image, layout::SHADOW_SP, &(SHADOW_STACK.end - 64).to_le_bytes());
    put(&mut image, layout::RECORDS_SP, &(RECORDS.base + 32).to_le_bytes());
    put(&mut image, layout::ARGC, &1u64.to_le_bytes());
    put(&mut image, layout::ARGV, &(ARGV.base + 8).to_le_bytes());
    put(&mut image, layout::ENVP, &(ARGV.base + 24).to_le_bytes());
    put(&mut image, layout::NREGIONS, &(regions.len() as u32).to_le_bytes());
    put(&mut image, layout::NFILES, &1u32.to_le_bytes());
    put(&mut image, layout::UMASK, &0o22u32.to_le_bytes());
    put(&mut image, layout::TOTAL_BYTES, &at.to_le_bytes());
    put(&mut image, layout::CWD, b"/tmp");
    put(&mut image, layout::PROGRAM, b"/tmp/app.x86_64");
    put(&mut image, layout::HEADER_LEN, &table);
    put(&mut image, files_at, &3i32.to_le_bytes());
    put(&mut image, files_at + 4, &libc::O_RDWR.to_le_bytes());
    put(&mut image, files_at + 8, &10u64.to_le_bytes());
    put(&mut image, files_at + 16, b"/tmp/app.log");
    for (offset, bytes) in data {
        put(&mut image, offset as usize, &bytes);
    }
    let checksum = layout::checksum(abi::CKPT_SEED, &image[..tables_end]);
    put(&mut image, layout::CHECKSUM, &checksum.to_le_bytes());
    image
}

#[test]
fn the_synthetic_image_is_valid() {
    let image = valid_image();
    let c = Checkpoint::parse(&image).expect("valid");
    assert_eq!(c.regions.len(), 5);
    assert_eq!(c.files[0].path, std::path::Path::new("/tmp/app.log"));
    assert_eq!(c.program_base(), std::path::Path::new("/tmp/app"));
    let (frames, complete) = c.frames(None).unwrap();
    assert_eq!((frames.len(), complete), (1, false));
}

#[test]
fn a_truncated_image_is_refused_as_truncated() {
    let image = valid_image();
    for len in [0, 3, 12, 100, layout::HEADER_LEN - 1, layout::HEADER_LEN + 5, image.len() - 1] {
        let err = Checkpoint::parse(&image[..len]).unwrap_err();
        assert!(matches!(err, Error::Truncated { .. } | Error::Size { .. }), "{len}: {err}");
    }
}

/// Accepted only if unchanged; otherwise an error, never a panic.
fn check(original: &[u8], damaged: &[u8]) -> Result<(), TestCaseError> {
    match Checkpoint::parse(damaged) {
        Ok(_) => prop_assert_eq!(original, damaged, "a changed image was accepted"),
        Err(e) => prop_assert!(!e.to_string().is_empty()),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn truncation(cut in 0usize..1 << 20) {
        let image = valid_image();
        let len = cut % image.len();
        check(&image, &image[..len])?;
    }

    #[test]
    fn byte_flips(flips in proptest::collection::vec((any::<usize>(), 1u8..=255), 1..8)) {
        let image = valid_image();
        let mut damaged = image.clone();
        for (at, x) in flips {
            let at = at % damaged.len();
            damaged[at] ^= x;
        }
        check(&image, &damaged)?;
    }

    #[test]
    fn garbage(at in any::<usize>(), bytes in proptest::collection::vec(any::<u8>(), 1..64), append in any::<bool>()) {
        let image = valid_image();
        let mut damaged = image.clone();
        if append {
            damaged.extend_from_slice(&bytes);
        } else {
            let at = at % (damaged.len() - bytes.len());
            damaged[at..at + bytes.len()].copy_from_slice(&bytes);
        }
        check(&image, &damaged)?;
    }

    #[test]
    fn random_input(bytes in proptest::collection::vec(any::<u8>(), 0..20000)) {
        prop_assert!(Checkpoint::parse(&bytes).is_err());
    }
}
