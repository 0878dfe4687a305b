//! The checked program: names resolved, every expression typed, fields and
//! bindings by slot, conversions explicit, constants, field defaults and
//! loaded data already computed. The checker (`check/`) produces it and is
//! the whole compile; a backend (the evaluator, later SQL or a language
//! server) maps its nodes one to one and never re-derives semantics.
//!
//! INVARIANT: a `Program` handed to the evaluator came from a check with no
//! errors, so it holds no `ExprKind::Error`, no `Type::Error`, no
//! `ExprKind::LoadedJson` or `ExprKind::LoadedRows`, and every constant and field default has its value
//! (a dated constant's value is its `ExprKind::LoadedDated` initialiser, read by `DatedConst` uses only).

pub mod expr;
pub mod ids;
pub mod rows;
pub mod types;
pub mod walk;

use crate::lang::{Date, Decision};
use crate::source::Span;
use crate::value::Value;
pub use expr::{BinOp, Builtin, Clause, Conversion, Expr, ExprKind, Lit, ScreenFields};
pub use ids::{ConstId, DefId, LocalSlot, PolicyId, RuleIndex};
pub use types::{EnumId, RecordId, Type};

/// A whole checked package.
#[derive(Clone, Debug, Default)]
pub struct Program {
    /// Enums; `EnumId` indexes this.
    pub enums: Vec<EnumDef>,
    /// Records; `RecordId` indexes this.
    pub records: Vec<RecordDef>,
    /// Package-level and policy-local constants; `ExprKind::Const` indexes this.
    pub consts: Vec<ConstDef>,
    /// Constants in an order where each comes after those it uses.
    pub const_order: Vec<ConstId>,
    /// Package-level and policy-local functions; `ExprKind::Call` indexes this.
    pub functions: Vec<FunctionDef>,
    /// Policies in source order (file path order, then position).
    pub policies: Vec<PolicyDef>,
    /// Test blocks in source order.
    pub tests: Vec<TestDef>,
}

/// `enum`
#[derive(Clone, Debug)]
pub struct EnumDef {
    /// Name.
    pub name: String,
    /// Variant names; a variant's value is its index here.
    pub variants: Vec<String>,
    /// Declaration.
    pub span: Span,
}

/// `record`
#[derive(Clone, Debug)]
pub struct RecordDef {
    /// Name.
    pub name: String,
    /// Fields; a field's slot is its index here.
    pub fields: Vec<FieldDef>,
    /// Declaration.
    pub span: Span,
}

/// A record field.
#[derive(Clone, Debug)]
pub struct FieldDef {
    /// Name.
    pub name: String,
    /// Declared type.
    pub ty: Type,
    /// Default (a compile-time constant expression) for absent/null input.
    pub default: Option<Expr>,
    /// The default's value, computed by the checker.
    pub default_value: Option<Value>,
    /// Declaration.
    pub span: Span,
}

/// `const`
#[derive(Clone, Debug)]
pub struct ConstDef {
    /// Name (policy-local ones as written).
    pub name: String,
    /// Its type (annotation, else inferred).
    pub ty: Type,
    /// Initialiser, evaluated once by the checker.
    pub init: Expr,
    /// The initialiser's value (`None` only while checking or after an error).
    pub value: Option<Value>,
    /// Local slots the initialiser needs (comprehension and quantifier
    /// variables, e.g. `{normalize(n) for n in load "…"}`).
    pub frame_size: u32,
    /// Declaration.
    pub span: Span,
}

impl ConstDef {
    /// The rows of a dated constant (§12), whose initialiser is a dated `load`.
    pub fn dated(&self) -> Option<&std::sync::Arc<crate::value::dated::DatedCollection>> {
        match &self.init.kind {
            ExprKind::LoadedDated { collection, .. } => Some(collection),
            _ => None,
        }
    }
}

/// `def`
#[derive(Clone, Debug)]
pub struct FunctionDef {
    /// Name.
    pub name: String,
    /// Parameter names and types; parameter i is local slot i.
    pub params: Vec<(String, Type)>,
    /// Return type.
    pub ret: Type,
    /// Body.
    pub body: Expr,
    /// Local slots the body needs (parameters included).
    pub frame_size: u32,
    /// Declaration.
    pub span: Span,
}

/// When a policy or rule is in force (§5).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InForce {
    /// `effective D`: in force from D.
    pub effective: Option<Date>,
    /// `expires D`: not in force from D.
    pub expires: Option<Date>,
    /// `suspended A until B`: not in force in `[A, B)`.
    pub suspensions: Vec<(Date, Date)>,
}

/// `policy`
#[derive(Clone, Debug)]
pub struct PolicyDef {
    /// Name.
    pub name: String,
    /// The record type it applies to.
    pub subject: RecordId,
    /// `title`
    pub title: Option<String>,
    /// `authority`
    pub authority: Option<String>,
    /// `source`
    pub source: Option<String>,
    /// Policy-level in-force lines.
    pub in_force: InForce,
    /// Rules in source order.
    pub rules: Vec<RuleDef>,
    /// Declaration.
    pub span: Span,
}

/// `rule`
#[derive(Clone, Debug)]
pub struct RuleDef {
    /// Name within its policy.
    pub name: String,
    /// `policy.rule`
    pub full_name: String,
    /// The `rule` keyword (reported as `at`).
    pub at: Span,
    /// The rule's `source`, else its policy's.
    pub source: Option<String>,
    /// Rule-level in-force lines (the policy's apply too).
    pub in_force: InForce,
    /// `for x in E`: E, whose elements go to local slot 1.
    pub for_each: Option<Expr>,
    /// `when`/`unless` lines in order.
    pub conditions: Vec<Condition>,
    /// `let` lines in order, each run just before condition
    /// [`Let::before`] (after the last condition when it equals their number).
    pub lets: Vec<Let>,
    /// The effect.
    pub effect: Effect,
    /// Local slots needed (slot 0 is the policy binding).
    pub frame_size: u32,
    /// Doc comment lines.
    pub doc: Vec<String>,
    /// The whole rule.
    pub span: Span,
}

