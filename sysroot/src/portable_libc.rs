//! musl compiled into portable IR for the migcc virtual arch.
//!
//! The virtual arch is riscv64's headers (the canonical ABI) with three of
//! them replaced from sysroot/musl/arch: system calls go through the per-ISA
//! shim, the thread pointer is read by the per-ISA layer, and atomics are IR
//! atomics. Files that need native code are left out here and supplied by
//! the per-ISA layer instead (see `NATIVE_ONLY`).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use walkdir::WalkDir;

use crate::{address_map, io_err, process, tools, write_file, Error, SourceFile, MUSL_VERSION, PORTABLE_CLANG_FLAGS};

/// musl sources replaced by the per-ISA layer (sysroot/isa): they are
/// written in assembly, or in C that only works with a native ABI.
const NATIVE_ONLY: &[&str] = &[
    "src/thread/__set_thread_area.c",
    "src/thread/__unmapself.c",
    "src/thread/clone.c",
    "src/thread/syscall_cp.c",
    "src/setjmp/setjmp.c",
    "src/setjmp/longjmp.c",
    "src/signal/sigsetjmp.c",
    "src/signal/restore.c",
    "src/fenv/fenv.c",
];

/// musl sources replaced by portable C in runtime-lib/:
/// - zones.c: the memory that migrates must sit at addresses migcc fixes,
///   identical on every ISA and run, so mappings are placed in the MMAP zone
///   and recorded in the table of migrating regions instead of being left to
///   the kernel;
/// - blocking.c: every blocking system call (musl's cancellation points)
///   is re-issued after a migration request interrupts it, from a loop whose
///   header is a migration point;
/// - clocks.c: the clocks that count from the host's boot or the process's
///   start read on from where they were after a move.
const REPLACED_BY_RUNTIME: &[&str] = &[
    "src/mman/mmap.c",
    "src/mman/munmap.c",
    "src/mman/mremap.c",
    "src/mman/mprotect.c",
    "src/thread/__syscall_cp.c",
    "src/time/clock_gettime.c",
];

/// Components musl's build optimises for speed (`--enable-optimize`'s
/// default), compiled with -O3 on top of MUSL_FLAGS.
/// Every function of musl's own sources carries this annotation (the
/// runtime's files do not): migration instrumentation does not make
/// library loops migration points (llvm-pass/src/migrate/analysis.rs).
pub const LIBRARY_ANNOTATION: &str = "migcc.library";

/// The annotation that musl patch 0010 puts on the library functions during
/// which a migration request waits (printf's formatting, exit, ...), through
/// the macro `MIGCC_HOLDS_REQUESTS`: they are not instrumented, and hold
/// requests while they run (llvm-pass/src/migrate/analysis.rs).
pub const HOLDS_REQUESTS_ANNOTATION: &str = "migcc.holds_requests";

/// A musl source compiled with its functions annotated: a file that
/// includes it between a push and a pop of the attribute (clang has no
/// flag for it, and a `-include`d push without a pop is an error), with
/// `MIGCC_HOLDS_REQUESTS` defined for the functions patch 0010 marks.
fn annotated_wrapper(source: &Path) -> String {
    format!(
        "#define MIGCC_HOLDS_REQUESTS __attribute__((annotate(\"{HOLDS_REQUESTS_ANNOTATION}\")))\n\
         #pragma clang attribute push(__attribute__((annotate(\"{LIBRARY_ANNOTATION}\"))), apply_to = function)\n\
         #include \"{}\"\n\
         #pragma clang attribute pop\n",
        source.display()
    )
}

const SPEED_DIRS: &[&str] = &["src/internal/", "src/malloc/", "src/string/"];

/// Flags musl's own build uses, for clang.
const MUSL_FLAGS: &[&str] = &[
    "-std=c99",
    "-nostdinc",
    "-ffreestanding",
    "-fexcess-precision=standard",
    "-frounding-math",
    "-fno-strict-aliasing",
    "-D_XOPEN_SOURCE=700",
    // musl's own default: small, except the components in SPEED_DIRS.
    "-Os",
    "-fomit-frame-pointer",
    "-w",
    "-Werror=implicit-function-declaration",
    "-Werror=implicit-int",
    "-Werror=pointer-sign",
    "-Werror=pointer-arith",
    "-Werror=int-conversion",
    "-Werror=incompatible-pointer-types",
];

