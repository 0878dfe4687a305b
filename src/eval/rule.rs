//! Evaluating one record against every rule for its type (§5, §8):
//! in-force tests, conditions in order with short-circuit, `for` rules case
//! by case, messages rendered; with `--explain`, a [`crate::outcome::trace::Trace`]
//! of what was seen.

use crate::eval::interp::{At, Cx, EvalError};
use crate::eval::invariant::elements_in;
use crate::eval::node::NodeKind;
use crate::eval::ops::internal;
use crate::eval::trace;
use crate::ir::{PolicyId, RecordId};
use crate::lang::Date;
use crate::outcome::trace::{CaseTrace, Decider, Lapse};
use crate::outcome::{ErrorCase, FiredCase, Outcome};
use crate::source::Span;
use crate::value::render::{write_formatted, write_value};
use crate::value::Value;

// The engine's data moved to `engine.rs`; these names stay reachable here
// for the linker.
pub use crate::eval::engine::{CondExec, Engine, LetExec, MsgPart, PolicyExec, RuleExec, TestExec};

impl Engine {
    /// Evaluates every rule for `record_type` on `record` into `out` (§8).
    pub fn evaluate(
        &self,
        cx: &mut Cx<'_>,
        record_type: RecordId,
        record: &Value,
        as_of: Option<Date>,
        out: &mut Outcome,
    ) {
        self.evaluate_policies(cx, record_type, record, as_of, None, out)
    }

    /// [`Engine::evaluate`] restricted to the rules of the policies in
    /// `only` (a test's `only P1, P2`, §17); `None`: every policy.
    pub fn evaluate_policies(
        &self,
        cx: &mut Cx<'_>,
        record_type: RecordId,
        record: &Value,
        as_of: Option<Date>,
        only: Option<&[PolicyId]>,
        out: &mut Outcome,
    ) {
        out.clear();
        let date = self.decision_date(record_type, record, as_of);
        // One frame serves every rule: each binding slot is written before
        // it is read, so what an earlier rule left in a slot is never seen.
        let Some(size) = self.frame_size(record_type) else {
            // An engine that does not know the type would decide `allow`
            // with no rule at all: fail closed instead.
            out.fault(EvalError {
                error: internal("a record type the engine does not know"),
                span: Span::default(),
            });
            return;
        };
        cx.reset(Some(record.clone()), size);
        cx.set_as_of(date);
        for &idx in self.rules_for(record_type) {
            if let Some(only) = only {
                let policy = self.rules.get(idx as usize).map(|r| r.policy);
                // An unknown rule is not skipped: it fails closed below.
                if policy.is_some_and(|p| !only.contains(&p)) {
                    continue;
                }
            }
            match self.rule_in_force(idx, date) {
                Ok(true) => self.evaluate_rule(cx, idx, out),
                Ok(false) => {
                    if cx.explaining() {
                        let why = self.why_not(idx, date);
                        out.trace.lapsed.push(Lapse { rule: idx, why });
                    }
                }
                Err(error) => {
                    let span = self
                        .rules
                        .get(idx as usize)
                        .map_or(Span::default(), |r| r.keyword);
                    self.indeterminate(idx, None, EvalError { error, span }, out);
                }
            }
        }
        self.settle_licences(out);
    }

    /// Evaluates one rule (every case of a `for` rule) into `out`, in a
    /// frame whose slot 0 holds the record (see [`Cx::reset`]).
    pub fn evaluate_rule(&self, cx: &mut Cx<'_>, idx: u32, out: &mut Outcome) {
        let Some(rule) = self.rules.get(idx as usize) else {
            let error = internal("an unknown rule index");
            self.indeterminate(
                idx,
                None,
                EvalError {
                    error,
                    span: Span::default(),
                },
                out,
            );
            return;
        };
        let Some(iter) = &rule.for_each else {
            self.finish_case(cx, rule, idx, None, out);
            return;
        };
        let (coll, from, to) = match cx.iter_range(iter) {
            Ok(r) => r,
            Err(error) => {
                self.indeterminate(idx, None, error, out);
                return;
            }
        };
        let items = match elements_in(&coll, from, to).at(rule.keyword) {
            Ok(items) => items,
            Err(error) => {
                self.indeterminate(idx, None, error, out);
                return;
            }
        };
        for (i, item) in items.iter().enumerate() {
            cx.set_local(1, item.clone());
            self.finish_case(cx, rule, idx, Some(i as u32), out);
        }
    }

    fn finish_case(
        &self,
        cx: &mut Cx<'_>,
        rule: &RuleExec,
        idx: u32,
        item: Option<u32>,
        out: &mut Outcome,
    ) {
        // Checked once per case: without `--explain` this is one branch.
        let result = if cx.explaining() {
            self.case_traced(cx, idx, rule, item, out)
        } else {
            self.case(cx, idx, rule)
        };
        match result {
            Ok(None) => {}
            Ok(Some(message)) => {
                // A coverable licence requirement decides only once the
                // authorisations are known (`Engine::settle_licences`).
                if let Some(d) = rule.effect.decision().filter(|_| !rule.coverable) {
                    out.raise(d);
                }
                out.fired.push(FiredCase {
                    rule: idx,
                    item,
                    message,
                    covered: false,
                });
            }
            Err(error) => self.indeterminate(idx, item, error, out),
        }
    }

