//! `migcc cargo build`: builds a Cargo project's executables for every ISA.
//! Crates are compiled by Debian's rustc for the virtual ISA's Rust target
//! against a standard library built once as bitcode (`rust_std`), and
//! rustc's link step is migcc itself (`-Clinker=migcc`), which links the
//! rlibs' bitcode as one portable program. The per-ISA executables are
//! then copied to `target/migcc/<profile>/`. See docs/RUST.md.

use std::ffi::OsString;
use std::io::BufRead;
use std::path::{Component, Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use anyhow::{bail, Context, Result};
use migcc_sysroot::rust_std::{self, TARGET};
use migcc_sysroot::{tools, Isa};

use crate::outputs::StagedOutputs;
use crate::toolchain;

/// Build a Cargo project into migratable multi-ISA executables (see docs/RUST.md)
#[derive(clap::Args)]
#[command(after_help = "Examples:\n  migcc cargo build --release\n  \
                        migcc cargo --migratable build --release --bin server\n  \
                        cargo migcc build -p app --features fast   (the same, through cargo-migcc)\n\n\
                        Writes target/migcc/<profile>/NAME: one file that carries every ISA's build.")]
pub struct Args {
    /// Instrument the program for live migration (as `migcc -fmigratable`).
    #[arg(long)]
    migratable: bool,
    /// The ISAs to build, comma-separated (default: x86_64,aarch64,riscv64).
    #[arg(long, value_name = "ISA,...")]
    isa: Option<String>,
    /// Cargo's command.
    command: CargoCommand,
    /// Cargo's own arguments: --release, --profile, -p, --bin, --example,
    /// --features, --no-default-features, --locked, -j, -v, ...
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    cargo_args: Vec<OsString>,
}

#[derive(clap::ValueEnum, Clone, Copy)]
enum CargoCommand {
    Build,
}

pub fn run(args: Args) -> Result<ExitCode> {
    refuse_own_arguments(&args.cargo_args)?;
    let rustflags = user_rustflags();
    if let Some(flag) = unwinding_flag(&rustflags) {
        bail!(
            "RUSTFLAGS asks for `{flag}`: migcc builds Rust with panic=abort (it has no unwinder; see docs/RUST.md)\n\
             hint: remove it from RUSTFLAGS"
        );
    }
    let show_progress = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let std =
        rust_std::ensure(&toolchain::cache_root(), show_progress).context("cannot prepare Rust's standard library")?;
    let rust = rust_std::tools()?;
    let migcc = std::env::current_exe().context("cannot locate the migcc executable")?;

    let mut flags = rustflags;
    flags.push("--sysroot".into());
    flags.push(std.sysroot.display().to_string());
    flags.extend(rust_std::CODEGEN_FLAGS.iter().map(|f| f.to_string()));
    flags.push("-Clink-self-contained=no".into());
    // `#[cfg(migcc)]`, as C has `__migcc__`.
    flags.push("--cfg=migcc".into());
    flags.push("--check-cfg=cfg(migcc)".into());
    flags.push(format!("-Clinker={}", migcc.display()));
    if args.migratable {
        flags.push("-Clink-arg=-fmigratable".into());
    }
    if let Some(isas) = &args.isa {
        // Checked here: a bad name found by the link would fail every crate.
        for name in isas.split(',') {
            name.parse::<Isa>()?;
        }
        flags.push(format!("-Clink-arg=--isa={isas}"));
    }

    // C compiled by build scripts (the cc crate) goes through migcc too.
    let target_env = TARGET.replace('-', "_");
    // rustc's diagnostics come as JSON, so that an error about another
    // ISA's intrinsics can be explained; migcc prints them as cargo would.
    let message_format = if show_progress { "json-diagnostic-rendered-ansi" } else { "json" };
    let mut cargo = Command::new(&rust.cargo);
    cargo
        .arg("build")
        .args(["--target", TARGET, &format!("--message-format={message_format}")])
        .args(&args.cargo_args)
        .env("RUSTC", &rust.rustc)
        .env("CARGO_ENCODED_RUSTFLAGS", flags.join("\x1f"))
        .env_remove("RUSTFLAGS")
        .env(format!("CC_{target_env}"), &migcc)
        .env(format!("AR_{target_env}"), tools::LLVM_AR.find()?)
        .stdout(Stdio::piped());
    let mut child = cargo.spawn().with_context(|| format!("cannot run {}", rust.cargo.display()))?;
    let mut executables = Vec::new();
    let mut foreign_intrinsics = None;
    for line in std::io::BufReader::new(child.stdout.take().expect("piped stdout")).lines() {
        let message: serde_json::Value = match serde_json::from_str(&line.context("cannot read cargo's messages")?) {
            Ok(message) => message,
            Err(_) => continue,
        };
        match message["reason"].as_str() {
            Some("compiler-artifact") => executables.extend(message["executable"].as_str().map(PathBuf::from)),
            Some("compiler-message") => {
                if let Some(rendered) = message["message"]["rendered"].as_str() {
                    eprint!("{rendered}");
                }
                if foreign_intrinsics.is_none() {
                    foreign_intrinsics = ForeignIntrinsics::find(&message);
                }
            }
            _ => {}
        }
    }
    let status = child.wait().context("cannot wait for cargo")?;
    if let (false, Some(found)) = (status.success(), foreign_intrinsics) {
        bail!(
            "crate `{}` uses `{}` ({}:{}): intrinsics of one ISA, which migcc's virtual ISA (riscv64) does not have and \
             the other ISAs could not run\nhint: use portable code, or leave it out of migcc builds with #[cfg(not(migcc))]",
            found.krate,
            found.module,
            found.file,
            found.line
        );
    }
    if !status.success() {
        bail!("cargo build failed (its messages are above)");
    }
    for executable in &executables {
        let written = place(executable)?;
        eprintln!("migcc: wrote {}", written.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// A compile error on a line that names another ISA's `core::arch` module.
struct ForeignIntrinsics {
    krate: String,
    module: String,
    file: String,
    line: u64,
}

impl ForeignIntrinsics {
    /// The `arch` modules of the ISAs that are not the virtual ISA's.
    const MODULES: &[&str] = &["arch::x86_64", "arch::x86", "arch::aarch64", "arch::arm"];

    /// Reads one `compiler-message`: an error whose source lines (as rustc
    /// quotes them in its JSON) use one of those modules.
    fn find(message: &serde_json::Value) -> Option<ForeignIntrinsics> {
        let diagnostic = &message["message"];
        if diagnostic["level"] != "error" {
            return None;
        }
        diagnostic["spans"].as_array()?.iter().find_map(|span| {
            let quoted = span["text"].as_array()?.iter().filter_map(|t| t["text"].as_str());
            let module = quoted.flat_map(|text| Self::MODULES.iter().filter(move |m| text.contains(*m))).next()?;
            Some(ForeignIntrinsics {
                krate: message["target"]["name"].as_str().unwrap_or("?").to_string(),
                module: format!("core::{module}"),
                file: span["file_name"].as_str().unwrap_or("?").to_string(),
                line: span["line_start"].as_u64().unwrap_or(0),
            })
        })
    }
}

/// Arguments that would undo what migcc sets up.
fn refuse_own_arguments(cargo_args: &[OsString]) -> Result<()> {
    for arg in cargo_args.iter().filter_map(|a| a.to_str()) {
        if arg == "--target" || arg.starts_with("--target=") {
            bail!("`{arg}`: migcc builds for its virtual ISA, then for every ISA\nhint: choose the ISAs with `migcc cargo --isa x86_64,aarch64 build`");
        }
        if arg.starts_with("--message-format") {
            bail!("`{arg}`: migcc reads cargo's messages itself");
        }
    }
    Ok(())
}

/// The user's RUSTFLAGS (or CARGO_ENCODED_RUSTFLAGS), kept in front of migcc's.
fn user_rustflags() -> Vec<String> {
    if let Ok(encoded) = std::env::var("CARGO_ENCODED_RUSTFLAGS") {
        return encoded.split('\x1f').filter(|f| !f.is_empty()).map(String::from).collect();
    }
    std::env::var("RUSTFLAGS").unwrap_or_default().split_whitespace().map(String::from).collect()
}

/// A flag that asks for unwinding panics (`-Cpanic=unwind`, `-C panic=unwind`).
fn unwinding_flag(flags: &[String]) -> Option<String> {
    flags.iter().enumerate().find_map(|(i, f)| {
        let value = f.strip_prefix("-C").map(|v| if v.is_empty() { flags.get(i + 1).map_or("", |n| n) } else { v });
        (value == Some("panic=unwind")).then(|| "-Cpanic=unwind".to_string())
    })
}

/// Copies an executable (one file carrying every ISA's build) from cargo's
/// target directory (`<target-dir>/<TARGET>/<profile>/[examples/]NAME`) to
/// `<target-dir>/migcc/<profile>/[examples/]NAME`, where it is found without
/// knowing migcc's Rust target; returns the destination.
fn place(executable: &Path) -> Result<PathBuf> {
    let components: Vec<Component> = executable.components().collect();
    let at = components
        .iter()
        .rposition(|c| c.as_os_str() == TARGET)
        .with_context(|| format!("cargo wrote {} outside its {TARGET} directory", executable.display()))?;
    let target_dir: PathBuf = components[..at].iter().collect();
    let rest: PathBuf = components[at + 1..].iter().collect();
    let destination = target_dir.join("migcc").join(rest);

    let parent = destination.parent().expect("a file under target/");
    std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    let mut staged = StagedOutputs::default();
    let stage = staged.stage(&destination);
    std::fs::copy(executable, &stage).with_context(|| format!("cannot copy {}", executable.display()))?;
    staged.commit()?;
    Ok(destination)
}
