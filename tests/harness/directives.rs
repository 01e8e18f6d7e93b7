//! Directives: `//` comment lines at the top of a test C file.
//!
//! The header is the run of lines at the start of the file that begin with
//! `//` (blank lines end it).  Inside it, a line of the form `// key: value`
//! whose key is one of the known directive names is a directive; every other
//! comment line (such as the one-line description of the test) is ignored.
//!
//! | directive            | meaning                                                        |
//! |----------------------|----------------------------------------------------------------|
//! | `// args: a "b c" d` | argv[1..] for the run; shell-like quoting with `"` and `'`     |
//! | `// stdin: text\n`   | bytes fed to stdin; C escapes (`\n \t \r \\ \" \' \0 \xHH \e`); repeated lines are concatenated |
//! | `// env: NAME=value` | one environment variable (repeatable); the value is taken verbatim |
//! | `// cflags: -O0 -DX` | extra compile flags for both builds, after the `-O` level      |
//! | `// opt: -O0 -O2 -Os`| the optimisation levels to build and compare at, one trial each (default `-O2`) |
//! | `// link: -lm`       | extra link flags for both builds, after the sources           |
//! | `// expect-error: s` | (tests/errors only) substring required in migcc's stderr; repeatable |
//! | `// timeout: 60`     | per-process timeout in seconds for this test (default 120)     |
//! | `// stdin-pace: 50ms`| feed the `stdin` bytes a line at a time, this long before each line |
//! | `// stderr-on-hop: s`| (tests/migrate only) text a migrated run must print on stderr; `{from}` and `{to}` stand for the hop's ISAs; repeatable |
//! | `// migrate-after: 60000ms` | (tests/migrate) the delay of the pair runs' `--after` (default 100ms): a program that must be found blocked gets time to reach its blocking call even where qemu starts slowly; a long one leaves the move to the program's own request (migcc.h) |
//! | `// no-migrate: why`  | (tests/rust only) the program is not migrated, for the reason given (it starts threads) |
//! | `// connect: text\n` | (tests/migrate only) the program is a server that prints `listening on port N` on stderr; the test connects to 127.0.0.1:N (after the hop, in a migrated run), sends the text (C escapes), and compares the reply with the unmigrated run's |

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Directives {
    pub args: Vec<String>,
    pub stdin: Vec<u8>,
    pub env: Vec<(String, String)>,
    pub cflags: Vec<String>,
    pub link: Vec<String>,
    pub expect_error: Vec<String>,
    pub timeout_secs: Option<u64>,
    /// Optimisation levels to test at; empty means the default, `-O2`.
    pub opt_levels: Vec<String>,
    /// Feed stdin a line at a time, this many milliseconds before each.
    pub stdin_pace_ms: Option<u64>,
    pub stderr_on_hop: Vec<String>,
    pub connect: Option<Vec<u8>>,
    /// `--after` of the pair runs, in milliseconds (default 100).
    pub migrate_after_ms: Option<u64>,
    /// Why the program is not migrated, if it is not.
    pub no_migrate: Option<String>,
}

/// The `-O` levels migcc and the reference compilers share.
pub const OPT_LEVELS: &[&str] = &["-O0", "-O1", "-O2", "-O3", "-Os", "-Oz"];

impl Directives {
    /// The levels to build at, in the order given.
    pub fn opt_levels(&self) -> Vec<String> {
        if self.opt_levels.is_empty() {
            vec!["-O2".to_string()]
        } else {
            self.opt_levels.clone()
        }
    }
}

const KNOWN: &[&str] = &[
    "args",
    "stdin",
    "env",
    "cflags",
    "link",
    "expect-error",
    "timeout",
    "opt",
    "stdin-pace",
    "stderr-on-hop",
    "connect",
    "migrate-after",
    "no-migrate",
];

