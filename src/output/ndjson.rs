//! NDJSON output, exactly §9: one object per record, keys in the order
//! record, id, decision, fired, obligations, authorizations (§13), errors. The parts of each
//! entry that depend only on the rule are rendered once, when the writer is
//! built.

use crate::input::{InputError, InputId};
use crate::ir::EffectKind;
use crate::outcome::catalog::Catalog;
use crate::outcome::{EvalError, Outcome};
use crate::output::write::{item, string, string_literal, uint};
use crate::output::{Format, RecordView, Verdict};

/// The fixed JSON pieces of one rule's entries.
struct Pieces {
    /// `{"rule":"p.r","item":`
    head: String,
    /// `,"effect":"deny","message":`
    effect: String,
    /// The message as a JSON string, when it has no interpolation.
    message: Option<String>,
    /// `,"at":"…","source":…}`
    tail: String,
    /// `{"kind":"report","rule":"p.r","item":` for obligations.
    obligation: Option<String>,
    /// `,"to":"A","within_days":N}` or `,"to":null,"within_days":null}`
    obligation_tail: String,
    /// The full name as a JSON string (for `covers` lists).
    name: String,
}

/// Writes records as NDJSON lines.
pub struct Ndjson<'e> {
    catalog: Catalog<'e>,
    rules: Vec<Pieces>,
}

impl<'e> Ndjson<'e> {
    /// Pre-renders the rules of `catalog`.
    pub fn new(catalog: Catalog<'e>) -> Ndjson<'e> {
        let rules = catalog
            .rules
            .iter()
            .map(|r| {
                let name = string_literal(&r.full_name);
                let source = r
                    .source
                    .as_deref()
                    .map_or_else(|| "null".to_string(), string_literal);
                let (obligation, obligation_tail) = match &r.effect {
                    EffectKind::Report { to, within_days } => (
                        Some("report"),
                        format!(
                            ",\"to\":{},\"within_days\":{within_days}}}",
                            string_literal(to)
                        ),
                    ),
                    EffectKind::Inspect => (
                        Some("inspect"),
                        ",\"to\":null,\"within_days\":null}".to_string(),
                    ),
                    _ => (None, String::new()),
                };
                Pieces {
                    head: format!("{{\"rule\":{name},\"item\":"),
                    effect: format!(",\"effect\":\"{}\",\"message\":", r.effect.as_str()),
                    message: r.static_message.as_deref().map(string_literal),
                    tail: format!(",\"at\":{},\"source\":{source}}}", string_literal(&r.at)),
                    obligation: obligation
                        .map(|k| format!("{{\"kind\":\"{k}\",\"rule\":{name},\"item\":")),
                    obligation_tail,
                    name,
                }
            })
            .collect();
        Ndjson { catalog, rules }
    }

    /// Appends the JSON object of one record (no newline).
    pub fn object(&self, out: &mut Vec<u8>, view: &RecordView<'_>) {
        out.extend_from_slice(b"{\"record\":");
        uint(out, view.number);
        out.extend_from_slice(b",\"id\":");
        write_id(out, view.id);
        match view.result {
            Verdict::Decided(outcome, _) => self.decided(out, outcome),
            Verdict::Invalid(errors) => invalid(out, errors),
        }
        out.push(b'}');
    }

    fn decided(&self, out: &mut Vec<u8>, o: &Outcome) {
        // A case of a rule this writer does not know is an internal fault:
        // it is listed under `errors` and the decision is at least `review`.
        let unknown = |rule: u32| self.rules.get(rule as usize).is_none();
        let broken =
            o.fired.iter().any(|f| unknown(f.rule)) || o.errors.iter().any(|e| unknown(e.rule));
        let mut decision = o.decision();
        if broken {
            decision = decision.max(crate::lang::Decision::Review);
        }
        out.extend_from_slice(b",\"decision\":\"");
        out.extend_from_slice(decision.as_str().as_bytes());
        out.extend_from_slice(b"\",\"fired\":[");
        let mut first = true;
        for f in &o.fired {
            let Some(p) = self.rules.get(f.rule as usize) else {
                continue;
            };
            if !std::mem::take(&mut first) {
                out.push(b',');
            }
            out.extend_from_slice(p.head.as_bytes());
            item(out, f.item);
            out.extend_from_slice(p.effect.as_bytes());
            self.message(out, p, f.message.as_deref());
            out.extend_from_slice(p.tail.as_bytes());
        }
        out.extend_from_slice(b"],\"obligations\":[");
        let mut first = true;
        for f in &o.fired {
            let Some(p) = self.rules.get(f.rule as usize) else {
                continue;
            };
            let Some(head) = &p.obligation else { continue };
            if !std::mem::take(&mut first) {
                out.push(b',');
            }
            out.extend_from_slice(head.as_bytes());
            item(out, f.item);
            out.extend_from_slice(b",\"message\":");
            self.message(out, p, f.message.as_deref());
            out.extend_from_slice(p.obligation_tail.as_bytes());
        }
        out.push(b']');
        self.authorizations(out, o);
        out.extend_from_slice(b",\"errors\":[");
        let mut first = true;
        for e in &o.errors {
            if !std::mem::take(&mut first) {
                out.push(b',');
            }
            match self.rules.get(e.rule as usize) {
                Some(p) => out.extend_from_slice(p.head.as_bytes()),
                None => out.extend_from_slice(b"{\"rule\":null,\"item\":"),
            }
            item(out, e.item);
            out.extend_from_slice(b",\"message\":");
            string(out, &error_message(self.catalog, &e.error));
            out.push(b'}');
        }
        if broken || !o.faults.is_empty() {
            for f in o.fired.iter().filter(|f| unknown(f.rule)) {
                if !std::mem::take(&mut first) {
                    out.push(b',');
                }
                out.extend_from_slice(b"{\"rule\":null,\"item\":");
                item(out, f.item);
                out.extend_from_slice(b",\"message\":");
                string(out, &unknown_rule(f.rule));
                out.push(b'}');
            }
            for f in &o.faults {
                if !std::mem::take(&mut first) {
                    out.push(b',');
                }
                out.extend_from_slice(b"{\"rule\":null,\"item\":null,\"message\":");
                string(out, &error_message(self.catalog, f));
                out.push(b'}');
            }
        }
        out.push(b']');
    }

    /// `,"authorizations":[…]`: one `{"rule","item","message","covers"}`
    /// per fired `authorize` case, in the order of `fired` (§13).
    fn authorizations(&self, out: &mut Vec<u8>, o: &Outcome) {
        out.extend_from_slice(b",\"authorizations\":[");
        let mut first = true;
        for a in &o.authorizations {
            let Some(p) = self.rules.get(a.rule as usize) else {
                continue;
            };
            if !std::mem::take(&mut first) {
                out.push(b',');
            }
            out.extend_from_slice(p.head.as_bytes());
            item(out, a.item);
            out.extend_from_slice(b",\"message\":");
            self.message(out, p, a.message.as_deref());
            out.extend_from_slice(b",\"covers\":[");
            // Rules known to the writer only: an unknown one was a fault
            // of the evaluator, reported under `errors` for its fired case.
            let names = a.covers.iter().filter_map(|c| self.rules.get(*c as usize));
            for (i, covered) in names.enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(covered.name.as_bytes());
            }
            out.extend_from_slice(b"]}");
        }
        out.push(b']');
    }

