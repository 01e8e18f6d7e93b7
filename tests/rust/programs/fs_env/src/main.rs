// Files and the environment: args, env vars, fs write/read/metadata/rename, directories.
// args: one "two words" three
// env: GREETING=hello from the environment
use std::fs;
use std::io::{BufRead, BufReader, Seek, SeekFrom, Write};

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    println!("args: {args:?}");
    println!("GREETING={:?} MISSING={:?}", std::env::var("GREETING"), std::env::var("MISSING").is_err());

    fs::create_dir_all("out/nested")?;
    let path = "out/nested/data.txt";
    let mut file = fs::File::create(path)?;
    for i in 0..100 {
        writeln!(file, "line {i}: {}", i * i)?;
    }
    file.flush()?;
    drop(file);
    let meta = fs::metadata(path)?;
    println!("size {} file {} dir {}", meta.len(), meta.is_file(), meta.is_dir());

    let mut file = fs::OpenOptions::new().read(true).append(true).open(path)?;
    file.seek(SeekFrom::Start(0))?;
    let lines: Vec<String> = BufReader::new(&file).lines().collect::<Result<_, _>>()?;
    println!("{} lines, last {:?}", lines.len(), lines.last());
    writeln!(file, "appended")?;

    fs::rename(path, "out/renamed.txt")?;
    let text = fs::read_to_string("out/renamed.txt")?;
    println!("ends with {:?}, exists(old) {}", &text[text.len() - 9..], fs::metadata(path).is_ok());

    let mut names: Vec<String> =
        fs::read_dir("out")?.map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned())).collect::<Result<_, _>>()?;
    names.sort();
    println!("out/: {names:?}");
    let missing = fs::read("no/such/file").unwrap_err();
    println!("missing: {:?}", missing.kind());
    fs::remove_dir_all("out")?;
    println!("cwd ends with run dir: {}", std::env::current_dir()?.is_dir());
    Ok(())
}
