// A crate with a C part built by the cc crate: calls into C, and callbacks from C's qsort.
use std::ffi::{c_char, c_int, c_void, CStr};

extern "C" {
    fn adler32(p: *const u8, n: usize) -> u32;
    fn format_hex(v: u32, out: *mut c_char, cap: usize) -> c_int;
    fn sorted_each(v: *mut c_int, n: usize, visit: extern "C" fn(c_int, *mut c_void), ctx: *mut c_void);
}

extern "C" fn collect(value: c_int, ctx: *mut c_void) {
    let out = unsafe { &mut *(ctx as *mut Vec<i32>) };
    out.push(value * 10);
}

fn main() {
    for text in ["Wikipedia", "migcc", ""] {
        let sum = unsafe { adler32(text.as_ptr(), text.len()) };
        let mut buf = [0 as c_char; 16];
        let n = unsafe { format_hex(sum, buf.as_mut_ptr(), buf.len()) };
        let hex = unsafe { CStr::from_ptr(buf.as_ptr()) }.to_str().unwrap();
        println!("{text:?}: {sum} {hex} ({n} chars)");
    }
    let mut values: Vec<c_int> = (0..40).map(|i| (i * 7919) % 101 - 50).collect();
    let mut seen: Vec<i32> = Vec::new();
    unsafe { sorted_each(values.as_mut_ptr(), values.len(), collect, &mut seen as *mut _ as *mut c_void) };
    println!("{seen:?}");
}
