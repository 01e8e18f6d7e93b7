//! Link mode: C files and portable objects → one aligned executable per ISA.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use indicatif::ProgressBar;
use migcc_linker::{Build, BuildInfo, IsaLink};
use migcc_llvm_pass::{Inputs, PortableLink};
use migcc_sysroot::{Isa, Sysroot};
use rayon::prelude::*;

use super::args::{Input, Invocation, Lang, Mode};
use super::compile;
use crate::outputs::StagedOutputs;
use crate::toolchain;

/// Libraries that musl's libc.a already contains (migcc's runtime in it
/// provides `-lunwind`'s interface: runtime-lib/unwind.c).
const IN_LIBC: &[&str] =
    &["c", "m", "pthread", "rt", "dl", "util", "crypt", "xnet", "resolv", "gcc", "gcc_s", "unwind"];

const ARCHIVE_MAGIC: &[u8] = b"!<arch>\n";

fn is_archive(path: &Path) -> Result<bool> {
    use std::io::Read;
    let mut head = [0u8; 8];
    let mut file = std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let n = file.read(&mut head).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(&head[..n] == ARCHIVE_MAGIC)
}

/// The symbols a native object only refers to, if that is all it does: no
/// section with contents and no definition. rustc passes such an object
/// (`symbols.o`) to keep the symbols it exports; for migcc they are link
/// roots. Any other native object is refused when the link reads it.
fn references_only(path: &Path) -> Result<Option<Vec<String>>> {
    use object::{Object, ObjectSection, ObjectSymbol, SectionKind};
    let data = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let Ok(file) = object::File::parse(&*data) else {
        return Ok(None);
    };
    let has_contents = file
        .sections()
        .any(|s| !matches!(s.kind(), SectionKind::Metadata | SectionKind::Linker | SectionKind::Note) && s.size() > 0);
    if has_contents || file.symbols().any(|s| s.is_definition()) {
        return Ok(None);
    }
    Ok(Some(file.symbols().filter(|s| s.is_undefined()).filter_map(|s| s.name().ok()).map(String::from).collect()))
}

fn find_library(name: &str, dirs: &[PathBuf]) -> Result<Option<PathBuf>> {
    if IN_LIBC.contains(&name) {
        return Ok(None);
    }
    for dir in dirs {
        let archive = dir.join(format!("lib{name}.a"));
        if archive.is_file() {
            return Ok(Some(archive));
        }
        if dir.join(format!("lib{name}.so")).exists() {
            bail!("-l{name}: only a shared library was found in {}; migcc links statically, so build lib{name}.a with migcc", dir.display());
        }
    }
    bail!(
        "cannot find -l{name} (searched: {})",
        dirs.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join(", ")
    )
}

fn spinner(message: &str) -> ProgressBar {
    let bar = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        ProgressBar::new_spinner()
    } else {
        ProgressBar::hidden()
    };
    bar.enable_steady_tick(std::time::Duration::from_millis(100));
    bar.set_message(message.to_string());
    bar
}

