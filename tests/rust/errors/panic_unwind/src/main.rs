// Unwinding panics are refused: migcc has no unwinder.
// env: RUSTFLAGS=-Cpanic=unwind
// expect-error: -Cpanic=unwind
// expect-error: panic=abort
fn main() {
    println!("never built");
}
