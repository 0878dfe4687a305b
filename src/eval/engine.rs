//! The linked program ([`Engine`]): policies and rules as the engine runs
//! them, the tables built once (rules by record type, frame sizes, `date`
//! slots) and the in-force tests of §5. The output formats never see it:
//! they read its [`Catalog`] (plain data); evaluating a record is
//! [`crate::eval::rule`]'s job.

use crate::eval::interp::{Cx, Func};
use crate::eval::invariant::OrInternal;
use crate::eval::node::{Iter, Node};
use crate::eval::rates::Rates;
use crate::input::schema::Schema;
use crate::ir::{EffectKind, InForce, RecordId, Type};
use crate::lang::Date;
use crate::outcome::catalog::{Catalog, RuleInfo};
use crate::outcome::trace::Why;
use crate::source::{SourceMap, Span};
use crate::value::error::ValueError;
use crate::value::render::Names;
use crate::value::Value;

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

/// A rule's `let` line (§11): evaluated into a local slot where it stands.
#[derive(Clone, Debug)]
pub struct LetExec {
    /// The slot written.
    pub slot: u32,
    /// The bound expression.
    pub node: Node,
    /// It runs just before condition `before` (after the last when equal
    /// to their number).
    pub before: u32,
    /// The whole line.
    pub span: Span,
}

/// A piece of an effect message.
#[derive(Clone, Debug)]
pub enum MsgPart {
    /// Literal text.
    Text(String),
    /// `{expr}` and its type (for rendering enums and collections), or
    /// `{expr:spec}` (§11).
    Expr(Node, Type, Option<crate::lang::FormatSpec>),
}

/// A rule as the engine runs it.
#[derive(Clone, Debug)]
pub struct RuleExec {
    /// Its policy.
    pub policy: crate::ir::PolicyId,
    /// Its index within its policy (not its position in `Engine::rules`).
    pub index: crate::ir::RuleIndex,
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
    /// `let` lines in order.
    pub lets: Vec<LetExec>,
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
    /// An `authorize` rule's covered rules, by engine index (§13; filled
    /// by [`crate::eval::authorize::link_covers`]).
    pub covers: Vec<CoverExec>,
    /// A `require license` rule some `authorize` rule covers: its cases
    /// decide after the authorisations (`Engine::settle_licences`).
    pub coverable: bool,
}

/// One rule an `authorize` rule covers, by engine index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CoverExec {
    /// The covered rule's index in `Engine::rules`.
    pub rule: u32,
    /// Case i covers only case i (both are `for` rules).
    pub per_case: bool,
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

    /// What the output shows of this rule.
    pub fn info(&self) -> RuleInfo {
        RuleInfo {
            full_name: self.full_name.clone(),
            at: self.at.clone(),
            source: self.source.clone(),
            effect: self.effect.clone(),
            static_message: self.static_message(),
            for_each: self.for_each.as_ref().map(Iter::span),
            keyword: self.keyword,
            conditions: self.conditions.iter().map(|c| c.span).collect(),
        }
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
    /// What the output shows of each rule, in `rules` order.
    infos: Vec<RuleInfo>,
    /// For each record type, the indices of its rules, in `rules` order.
    by_record: Vec<Vec<u32>>,
    /// For each record type, the slot of its `date: date` field.
    date_slot: Vec<Option<u32>>,
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

/// Why an in-force test fails on `date` (`None`: it does not).
pub fn why_not(f: &InForce, date: Date) -> Option<Why> {
    if in_force(f, date) {
        return None;
    }
    if let Some(e) = f.effective.filter(|e| date < *e) {
        return Some(Why::Effective(e));
    }
    if let Some(x) = f.expires.filter(|x| date >= *x) {
        return Some(Why::Expired(x));
    }
    f.suspensions
        .iter()
        .find(|(a, b)| *a <= date && date < *b)
        .map(|(a, b)| Why::Suspended(*a, *b))
}

impl Engine {
    #[expect(
        clippy::too_many_arguments,
        reason = "the linker hands over each table it built; a struct would only rename them"
    )]
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
        // Room for every rule's subject, so no rule is dropped (its type
        // would come from the schema, so this only matters for a broken one).
        let n = rules
            .iter()
            .map(|r| r.subject.0 as usize + 1)
            .fold(schema.records.len(), usize::max);
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
        let mut rules = rules;
        crate::eval::authorize::link_covers(&mut rules);
        let infos = rules.iter().map(RuleExec::info).collect();
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
            infos,
            by_record,
            date_slot,
            frame_sizes,
            rates: None,
        }
    }

    /// Converts money of two currencies with `rates` from now on (`None`:
    /// a mismatch makes the rule indeterminate, §3).
    pub fn set_rates(&mut self, rates: Option<Rates>) {
        self.rates = rates;
    }

    /// The program as the output formats read it: rule names, places and
    /// effects, sources, value names.
    pub fn catalog(&self) -> Catalog<'_> {
        Catalog {
            rules: &self.infos,
            map: &self.map,
            names: &self.names,
            path_types: &self.path_types,
        }
    }

    /// An evaluation context for this engine (one per thread).
    pub fn context(&self) -> Cx<'_> {
        Cx::new(&self.funcs).with_rates(self.rates.as_ref())
    }

    /// The largest frame of the rules of a record type (`None`: a type
    /// the engine does not know).
    pub fn frame_size(&self, record: RecordId) -> Option<u32> {
        self.frame_sizes.get(record.0 as usize).copied()
    }

    /// The rule indices that apply to a record type, in output order.
    pub fn rules_for(&self, record: RecordId) -> &[u32] {
        self.by_record
            .get(record.0 as usize)
            .map_or(&[], Vec::as_slice)
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

    /// Whether rule `idx` (and its policy) is in force on `date`: an
    /// unknown rule or policy, or a date needed but missing, is an internal
    /// error (the rule becomes indeterminate), never "not in force".
    pub fn rule_in_force(&self, idx: u32, date: Option<Date>) -> Result<bool, ValueError> {
        let rule = self
            .rules
            .get(idx as usize)
            .or_internal("an unknown rule index")?;
        let policy = &self
            .policies
            .get(rule.policy.index())
            .or_internal("a rule of an unknown policy")?
            .in_force;
        if !has_lines(&rule.in_force) && !has_lines(policy) {
            return Ok(true);
        }
        // The checker requires a `date` field when date lines are used, and
        // the reader requires the field.
        let d = date.or_internal("an in-force test without a date")?;
        Ok(in_force(&rule.in_force, d) && in_force(policy, d))
    }

    /// Why rule `idx` is not in force on `date` (its own lines first).
    pub fn why_not(&self, idx: u32, date: Option<Date>) -> Option<Why> {
        let rule = self.rules.get(idx as usize)?;
        let d = date?;
        why_not(&rule.in_force, d).or_else(|| {
            let policy = self.policies.get(rule.policy.index())?;
            why_not(&policy.in_force, d)
        })
    }
}
