//! A small line diff for readable mismatch reports.

/// Renders a diff of `want` (reference) against `got`, with `-` lines only in
/// the reference and `+` lines only in the other output, two lines of
/// context, and at most `max_lines` lines of report.
pub fn line_diff(want: &str, got: &str, max_lines: usize) -> String {
    let a: Vec<&str> = want.split_inclusive('\n').collect();
    let b: Vec<&str> = got.split_inclusive('\n').collect();
    // Trim the common prefix and suffix so the quadratic part stays small.
    let mut pre = 0;
    while pre < a.len() && pre < b.len() && a[pre] == b[pre] {
        pre += 1;
    }
    let mut suf = 0;
    while suf < a.len() - pre && suf < b.len() - pre && a[a.len() - 1 - suf] == b[b.len() - 1 - suf] {
        suf += 1;
    }
    let am = &a[pre..a.len() - suf];
    let bm = &b[pre..b.len() - suf];

    #[derive(Clone, Copy, PartialEq)]
    enum Op {
        Same,
        Del,
        Add,
    }
    let mut ops: Vec<(Op, &str)> = Vec::new();
    for l in &a[..pre] {
        ops.push((Op::Same, l));
    }
    if am.len() * bm.len() <= 4_000_000 {
        // LCS table over the differing middle.
        let (n, m) = (am.len(), bm.len());
        let mut t = vec![0u32; (n + 1) * (m + 1)];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                t[i * (m + 1) + j] = if am[i] == bm[j] {
                    t[(i + 1) * (m + 1) + j + 1] + 1
                } else {
                    t[(i + 1) * (m + 1) + j].max(t[i * (m + 1) + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && am[i] == bm[j] {
                ops.push((Op::Same, am[i]));
                i += 1;
                j += 1;
            } else if j < m && (i == n || t[i * (m + 1) + j + 1] >= t[(i + 1) * (m + 1) + j]) {
                ops.push((Op::Add, bm[j]));
                j += 1;
            } else {
                ops.push((Op::Del, am[i]));
                i += 1;
            }
        }
    } else {
        for l in am {
            ops.push((Op::Del, l));
        }
        for l in bm {
            ops.push((Op::Add, l));
        }
    }
    for l in &a[a.len() - suf..] {
        ops.push((Op::Same, l));
    }

    // Show changed lines with two lines of context, line numbers from the reference.
    let show: Vec<bool> = (0..ops.len())
        .map(|k| {
            let lo = k.saturating_sub(2);
            let hi = (k + 3).min(ops.len());
            ops[lo..hi].iter().any(|(o, _)| *o != Op::Same)
        })
        .collect();
    let mut out = String::new();
    let mut lines = 0;
    let mut skipped = false;
    let mut ref_line = 0usize;
    for (k, (op, text)) in ops.iter().enumerate() {
        if *op != Op::Add {
            ref_line += 1;
        }
        if !show[k] {
            skipped = true;
            continue;
        }
        if lines >= max_lines {
            out.push_str("  ... (diff truncated)\n");
            break;
        }
        if skipped && !out.is_empty() {
            out.push_str("  ...\n");
        }
        skipped = false;
        let mark = match op {
            Op::Same => ' ',
            Op::Del => '-',
            Op::Add => '+',
        };
        let (body, nl) = match text.strip_suffix('\n') {
            Some(b) => (b, ""),
            None => (*text, " [no newline at end]"),
        };
        let num = if *op == Op::Add { String::new() } else { ref_line.to_string() };
        out.push_str(&format!("{mark}{num:>5}| {}{nl}\n", visible(body)));
        lines += 1;
    }
    out
}

/// Escapes control characters so they show up in a terminal report.
pub fn visible(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}
