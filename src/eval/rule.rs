//! The linked program ([`Engine`]) and the evaluation of one record against
//! every rule for its type (§5, §8): in-force tests, conditions in order
//! with short-circuit, `for` rules case by case, messages rendered.

use crate::eval::decision::{ErrorCase, FiredCase, Outcome};
use crate::eval::input::schema::Schema;
use crate::eval::interp::{At, Cx, EvalError, Func};
use crate::eval::node::{Iter, Node};
use crate::eval::ops::internal;
use crate::eval::rates::Rates;
use crate::eval::render::{write_value, Names};
use crate::eval::value::Value;
use crate::ir::{EffectKind, InForce, RecordId, Type};
use crate::lang::Date;
use crate::source::{SourceMap, Span};

/// A policy as the engine runs it.
#[derive(Clone, Debug)]
pub struct PolicyExec {
    /// Name.
    pub name: String,
    /// The record type it applies to.
    pub subject: RecordId,
    /// Policy-level in-force lines.
    pub in_force: InForce,
    /// Declaration.
    pub span: Span,
}

/// A `when` (`negated == false`) or `unless` line.
#[derive(Clone, Debug)]
pub struct CondExec {
    /// `unless`
    pub negated: bool,
    /// The condition.
    pub node: Node,
    /// The whole line.
    pub span: Span,
}

/// A piece of an effect message.
#[derive(Clone, Debug)]
pub enum MsgPart {
    /// Literal text.
    Text(String),
    /// `{expr}` and its type (for rendering enums and collections).
    Expr(Node, Type),
}

/// A rule as the engine runs it.
#[derive(Clone, Debug)]
pub struct RuleExec {
    /// Index of its policy.
    pub policy: u32,
    /// Index within its policy.
    pub index: u32,
    /// The record type of its policy.
    pub subject: RecordId,
    /// `policy.rule`
    pub full_name: String,
    /// `path:line:column` of the `rule` keyword.
    pub at: String,
    /// The rule's `source`, else its policy's.
    pub source: Option<String>,
    /// Rule-level in-force lines.
    pub in_force: InForce,
    /// `for x in E`: E (elements go to slot 1).
    pub for_each: Option<Iter>,
    /// Conditions in order.
    pub conditions: Vec<CondExec>,
    /// The effect.
    pub effect: EffectKind,
    /// The message.
    pub message: Vec<MsgPart>,
    /// Local slots needed.
    pub frame_size: u32,
    /// The `rule` keyword.
    pub keyword: Span,
    /// The whole rule.
    pub span: Span,
    /// Doc comment lines.
    pub doc: Vec<String>,
}

impl RuleExec {
    /// The message when it has no interpolation.
    pub fn static_message(&self) -> Option<String> {
        let mut out = String::new();
        for p in &self.message {
            match p {
                MsgPart::Text(t) => out.push_str(t),
                MsgPart::Expr(..) => return None,
            }
        }
        Some(out)
    }
}

/// A compiled `given` expression of a `test` block.
#[derive(Clone, Debug)]
pub struct TestExec {
    /// The expression.
    pub given: Node,
    /// Local slots it needs.
    pub frame_size: u32,
}

/// A linked program, ready to evaluate records. Shared by all worker threads.
pub struct Engine {
    /// Enum and record names for rendering.
    pub names: Names,
    /// Record layouts for the readers.
    pub schema: Schema,
    pub(crate) funcs: Vec<Func>,
    /// Policies in source order.
    pub policies: Vec<PolicyExec>,
    /// Rules sorted by full name (as bytes).
    pub rules: Vec<RuleExec>,
    /// Compiled `given` expressions, by test index (`None`: did not compile).
    pub tests: Vec<Option<TestExec>>,
    /// Constant values by index.
    pub consts: Vec<Value>,
    /// The sources (for `at` locations and `--explain`).
    pub map: SourceMap,
    /// The types of field paths, by span (for `--explain`).
    pub path_types: rustc_hash::FxHashMap<Span, Type>,
    /// For each record type, the indices of its rules, in `rules` order.
    by_record: Vec<Vec<u32>>,
    /// For each record type, the slot of its `date: date` field.
    date_slot: Vec<Option<u32>>,
    /// Each rule's message when it has no interpolation.
    static_messages: Vec<Option<String>>,
    /// For each record type, the largest frame of its rules.
    frame_sizes: Vec<u32>,
    /// The `--rates` table, if one was given.
    rates: Option<Rates>,
}

/// Whether a policy or rule is in force on `date` (§5): effective ≤ date <
/// expires, and `date` in no `[from, until)` suspension.
pub fn in_force(f: &InForce, date: Date) -> bool {
    f.effective.is_none_or(|e| e <= date)
        && f.expires.is_none_or(|x| date < x)
        && !f.suspensions.iter().any(|(a, b)| *a <= date && date < *b)
}

fn has_lines(f: &InForce) -> bool {
    f.effective.is_some() || f.expires.is_some() || !f.suspensions.is_empty()
}

