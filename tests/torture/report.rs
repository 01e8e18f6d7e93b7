//! The summary printed after all trials: pass rates per ISA, then every
//! migcc failure with its reason.

use std::collections::BTreeMap;
use std::fmt::Write;

use migcc_sysroot::Isa;

use crate::trial::{IsaOutcome, Outcome};

/// `known` names the tests listed as known migcc bugs; their lines are marked.
pub fn summary(
    header: &str,
    results: &BTreeMap<String, Vec<IsaOutcome>>,
    excluded: &[(String, String)],
    known: &[&str],
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "\n{header}");
    let _ = writeln!(
        out,
        "{:<8} {:>17} {:>17} | migcc failures: {:>8} {:>12} {:>12}",
        "ISA", "migcc pass", "clang pass", "rejected", "build failed", "wrong result"
    );
    for isa in Isa::ALL {
        let on_isa: Vec<&IsaOutcome> = results.values().flatten().filter(|o| o.isa == isa).collect();
        let total = on_isa.len();
        let count = |pred: &dyn Fn(&IsaOutcome) -> bool| on_isa.iter().filter(|o| pred(o)).count();
        let migcc_pass = count(&|o| matches!(o.migcc, Outcome::Pass));
        let clang_pass = count(&|o| matches!(o.clang, Outcome::Pass));
        let _ = writeln!(
            out,
            "{:<8} {:>17} {:>17} | {:>24} {:>12} {:>12}",
            isa.name(),
            rate(migcc_pass, total),
            rate(clang_pass, total),
            count(&|o| matches!(o.migcc, Outcome::Rejected(_))),
            count(&|o| matches!(o.migcc, Outcome::BuildFailed(_))),
            count(&|o| matches!(o.migcc, Outcome::WrongResult(_))),
        );
    }

    let failures: Vec<String> = results
        .iter()
        .flat_map(|(name, outcomes)| {
            grouped_failures(outcomes).into_iter().map(move |line| {
                let mark = if known.contains(&name.as_str()) { " (known failure)" } else { "" };
                format!("{name:<20} {line}{mark}")
            })
        })
        .collect();
    let _ = writeln!(
        out,
        "\nmigcc failures ({} file/ISA groups); `clang: ...` shows the reference's result on those ISAs:",
        failures.len()
    );
    for line in failures {
        let _ = writeln!(out, "  {line}");
    }
    if !excluded.is_empty() {
        let _ = writeln!(out, "\nexcluded by their directives ({}):", excluded.len());
        for (name, why) in excluded {
            let _ = writeln!(out, "  {name:<20} {why}");
        }
    }
    out
}

fn rate(pass: usize, total: usize) -> String {
    let pct = if total == 0 { 0.0 } else { 100.0 * pass as f64 / total as f64 };
    format!("{pass}/{total} {pct:5.1}%")
}

/// migcc's failures on one file, with ISAs that failed the same way merged.
fn grouped_failures(outcomes: &[IsaOutcome]) -> Vec<String> {
    let mut groups: Vec<(String, Vec<&str>, Vec<&str>)> = Vec::new();
    for o in outcomes.iter().filter(|o| !matches!(o.migcc, Outcome::Pass)) {
        let what = format!("{}: {}", o.migcc.category(), o.migcc.reason());
        match groups.iter_mut().find(|(w, _, _)| *w == what) {
            Some((_, isas, clang)) => {
                isas.push(o.isa.name());
                clang.push(o.clang.category());
            }
            None => groups.push((what, vec![o.isa.name()], vec![o.clang.category()])),
        }
    }
    groups
        .into_iter()
        .map(|(what, isas, mut clang)| {
            clang.dedup();
            format!("{:<24} {what} [clang: {}]", isas.join(","), clang.join("/"))
        })
        .collect()
}
