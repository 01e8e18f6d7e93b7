// Without Debian's rustc the error names the package to install.
// env: MIGCC_RUSTC=/nonexistent/rustc
// expect-error: install the Debian package `rustc-web`
fn main() {
    println!("never built");
}