impl Engine {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        names: Names,
        schema: Schema,
        funcs: Vec<Func>,
        policies: Vec<PolicyExec>,
        rules: Vec<RuleExec>,
        tests: Vec<Option<TestExec>>,
        consts: Vec<Value>,
        map: SourceMap,
    ) -> Engine {
        let n = schema.records.len();
        let mut by_record = vec![Vec::new(); n];
        for (i, r) in rules.iter().enumerate() {
            if let Some(v) = by_record.get_mut(r.subject.0 as usize) {
                v.push(i as u32);
            }
        }
        let date_slot = schema
            .records
            .iter()
            .map(|r| {
                r.fields
                    .iter()
                    .position(|f| f.name == "date" && f.ty == Type::Date)
                    .map(|i| i as u32)
            })
            .collect();
        let static_messages = rules.iter().map(RuleExec::static_message).collect();
        let frame_sizes = by_record
            .iter()
            .map(|idxs| {
                idxs.iter()
                    .filter_map(|i| rules.get(*i as usize))
                    .map(|r| r.frame_size)
                    .max()
                    .unwrap_or(2)
            })
            .collect();
        Engine {
            names,
            schema,
            funcs,
            policies,
            rules,
            tests,
            consts,
            map,
            path_types: Default::default(),
            by_record,
            date_slot,
            static_messages,
            frame_sizes,
            rates: None,
        }
    }

    /// Converts money of two currencies with `rates` from now on (`None`:
    /// a mismatch makes the rule indeterminate, §3).
    pub fn set_rates(&mut self, rates: Option<Rates>) {
        self.rates = rates;
    }

    /// An evaluation context for this engine (one per thread).
    pub fn context(&self) -> Cx<'_> {
        Cx::new(&self.funcs).with_rates(self.rates.as_ref())
    }

    /// The rule indices that apply to a record type, in output order.
    pub fn rules_for(&self, record: RecordId) -> &[u32] {
        self.by_record
            .get(record.0 as usize)
            .map_or(&[], Vec::as_slice)
    }

    /// A rule's message when it has no interpolation.
    pub fn static_message(&self, rule: u32) -> &str {
        self.static_messages
            .get(rule as usize)
            .and_then(|m| m.as_deref())
            .unwrap_or("")
    }

    /// The date that decides in-force tests for a record: `--as-of`, else its `date`.
    pub fn decision_date(
        &self,
        record_type: RecordId,
        record: &Value,
        as_of: Option<Date>,
    ) -> Option<Date> {
        as_of.or_else(|| {
            let slot = (*self.date_slot.get(record_type.0 as usize)?)?;
            match record.field(slot)? {
                Value::Date(d) => Some(*d),
                _ => None,
            }
        })
    }

    /// Whether rule `idx` (and its policy) is in force on `date`.
    pub fn rule_in_force(&self, idx: u32, date: Option<Date>) -> bool {
        let Some(rule) = self.rules.get(idx as usize) else {
            return false;
        };
        let policy = self.policies.get(rule.policy as usize).map(|p| &p.in_force);
        let lines = has_lines(&rule.in_force) || policy.is_some_and(has_lines);
        match date {
            _ if !lines => true,
            // A record type without `date` cannot reach here: the checker
            // requires one when date lines are used.
            None => true,
            Some(d) => in_force(&rule.in_force, d) && policy.is_none_or(|p| in_force(p, d)),
        }
    }

    /// Evaluates every rule for `record_type` on `record` into `out` (§8).
    pub fn evaluate(
        &self,
        cx: &mut Cx<'_>,
        record_type: RecordId,
        record: &Value,
        as_of: Option<Date>,
        out: &mut Outcome,
    ) {
        out.clear();
        let date = self.decision_date(record_type, record, as_of);
        // One frame serves every rule: each binding slot is written before
        // it is read, so what an earlier rule left in a slot is never seen.
        let size = self
            .frame_sizes
            .get(record_type.0 as usize)
            .copied()
            .unwrap_or(2);
        cx.reset(Some(record.clone()), size);
        for &idx in self.rules_for(record_type) {
            if self.rule_in_force(idx, date) {
                self.evaluate_rule(cx, idx, out);
            }
        }
    }

    /// Evaluates one rule (every case of a `for` rule) into `out`, in a
    /// frame whose slot 0 holds the record (see [`Cx::reset`]).
    pub fn evaluate_rule(&self, cx: &mut Cx<'_>, idx: u32, out: &mut Outcome) {
        let Some(rule) = self.rules.get(idx as usize) else {
            return;
        };
        let Some(iter) = &rule.for_each else {
            self.finish_case(cx, rule, idx, None, out);
            return;
        };
        let (coll, from, to) = match cx.iter_range(iter) {
            Ok(r) => r,
            Err(error) => {
                self.indeterminate(rule, idx, None, error, out);
                return;
            }
        };
        let items = coll.elements().unwrap_or(&[]);
        for (i, item) in items.get(from..to).unwrap_or(&[]).iter().enumerate() {
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
        match self.case(cx, idx, rule) {
            Ok(None) => {}
            Ok(Some(message)) => {
                if let Some(d) = rule.effect.decision() {
                    out.raise(d);
                }
                out.fired.push(FiredCase {
                    rule: idx,
                    item,
                    message,
                });
            }
            Err(error) => self.indeterminate(rule, idx, item, error, out),
        }
    }

    fn indeterminate(
        &self,
        _rule: &RuleExec,
        idx: u32,
        item: Option<u32>,
        error: EvalError,
        out: &mut Outcome,
    ) {
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
        for (ci, c) in rule.conditions.iter().enumerate() {
            let value = cx.eval_bool(&c.node)?;
            cx.note_condition(idx, ci as u32, value);
            if value == c.negated {
                return Ok(None);
            }
        }
        if rule
            .message
            .iter()
            .all(|p| matches!(p, super::rule::MsgPart::Text(_)))
        {
            return Ok(Some(None));
        }
        let mut text = String::new();
        for p in &rule.message {
            match p {
                MsgPart::Text(t) => text.push_str(t),
                MsgPart::Expr(node, ty) => {
                    let v = cx.eval(node)?;
                    write_value(&mut text, &v, ty, &self.names);
                }
            }
        }
        Ok(Some(Some(text)))
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
