// A panic under panic=abort: the message on stderr, then SIGABRT (no unwinding, no backtrace).
fn parse_all(items: &[&str]) -> Vec<u32> {
    items.iter().map(|s| s.parse().expect("a number")).collect()
}

fn main() {
    let good = parse_all(&["1", "22", "333"]);
    println!("parsed {good:?}");
    let mut sum = 0u64;
    for i in 0..100_000u64 {
        sum = sum.wrapping_add(i * i);
    }
    println!("sum {sum}");
    let bad = parse_all(&["4", "five"]);
    println!("unreachable {bad:?}");
}
