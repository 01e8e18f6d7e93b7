//! `migcc inspect DIR`: what a checkpoint holds, validated first.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, Result};
use migcc_checkpoint::{abi, Checkpoint, FrameSizes};
use migcc_llvm_pass::frame_table::FrameTable;
use migcc_sysroot::Isa;

use super::program;
use crate::isa_build;
use serde::Serialize;

/// Show a checkpoint: the program and its build id, the ISA that wrote it,
/// its memory regions, open files, and the portable call stack (frame
/// records, innermost first: function, call site, and the call's source
/// file:line when the program was built with -g; names and the outer
/// frames need one of the program's builds, with the checkpoint's build
/// id). The image is validated first, as `migcc restore` does.
#[derive(clap::Args)]
pub struct Args {
    /// The checkpoint directory (holding `image`).
    dir: PathBuf,
    /// Print JSON (for tools) instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Report {
    image: PathBuf,
    format_version: u32,
    bytes: u64,
    program: PathBuf,
    build_id: String,
    source_isa: String,
    page_size: u64,
    /// CLOCK_REALTIME when written: nanoseconds since the Unix epoch.
    written_at_ns: i64,
    /// The program's CLOCK_MONOTONIC then, which it reads on from after a
    /// restore.
    monotonic_ns: i64,
    argc: u64,
    cwd: PathBuf,
    umask: u32,
    regions: Vec<RegionReport>,
    files: Vec<FileReport>,
    listening_sockets: Vec<SocketReport>,
    /// Innermost first.
    frames: Vec<FrameReport>,
    /// False when only the innermost record could be read (the record
    /// sizes of other functions are not known without the program's frame
    /// table).
    frames_complete: bool,
    /// Where the frame table came from, or why there is none.
    frame_table: String,
}

#[derive(Serialize)]
struct RegionReport {
    kind: &'static str,
    start: u64,
    end: u64,
    size: u64,
    prot: String,
}

#[derive(Serialize)]
struct SocketReport {
    fd: i32,
    address: String,
}

#[derive(Serialize)]
struct FileReport {
    fd: i32,
    flags: i32,
    offset: u64,
    path: PathBuf,
}

#[derive(Serialize)]
struct FrameReport {
    function: u32,
    /// The function's name (from the frame table).
    name: Option<String>,
    site: u32,
    /// The call's source position (-g builds).
    file: Option<String>,
    line: Option<u32>,
    shadow_sp: u64,
    record: u64,
}

/// Record sizes from a frame table.
struct Sizes<'a>(&'a FrameTable);

impl FrameSizes for Sizes<'_> {
    fn record_size(&self, function: u32) -> Option<u64> {
        self.0.functions.get(function as usize).map(|f| f.record_size)
    }
}

/// The frame table of a build with the checkpoint's build id: the writer's
/// executable, else another ISA's build of the program (all have the same
/// table). Err says why there is none.
fn find_frame_table(checkpoint: &Checkpoint) -> Result<(PathBuf, FrameTable), String> {
    let base = checkpoint.program_base();
    let candidates = std::iter::once(checkpoint.header.program.clone())
        .chain(Isa::ALL.iter().filter_map(|&isa| isa_build::executable(&base, isa).ok()));
    let mut why = format!("no build of {} found", base.display());
    for exe in candidates.filter(|exe| exe.is_file()) {
        let same_build = program::read(&exe)
            .map_err(|e| format!("{e:#}"))
            .and_then(|p| checkpoint.check_program(&p.facts).map_err(|e| e.to_string()));
        if let Err(e) = same_build {
            why = e;
            continue;
        }
        match program::frame_table(&exe) {
            Ok(Some(table)) => return Ok((exe, table)),
            Ok(None) => why = format!("{} has no frame table (stripped?)", exe.display()),
            Err(e) => why = format!("{e:#}"),
        }
    }
    Err(why)
}

pub fn run(args: Args) -> Result<ExitCode> {
    let report = report(&args.dir)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_text(&report);
    }
    Ok(ExitCode::SUCCESS)
}