    fn indeterminate(&self, idx: u32, item: Option<u32>, error: EvalError, out: &mut Outcome) {
        out.raise(crate::lang::Decision::Review);
        out.errors.push(ErrorCase {
            rule: idx,
            item,
            error,
        });
    }

    /// Runs the conditions of one case; `Some(message)` when it fires
    /// (`Some(None)`: the rule's static message).
    fn case(
        &self,
        cx: &mut Cx<'_>,
        idx: u32,
        rule: &RuleExec,
    ) -> Result<Option<Option<String>>, EvalError> {
        let mut lets = rule.lets.iter().peekable();
        for (ci, c) in rule.conditions.iter().enumerate() {
            // `let` lines run where they stand (§11).
            while let Some(l) = lets.next_if(|l| l.before as usize <= ci) {
                let v = cx.eval(&l.node)?;
                cx.set_local(l.slot, v);
            }
            let value = cx.eval_bool(&c.node)?;
            cx.note_condition(idx, ci as u32, value);
            if value == c.negated {
                return Ok(None);
            }
        }
        for l in lets {
            let v = cx.eval(&l.node)?;
            cx.set_local(l.slot, v);
        }
        self.message(cx, rule).map(Some)
    }

    /// [`Engine::case`], recording each condition for `--explain` into
    /// `out.trace` when the case fires or is indeterminate.
    fn case_traced(
        &self,
        cx: &mut Cx<'_>,
        idx: u32,
        rule: &RuleExec,
        item: Option<u32>,
        out: &mut Outcome,
    ) -> Result<Option<Option<String>>, EvalError> {
        let mut conditions = Vec::with_capacity(rule.conditions.len());
        let mut result = Ok(None);
        let mut passed = true;
        let mut lets = rule.lets.iter().peekable();
        let let_slots: Vec<u32> = rule.lets.iter().map(|l| l.slot).collect();
        for (ci, c) in rule.conditions.iter().enumerate() {
            if let Err(e) = run_lets(cx, &mut lets, ci) {
                result = Err(e);
                passed = false;
                break;
            }
            let (held, decider) = match &c.node.kind {
                NodeKind::Quantifier {
                    all,
                    slot,
                    iter,
                    body,
                } => match cx.quantifier(*all, *slot, iter, body, c.node.span) {
                    Ok((value, at)) => {
                        let decider = at.map(|index| Decider {
                            all: *all,
                            index,
                            iter: iter.span(),
                        });
                        (Ok(value), decider)
                    }
                    Err(e) => (Err(e), None),
                },
                _ => (cx.eval_bool(&c.node), None),
            };
            let mut seen = trace::condition(cx, &c.node, held.clone(), &let_slots, &rule.lets);
            seen.decider = decider;
            conditions.push(seen);
            match held {
                Ok(value) => {
                    cx.note_condition(idx, ci as u32, value);
                    if value == c.negated {
                        passed = false;
                        break;
                    }
                }
                Err(e) => {
                    result = Err(e);
                    passed = false;
                    break;
                }
            }
        }
        if passed {
            result = match run_lets(cx, &mut lets, usize::MAX) {
                Ok(()) => self.message(cx, rule).map(Some),
                Err(e) => Err(e),
            };
        }
        if !matches!(result, Ok(None)) {
            out.trace.cases.push(CaseTrace {
                rule: idx,
                item,
                conditions,
            });
        }
        result
    }

    /// The message of a case that fires (`None`: the rule's static text).
    fn message(&self, cx: &mut Cx<'_>, rule: &RuleExec) -> Result<Option<String>, EvalError> {
        if rule.message.iter().all(|p| matches!(p, MsgPart::Text(_))) {
            return Ok(None);
        }
        let mut text = String::new();
        for p in &rule.message {
            match p {
                MsgPart::Text(t) => text.push_str(t),
                MsgPart::Expr(node, ty, spec) => {
                    let v = cx.eval(node)?;
                    match spec {
                        None => write_value(&mut text, &v, ty, &self.names),
                        Some(spec) => write_formatted(&mut text, &v, *spec).at(node.span)?,
                    }
                }
            }
        }
        Ok(Some(text))
    }

    /// Evaluates the `given` record of test `idx` (for `polc test`).
    pub fn eval_given(&self, idx: usize) -> Result<Value, EvalError> {
        let Some(Some(t)) = self.tests.get(idx) else {
            return Err(internal("a test that did not compile")).at(Span::default());
        };
        let mut cx = self.context();
        cx.reset(None, t.frame_size);
        cx.eval(&t.given)
    }

    /// Evaluates a record value against every policy for its type, as
    /// `polc eval` would (the entry point for `polc test`).
    pub fn decide(&self, record_type: RecordId, record: &Value, as_of: Option<Date>) -> Outcome {
        let mut cx = self.context();
        let mut out = Outcome::default();
        self.evaluate(&mut cx, record_type, record, as_of, &mut out);
        out
    }
}

/// Runs the `let` lines that stand before condition `before` (all that are
/// left for `usize::MAX`), writing their slots.
fn run_lets<'r>(
    cx: &mut Cx<'_>,
    lets: &mut std::iter::Peekable<std::slice::Iter<'r, LetExec>>,
    before: usize,
) -> Result<(), EvalError> {
    while let Some(l) = lets.next_if(|l| l.before as usize <= before) {
        let v = cx.eval(&l.node)?;
        cx.set_local(l.slot, v);
    }
    Ok(())
}
