//! DejaGnu directives (`{ dg-... }`) of a torture test, and what they mean
//! for our three targets (`<isa>-unknown-linux-musl`, clang-22, LP64).
//!
//! Honoured: `dg-options` and `dg-additional-options` (appended after -O2,
//! as the torture harness does), `dg-skip-if`, `dg-xfail-if` /
//! `dg-xfail-run-if` (a test expected to fail on an ISA is not run there),
//! `dg-require-effective-target` and `dg-do run`. No effect here:
//! `dg-add-options` (`stack_size` and `ieee` add nothing on these targets),
//! `dg-require-stack-size`, `dg-require-alias`, `dg-require-weak` (all hold
//! on static Linux ELF) and `dg-prune-output` (output is not checked). Any
//! other directive or effective target is an error, so a new GCC cannot
//! change the rules silently.

use migcc_sysroot::Isa;

/// A Tcl-ish token: a bare or quoted word, or a braced group.
#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Word(String),
    Group(Vec<Tok>),
}

/// How one test is run.
#[derive(Debug, PartialEq)]
pub struct Plan {
    /// Options after `-O2`, from dg-options / dg-additional-options.
    pub options: Vec<String>,
    /// ISAs the test applies to, in `Isa::ALL` order.
    pub isas: Vec<Isa>,
}

/// A test is run on some ISAs, or not at all (with the reason).
#[derive(Debug, PartialEq)]
pub enum Selection {
    Run(Plan),
    Exclude(String),
}

/// Effective targets of clang-22 + static musl on 64-bit Linux. False ones:
/// GNU C features clang never implemented (nested-function trampolines,
/// `__builtin_apply`, decimal floating point) and properties of other
/// targets or configurations.
fn effective_target(name: &str) -> Result<bool, String> {
    const TRUE: &[&str] = &[
        "int32plus",
        "int32",
        "longlong64",
        "int128",
        "label_values",
        "alloca",
        "indirect_jumps",
        "return_address",
        "fileio",
        "unwrapped",
        "stdint_types",
        "mmap",
        "double64plus",
        "c99_runtime",
        "signal",
        "fpic",
        "lp64",
        "ieee",
    ];
    const FALSE: &[&str] =
        &["trampolines", "untyped_assembly", "dfp", "ia32", "freestanding", "newlib_nano_io", "vxworks_kernel"];
    if TRUE.contains(&name) {
        Ok(true)
    } else if FALSE.contains(&name) {
        Ok(false)
    } else {
        Err(format!("unknown effective target `{name}`: classify it in tests/torture/directives.rs"))
    }
}

/// Decides how a test runs from its directives.
pub fn plan(src: &str) -> Result<Selection, String> {
    let mut options = Vec::new();
    let mut isas: Vec<Isa> = Isa::ALL.to_vec();
    // dg-skip-if compares its option lists against the flags in effect, so
    // it is evaluated after every option directive has been collected.
    let mut conditional_skips = Vec::new();
    for dir in directives(src)? {
        let (name, args) = dir.split_first().ok_or("empty directive")?;
        let Tok::Word(name) = name else {
            return Err("directive name is a group".into());
        };
        match name.as_str() {
            "dg-options" | "dg-additional-options" => {
                let opts = words(args.first().ok_or(format!("{name} without options"))?);
                let applies: Vec<bool> = match args.get(1) {
                    None => vec![true; Isa::ALL.len()],
                    Some(sel) => Isa::ALL.iter().map(|&isa| target_selector(sel, isa)).collect::<Result<_, _>>()?,
                };
                if applies.iter().all(|&a| a) {
                    options.extend(opts);
                } else if applies.iter().any(|&a| a) {
                    // One build serves every ISA: per-ISA machine flags
                    // (-mno-mmx, -mpc64...) can't be honoured.
                    return Ok(Selection::Exclude(format!("{name} only for some ISAs: {}", opts.join(" "))));
                }
            }
            "dg-skip-if" | "dg-xfail-if" | "dg-xfail-run-if" => conditional_skips.push(args.to_vec()),
            "dg-require-effective-target" => {
                let Some(Tok::Word(target)) = args.first() else {
                    return Err(format!("bad {name}"));
                };
                if !effective_target(target)? {
                    return Ok(Selection::Exclude(format!("requires {target}")));
                }
            }
            "dg-do" => {
                if args.first() != Some(&Tok::Word("run".into())) {
                    return Ok(Selection::Exclude(format!("not a run test: dg-do {args:?}")));
                }
            }
            "dg-add-options" | "dg-require-stack-size" | "dg-require-alias" | "dg-require-weak" | "dg-prune-output" => {
            }
            other => {
                return Err(format!("unknown directive `{other}`: decide its meaning in tests/torture/directives.rs"))
            }
        }
    }
    let mut flags = vec!["-O2".to_string()];
    flags.extend(options.iter().cloned());
    for args in conditional_skips {
        let selector = args.get(1).ok_or("dg-skip-if without a target selector")?;
        let include = args.get(2).map(words).unwrap_or_else(|| vec!["*".into()]);
        let exclude = args.get(3).map(words).unwrap_or_default();
        let flags_match = include.iter().any(|o| o == "*" || flags.contains(o))
            && !exclude.iter().any(|o| !o.is_empty() && flags.contains(o));
        if flags_match {
            let mut kept = Vec::new();
            for isa in isas {
                if !selector_matches(selector, isa)? {
                    kept.push(isa);
                }
            }
            isas = kept;
        }
    }
    if isas.is_empty() {
        return Ok(Selection::Exclude("skipped on every ISA (dg-skip-if / dg-xfail-if)".into()));
    }
    Ok(Selection::Run(Plan { options, isas }))
}

