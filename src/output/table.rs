//! `--format table`: one line per record, for people. The decision is
//! coloured only when stdout is a terminal.

use std::fmt::Write;

use crate::input::InputId;
use crate::lang::Decision;
use crate::outcome::catalog::Catalog;
use crate::output::escape::visible;
use crate::output::{Format, RecordView, Verdict};

/// Writes one line per record: number, id, decision, fired rules or the
/// first input error.
pub struct Table<'e> {
    /// The program (rule names).
    pub catalog: Catalog<'e>,
    /// Use ANSI colours.
    pub color: bool,
}

fn paint(color: bool, code: &str, text: &str) -> String {
    if color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

impl Format for Table<'_> {
    fn record(&self, out: &mut Vec<u8>, view: &RecordView<'_>) {
        let id = match view.id {
            Some(InputId::Str(s) | InputId::Int(s)) => s.as_str(),
            None => "-",
        };
        let mut line = format!("{:>7}  {:<12} ", view.number, visible(id));
        match view.result {
            Verdict::Decided(o, _) => {
                let d = o.decision();
                let code = match d {
                    Decision::Deny => "1;31",
                    Decision::Review => "1;33",
                    Decision::LicenseRequired => "1;35",
                    Decision::Allow => "32",
                };
                let _ = write!(
                    line,
                    " {}",
                    paint(self.color, code, &format!("{:<17}", d.as_str()))
                );
                let mut parts: Vec<String> = Vec::new();
                // A rule the engine does not have is shown, not skipped.
                let name = |rule: u32| {
                    self.catalog
                        .rule(rule)
                        .map_or_else(|| format!("<unknown rule {rule}>"), |r| r.full_name.clone())
                };
                for f in &o.fired {
                    let case = match f.item {
                        Some(i) => format!("{}[{i}]", name(f.rule)),
                        None => name(f.rule),
                    };
                    // §13: a licence requirement an authorisation lifted.
                    parts.push(if f.covered {
                        format!("{case} (authorized)")
                    } else {
                        case
                    });
                }
                for e in &o.errors {
                    let error = e.error.error.to_string();
                    parts.push(format!("{} (error: {})", name(e.rule), visible(&error)));
                }
                for f in &o.faults {
                    parts.push(format!("(error: {})", visible(&f.error.to_string())));
                }
                line.push_str(&parts.join(", "));
            }
            Verdict::Invalid(errors) => {
                let _ = write!(
                    line,
                    " {}",
                    paint(self.color, "1;31", &format!("{:<17}", "invalid"))
                );
                if let Some(e) = errors.first() {
                    let message = visible(&e.message);
                    let _ = write!(line, "{} {}:{}: {message}", e.code, e.line, e.column);
                }
            }
        }
        out.extend_from_slice(line.trim_end().as_bytes());
        out.push(b'\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::{EvalError, FiredCase, Outcome};
    use crate::output::tests::{program, record};
    use crate::value::error::internal;

    #[test]
    fn unknown_rules_and_faults_are_shown_not_skipped() {
        let program = program();
        let mut o = Outcome::default();
        o.fired.push(FiredCase {
            rule: 9,
            item: None,
            message: None,
            covered: false,
        });
        o.fault(EvalError {
            error: internal("broken"),
            span: crate::source::Span::default(),
        });
        let value = record();
        let view = RecordView {
            number: 1,
            id: None,
            result: Verdict::Decided(&o, &value),
            text: None,
        };
        let mut out = Vec::new();
        let table = Table {
            catalog: program.catalog(),
            color: false,
        };
        table.record(&mut out, &view);
        let line = String::from_utf8(out).unwrap();
        assert!(line.contains("review"), "{line}");
        assert!(line.contains("<unknown rule 9>"), "{line}");
        assert!(line.contains("(error: internal error: broken"), "{line}");
    }
}
