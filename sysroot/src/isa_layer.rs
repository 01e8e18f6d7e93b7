//! The per-ISA layer: the only native code in a migcc program besides the
//! compiler-generated helpers of libgcc. See docs/PORTABILITY.md for what it
//! contains and why each piece cannot be portable.

use std::fs;
use std::path::Path;
use std::process::Command;

use rayon::prelude::*;

use crate::portable_libc::archive;
use crate::{io_err, process, sysmap, write_file, Error, Isa, SourceFile};

/// Portable functions that the per-ISA layer calls; whole-program
/// optimisation must keep them.
pub(crate) const IMPORTS: &[&str] = &["__migcc_start", "__sigsetjmp_tail", "__cancel"];

const COMMON_FLAGS: &[&str] = &[
    "-O2",
    "-ffreestanding",
    "-fno-builtin",
    "-fno-stack-protector",
    "-fno-asynchronous-unwind-tables",
    "-fno-unwind-tables",
    "-nostdinc",
];

/// Builds `staging/isa/<isa>/libmigcc_isa.a` for every ISA.
pub(crate) fn build(musl: &Path, sources: &[SourceFile], staging: &Path, clang: &Path) -> Result<(), Error> {
    let canonical_table = read(&musl.join("arch/riscv64/bits/syscall.h.in"))?;
    let resource_dir = process::run_capture(Command::new(clang).arg("-print-resource-dir"), "locate clang's headers")?;
    let builtin_include = Path::new(resource_dir.trim()).join("include");
    Isa::ALL.par_iter().try_for_each(|&isa| {
        let dir = staging.join("isa").join(isa.name());
        let src = dir.join("src");
        let native_table = read(&musl.join(format!("arch/{}/bits/syscall.h.in", isa.name())))?;
        write_file(
            &src.join("migcc_sysmap.h"),
            sysmap::sysmap_header(&canonical_table, &native_table, isa.name()).as_bytes(),
        )?;
        let common = src.join("common");
        for file in sources.iter().filter(|f| f.path.starts_with("sysroot/isa/common/")) {
            write_file(&common.join(file.path.trim_start_matches("sysroot/isa/common/")), file.contents)?;
        }
        let own_prefix = format!("sysroot/isa/{}/", isa.name());
        let mut objects = Vec::new();
        let units = sources
            .iter()
            .filter(|f| f.path.starts_with("sysroot/isa/common/") || f.path.starts_with(&own_prefix))
            .filter(|f| f.path.ends_with(".c") || f.path.ends_with(".S"));
        for (i, unit) in units.enumerate() {
            let file_name = Path::new(unit.path).file_name().expect("file name");
            let source = src.join(format!("{i}-{}", file_name.to_string_lossy()));
            write_file(&source, unit.contents)?;
            let obj = source.with_extension("o");
            process::run(
                Command::new(clang)
                    .arg(format!("--target={}", isa.triple()))
                    .args(isa.native_clang_flags())
                    .args(COMMON_FLAGS)
                    .arg("-isystem")
                    .arg(&builtin_include)
                    .arg("-I")
                    .arg(&common)
                    .arg("-I")
                    .arg(&src)
                    .arg("-c")
                    .arg(&source)
                    .arg("-o")
                    .arg(&obj),
                &format!("compile {} for {isa}", unit.path),
            )?;
            objects.push(obj);
        }
        archive(&dir.join("libmigcc_isa.a"), &objects)?;
        fs::remove_dir_all(&src).map_err(io_err(&src))
    })
}

fn read(path: &Path) -> Result<String, Error> {
    fs::read_to_string(path).map_err(io_err(path))
}
