//! `migcc verify` must fail on builds that are not aligned, naming what is
//! wrong. One small program is built once; each test copies its builds,
//! doctors one thing in them (found with the `object` crate), and expects
//! a non-zero exit that names the symbol (or file) at fault. The positive
//! control checks that the undoctored builds verify.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use migcc_linker::bundle::Bundle;
use migcc_sysroot::Isa;
use object::read::elf::{ElfFile64, Sym as _};
use object::{Endianness, Object, ObjectSection, ObjectSymbol};

const ISAS: [&str; 3] = ["x86_64", "aarch64", "riscv64"];

const PROGRAM: &str = r#"#include <stdio.h>
long cookie[2] = {1, 2};
int counter = 3;
const char greeting[] = "hello, verify";
int table[16];
__attribute__((noinline)) int bump(int x) { return x + counter; }
int (*volatile hook)(int) = bump;
int main(int argc, char **argv) {
    (void)argv;
    counter += argc;
    cookie[argc & 1] += argc;
    table[argc & 15] = hook(argc);
    printf("%s %ld %d\n", greeting, cookie[argc & 1], table[1]);
    return 0;
}
"#;

fn migcc(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_migcc")).args(args).current_dir(dir).output().expect("migcc runs")
}

/// The program, built once per test run: the directory holding `app`.
fn built() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("verify-program");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("app.c"), PROGRAM).unwrap();
        let out = migcc(&dir, &["-O1", "-o", "app", "app.c"]);
        assert!(out.status.success(), "migcc failed:\n{}", String::from_utf8_lossy(&out.stderr));
        dir
    })
}

/// A private copy of the builds to doctor: each ISA's executable, taken
/// out of the program file as `app.<isa>`.
fn copy_of_builds() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let bundle = Bundle::read(&built().join("app")).unwrap();
    for isa in ISAS {
        bundle.extract(isa.parse().unwrap(), &build(dir.path(), isa)).unwrap();
    }
    dir
}

fn build(dir: &Path, isa: &str) -> PathBuf {
    let isa: Isa = isa.parse().unwrap();
    dir.join(isa.file_name("app".as_ref()))
}