fn embedded<'a>(sources: &'a [SourceFile], prefix: &'a str) -> impl Iterator<Item = (&'a str, &'a [u8])> + 'a {
    sources.iter().filter_map(move |s| s.path.strip_prefix(prefix).map(|rest| (rest, s.contents)))
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), Error> {
    for entry in WalkDir::new(from) {
        let entry = entry.map_err(|e| Error::Io { path: from.to_path_buf(), source: e.into() })?;
        let dest = to.join(entry.path().strip_prefix(from).expect("walkdir stays under its root"));
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).map_err(io_err(&dest))?;
        } else {
            fs::copy(entry.path(), &dest).map_err(io_err(&dest))?;
        }
    }
    Ok(())
}

/// Builds `staging/include` and `staging/lib/libc.a` (bitcode).
pub(crate) fn build(
    musl: &Path,
    sources: &[SourceFile],
    staging: &Path,
    clang: &Path,
    show_progress: bool,
) -> Result<(), Error> {
    let work = staging.join("build");
    let tree = work.join("musl");
    copy_tree(musl, &tree)?;
    apply_patches(&tree, sources)?;
    let arch = make_virtual_arch(&tree, sources)?;
    let generated = generate_headers(&tree, &work)?;
    install_headers(&tree, &arch, &generated, sources, &staging.join("include"))?;

    let mut units = musl_units(&tree)?;
    let runtime: Vec<_> = embedded(sources, "runtime-lib/").filter(|(p, _)| p.ends_with(".c")).collect();
    for (rel, contents) in &runtime {
        let path = work.join("runtime-lib").join(rel);
        write_file(&path, contents)?;
        units.push(Unit { source: path, runtime: true });
    }

    let include_args = vec![
        format!("-I{}", arch.display()),
        format!("-I{}", tree.join("arch/generic").display()),
        format!("-I{}", generated.join("src/internal").display()),
        format!("-I{}", tree.join("src/include").display()),
        format!("-I{}", tree.join("src/internal").display()),
        format!("-I{}", generated.join("include").display()),
        format!("-I{}", tree.join("include").display()),
    ];
    let public_include = format!("-I{}", staging.join("include").display());

    let objdir = work.join("obj");
    let bar = progress_bar(units.len() as u64, show_progress);
    let objects = units
        .par_iter()
        .enumerate()
        .map(|(i, unit)| {
            let stem = format!("{i:05}-{}", unit.source.file_stem().unwrap().to_string_lossy());
            let obj = objdir.join(format!("{stem}.o"));
            fs::create_dir_all(&objdir).map_err(io_err(&objdir))?;
            let mut cmd = Command::new(clang);
            cmd.args(PORTABLE_CLANG_FLAGS).arg("-emit-llvm").arg("-c");
            if unit.runtime {
                cmd.args(["-std=c11", "-O2", "-nostdinc", "-ffreestanding", &public_include]);
                cmd.arg(&unit.source);
            } else {
                cmd.args(MUSL_FLAGS).args(&include_args);
                let rel = unit.source.strip_prefix(&tree).unwrap_or(&unit.source).to_string_lossy();
                if SPEED_DIRS.iter().any(|d| rel.starts_with(d)) {
                    cmd.arg("-O3");
                }
                let wrapper = objdir.join(format!("{stem}.c"));
                write_file(&wrapper, annotated_wrapper(&unit.source).as_bytes())?;
                cmd.arg(&wrapper);
            }
            cmd.arg("-o").arg(&obj);
            process::run(&mut cmd, &format!("compile {}", unit.source.display()))?;
            bar.inc(1);
            Ok(obj)
        })
        .collect::<Result<Vec<PathBuf>, Error>>()?;
    bar.finish_and_clear();

    let lib = staging.join("lib");
    fs::create_dir_all(&lib).map_err(io_err(&lib))?;
    archive(&lib.join("libc.a"), &objects)?;
    fs::remove_dir_all(&work).map_err(io_err(&work))
}

fn progress_bar(len: u64, show: bool) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template("migcc: building portable musl {bar:40} {pos}/{len} files")
            .expect("valid template"),
    );
    bar
}

/// Writes a bitcode archive with a symbol index (llvm-ar understands bitcode).
pub(crate) fn archive(out: &Path, objects: &[PathBuf]) -> Result<(), Error> {
    let ar = tools::LLVM_AR.find()?;
    process::run(Command::new(ar).arg("rcs").arg(out).args(objects), &format!("archive {}", out.display()))
}

