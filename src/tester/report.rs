//! What `polc test` prints: one line per test, then a `failures:` section
//! (a source snippet at each failing `expect`, the rules that fired), then
//! `N passed, M failed` alone on its line.

use std::fmt;

use miette::{Diagnostic, LabeledSpan};

use crate::diag::render::Style;
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

/// A source snippet (miette's frame) with one label per span, indented so
/// that line numbers sit two columns in, under the test's name; the
/// diagnostic header miette would draw is left out.
fn snippet(map: &SourceMap, labels: Vec<(Span, String)>, style: Style) -> String {
    let handler = crate::diag::render::handler(style);
    let diag = Snippet { map, labels };
    let mut drawn = String::new();
    if handler.render_report(&mut drawn, &diag).is_err() {
        return String::new();
    }
    let mut out = String::new();
    let mut in_frame = false;
    for l in drawn.lines() {
        in_frame = in_frame || l.contains("╭─[");
        if in_frame {
            // miette already starts the gutter one column in.
            out.push(' ');
            out.push_str(l.trim_end());
            out.push('\n');
        }
    }
    out
}

/// Labels on source, and nothing else: the body of a failure.
struct Snippet<'a> {
    map: &'a SourceMap,
    labels: Vec<(Span, String)>,
}

impl fmt::Debug for Snippet<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.labels.iter().map(|l| &l.1))
            .finish()
    }
}

impl fmt::Display for Snippet<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("test failed")
    }
}

impl std::error::Error for Snippet<'_> {}

impl Diagnostic for Snippet<'_> {
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(self.map)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().map(|(span, text)| {
            LabeledSpan::new(Some(text.clone()), span.lo as usize, span.len() as usize)
        })))
    }
}