/// The words of an option list: a group, or one word split at spaces.
fn words(tok: &Tok) -> Vec<String> {
    match tok {
        Tok::Word(w) => w.split_whitespace().map(str::to_string).collect(),
        Tok::Group(g) => g.iter().flat_map(words).collect(),
    }
}

/// `{ target SELECTOR }` as used by dg-options.
fn target_selector(tok: &Tok, isa: Isa) -> Result<bool, String> {
    match tok {
        Tok::Group(g) if g.first() == Some(&Tok::Word("target".into())) => expr(&g[1..], isa),
        other => Err(format!("unsupported option selector {other:?}")),
    }
}

/// A target selector: a list of triplet globs and effective targets (any may
/// match), or an expression with `!`, `&&` and `||` over them.
fn selector_matches(tok: &Tok, isa: Isa) -> Result<bool, String> {
    match tok {
        Tok::Group(g) => expr(g, isa),
        word => expr(std::slice::from_ref(word), isa),
    }
}

fn expr(toks: &[Tok], isa: Isa) -> Result<bool, String> {
    let is_op = |t: &Tok| matches!(t, Tok::Word(w) if w == "!" || w == "&&" || w == "||");
    if !toks.iter().any(is_op) {
        // A plain list: any element matching is enough.
        for t in toks {
            if atom(t, isa)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    // `a || b`, `a && b`, `! a`, left to right with && binding tighter.
    let mut any = false;
    for conj in toks.split(|t| *t == Tok::Word("||".into())) {
        let mut all = true;
        for term in conj.split(|t| *t == Tok::Word("&&".into())) {
            let (negated, rest) = match term.split_first() {
                Some((Tok::Word(w), rest)) if w == "!" => (true, rest),
                _ => (false, term),
            };
            let [single] = rest else {
                return Err(format!("unsupported selector {toks:?}"));
            };
            all &= atom(single, isa)? != negated;
        }
        any |= all;
    }
    Ok(any)
}

fn atom(tok: &Tok, isa: Isa) -> Result<bool, String> {
    match tok {
        Tok::Group(g) => expr(g, isa),
        // A triplet glob such as `x86_64-*-*` or `*-*-linux*`.
        Tok::Word(w) if w.contains('-') => Ok(glob(w, &format!("{}-unknown-linux-musl", isa.name()))),
        Tok::Word(w) => effective_target(w),
    }
}

/// Tcl `string match` with `*`, `?` and no character classes.
fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    fn go(p: &[char], t: &[char]) -> bool {
        match p.split_first() {
            None => t.is_empty(),
            Some(('*', rest)) => (0..=t.len()).any(|i| go(rest, &t[i..])),
            Some(('?', rest)) => !t.is_empty() && go(rest, &t[1..]),
            Some((c, rest)) => t.first() == Some(c) && go(rest, &t[1..]),
        }
    }
    go(&p, &t)
}

/// Every `{ dg-... }` in the source, as token lists starting with the name.
fn directives(src: &str) -> Result<Vec<Vec<Tok>>, String> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = src[from..].find("dg-") {
        let start = from + found;
        if !src[..start].trim_end().ends_with('{') {
            from = start + 3;
            continue;
        }
        let mut lexer = Lexer { src, pos: start };
        out.push(lexer.group()?);
        from = lexer.pos;
    }
    Ok(out)
}