fn report(dir: &Path) -> Result<Report> {
    let refuse = |what: String| anyhow!("cannot inspect {}: {what}", dir.display());
    let image = dir.join("image");
    let bytes = std::fs::read(&image).map_err(|e| refuse(format!("cannot read {}: {e}", image.display())))?;
    let checkpoint = Checkpoint::parse(&bytes).map_err(|e| refuse(e.to_string()))?;
    let table = find_frame_table(&checkpoint);
    let sizes = table.as_ref().ok().map(|(_, t)| Sizes(t));
    let (frames, frames_complete) =
        checkpoint.frames(sizes.as_ref().map(|s| s as &dyn FrameSizes)).map_err(|e| refuse(e.to_string()))?;
    let function = |id: u32| table.as_ref().ok().and_then(|(_, t)| t.functions.get(id as usize));
    let position = |id: u32, site: u32| function(id).and_then(|f| f.sites.get(site as usize)).cloned().flatten();
    let h = &checkpoint.header;
    Ok(Report {
        image,
        format_version: h.version,
        bytes: h.total_bytes,
        program: h.program.clone(),
        build_id: h.build_id_hex(),
        source_isa: h.isa.to_string(),
        page_size: h.page_size,
        written_at_ns: h.realtime_ns,
        monotonic_ns: h.clock_ns[abi::CKPT_CLOCK_MONOTONIC as usize],
        argc: h.argc,
        cwd: h.cwd.clone(),
        umask: h.umask,
        regions: checkpoint
            .regions
            .iter()
            .map(|r| RegionReport {
                kind: r.kind_name(),
                start: r.start,
                end: r.end,
                size: r.len(),
                prot: r.prot_string(),
            })
            .collect(),
        files: checkpoint
            .files
            .iter()
            .map(|f| FileReport { fd: f.fd, flags: f.flags, offset: f.offset, path: f.path.clone() })
            .collect(),
        listening_sockets: checkpoint
            .sockets
            .iter()
            .map(|k| SocketReport { fd: k.fd, address: k.address.to_string() })
            .collect(),
        frames: frames
            .iter()
            .map(|f| {
                let at = position(f.function, f.site);
                FrameReport {
                    function: f.function,
                    name: function(f.function).map(|g| g.name.clone()),
                    site: f.site,
                    file: at.as_ref().map(|p| p.file.clone()),
                    line: at.map(|p| p.line),
                    shadow_sp: f.shadow_sp,
                    record: f.record,
                }
            })
            .collect(),
        frames_complete,
        frame_table: match &table {
            Ok((exe, _)) => exe.display().to_string(),
            Err(why) => why.clone(),
        },
    })
}

fn print_text(r: &Report) {
    println!("checkpoint {} (format {}, {} KiB)", r.image.display(), r.format_version, r.bytes / 1024);
    println!("program:    {}", r.program.display());
    println!("build id:   {}", r.build_id);
    println!("written on: {} (page size {})", r.source_isa, r.page_size);
    println!(
        "written at: {}.{:09} s since the epoch; the program's CLOCK_MONOTONIC was {}.{:09} s",
        r.written_at_ns.div_euclid(1_000_000_000),
        r.written_at_ns.rem_euclid(1_000_000_000),
        r.monotonic_ns.div_euclid(1_000_000_000),
        r.monotonic_ns.rem_euclid(1_000_000_000)
    );
    println!("argc {}, cwd {}, umask {:03o}", r.argc, r.cwd.display(), r.umask);
    println!("memory regions:");
    println!("  {:<13} {:>14} {:>14} {:>12}  prot", "kind", "start", "end", "size");
    for g in &r.regions {
        println!("  {:<13} {:>#14x} {:>#14x} {:>12}  {}", g.kind, g.start, g.end, g.size, g.prot);
    }
    println!("open files:");
    if r.files.is_empty() {
        println!("  (none besides the standard streams)");
    }
    for f in &r.files {
        println!("  fd {:<3} offset {:<10} flags {:#o}  {}", f.fd, f.offset, f.flags, f.path.display());
    }
    for k in &r.listening_sockets {
        println!("  fd {:<3} listening on {}", k.fd, k.address);
    }
    println!("call stack (innermost first):");
    for (i, f) in r.frames.iter().enumerate() {
        let name = f.name.clone().unwrap_or_else(|| format!("function {}", f.function));
        let at = match (&f.file, f.line) {
            (Some(file), Some(line)) => format!(" at {file}:{line}"),
            _ => String::new(),
        };
        println!("  #{i:<3} {name} (call site {}){at}, shadow sp {:#x}", f.site, f.shadow_sp);
    }
    if !r.frames_complete {
        println!("  ... (outer frames not listed: {})", r.frame_table);
    }
}
