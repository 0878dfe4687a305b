//! `--explain`: text for people, written to stdout in place of the record
//! lines. For each record: its decision; for each fired or indeterminate
//! case, the rule's conditions with their source lines, whether each held,
//! and the values of the record fields it read (a quantifier also names the
//! first element that decided it); then the rules not in force on the
//! record's date. An invalid record shows each input error under the input
//! line, with a caret at the column.

use std::fmt::Write;

use crate::eval::interp::Cx;
use crate::eval::node::{Iter, Node, NodeKind};
use crate::eval::render::write_value;
use crate::eval::rule::{in_force, RuleExec};
use crate::eval::value::Value;
use crate::eval::Outcome;
use crate::ir::{InForce, Type};
use crate::lang::Date;
use crate::output::ndjson::error_message;
use crate::output::{Context, Format, RecordView, Verdict};

/// The explain format.
pub struct Explain<'a> {
    cx: Context<'a>,
    color: bool,
}

/// What became of one condition when the case was re-run.
enum Seen {
    Held(bool),
    Failed(String),
    NotReached,
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

    fn decided(&self, s: &mut String, o: &Outcome, record: &Value) {
        let engine = self.cx.engine;
        for f in &o.fired {
            if let Some(rule) = engine.rules.get(f.rule as usize) {
                self.case(s, rule, f.item, record, None);
            }
        }
        for e in &o.errors {
            if let Some(rule) = engine.rules.get(e.rule as usize) {
                let msg = error_message(engine, &e.error);
                self.case(s, rule, e.item, record, Some(msg));
            }
        }
        let date = engine.decision_date(self.cx.record_type, record, self.cx.as_of);
        let mut first = true;
        for &idx in engine.rules_for(self.cx.record_type) {
            if engine.rule_in_force(idx, date) {
                continue;
            }
            if std::mem::take(&mut first) {
                s.push('\n');
            }
            let Some(rule) = engine.rules.get(idx as usize) else {
                continue;
            };
            let policy = engine
                .policies
                .get(rule.policy as usize)
                .map(|p| &p.in_force);
            let why = date
                .and_then(|d| {
                    why_not(&rule.in_force, d).or_else(|| policy.and_then(|p| why_not(p, d)))
                })
                .unwrap_or_default();
            let _ = writeln!(s, "  not in force: {} ({why})", rule.full_name);
        }
    }

    /// One fired or indeterminate case: header, then each condition line.
    fn case(
        &self,
        s: &mut String,
        rule: &RuleExec,
        item: Option<u32>,
        record: &Value,
        error: Option<String>,
    ) {
        let engine = self.cx.engine;
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
                .as_ref()
                .map(|it| iter_text(it, engine))
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
        let mut cx = engine.context();
        let seen = self.rerun(&mut cx, rule, item, record);
        let first = rule.conditions.first().map_or(rule.keyword, |c| c.span);
        let _ = writeln!(s, "     ╭─[{}]", engine.map.location_string(first));
        for (c, seen) in rule.conditions.iter().zip(&seen) {
            let line = engine.map.locate(c.span).map_or(0, |(_, l, _)| l);
            let text = engine.map.slice(c.span);
            let mut shown = text.lines().next().unwrap_or("").to_string();
            if text.contains('\n') {
                shown.push_str(" …");
            }
            let mark = match seen {
                Seen::Held(true) => "✓".to_string(),
                Seen::Held(false) => "✗".to_string(),
                Seen::Failed(m) => format!("✗ error: {m}"),
                Seen::NotReached => "· not evaluated".to_string(),
            };
            let values = if matches!(seen, Seen::NotReached) {
                String::new()
            } else {
                self.values(&mut cx, &c.node)
            };
            let _ = writeln!(s, " {line:>4} │     {shown:<50} {mark}{values}");
        }
        let _ = writeln!(s, "     ╰────");
        if let Some(e) = error {
            if seen.iter().all(|x| !matches!(x, Seen::Failed(_))) {
                let _ = writeln!(s, "     error: {e}");
            }
        }
    }

    /// Re-runs a case's conditions in order, stopping where evaluation stopped.
    fn rerun(
        &self,
        cx: &mut Cx<'_>,
        rule: &RuleExec,
        item: Option<u32>,
        record: &Value,
    ) -> Vec<Seen> {
        cx.reset(Some(record.clone()), rule.frame_size);
        if let (Some(iter), Some(i)) = (&rule.for_each, item) {
            if let Ok((coll, from, to)) = cx.iter_range(iter) {
                let items = coll.elements().unwrap_or(&[]);
                if let Some(v) = items.get(from..to).and_then(|xs| xs.get(i as usize)) {
                    cx.set_local(1, v.clone());
                }
            }
        }
        let mut out = Vec::new();
        let mut stopped = false;
        for c in &rule.conditions {
            if stopped {
                out.push(Seen::NotReached);
                continue;
            }
            match cx.eval_bool(&c.node) {
                Ok(b) => {
                    if b == c.negated {
                        stopped = true;
                    }
                    out.push(Seen::Held(b));
                }
                Err(e) => {
                    stopped = true;
                    out.push(Seen::Failed(error_message(self.cx.engine, &e)));
                }
            }
        }
        out
    }

