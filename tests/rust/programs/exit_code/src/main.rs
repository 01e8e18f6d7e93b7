// Process exit codes: output flushed, then std::process::exit with a status.
use std::io::Write;

fn main() {
    let mut out = std::io::stdout().lock();
    let mut total = 0u64;
    for i in 0..1000u64 {
        total = total.wrapping_mul(31).wrapping_add(i);
    }
    writeln!(out, "total {total}").unwrap();
    eprintln!("about to exit");
    drop(out);
    std::process::exit((total % 200) as i32 + 3);
}
