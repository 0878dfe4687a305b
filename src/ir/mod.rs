//! The checked program: names resolved, every expression typed, fields and
//! bindings by slot. The checker (`check/`) produces it; the evaluator
//! (`eval/`) links it (computes constants, reads fixtures) and runs it.
//!
//! INVARIANT: a `Program` handed to the evaluator came from a check with no
//! errors, so it holds no `ExprKind::Error` and no `Type::Error`.

pub mod types;

use rust_decimal::Decimal;

use crate::data::units::Unit;
use crate::lang::{AggKind, Date, Decision};
use crate::source::Span;
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
    pub const_order: Vec<u32>,
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
    /// Initialiser, evaluated once when the program is linked.
    pub value: Expr,
    /// Local slots the initialiser needs (comprehension and quantifier
    /// variables, e.g. `{normalize(n) for n in load "…"}`).
    pub frame_size: u32,
    /// Declaration.
    pub span: Span,
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
    /// The effect.
    pub effect: Effect,
    /// Local slots needed (slot 0 is the policy binding).
    pub frame_size: u32,
    /// Doc comment lines.
    pub doc: Vec<String>,
    /// The whole rule.
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
        }
    }

    /// The decision this effect yields when it fires, if any.
    pub fn decision(&self) -> Option<Decision> {
        match self {
            EffectKind::Deny => Some(Decision::Deny),
            EffectKind::Review => Some(Decision::Review),
            EffectKind::RequireLicense => Some(Decision::LicenseRequired),
            EffectKind::Report { .. } | EffectKind::Inspect => None,
        }
    }
}

/// A piece of an effect message.
#[derive(Clone, Debug)]
pub enum MessagePart {
    /// Literal text.
    Text(String),
    /// `{expr}`, rendered per §6.
    Expr(Expr),
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
    /// Expectations.
    pub expects: Vec<Expect>,
    /// Local slots `given` needs.
    pub frame_size: u32,
    /// The whole test.
    pub span: Span,
}

/// A reference to a rule: indices into `policies` and its `rules`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleId {
    /// Policy index.
    pub policy: u32,
    /// Rule index within the policy.
    pub rule: u32,
}

/// An `expect` line.
#[derive(Clone, Debug)]
pub enum Expect {
    /// `expect D [by R…]`
    Decision {
        /// Expected decision.
        decision: Decision,
        /// Rules that must have fired with an effect yielding `decision`.
        by: Vec<RuleId>,
        /// The line.
        span: Span,
    },
    /// `expect not fired R`
    NotFired {
        /// The rule.
        rule: RuleId,
        /// The line.
        span: Span,
    },
    /// `expect report to "A"`
    ReportTo {
        /// Authority.
        to: String,
        /// The line.
        span: Span,
    },
    /// `expect inspect`
    Inspect {
        /// The line.
        span: Span,
    },
}

/// A typed expression.
#[derive(Clone, Debug)]
pub struct Expr {
    /// What it computes.
    pub kind: ExprKind,
    /// Its type (after narrowing).
    pub ty: Type,
    /// Where it was written.
    pub span: Span,
}

/// Literal values after checking.
#[derive(Clone, Debug, PartialEq)]
pub enum Lit {
    /// `true`/`false`
    Bool(bool),
    /// An `int`.
    Int(i64),
    /// A `decimal` (percent literals already divided by 100).
    Decimal(Decimal),
    /// A `string`.
    Str(String),
    /// A validated `country` code.
    Country(String),
    /// A `date`.
    Date(Date),
    /// A `duration` in days.
    Duration(i64),
    /// A `quantity`.
    Quantity {
        /// Value.
        value: Decimal,
        /// Unit.
        unit: Unit,
    },
    /// A `money` amount.
    Money {
        /// Amount.
        amount: Decimal,
        /// ISO 4217 code.
        currency: String,
    },
    /// An enum variant.
    Variant {
        /// The enum.
        enum_id: EnumId,
        /// Variant index.
        index: u32,
    },
}

/// Built-in functions (§6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Builtin {
    /// `len(list|set|string)`
    Len,
    /// `abs(number|money|quantity|duration)`
    Abs,
    /// `lower(s)`
    Lower,
    /// `upper(s)`
    Upper,
    /// `trim(s)`
    Trim,
    /// `normalize(s)`: NFKC, lower case, trimmed, white space collapsed.
    Normalize,
    /// `starts_with(s, prefix)`
    StartsWith,
    /// `ends_with(s, suffix)`
    EndsWith,
    /// `contains(s, part)`
    Contains,
    /// `year(d)`
    Year,
    /// `min(a, b, …)`
    Min,
    /// `max(a, b, …)`
    Max,
}