/// Parses the directive header of a C source file.
pub fn parse(src: &str) -> Result<Directives, String> {
    let mut d = Directives::default();
    for (lineno, line) in src.lines().enumerate() {
        let Some(body) = line.strip_prefix("//") else {
            break;
        };
        let body = body.strip_prefix(' ').unwrap_or(body);
        let Some((key, value)) = body.split_once(':') else {
            continue;
        };
        let key = key.trim();
        if !KNOWN.contains(&key) {
            continue;
        }
        // A single space after the colon is part of the syntax, not of the value.
        let value = value.strip_prefix(' ').unwrap_or(value);
        let at = |e: String| format!("line {}: `{}` directive: {}", lineno + 1, key, e);
        match key {
            "args" => d.args.extend(split_words(value).map_err(at)?),
            "stdin" => d.stdin.extend(unescape(value).map_err(at)?),
            "env" => {
                let (name, val) =
                    value.split_once('=').ok_or_else(|| at(format!("expected NAME=value, got {value:?}")))?;
                let name = name.trim();
                if name.is_empty() || name.contains(char::is_whitespace) {
                    return Err(at(format!("bad variable name {name:?}")));
                }
                d.env.push((name.to_string(), val.to_string()));
            }
            "cflags" => d.cflags.extend(split_words(value).map_err(at)?),
            "link" => d.link.extend(split_words(value).map_err(at)?),
            "opt" => {
                for level in split_words(value).map_err(at)? {
                    if !OPT_LEVELS.contains(&level.as_str()) {
                        return Err(at(format!("unknown level {level:?} (one of {})", OPT_LEVELS.join(" "))));
                    }
                    d.opt_levels.push(level);
                }
            }
            "expect-error" => {
                let v = value.trim_end();
                if v.is_empty() {
                    return Err(at("empty substring".into()));
                }
                d.expect_error.push(v.to_string());
            }
            "timeout" => {
                let secs: u64 = value.trim().parse().map_err(|_| at(format!("expected seconds, got {value:?}")))?;
                d.timeout_secs = Some(secs);
            }
            "stdin-pace" | "migrate-after" => {
                let ms = value.trim().strip_suffix("ms").and_then(|n| n.parse().ok());
                let ms = Some(ms.ok_or_else(|| at(format!("expected milliseconds such as 50ms, got {value:?}")))?);
                match key {
                    "stdin-pace" => d.stdin_pace_ms = ms,
                    _ => d.migrate_after_ms = ms,
                }
            }
            "stderr-on-hop" => {
                let v = value.trim_end();
                if v.is_empty() {
                    return Err(at("empty text".into()));
                }
                d.stderr_on_hop.push(v.to_string());
            }
            "no-migrate" => {
                let why = value.trim();
                if why.is_empty() {
                    return Err(at("say why the program is not migrated".into()));
                }
                d.no_migrate = Some(why.to_string());
            }
            "connect" => d.connect.get_or_insert_with(Vec::new).extend(unescape(value).map_err(at)?),
            _ => unreachable!(),
        }
    }
    Ok(d)
}

/// Splits a line into words with shell-like quoting: whitespace separates
/// words, `"..."` and `'...'` group (and allow empty words), backslash escapes
/// the next character outside single quotes.
pub fn split_words(s: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => cur.push(c),
                        None => return Err(format!("unterminated ' in {s:?}")),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c) => cur.push(c),
                            None => return Err(format!("trailing backslash in {s:?}")),
                        },
                        Some(c) => cur.push(c),
                        None => return Err(format!("unterminated \" in {s:?}")),
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next() {
                    Some(c) => cur.push(c),
                    None => return Err(format!("trailing backslash in {s:?}")),
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}

