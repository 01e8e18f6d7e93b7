fn main() {
    cc::Build::new().file("src/checksum.c").compile("checksum");
    println!("cargo:rerun-if-changed=src/checksum.c");
}