/// Binary operators after checking.
pub use crate::lang::BinaryOp as BinOp;

/// Typed expression forms. Bindings live in a frame of local slots.
#[derive(Clone, Debug)]
pub enum ExprKind {
    /// A literal.
    Lit(Lit),
    /// A local slot: the policy binding (slot 0 in rules), a `for`,
    /// quantifier or comprehension variable, or a `def` parameter.
    Local(u32),
    /// A constant, by index into `Program::consts`.
    Const(u32),
    /// `base.field` (`optional`: `base?.field`, absent base gives absent).
    Field {
        /// The record.
        base: Box<Expr>,
        /// Field slot.
        slot: u32,
        /// `?.`
        optional: bool,
    },
    /// A `def` call.
    Call {
        /// Index into `Program::functions`.
        func: u32,
        /// Arguments.
        args: Vec<Expr>,
    },
    /// A built-in call.
    Builtin {
        /// Which.
        func: Builtin,
        /// Arguments.
        args: Vec<Expr>,
    },
    /// `xs[i]`
    Index {
        /// List.
        base: Box<Expr>,
        /// Index.
        index: Box<Expr>,
    },
    /// `xs[a..b]`
    Slice {
        /// List.
        base: Box<Expr>,
        /// Lower bound.
        lo: Option<Box<Expr>>,
        /// Upper bound.
        hi: Option<Box<Expr>>,
    },
    /// `r with { … }`
    With {
        /// Record.
        base: Box<Expr>,
        /// Updates in order: field-slot path and new value (`None`: absent).
        updates: Vec<(Vec<u32>, Option<Expr>)>,
    },
    /// `-e`
    Neg(Box<Expr>),
    /// `not e`
    Not(Box<Expr>),
    /// `a op b`
    Binary {
        /// Operator.
        op: BinOp,
        /// Left.
        lhs: Box<Expr>,
        /// Right.
        rhs: Box<Expr>,
    },
    /// `e is present` / `e is missing`
    Is {
        /// The optional.
        expr: Box<Expr>,
        /// `present`
        present: bool,
    },
    /// `if c then a else b`
    If {
        /// Condition.
        cond: Box<Expr>,
        /// Then.
        then: Box<Expr>,
        /// Else.
        otherwise: Box<Expr>,
    },
    /// `any`/`all`
    Quantifier {
        /// `all` rather than `any`.
        all: bool,
        /// Slot of the element binding.
        slot: u32,
        /// Collection.
        iter: Box<Expr>,
        /// Predicate.
        body: Box<Expr>,
    },
    /// `count`/`sum`/`min`/`max` in binder form.
    Aggregate {
        /// Which.
        kind: AggKind,
        /// Slot of the element binding.
        slot: u32,
        /// Collection.
        iter: Box<Expr>,
        /// Condition or value.
        body: Box<Expr>,
    },
    /// `[e for x in xs if c]` / `{…}`
    Comprehension {
        /// Builds a set.
        set: bool,
        /// Element.
        elem: Box<Expr>,
        /// Slot of the binding.
        slot: u32,
        /// Collection.
        iter: Box<Expr>,
        /// Filter.
        filter: Option<Box<Expr>>,
    },
    /// `[a, b]` / `{a, b}`
    Collection {
        /// Builds a set.
        set: bool,
        /// Elements.
        elems: Vec<Expr>,
    },
    /// `R { … }`: one entry per field slot (`None`: absent optional).
    Record {
        /// Record type.
        record: RecordId,
        /// Field values in slot order, defaults filled in.
        fields: Vec<Option<Expr>>,
    },
    /// `load` of a `.txt`/`.csv` file: validated textual values, one per
    /// non-blank, non-comment line, converted to the element type of `ty`.
    LoadedText {
        /// The file as shown in diagnostics.
        path: String,
        /// Values with their 1-based line numbers.
        items: Vec<(String, u32)>,
    },
    /// `load "x.json" as T`: read and validated against `ty` when linked.
    LoadedJson {
        /// The file on disk.
        path: std::path::PathBuf,
        /// The file as shown in diagnostics.
        display: String,
    },
    /// Already reported; never evaluated.
    Error,
}