/// Reads Tcl-ish tokens from `src`, starting at `pos`.
struct Lexer<'a> {
    src: &'a str,
    pos: usize,
}

impl Lexer<'_> {
    fn next(&mut self) -> Option<char> {
        let c = self.src[self.pos..].chars().next()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    /// Tokens up to the `}` closing the current group (consumed).
    fn group(&mut self) -> Result<Vec<Tok>, String> {
        let mut toks = Vec::new();
        loop {
            match self.next() {
                None => return Err("unterminated `{` in a dg- directive".into()),
                Some('}') => return Ok(toks),
                Some('{') => toks.push(Tok::Group(self.group()?)),
                Some('"') => {
                    let mut word = String::new();
                    loop {
                        match self.next() {
                            None => return Err("unterminated string in a dg- directive".into()),
                            Some('"') => break,
                            Some('\\') => word.extend(self.next()),
                            Some(c) => word.push(c),
                        }
                    }
                    toks.push(Tok::Word(word));
                }
                Some(c) if c.is_whitespace() => {}
                Some(c) => {
                    let mut word = c.to_string();
                    while let Some(c) = self.peek().filter(|&c| !c.is_whitespace() && c != '{' && c != '}') {
                        word.push(c);
                        self.pos += c.len_utf8();
                    }
                    toks.push(Tok::Word(word));
                }
            }
        }
    }
}

pub type SelfTest = fn() -> Result<(), String>;

/// Checks of the directive logic on the forms gcc-12's tests use, run as
/// trials of their own.
pub fn self_tests() -> Vec<(&'static str, SelfTest)> {
    fn expect(src: &str, want: Selection) -> Result<(), String> {
        let got = plan(src)?;
        if got == want {
            Ok(())
        } else {
            Err(format!("{src}\n  planned {got:?}\n  expected {want:?}"))
        }
    }
    fn run(options: &[&str], isas: &[Isa]) -> Selection {
        Selection::Run(Plan { options: options.iter().map(|s| s.to_string()).collect(), isas: isas.to_vec() })
    }
    vec![
        ("options", || {
            expect(
                "/* { dg-options \"-fgnu89-inline\" } */\n/* { dg-additional-options \"-fwrapv\" } */",
                run(&["-fgnu89-inline", "-fwrapv"], &Isa::ALL),
            )?;
            expect("/* { dg-options { \"-fwrapv\" } } */", run(&["-fwrapv"], &Isa::ALL))?;
            expect(
                "/* { dg-options \"-mtune=i686\" { target { { i?86-*-* x86_64-*-* } && ia32 } } } */",
                run(&[], &Isa::ALL),
            )?;
            expect(
                "/* { dg-additional-options \"-DSIGNAL_SUPPRESS\" { target { ! signal } } } */",
                run(&[], &Isa::ALL),
            )?;
            match plan("/* { dg-options \"-mno-mmx\" { target { x86_64-*-* i?86-*-* } } } */")? {
                Selection::Exclude(_) => Ok(()),
                other => Err(format!("x86-only options planned as {other:?}")),
            }
        }),
        ("skips", || {
            let all_but_x86 = [Isa::Aarch64, Isa::Riscv64];
            expect("/* { dg-skip-if \"\" { ! { i?86-*-* x86_64-*-* } } } */", run(&[], &[Isa::X86_64]))?;
            expect("/* { dg-skip-if \"x\" { x86_64-*-* } } */", run(&[], &all_but_x86))?;
            expect("/* { dg-skip-if \"requires alloca\" { ! alloca } { \"-O0\" } { \"\" } } */", run(&[], &Isa::ALL))?;
            expect("/* { dg-skip-if \"fp\" { *-*-* } \"-fomit-frame-pointer\" \"\" } */", run(&[], &Isa::ALL))?;
            expect(
                "/* { dg-skip-if \"O2\" { *-*-* } { \"-O2\" } { \"\" } } */",
                Selection::Exclude("skipped on every ISA (dg-skip-if / dg-xfail-if)".into()),
            )?;
            expect(
                "/* { dg-require-effective-target trampolines } */",
                Selection::Exclude("requires trampolines".into()),
            )?;
            expect(
                "/* { dg-prune-output \"warning: \\[^\\n\\r\\]* unsafely\" } */ /* { dg-do run } */",
                run(&[], &Isa::ALL),
            )
        }),
    ]
}
