//! `--explain`: text for people, written to stdout in place of the record
//! lines. For each record: its decision; for each fired or indeterminate
//! case, the rule's conditions with their source lines, whether each held,
//! and the values of the record fields it read (a quantifier also names the
//! first element that decided it); then the rules not in force on the
//! record's date. An invalid record shows each input error under the input
//! line, with a caret at the column. Everything shown was recorded by the
//! evaluator into the outcome's [`Trace`]: nothing is evaluated here.

use std::fmt::Write;

use crate::input::{InputError, InputId};
use crate::ir::Type;
use crate::outcome::catalog::{Catalog, RuleInfo};
use crate::outcome::trace::{CaseTrace, CondTrace, ScreenTrace, Trace, Why};
use crate::outcome::Outcome;
use crate::output::escape::{push_visible, visible};
use crate::output::ndjson::error_message;
use crate::output::{Context, Format, RecordView, Verdict};
use crate::value::render::write_value;
use crate::value::Value;

/// The explain format.
pub struct Explain<'a> {
    cx: Context<'a>,
    color: bool,
}

impl<'a> Explain<'a> {
    /// An explainer for records of `cx.record_type`; `color` paints effects.
    pub fn new(cx: Context<'a>, color: bool) -> Explain<'a> {
        Explain { cx, color }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn decided(&self, s: &mut String, o: &Outcome) {
        let catalog = self.cx.catalog;
        let trace = &o.trace;
        for f in &o.fired {
            match catalog.rule(f.rule) {
                Some(rule) => {
                    self.case(s, rule, f.rule, f.item, trace, None);
                    self.authorization(s, o, f);
                }
                None => unknown_rule(s, f.rule),
            }
        }
        for e in &o.errors {
            let msg = error_message(catalog, &e.error);
            match catalog.rule(e.rule) {
                Some(rule) => self.case(s, rule, e.rule, e.item, trace, Some(msg)),
                None => {
                    unknown_rule(s, e.rule);
                    let _ = writeln!(s, "     error: {}", visible(&msg));
                }
            }
        }
        for f in &o.faults {
            let msg = error_message(catalog, f);
            let _ = writeln!(s, "\n  {}  {}", self.paint("1;33", "error"), visible(&msg));
        }
        let mut first = true;
        for lapse in &trace.lapsed {
            if std::mem::take(&mut first) {
                s.push('\n');
            }
            let name = catalog
                .rule(lapse.rule)
                .map_or("<unknown rule>", |r| r.full_name.as_str());
            let why = lapse.why.map(why_text).unwrap_or_default();
            let _ = writeln!(s, "  not in force: {name} ({why})");
        }
    }

    /// Under a fired case, what §13 made of it: the cases an `authorize`
    /// case covered, or the authorisation that covered a licence requirement.
    fn authorization(&self, s: &mut String, o: &Outcome, f: &crate::outcome::FiredCase) {
        let name = |rule: u32| {
            self.cx
                .catalog
                .rule(rule)
                .map_or_else(|| format!("<unknown rule {rule}>"), |r| r.full_name.clone())
        };
        let case = |rule: u32, item: Option<u32>| match item {
            Some(i) => format!("{}[{i}]", name(rule)),
            None => name(rule),
        };
        if let Some(a) = o
            .authorizations
            .iter()
            .find(|a| a.rule == f.rule && a.item == f.item)
        {
            let covers: Vec<String> = a.covers.iter().map(|c| name(*c)).collect();
            let text = if covers.is_empty() {
                "covers nothing: no case of the rules it covers fired".to_string()
            } else {
                format!("covers {}", covers.join(", "))
            };
            let _ = writeln!(s, "     {text}");
        }
        if f.covered {
            let by: Vec<String> = o
                .authorizations
                .iter()
                .filter(|a| a.covers.contains(&f.rule) && (a.item.is_none() || a.item == f.item))
                .map(|a| case(a.rule, a.item))
                .collect();
            let _ = writeln!(
                s,
                "     {} by {}: no licence required",
                self.paint("1", "authorized"),
                by.join(", ")
            );
        }
    }

    /// One fired or indeterminate case: header, then each condition line.
    fn case(
        &self,
        s: &mut String,
        rule: &RuleInfo,
        idx: u32,
        item: Option<u32>,
        trace: &Trace,
        error: Option<String>,
    ) {
        let catalog = self.cx.catalog;
        let (label, code) = match &error {
            Some(_) => ("error", "1;33"),
            None => (rule.effect.as_str(), "1"),
        };
        let _ = write!(s, "\n  {}  {}", self.paint(code, label), rule.full_name);
        if let Some(i) = item {
            // `(items[2])` after the collection's last field name, as a
            // reader would write it; `(item 2)` when it has none.
            let name = rule
                .for_each
                .map(|it| catalog.map.slice(it).to_string())
                .unwrap_or_default();
            let last = name.rsplit('.').next().unwrap_or("");
            if !last.is_empty() && last.chars().all(|c| c.is_alphanumeric() || c == '_') {
                let _ = write!(s, " ({last}[{i}])");
            } else {
                let _ = write!(s, " (item {i})");
            }
        }
        if let Some(src) = &rule.source {
            let _ = write!(s, " — {src}");
        }
        s.push('\n');
        let case = trace.case(idx, item);
        let first = rule.conditions.first().copied().unwrap_or(rule.keyword);
        let _ = writeln!(s, "     ╭─[{}]", catalog.map.location_string(first));
        let mut failed = false;
        for (i, c) in rule.conditions.iter().enumerate() {
            let seen = case.and_then(|t: &CaseTrace| t.conditions.get(i));
            let line = catalog.map.locate(*c).map_or(0, |(_, l, _)| l);
            let text = catalog.map.slice(*c);
            let mut shown = text.lines().next().unwrap_or("").to_string();
            if text.contains('\n') {
                shown.push_str(" …");
            }
            let mark = match seen.map(|t| &t.held) {
                Some(Ok(true)) => "✓".to_string(),
                Some(Ok(false)) => "✗".to_string(),
                Some(Err(e)) => {
                    failed = true;
                    format!("✗ error: {}", visible(&error_message(catalog, e)))
                }
                None => "· not evaluated".to_string(),
            };
            let values = seen.map(|t| self.values(t)).unwrap_or_default();
            let _ = writeln!(s, " {line:>4} │     {shown:<50} {mark}{values}");
            for screen in seen.map(|t| t.screens.as_slice()).unwrap_or_default() {
                screen_lines(s, screen);
            }
        }
        let _ = writeln!(s, "     ╰────");
        if let Some(e) = error {
            if !failed {
                let _ = writeln!(s, "     error: {}", visible(&e));
            }
        }
    }

    /// `  path = value, …` for the record fields a condition read directly,
    /// and the deciding element of a quantifier.
    fn values(&self, t: &CondTrace) -> String {
        let catalog = self.cx.catalog;
        let mut parts: Vec<String> = Vec::new();
        for (span, v) in &t.reads {
            let mut text = format!("{} = ", catalog.map.slice(*span));
            let ty = catalog.path_types.get(span).unwrap_or(&Type::Unknown);
            write_shown(&mut text, v, ty, catalog);
            parts.push(text);
        }
        if let Some(d) = t.decider {
            let what = if d.all { "fails for" } else { "holds for" };
            parts.push(format!("{what} {}[{}]", catalog.map.slice(d.iter), d.index));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("  {}", parts.join(", "))
        }
    }

    fn invalid(&self, s: &mut String, view: &RecordView<'_>, errors: &[InputError]) {
        for e in errors {
            let _ = writeln!(
                s,
                "  {}: {}",
                self.paint("1;31", &format!("error[{}]", e.code)),
                visible(&e.message)
            );
            let _ = writeln!(s, "    --> {}:{}:{}", self.cx.input_name, e.line, e.column);
            // The excerpt needs the line itself: NDJSON records are one line.
            let Some(line_text) = view.text.filter(|t| !t.contains('\n')) else {
                continue;
            };
            let chars: Vec<char> = line_text.chars().collect();
            let col = e.column.saturating_sub(1).min(chars.len());
            let start = col.saturating_sub(40);
            let end = (col + 40).min(chars.len());
            // Escaped characters are wider on screen: the caret follows.
            let mut excerpt = String::new();
            let mut caret = 0;
            for (i, c) in chars.get(start..end).unwrap_or_default().iter().enumerate() {
                let width = push_visible(&mut excerpt, *c);
                if start + i < col {
                    caret += width;
                }
            }
            if start > 0 {
                excerpt.insert(0, '…');
                caret += 1;
            }
            if end < chars.len() {
                excerpt.push('…');
            }
            let _ = writeln!(s, "     │ {excerpt}");
            let _ = writeln!(s, "     │ {}^", " ".repeat(caret));
        }
    }
}

/// Renders a value for `--explain`: strings quoted, the rest as in messages.
fn write_shown(out: &mut String, v: &Value, ty: &Type, catalog: Catalog<'_>) {
    match v {
        Value::Str(s) => {
            let _ = write!(out, "{:?}", s.as_str());
        }
        Value::Absent => out.push_str("absent"),
        other => write_value(out, other, ty, catalog.names),
    }
}

/// A case whose rule the engine does not have (an internal fault, shown
/// rather than skipped).
/// A traced `screen` call (§14) under its line: the name, then each shown
/// hit with its score and why.
fn screen_lines(s: &mut String, t: &ScreenTrace) {
    let _ = writeln!(
        s,
        "      │       screen {}: {} hit{}",
        visible(&crate::output::write::string_literal(&t.query)),
        t.total,
        if t.total == 1 { "" } else { "s" }
    );
    for h in &t.hits {
        let weak = if h.weak { " (weak alias)" } else { "" };
        let _ = writeln!(
            s,
            "      │         {:.2} {}{weak}: {}",
            h.score,
            visible(&h.matched),
            visible(&h.why)
        );
    }
    if t.total > t.hits.len() {
        let _ = writeln!(s, "      │         … {} more", t.total - t.hits.len());
    }
}

fn unknown_rule(s: &mut String, rule: u32) {
    let _ = writeln!(
        s,
        "\n  error  internal error: rule {rule} is not in the engine"
    );
}

/// Why a rule is not in force, as the explanation says it.
fn why_text(why: Why) -> String {
    match why {
        Why::Effective(e) => format!("effective {e}"),
        Why::Expired(x) => format!("expired {x}"),
        Why::Suspended(a, b) => format!("suspended {a} until {b}"),
    }
}

impl Format for Explain<'_> {
    fn wants_trace(&self) -> bool {
        true
    }

    fn record(&self, out: &mut Vec<u8>, view: &RecordView<'_>) {
        let mut s = String::new();
        let _ = write!(s, "record {}", view.number);
        match view.id {
            Some(InputId::Str(id) | InputId::Int(id)) => {
                let _ = write!(s, " ({})", visible(id));
            }
            None => {}
        }
        match view.result {
            Verdict::Decided(o, _) => {
                let d = o.decision().as_str();
                let _ = writeln!(s, ": {}", self.paint("1", d));
                self.decided(&mut s, o);
            }
            Verdict::Invalid(errors) => {
                let _ = writeln!(s, ": {}", self.paint("1;31", "invalid"));
                self.invalid(&mut s, view, errors);
            }
        }
        s.push('\n');
        out.extend_from_slice(s.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::{ErrorCase, EvalError, FiredCase};
    use crate::output::tests::{program, record};
    use crate::value::error::internal;

    #[test]
    fn unknown_rules_and_faults_are_shown_not_skipped() {
        let program = program();
        let error = EvalError {
            error: internal("broken"),
            span: crate::source::Span::default(),
        };
        let mut o = Outcome::default();
        o.fired.push(FiredCase {
            rule: 9,
            item: None,
            message: None,
            covered: false,
        });
        o.errors.push(ErrorCase {
            rule: 8,
            item: None,
            error: error.clone(),
        });
        o.fault(error);
        let value = record();
        let view = RecordView {
            number: 1,
            id: None,
            result: Verdict::Decided(&o, &value),
            text: None,
        };
        let cx = Context {
            catalog: program.catalog(),
            record_type: crate::ir::RecordId(0),
            as_of: None,
            input_name: "in.ndjson",
        };
        let mut out = Vec::new();
        Explain::new(cx, false).record(&mut out, &view);
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("rule 9 is not in the engine"), "{text}");
        assert!(text.contains("rule 8 is not in the engine"), "{text}");
        assert_eq!(text.matches("internal error: broken").count(), 2, "{text}");
    }
}