/// Verifies `app` made of the (doctored) builds present in `dir`: the
/// x86_64 one carrying the others, as migcc writes it.
fn verify(dir: &Path) -> (bool, String) {
    let others: Vec<(Isa, PathBuf)> = ISAS[1..]
        .iter()
        .map(|isa| (isa.parse().unwrap(), build(dir, isa)))
        .filter(|(_, path)| path.is_file())
        .collect();
    migcc_linker::bundle::write(&build(dir, ISAS[0]), &others, &dir.join("app"), false).unwrap();
    let out = migcc(dir, &["verify", "app"]);
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

fn assert_reported(dir: &Path, needles: &[&str]) {
    let (ok, text) = verify(dir);
    assert!(!ok, "verify accepted doctored builds:\n{text}");
    let first_lines: Vec<&str> = text.lines().filter(|l| !l.starts_with(' ')).collect();
    for needle in needles {
        assert!(first_lines.iter().any(|l| l.contains(needle)), "`{needle}` missing from:\n{text}");
    }
}

/// File offset of a symbol's Elf64_Sym entry.
fn symbol_entry(data: &[u8], name: &str) -> usize {
    let elf = ElfFile64::<Endianness>::parse(data).unwrap();
    let table = elf.elf_symbol_table();
    let sym = table
        .iter()
        .find(|s| s.name(elf.endian(), table.strings()).ok() == Some(name.as_bytes()))
        .unwrap_or_else(|| panic!("no symbol `{name}`"));
    sym as *const _ as usize - data.as_ptr() as usize
}

/// Elf64_Sym: st_name u32, st_info u8, st_other u8, st_shndx u16, then
/// these two.
const ST_VALUE: usize = 8;
const ST_SIZE: usize = 16;

fn patch_u64(path: &Path, offset: usize, f: impl FnOnce(u64) -> u64) {
    let mut data = std::fs::read(path).unwrap();
    let old = u64::from_le_bytes(data[offset..offset + 8].try_into().unwrap());
    data[offset..offset + 8].copy_from_slice(&f(old).to_le_bytes());
    std::fs::write(path, data).unwrap();
}

fn patch_symbol_field(path: &Path, name: &str, field: usize, f: impl FnOnce(u64) -> u64) {
    let entry = symbol_entry(&std::fs::read(path).unwrap(), name);
    patch_u64(path, entry + field, f);
}

/// File offset of the first byte of a symbol's contents.
fn symbol_data_offset(path: &Path, name: &str) -> usize {
    let data = std::fs::read(path).unwrap();
    let file = object::File::parse(&*data).unwrap();
    let sym = file.symbols().find(|s| s.name() == Ok(name)).unwrap_or_else(|| panic!("no symbol `{name}`"));
    let section = file.section_by_index(sym.section_index().unwrap()).unwrap();
    let (offset, _) = section.file_range().expect("symbol has file bytes");
    (offset + sym.address() - section.address()) as usize
}

fn symbol_address(path: &Path, name: &str) -> u64 {
    let data = std::fs::read(path).unwrap();
    let file = object::File::parse(&*data).unwrap();
    let address = file.symbols().find(|s| s.name() == Ok(name)).map(|s| s.address());
    address.unwrap_or_else(|| panic!("no symbol `{name}`"))
}

/// File offset of the descriptor of the first note in a section.
fn note_desc_offset(path: &Path, section: &str) -> usize {
    let data = std::fs::read(path).unwrap();
    let file = object::File::parse(&*data).unwrap();
    let (offset, _) = file.section_by_name(section).unwrap().file_range().unwrap();
    let namesz = u32::from_le_bytes(data[offset as usize..offset as usize + 4].try_into().unwrap()) as usize;
    offset as usize + 12 + namesz.next_multiple_of(4)
}

#[test]
fn undoctored_builds_verify_and_carry_one_build_id() {
    let dir = copy_of_builds();
    let (ok, text) = verify(dir.path());
    assert!(ok, "verify failed on a fresh build:\n{text}");
    assert!(text.contains("aligned"), "{text}");

    let out = migcc(dir.path(), &["verify", "--json", "app"]);
    assert!(out.status.success());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = report["build_id"].as_str().expect("build_id in --json");
    assert_eq!(id.len(), 64, "{id}");
    assert_eq!(report["isas"], serde_json::json!(ISAS));
    assert!(report["per_isa_symbols"]["x86_64"].as_array().unwrap().iter().any(|s| s == "_start"), "{report}");
    assert!(report["symbols_checked"].as_u64().unwrap() > 10);

    for isa in ISAS {
        let info = migcc_linker::build_info(&build(dir.path(), isa)).unwrap();
        assert_eq!(info.id_hex(), id, "{isa}");
        assert_eq!(info.isas.iter().map(|i| i.name()).collect::<Vec<_>>(), ISAS);
        // The standard GNU build id is the same id.
        let gnu = note_desc_offset(&build(dir.path(), isa), ".note.gnu.build-id");
        let data = std::fs::read(build(dir.path(), isa)).unwrap();
        let hex: String = data[gnu..gnu + 32].iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, id, "{isa}");
    }
}

#[test]
fn a_moved_function_is_reported() {
    let dir = copy_of_builds();
    patch_symbol_field(&build(dir.path(), "aarch64"), "bump", ST_VALUE, |v| v + 4);
    assert_reported(dir.path(), &["bump: address differs"]);
}

#[test]
fn a_resized_object_is_reported() {
    let dir = copy_of_builds();
    patch_symbol_field(&build(dir.path(), "riscv64"), "counter", ST_SIZE, |s| s + 4);
    assert_reported(dir.path(), &["counter: size differs"]);
}