/// A rule's `let NAME = EXPR` line (§11): EXPR into a local slot.
#[derive(Clone, Debug)]
pub struct Let {
    /// The name, for `--explain`.
    pub name: String,
    /// The slot it writes.
    pub slot: LocalSlot,
    /// The bound expression.
    pub expr: Expr,
    /// The number of conditions before it.
    pub before: u32,
    /// The whole line.
    pub span: Span,
}

/// A `when` (`negated == false`) or `unless` line.
#[derive(Clone, Debug)]
pub struct Condition {
    /// `unless`
    pub negated: bool,
    /// The boolean expression.
    pub expr: Expr,
    /// The whole line.
    pub span: Span,
}

/// A rule's effect.
#[derive(Clone, Debug)]
pub struct Effect {
    /// What it does.
    pub kind: EffectKind,
    /// The message, with interpolations.
    pub message: Vec<MessagePart>,
    /// The effect line.
    pub span: Span,
}

/// The five effects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EffectKind {
    /// `deny`
    Deny,
    /// `require license`
    RequireLicense,
    /// `review`
    Review,
    /// `report … to A within N days`
    Report {
        /// Authority.
        to: String,
        /// Days.
        within_days: i64,
    },
    /// `inspect`
    Inspect,
    /// `authorize … covers R1, R2` (§13): the rules whose fired cases it
    /// covers, in the order written (resolved and checked).
    Authorize {
        /// The covered rules.
        covers: Vec<Cover>,
    },
}

/// One rule an `authorize` rule covers (§13).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cover {
    /// The covered `require license` rule.
    pub rule: RuleId,
    /// Both rules are `for` rules over the same expression: case i covers
    /// only case i; else a firing case covers every fired case.
    pub per_case: bool,
}

impl EffectKind {
    /// The spelling in output (`require_license`, …).
    pub fn as_str(&self) -> &'static str {
        match self {
            EffectKind::Deny => "deny",
            EffectKind::RequireLicense => "require_license",
            EffectKind::Review => "review",
            EffectKind::Report { .. } => "report",
            EffectKind::Inspect => "inspect",
            EffectKind::Authorize { .. } => "authorize",
        }
    }

    /// The decision this effect yields when it fires, if any.
    pub fn decision(&self) -> Option<Decision> {
        match self {
            EffectKind::Deny => Some(Decision::Deny),
            EffectKind::Review => Some(Decision::Review),
            EffectKind::RequireLicense => Some(Decision::LicenseRequired),
            EffectKind::Report { .. } | EffectKind::Inspect | EffectKind::Authorize { .. } => None,
        }
    }
}

/// A piece of an effect message.
#[derive(Clone, Debug)]
pub enum MessagePart {
    /// Literal text.
    Text(String),
    /// `{expr}`, rendered per §6, or `{expr:spec}` (§11).
    Expr(Expr, Option<crate::lang::FormatSpec>),
}

/// `test`
#[derive(Clone, Debug)]
pub struct TestDef {
    /// The test's name.
    pub name: String,
    /// The given record (evaluated when the test runs; frame of its own).
    pub given: Expr,
    /// Its record type: the test runs every policy for this type.
    pub record: RecordId,
    /// `only P1, P2`: the policies it runs instead (`None`: all for `record`).
    pub only: Option<Vec<PolicyId>>,
    /// `as_of DATE`: the in-force date and `as_of` (`None`: the record's `date`).
    pub as_of: Option<Date>,
    /// Expectations.
    pub expects: Vec<Expect>,
    /// Local slots `given` needs.
    pub frame_size: u32,
    /// The whole test.
    pub span: Span,
}

/// A reference to a rule, unique in the package: its policy and its index
/// within that policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RuleId {
    /// The policy.
    pub policy: PolicyId,
    /// The rule within the policy.
    pub rule: RuleIndex,
}

/// A rule reference of an `expect` line with its optional `at N`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CaseId {
    /// The rule.
    pub rule: RuleId,
    /// `at N`: only case N of a `for` rule (`None`: any case).
    pub item: Option<u32>,
}

/// An `expect` line.
#[derive(Clone, Debug)]
pub enum Expect {
    /// `expect D [by R [at N]…]`
    Decision {
        /// Expected decision.
        decision: Decision,
        /// Rules (cases) that must have fired with an effect yielding `decision`.
        by: Vec<CaseId>,
        /// The line.
        span: Span,
    },
    /// `expect not fired R [at N]`
    NotFired {
        /// The rule (case).
        case: CaseId,
        /// The line.
        span: Span,
    },
    /// `expect report to "A" [within N days]`
    ReportTo {
        /// Authority.
        to: String,
        /// Required `within_days`.
        within: Option<i64>,
        /// The line.
        span: Span,
    },
    /// `expect no report [to "A"]`
    NoReport {
        /// Only reports to this authority count.
        to: Option<String>,
        /// The line.
        span: Span,
    },
    /// `expect inspect`
    Inspect {
        /// The line.
        span: Span,
    },
    /// `expect authorized by R…` (§13): each `authorize` rule fired and
    /// covered at least one case.
    Authorized {
        /// The `authorize` rules (and, with `at N`, the case of a `for` one).
        by: Vec<CaseId>,
        /// The line.
        span: Span,
    },
    /// `expect no inspect`
    NoInspect {
        /// The line.
        span: Span,
    },
}