pub fn link(inv: &Invocation, sysroot: &Sysroot) -> Result<()> {
    let mut scratch =
        tempfile::Builder::new().prefix("migcc-link-").tempdir().context("cannot create a temporary directory")?;
    // MIGCC_KEEP_TEMPS=1 keeps the per-ISA objects and linker scripts for inspection.
    if std::env::var_os("MIGCC_KEEP_TEMPS").is_some() {
        scratch.disable_cleanup(true);
        eprintln!("migcc: keeping temporary files in {}", scratch.path().display());
    } else {
        crate::outputs::remove_on_fatal_error(scratch.path());
    }
    let output = inv.output.clone().unwrap_or_else(|| PathBuf::from("a.out"));

    let sources =
        inv.inputs.iter().filter(|i| matches!(i, Input::File { lang: Lang::C | Lang::CppOutput, .. })).count();

    // Inputs in command-line order: sources are compiled first.
    let mut inputs = Inputs::default();
    let mut roots = vec!["__migcc_start".to_string()];
    for (i, input) in inv.inputs.iter().enumerate() {
        match input {
            Input::File { path, lang: lang @ (Lang::C | Lang::CppOutput) } => {
                let object = scratch.path().join(format!("{i}.o"));
                // gcc: `-MD -o app a.c` writes app.d (target app); with
                // several sources, app-a.d, app-b.d, ...
                let file = if sources == 1 {
                    output.with_extension("d")
                } else {
                    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
                    let name = output.file_name().unwrap_or_default().to_string_lossy();
                    output.with_file_name(format!("{name}-{stem}.d"))
                };
                let deps = compile::DepNames { file: &file, target: &output };
                compile::compile(inv, sysroot, path, *lang, &object, &deps, Mode::Compile)?;
                inputs.objects.push(object);
            }
            Input::File { path, lang: Lang::Object } => {
                if is_archive(path)? {
                    inputs.archives.push(path.clone());
                } else if let Some(references) = references_only(path)? {
                    roots.extend(references);
                } else {
                    inputs.objects.push(path.clone());
                }
            }
            Input::Library(name) => inputs.archives.extend(find_library(name, &inv.lib_dirs)?),
        }
    }
    inputs.archives.push(sysroot.libc_archive());

    if inv.verbose {
        let list = |paths: &[PathBuf]| paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" ");
        eprintln!(
            "migcc: link as portable IR: objects [{}], archives [{}]",
            list(&inputs.objects),
            list(&inputs.archives),
        );
    }
    let bar = spinner("linking the whole program as portable IR");
    let native = toolchain::native_symbols(sysroot, &inv.isas)?;
    roots.extend(sysroot.isa_layer_imports().iter().map(|s| s.to_string()));
    let roots: Vec<&str> = roots.iter().map(String::as_str).collect();
    let portable = migcc_llvm_pass::build_portable(
        &PortableLink { inputs: &inputs, roots: &roots, native_symbols: &native, migratable: inv.migratable },
        inv.opt_flag,
    )?;
    let opt = portable.opt;
    if inv.verbose {
        let chosen = if inv.opt_flag.is_some() { "given" } else { "the highest its objects were compiled at" };
        eprintln!("migcc: optimise the whole program at {opt:?} ({chosen}): {}", opt.portable_pipeline());
    }
    if let (true, Some(stats)) = (inv.verbose, portable.migration) {
        eprintln!(
            "migcc: migration instrumentation: {} functions, {} call sites, {} migration points",
            stats.functions, stats.call_sites, stats.migration_points
        );
    }
    let bitcode = portable.bitcode;
    if std::env::var_os("MIGCC_KEEP_TEMPS").is_some() {
        let path = scratch.path().join("portable.bc");
        std::fs::write(&path, &bitcode).with_context(|| format!("cannot write {}", path.display()))?;
    }

    bar.set_message(format!("generating code for {}", names(&inv.isas)));
    if inv.verbose {
        let passes = opt.per_isa_pipeline().unwrap_or("none");
        eprintln!(
            "migcc: generate code for {} (in parallel), each after the function passes: {passes}",
            names(&inv.isas)
        );
    }
    let objects = inv
        .isas
        .par_iter()
        .map(|&isa| migcc_llvm_pass::codegen(&bitcode, isa, opt).map(|object| (isa, object)))
        .collect::<Result<Vec<_>, _>>()?;

    bar.set_message("aligning and linking");
    let mut staged = StagedOutputs::default();
    let mut jobs = Vec::new();
    for (isa, object) in objects {
        let archives = vec![sysroot.isa_layer(isa), migcc_sysroot::libgcc(isa)?];
        let output = scratch.path().join(format!("program.{}", isa.name()));
        jobs.push(IsaLink { isa, object, archives, output });
    }
    // One id for all ISA builds of this link, written into each of them.
    let build = BuildInfo::compute(&bitcode, &format!("{opt:?}"), &jobs)?;
    let layout = migcc_linker::link(&jobs, &build, scratch.path(), inv.verbose)?;
    if std::env::var_os("MIGCC_KEEP_TEMPS").is_some() {
        let path = scratch.path().join("layout.json");
        std::fs::write(&path, serde_json::to_vec_pretty(&layout)?)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }

    // The layout is checked on every link, not only by `migcc verify`.
    let builds: Vec<Build> = jobs.iter().map(Build::from).collect();
    if inv.verbose {
        eprintln!("migcc: verify that the {} builds are aligned", names(&inv.isas));
    }
    let report = migcc_linker::verify(&builds)?;
    if !report.is_aligned() {
        bail!(
            "internal error: the ISA builds of {} are not aligned ({} mismatches, first: `{}`: {})",
            output.display(),
            report.mismatches.len(),
            report.mismatches[0].symbol,
            report.mismatches[0].problem
        );
    }
    let expected = build.id_hex();
    if report.build_id.as_deref() != Some(expected.as_str()) {
        bail!("internal error: the ISA builds of {} do not carry build id {expected}", output.display());
    }
    // One file: the host's build (else the first ISA's) carrying the others.
    let main = Isa::host().filter(|h| inv.isas.contains(h)).unwrap_or(inv.isas[0]);
    let main_build = &jobs.iter().find(|j| j.isa == main).expect("a job per ISA").output;
    let others: Vec<(Isa, PathBuf)> =
        jobs.iter().filter(|j| j.isa != main).map(|j| (j.isa, j.output.clone())).collect();
    migcc_linker::bundle::write(main_build, &others, &staged.stage(&output), inv.verbose)?;
    bar.finish_and_clear();
    staged.commit()
}

fn names(isas: &[Isa]) -> String {
    isas.iter().map(|i| i.name()).collect::<Vec<_>>().join(", ")
}