    /// `  path = value, …` for the record fields a condition reads directly,
    /// and the deciding element of a quantifier.
    fn values(&self, cx: &mut Cx<'_>, node: &Node) -> String {
        let engine = self.cx.engine;
        let mut paths = Vec::new();
        collect_paths(node, &mut paths);
        let mut parts: Vec<String> = Vec::new();
        for p in paths.iter().take(3) {
            if let Ok(v) = cx.eval(p) {
                let mut text = format!("{} = ", engine.map.slice(p.span));
                let ty = engine.path_types.get(&p.span).unwrap_or(&Type::Unknown);
                write_shown(&mut text, &v, ty, engine);
                parts.push(text);
            }
        }
        if let NodeKind::Quantifier {
            all,
            slot,
            iter,
            body,
        } = &node.kind
        {
            if let Ok((coll, from, to)) = cx.iter_range(iter) {
                let items = coll.elements().unwrap_or(&[]);
                for (i, v) in items.get(from..to).unwrap_or(&[]).iter().enumerate() {
                    cx.set_local(*slot, v.clone());
                    if matches!(cx.eval_bool(body), Ok(b) if b != *all) {
                        let what = if *all { "fails for" } else { "holds for" };
                        parts.push(format!("{what} {}[{i}]", iter_text(iter, engine)));
                        break;
                    }
                }
            }
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("  {}", parts.join(", "))
        }
    }

    fn invalid(
        &self,
        s: &mut String,
        view: &RecordView<'_>,
        errors: &[crate::eval::input::InputError],
    ) {
        for e in errors {
            let _ = writeln!(
                s,
                "  {}: {}",
                self.paint("1;31", &format!("error[{}]", e.code)),
                e.message
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
            let mut excerpt: String = chars
                .get(start..end)
                .map(|c| c.iter().collect())
                .unwrap_or_default();
            let mut caret = col - start;
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
fn write_shown(out: &mut String, v: &Value, ty: &Type, engine: &crate::eval::Engine) {
    match v {
        Value::Str(s) => {
            let _ = write!(out, "{:?}", s.as_str());
        }
        Value::Absent => out.push_str("absent"),
        other => write_value(out, other, ty, &engine.names),
    }
}

fn iter_text(iter: &Iter, engine: &crate::eval::Engine) -> String {
    match iter {
        Iter::Plain(n) => engine.map.slice(n.span).to_string(),
        Iter::Slice { base, .. } => engine.map.slice(base.span).to_string(),
    }
}

/// Paths of the record or `for` element read directly by a condition (not
/// inside a binder, where their bindings change).
fn collect_paths<'n>(node: &'n Node, out: &mut Vec<&'n Node>) {
    match &node.kind {
        NodeKind::Path { local, steps }
            if *local <= 1 && !steps.is_empty() && !out.iter().any(|p| p.span == node.span) =>
        {
            out.push(node);
        }
        NodeKind::Not(x) | NodeKind::Neg(x) => collect_paths(x, out),
        NodeKind::And(a, b) | NodeKind::Or(a, b) | NodeKind::Coalesce(a, b) => {
            collect_paths(a, out);
            collect_paths(b, out);
        }
        NodeKind::Arith { lhs, rhs, .. } | NodeKind::Compare { lhs, rhs, .. } => {
            collect_paths(lhs, out);
            collect_paths(rhs, out);
        }
        NodeKind::EqLit { expr, .. } | NodeKind::Is { expr, .. } => collect_paths(expr, out),
        NodeKind::In { needle, hay, .. } => {
            collect_paths(needle, out);
            collect_paths(hay, out);
        }
        NodeKind::InConst { needle, .. } => collect_paths(needle, out),
        NodeKind::Builtin { args, .. } | NodeKind::Call { args, .. } => {
            args.iter().for_each(|a| collect_paths(a, out))
        }
        NodeKind::Field { base, .. } => collect_paths(base, out),
        NodeKind::If {
            cond,
            then,
            otherwise,
        } => {
            collect_paths(cond, out);
            collect_paths(then, out);
            collect_paths(otherwise, out);
        }
        _ => {}
    }
}

/// Why an in-force test fails on `date`.
fn why_not(f: &InForce, date: Date) -> Option<String> {
    if in_force(f, date) {
        return None;
    }
    if let Some(e) = f.effective.filter(|e| date < *e) {
        return Some(format!("effective {e}"));
    }
    if let Some(x) = f.expires.filter(|x| date >= *x) {
        return Some(format!("expired {x}"));
    }
    f.suspensions
        .iter()
        .find(|(a, b)| *a <= date && date < *b)
        .map(|(a, b)| format!("suspended {a} until {b}"))
}

impl Format for Explain<'_> {
    fn record(&self, out: &mut Vec<u8>, view: &RecordView<'_>) {
        let mut s = String::new();
        let _ = write!(s, "record {}", view.number);
        match view.id {
            Some(crate::eval::input::InputId::Str(id) | crate::eval::input::InputId::Int(id)) => {
                let _ = write!(s, " ({id})");
            }
            None => {}
        }
        match view.result {
            Verdict::Decided(o, record) => {
                let d = o.decision().as_str();
                let _ = writeln!(s, ": {}", self.paint("1", d));
                self.decided(&mut s, o, record);
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
