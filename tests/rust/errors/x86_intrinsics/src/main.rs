// Another ISA's intrinsics are explained: the crate, the module and where.
// expect-error: crate `x86_intrinsics` uses `core::arch::x86_64` (src/main.rs:5)
// expect-error: #[cfg(not(migcc))]
fn sum4(v: [f32; 4]) -> f32 {
    use core::arch::x86_64::{_mm_add_ps, _mm_loadu_ps, _mm_storeu_ps};
    let mut out = [0f32; 4];
    unsafe {
        let a = _mm_loadu_ps(v.as_ptr());
        _mm_storeu_ps(out.as_mut_ptr(), _mm_add_ps(a, a));
    }
    out.iter().sum()
}

fn main() {
    println!("{}", sum4([1.0, 2.0, 3.0, 4.0]));
}