fn apply_patches(tree: &Path, sources: &[SourceFile]) -> Result<(), Error> {
    let patch = tools::PATCH.find()?;
    let mut patches: Vec<_> = embedded(sources, "sysroot/musl/patches/").collect();
    patches.sort_by_key(|(name, _)| *name);
    for (name, contents) in patches {
        let file = tree.join(format!(".migcc-{name}"));
        write_file(&file, contents)?;
        process::run(
            Command::new(&patch).args(["-p1", "-s", "-i"]).arg(&file).current_dir(tree),
            &format!("apply {name}"),
        )?;
    }
    Ok(())
}

/// arch/migcc: riscv64's arch headers with migcc's replacements on top.
fn make_virtual_arch(tree: &Path, sources: &[SourceFile]) -> Result<PathBuf, Error> {
    let arch = tree.join("arch/migcc");
    copy_tree(&tree.join("arch/riscv64"), &arch)?;
    for (rel, contents) in embedded(sources, "sysroot/musl/arch/") {
        write_file(&arch.join(rel), contents)?;
    }
    Ok(arch)
}

/// The headers musl's Makefile generates: bits/alltypes.h, bits/syscall.h
/// and version.h.
fn generate_headers(tree: &Path, work: &Path) -> Result<PathBuf, Error> {
    let gen = work.join("generated");
    let alltypes = process::run_capture(
        Command::new("sed")
            .arg("-f")
            .arg(tree.join("tools/mkalltypes.sed"))
            .arg(tree.join("arch/migcc/bits/alltypes.h.in"))
            .arg(tree.join("include/alltypes.h.in")),
        "generate bits/alltypes.h",
    )?;
    write_file(&gen.join("include/bits/alltypes.h"), alltypes.as_bytes())?;

    let table_path = tree.join("arch/migcc/bits/syscall.h.in");
    let table = fs::read_to_string(&table_path).map_err(io_err(&table_path))?;
    let mut syscall_h = table.clone();
    for line in table.lines().filter(|l| l.contains("__NR_")) {
        syscall_h.push_str(&line.replace("__NR_", "SYS_"));
        syscall_h.push('\n');
    }
    write_file(&gen.join("include/bits/syscall.h"), syscall_h.as_bytes())?;
    write_file(&gen.join("src/internal/version.h"), format!("#define VERSION \"{MUSL_VERSION}\"\n").as_bytes())?;
    Ok(gen)
}

/// The public include directory, laid out like musl's `make install-headers`.
fn install_headers(
    tree: &Path,
    arch: &Path,
    generated: &Path,
    sources: &[SourceFile],
    dest: &Path,
) -> Result<(), Error> {
    copy_tree(&tree.join("include"), dest)?;
    for bits in [tree.join("arch/generic/bits"), arch.join("bits"), generated.join("include/bits")] {
        copy_tree(&bits, &dest.join("bits"))?;
    }
    for stale in ["bits/alltypes.h.in", "bits/syscall.h.in", "alltypes.h.in"] {
        let _ = fs::remove_file(dest.join(stale));
    }
    for (rel, contents) in embedded(sources, "runtime-lib/").filter(|(p, _)| p.ends_with(".h")) {
        write_file(&dest.join(rel), contents)?;
    }
    write_file(&dest.join("migcc_address_map.h"), address_map::c_header().as_bytes())
}

struct Unit {
    source: PathBuf,
    runtime: bool,
}

/// musl's library sources, selected as its Makefile does (src/*/*.c and the
/// malloc implementation), minus the files the per-ISA layer and the runtime
/// library replace.
fn musl_units(tree: &Path) -> Result<Vec<Unit>, Error> {
    let src = tree.join("src");
    let mut dirs: Vec<PathBuf> = fs::read_dir(&src)
        .map_err(io_err(&src))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.push(src.join("malloc/mallocng"));
    let mut files = Vec::new();
    for dir in dirs {
        for entry in fs::read_dir(&dir).map_err(io_err(&dir))? {
            let path = entry.map_err(io_err(&dir))?.path();
            if path.extension().is_some_and(|e| e == "c") {
                let rel = path.strip_prefix(tree).expect("under tree").to_string_lossy().into_owned();
                if !NATIVE_ONLY.contains(&rel.as_str()) && !REPLACED_BY_RUNTIME.contains(&rel.as_str()) {
                    files.push(path);
                }
            }
        }
    }
    files.sort();
    Ok(files.into_iter().map(|source| Unit { source, runtime: false }).collect())
}
