//! `migcc inspect DIR`: what a checkpoint holds, validated first.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, Result};
use migcc_checkpoint::Checkpoint;
use serde::Serialize;

/// Show a checkpoint: the program and its build id, the ISA that wrote it,
/// its memory regions, open files, and the portable call stack (frame
/// records, innermost first, by function and call-site id). The image is
/// validated first, as `migcc restore` does.
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
    site: u32,
    shadow_sp: u64,
    record: u64,
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
    let (frames, frames_complete) = checkpoint.frames(None).map_err(|e| refuse(e.to_string()))?;
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
        monotonic_ns: h.clock_ns[0],
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
            .map(|f| FrameReport { function: f.function, site: f.site, shadow_sp: f.shadow_sp, record: f.record })
            .collect(),
        frames_complete,
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
        println!("  #{i:<3} function {:<5} site {:<4} shadow sp {:#x}", f.function, f.site, f.shadow_sp);
    }
    if !r.frames_complete {
        println!("  ... (outer frames not listed: their record sizes need the program's frame table)");
    }
}
