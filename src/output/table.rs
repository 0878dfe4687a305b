//! `--format table`: one line per record, for people. The decision is
//! coloured only when stdout is a terminal.

use std::fmt::Write;

use crate::eval::Engine;
use crate::lang::Decision;
use crate::output::{Format, RecordView, Verdict};

/// Writes one line per record: number, id, decision, fired rules or the
/// first input error.
pub struct Table<'e> {
    /// The program (rule names).
    pub engine: &'e Engine,
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
            Some(crate::eval::input::InputId::Str(s) | crate::eval::input::InputId::Int(s)) => {
                s.as_str()
            }
            None => "-",
        };
        let mut line = format!("{:>7}  {:<12} ", view.number, id);
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
                for f in &o.fired {
                    if let Some(r) = self.engine.rules.get(f.rule as usize) {
                        parts.push(match f.item {
                            Some(i) => format!("{}[{i}]", r.full_name),
                            None => r.full_name.clone(),
                        });
                    }
                }
                for e in &o.errors {
                    if let Some(r) = self.engine.rules.get(e.rule as usize) {
                        parts.push(format!("{} (error: {})", r.full_name, e.error.error));
                    }
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
                    let _ = write!(line, "{} {}:{}: {}", e.code, e.line, e.column, e.message);
                }
            }
        }
        out.extend_from_slice(line.trim_end().as_bytes());
        out.push(b'\n');
    }
}