    fn message(&self, out: &mut Vec<u8>, p: &Pieces, rendered: Option<&str>) {
        match (rendered, &p.message) {
            (Some(m), _) => string(out, m),
            (None, Some(m)) => out.extend_from_slice(m.as_bytes()),
            (None, None) => out.extend_from_slice(b"\"\""),
        }
    }
}

/// The message of an indeterminate case: the error and where it happened.
pub fn error_message(catalog: Catalog<'_>, e: &EvalError) -> String {
    format!("{} at {}", e.error, catalog.map.location_string(e.span))
}

/// The message for a fired case whose rule is not in the engine.
fn unknown_rule(rule: u32) -> String {
    format!(
        "internal error: a case of rule {rule}, which is not in the engine (this is a bug in polc)"
    )
}

/// Appends an `id`: a string, an integer as written, or `null`.
pub fn write_id(out: &mut Vec<u8>, id: Option<&InputId>) {
    match id {
        Some(InputId::Str(s)) => string(out, s),
        Some(InputId::Int(n)) => out.extend_from_slice(n.as_bytes()),
        None => out.extend_from_slice(b"null"),
    }
}

fn invalid(out: &mut Vec<u8>, errors: &[InputError]) {
    out.extend_from_slice(
        b",\"decision\":\"invalid\",\"fired\":[],\"obligations\":[],\"authorizations\":[],\"errors\":[",
    );
    for (i, e) in errors.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"code\":\"");
        out.extend_from_slice(e.code.as_bytes());
        out.extend_from_slice(b"\",\"message\":");
        string(out, &e.message);
        out.extend_from_slice(b",\"path\":");
        match &e.path {
            Some(p) => string(out, p),
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"line\":");
        uint(out, e.line as u64);
        out.extend_from_slice(b",\"column\":");
        uint(out, e.column as u64);
        out.push(b'}');
    }
    out.push(b']');
}

impl Format for Ndjson<'_> {
    fn record(&self, out: &mut Vec<u8>, view: &RecordView<'_>) {
        self.object(out, view);
        out.push(b'\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::FiredCase;
    use crate::output::tests::{program, record};

    #[test]
    fn an_unknown_rule_in_an_outcome_is_shown_and_reviewed() {
        let program = program();
        let mut o = Outcome::default();
        o.fired.push(FiredCase {
            rule: 9,
            item: None,
            message: None,
            covered: false,
        });
        let ndjson = Ndjson::new(program.catalog());
        let mut out = Vec::new();
        let value = record();
        ndjson.object(
            &mut out,
            &RecordView {
                number: 1,
                id: None,
                result: Verdict::Decided(&o, &value),
                text: None,
            },
        );
        let line = String::from_utf8(out).unwrap();
        assert!(line.contains("\"decision\":\"review\""), "{line}");
        assert!(line.contains("\"errors\":[{\"rule\":null"), "{line}");
        serde_json::from_str::<serde_json::Value>(&line).unwrap();
    }
}
