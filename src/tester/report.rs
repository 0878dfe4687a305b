//! What `polc test` prints: one line per test, then a `failures:` section
//! (a source snippet at each failing `expect`, the rules that fired), then
//! `N passed, M failed` alone on its line.

use crate::diag::render::Style;
use crate::diag::Label;
use crate::source::{SourceMap, Span};
use crate::tester::{Failure, Status, TestKind, TestResult};

/// `test NAME ... ok`, `test NAME ... FAILED`, `golden PATH ... blessed (…)`.
pub fn line(result: &TestResult) -> String {
    let kind = match result.kind {
        TestKind::Block => "test",
        TestKind::Golden => "golden",
    };
    let verdict = match &result.status {
        Status::Passed => "ok".to_string(),
        Status::Failed(_) => "FAILED".to_string(),
        Status::Blessed { differing } => format!(
            "blessed ({differing} record{} differed; rewrote {})",
            if *differing == 1 { "" } else { "s" },
            result.name
        ),
    };
    format!("{kind} {} ... {verdict}", one_line(&result.name))
}

/// The `failures:` section (empty when nothing failed).
pub fn failures(results: &[TestResult], map: &SourceMap, style: Style) -> String {
    let mut out = String::new();
    for r in results {
        let Status::Failed(failure) = &r.status else {
            continue;
        };
        if out.is_empty() {
            out.push_str("\nfailures:\n");
        }
        out.push_str(&format!("\n  {}\n", one_line(&r.name)));
        match failure {
            Failure::Expects { failed, cases } => {
                let labels = failed.iter().map(|f| (f.span, f.message.clone())).collect();
                out.push_str(&snippet(map, labels, style));
                for c in cases {
                    out.push_str(&format!("    {c}\n"));
                }
            }
            Failure::Given { given, error } => {
                // The error may lie in a `def` in another file: the snippet
                // shows the test's file, the text says where it failed.
                let same_file = map.file_at(given.lo).map(|f| f.start)
                    == map.file_at(error.span.lo).map(|f| f.start);
                let at = if same_file { error.span } else { *given };
                let label = format!("the given record cannot be computed: {}", error.error);
                out.push_str(&snippet(map, vec![(at, label)], style));
                if !same_file {
                    out.push_str(&format!(
                        "    failed at {}\n",
                        map.location_string(error.span)
                    ));
                }
            }
            Failure::Golden(m) => {
                for p in &m.problems {
                    for l in p.lines() {
                        out.push_str(&format!("    {l}\n"));
                    }
                }
            }
        }
    }
    out
}

/// `N passed, M failed`.
pub fn summary(results: &[TestResult]) -> String {
    let failed = results.iter().filter(|r| r.status.failed()).count();
    format!("{} passed, {failed} failed", results.len() - failed)
}

/// A test name on one line (a name may hold `\n` written as an escape).
fn one_line(name: &str) -> String {
    name.chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

/// A source snippet with one label per span, indented under the test's
/// name (no diagnostic header: the test's name is the header).
fn snippet(map: &SourceMap, labels: Vec<(Span, String)>, style: Style) -> String {
    let labels: Vec<Label> = labels
        .into_iter()
        .map(|(span, message)| Label {
            span,
            message: Some(message),
        })
        .collect();
    crate::diag::render::frame(map, &labels, style, 2)
}