/// Decodes C-style escapes into bytes.
pub fn unescape(s: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b != b'\\' {
            out.push(b);
            i += 1;
            continue;
        }
        let Some(&e) = bytes.get(i + 1) else {
            return Err(format!("trailing backslash in {s:?}"));
        };
        i += 2;
        match e {
            b'n' => out.push(b'\n'),
            b't' => out.push(b'\t'),
            b'r' => out.push(b'\r'),
            b'a' => out.push(7),
            b'e' => out.push(0x1b),
            b'0' => out.push(0),
            b'\\' => out.push(b'\\'),
            b'"' => out.push(b'"'),
            b'\'' => out.push(b'\''),
            b'x' => {
                let hex = s.get(i..i + 2).ok_or_else(|| format!("\\x needs two hex digits in {s:?}"))?;
                let v = u8::from_str_radix(hex, 16).map_err(|_| format!("bad \\x{hex} in {s:?}"))?;
                out.push(v);
                i += 2;
            }
            other => return Err(format!("unknown escape \\{} in {s:?}", other as char)),
        }
    }
    Ok(out)
}

/// One named self-check.
pub type SelfTest = (&'static str, fn() -> Result<(), String>);

/// Self-checks of the parser, run as `harness::*` trials (the test binary
/// uses `harness = false`, so `#[test]` functions would never run).
pub fn self_tests() -> Vec<SelfTest> {
    fn eq<T: PartialEq + std::fmt::Debug>(what: &str, got: T, want: T) -> Result<(), String> {
        if got == want {
            Ok(())
        } else {
            Err(format!("{what}: got {got:?}, want {want:?}"))
        }
    }
    vec![
        ("directives_basic", || {
            let d = parse(
                "// Checks things: with a colon in the description.\n\
                 // args: a \"b c\" '' d\\ e\n\
                 // stdin: x\\ty\\n\n\
                 // stdin: \\x41\\0\n\
                 // env: A=1\n\
                 // env: B=has = sign \n\
                 // cflags: -O0 -DX=1\n\
                 // link: -lm -pthread\n\
                 // timeout: 30\n\
                 // opt: -O0 -Os\n\
                 // stdin-pace: 50ms\n\
                 // stderr-on-hop: moved {from} -> {to}\n\
                 // connect: hi\\n\n\
                 // no-migrate: starts threads\n\
                 #include <stdio.h>\n\
                 // args: ignored-after-header\n",
            )?;
            eq("args", d.args, vec!["a".to_string(), "b c".into(), "".into(), "d e".into()])?;
            eq("stdin", d.stdin, b"x\ty\nA\0".to_vec())?;
            eq("env", d.env, vec![("A".to_string(), "1".to_string()), ("B".into(), "has = sign ".into())])?;
            eq("cflags", d.cflags, vec!["-O0".to_string(), "-DX=1".into()])?;
            eq("link", d.link, vec!["-lm".to_string(), "-pthread".into()])?;
            eq("timeout", d.timeout_secs, Some(30))?;
            eq("opt", d.opt_levels, vec!["-O0".to_string(), "-Os".into()])?;
            eq("stdin-pace", d.stdin_pace_ms, Some(50))?;
            eq("stderr-on-hop", d.stderr_on_hop, vec!["moved {from} -> {to}".to_string()])?;
            eq("connect", d.connect, Some(b"hi\n".to_vec()))?;
            eq("no-migrate", d.no_migrate, Some("starts threads".to_string()))
        }),
        ("directives_header_ends_at_code", || {
            let d = parse("#include <stdio.h>\n// args: x\n")?;
            eq("args", d.args.len(), 0)?;
            eq("default opt", d.opt_levels(), vec!["-O2".to_string()])
        }),
        ("directives_expect_error", || {
            let d = parse("// bad asm\n// expect-error: inline assembly\n// expect-error: in function 'f'\n")?;
            eq("expect", d.expect_error, vec!["inline assembly".to_string(), "in function 'f'".into()])
        }),
        ("directives_errors", || {
            for bad in [
                "// env: NOEQUALS\n",
                "// stdin: \\q\n",
                "// args: \"open\n",
                "// timeout: soon\n",
                "// stdin: \\x4\n",
                "// opt: -O9\n",
                "// stdin-pace: 50\n",
                "// stderr-on-hop: \n",
                "// no-migrate:\n",
            ] {
                if parse(bad).is_ok() {
                    return Err(format!("accepted bad header {bad:?}"));
                }
            }
            Ok(())
        }),
    ]
}