#[test]
fn a_changed_data_byte_is_reported() {
    let dir = copy_of_builds();
    let path = build(dir.path(), "x86_64");
    let offset = symbol_data_offset(&path, "counter");
    patch_u64(&path, offset, |v| v ^ 0x100);
    assert_reported(dir.path(), &["counter: initial contents differ"]);
}

#[test]
fn a_pointer_into_the_per_isa_zone_is_reported() {
    let dir = copy_of_builds();
    // The same word in every build, so the byte comparison alone cannot
    // see it: the address of the x86_64 build's (per-ISA) entry point.
    let target = symbol_address(&build(dir.path(), "x86_64"), "_start");
    assert!(target < migcc_linker::ALIGNED_BASE);
    for isa in ISAS {
        let path = build(dir.path(), isa);
        let offset = symbol_data_offset(&path, "cookie");
        patch_u64(&path, offset, |_| target);
    }
    assert_reported(dir.path(), &["cookie: holds a pointer into the per-ISA zone"]);
}

#[test]
fn a_missing_build_is_reported() {
    let dir = copy_of_builds();
    std::fs::remove_file(build(dir.path(), "riscv64")).unwrap();
    assert_reported(dir.path(), &["app has no riscv64 build"]);
}

#[test]
fn a_build_from_another_link_is_reported() {
    let dir = copy_of_builds();
    // Same layout, another id (in both notes, which then agree with each
    // other): only the build id tells this build apart.
    let path = build(dir.path(), "riscv64");
    for section in [".note.migcc", ".note.gnu.build-id"] {
        let mut offset = note_desc_offset(&path, section);
        if section == ".note.migcc" {
            offset += 4; // the format version comes first
        }
        patch_u64(&path, offset, |v| v ^ 0xff);
    }
    assert_reported(dir.path(), &["build id: the builds come from different links"]);
    let (_, text) = verify(dir.path());
    assert_eq!(text.lines().filter(|l| !l.starts_with(' ')).count(), 2, "only the build id differs:\n{text}");
}

/// Elf64_Sym's st_name and st_shndx.
const ST_NAME: usize = 0;
const ST_SHNDX: usize = 6;

fn patch_bytes(path: &Path, offset: usize, bytes: &[u8]) {
    let mut data = std::fs::read(path).unwrap();
    data[offset..offset + bytes.len()].copy_from_slice(bytes);
    std::fs::write(path, data).unwrap();
}

#[test]
fn a_program_object_in_the_per_isa_zone_is_reported() {
    let dir = copy_of_builds();
    // As if `counter` had landed in the per-ISA `.data` output section.
    let path = build(dir.path(), "x86_64");
    let data = std::fs::read(&path).unwrap();
    let file = object::File::parse(&*data).unwrap();
    let per_isa_data = file.section_by_name(".data").expect("a per-ISA .data section");
    let (index, address) = (per_isa_data.index().0 as u16, per_isa_data.address());
    let entry = symbol_entry(&data, "counter");
    patch_bytes(&path, entry + ST_SHNDX, &index.to_le_bytes());
    patch_u64(&path, entry + ST_VALUE, |_| address);
    assert_reported(dir.path(), &["counter: lies in the per-ISA zone of the x86_64 build"]);
}

#[test]
fn two_objects_of_one_name_in_one_origin_are_reported() {
    let dir = copy_of_builds();
    // `greeting` renamed to `counter` in every build: both are locals of
    // the program's one file.
    for isa in ISAS {
        let path = build(dir.path(), isa);
        let data = std::fs::read(&path).unwrap();
        let name = &data[symbol_entry(&data, "counter") + ST_NAME..][..4].to_vec();
        patch_bytes(&path, symbol_entry(&data, "greeting") + ST_NAME, name);
    }
    assert_reported(dir.path(), &["counter: defined 2 times in file `"]);
}
