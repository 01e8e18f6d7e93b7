// Target assembly in a crate is refused, naming the crate's object and the function.
// expect-error: inline assembly
// expect-error: inline_asm::spin_once
#[inline(never)]
fn spin_once() {
    unsafe { core::arch::asm!("nop") };
}

fn main() {
    spin_once();
    println!("done");
}
