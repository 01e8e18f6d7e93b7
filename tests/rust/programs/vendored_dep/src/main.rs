// A crates.io dependency (fastrand), vendored in the fixture: seeded generators, shuffles, sampling.
fn main() {
    let mut rng = fastrand::Rng::with_seed(0x5eed);
    let rolls: Vec<u8> = (0..20).map(|_| rng.u8(1..=6)).collect();
    println!("rolls {rolls:?}");
    let mut deck: Vec<u32> = (1..=20).collect();
    rng.shuffle(&mut deck);
    println!("deck {deck:?}");
    let floats: Vec<String> = (0..5).map(|_| format!("{:.6}", rng.f64())).collect();
    println!("floats {floats:?}");
    let word: String = (0..12).map(|_| rng.lowercase()).collect();
    println!("word {word} {}", rng.i64(-1_000_000..1_000_000));
    let mut histogram = [0u32; 10];
    for _ in 0..100_000 {
        histogram[rng.usize(..10)] += 1;
    }
    println!("histogram {histogram:?}");
}
