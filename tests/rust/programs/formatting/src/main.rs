// Formatting and floating point: Display, Debug, exponents, parsing, i128.
use std::fmt;

#[derive(Debug, Clone, PartialEq)]
struct Point {
    x: f64,
    y: f64,
}

impl fmt::Display for Point {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "({:.3}, {:+e})", self.x, self.y)
    }
}

fn main() {
    let p = Point { x: std::f64::consts::PI, y: -1.0e-7 };
    println!("{p} {p:?} {p:#?}");
    for v in [0.1f64, 1.0 / 3.0, 2f64.sqrt(), 1e300 * 10.0, -0.0, f64::MIN_POSITIVE, 123456789.125] {
        println!("{v} {v:.17} {v:e} {:?} {}", v.to_bits(), v.mul_add(2.0, 1.0));
    }
    for s in ["3.25", "-1e-5", "inf", "NaN", "0x10", "1_000"] {
        println!("{s:>6} -> {:?}", s.parse::<f64>());
    }
    let n: i128 = -170141183460469231731687303715884105728;
    let m: u128 = u128::MAX / 3;
    println!("{n} {m} {:x} {}", m, m.count_ones());
    println!("{:>10}|{:<10}|{:^10}|{:08.2}|{:#b}", "right", "left", "mid", -3.14159, 42u8);
    let x = 1.0f32 / 7.0;
    println!("{x} {} {}", x.sin(), (x as f64).ln_1p());
    let mut acc = 0.0f64;
    for i in 1..=1000 {
        acc += (i as f64).sqrt().sin() / i as f64;
    }
    println!("{acc:.15}");
}
