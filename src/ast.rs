//! The abstract syntax tree: plain owned data, every node with its [`Span`].
//!
//! No pest type appears here. [`Spanned`] compares and hashes by value only,
//! so `parse(fmt(x)) == parse(x)` ignores positions.

use std::hash::{Hash, Hasher};
use std::ops::Deref;

use rust_decimal::Decimal;

use crate::data::units::Unit;
use crate::source::{FileId, Span};

// The vocabulary shared with the IR and the backends lives in `lang`.
pub use crate::lang::{
    AggKind, BinaryOp, CollectionKind, Date, Decision, FormatSpec, QuantKind, UnaryOp,
};

/// A node together with the source span it was parsed from.
#[derive(Clone, Debug)]
pub struct Spanned<T> {
    /// The node.
    pub node: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Wraps a node with its span.
    pub fn new(node: T, span: Span) -> Spanned<T> {
        Spanned { node, span }
    }
}

impl<T> Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.node
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.node == other.node
    }
}

impl<T: Eq> Eq for Spanned<T> {}

impl<T: Hash> Hash for Spanned<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.node.hash(state)
    }
}

/// Implements `PartialEq` comparing only the listed fields, so that a
/// node's own `span` fields never make two parses differ.
macro_rules! eq_ignoring_spans {
    ($($ty:ident { $($field:ident),* })*) => {
        $(impl PartialEq for $ty {
            fn eq(&self, other: &Self) -> bool {
                true $(&& self.$field == other.$field)*
            }
        })*
    };
}

eq_ignoring_spans! {
    EnumDecl { doc, name, variants }
    RecordDecl { doc, name, fields }
    FieldDecl { doc, name, ty, default }
    ConstDecl { doc, name, ty, value }
    DefDecl { doc, name, params, ret, body }
    PolicyDecl { doc, name, binding, subject, meta, items }
    RuleDecl { doc, name, for_each, meta, conditions, lets, effect }
    LetLine { name, ty, value, before }
    Condition { kind, expr }
    TestDecl { doc, name, only, given_name, given, as_of, expects }
    RuleRef { policy, rule }
    CoverRef { policy, rule }
    CaseRef { rule, at }
    CaseAt { index }
    StrLit { parts, raw }
    WithUpdate { path, value }
}

/// A name as written: identifiers, field names, rule names.
pub type Ident = Spanned<String>;

/// One parsed `.pol` file.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceAst {
    /// Which file of the source map.
    pub file: FileId,
    /// Top-level declarations in source order.
    pub decls: Vec<Decl>,
    /// Every comment of the file, in source order (for `fmt` and doc comments).
    pub comments: Vec<Comment>,
    /// Declarations that did not parse (each has its syntax error), so that
    /// the checker stays silent about what depends on them.
    pub broken: Vec<BrokenDecl>,
}

/// A top-level declaration that did not parse.
#[derive(Clone, Debug, PartialEq)]
pub struct BrokenDecl {
    /// Its name, when the head could be read (`policy p …`, `const x …`).
    pub name: Option<Ident>,
    /// The whole stretch of text, up to the next declaration.
    pub span: Span,
}

/// A comment and where it was.
#[derive(Clone, Debug, PartialEq)]
pub struct Comment {
    /// What kind of comment.
    pub kind: CommentKind,
    /// The full text including `//`, `///` or `/* */`.
    pub text: Spanned<String>,
}

/// The three comment forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommentKind {
    /// `// …`
    Line,
    /// `/// …`, attached to the next declaration or rule.
    Doc,
    /// `/* … */`
    Block,
}

/// The doc comment lines (text after `///`) attached to a declaration.
pub type Doc = Vec<String>;

/// A top-level declaration.
#[derive(Clone, Debug, PartialEq)]
pub enum Decl {
    /// `enum E { a, b }`
    Enum(EnumDecl),
    /// `record R { f: T }`
    Record(RecordDecl),
    /// `const c = e`
    Const(ConstDecl),
    /// `def f(x: T): U = e`
    Def(DefDecl),
    /// `policy p for x: R { … }`
    Policy(PolicyDecl),
    /// `test "…" { … }`
    Test(TestDecl),
}

impl Decl {
    /// The span of the whole declaration.
    pub fn span(&self) -> Span {
        match self {
            Decl::Enum(d) => d.span,
            Decl::Record(d) => d.span,
            Decl::Const(d) => d.span,
            Decl::Def(d) => d.span,
            Decl::Policy(d) => d.span,
            Decl::Test(d) => d.span,
        }
    }
}

/// `enum Name { v1, v2 }`
#[derive(Clone, Debug)]
pub struct EnumDecl {
    /// Doc comment lines.
    pub doc: Doc,
    /// The enum's name.
    pub name: Ident,
    /// Variants in declaration order.
    pub variants: Vec<Ident>,
    /// The whole declaration.
    pub span: Span,
}

/// `record Name { fields }`
#[derive(Clone, Debug)]
pub struct RecordDecl {
    /// Doc comment lines.
    pub doc: Doc,
    /// The record's name.
    pub name: Ident,
    /// Fields in declaration order (this order gives the slots).
    pub fields: Vec<FieldDecl>,
    /// The whole declaration.
    pub span: Span,
}

/// `name: Type = default`
#[derive(Clone, Debug)]
pub struct FieldDecl {
    /// Doc comment lines.
    pub doc: Doc,
    /// Field name (any identifier, keywords included).
    pub name: Ident,
    /// Declared type.
    pub ty: TypeExpr,
    /// Default used when the field is absent or `null` in input.
    pub default: Option<Expr>,
    /// The whole field.
    pub span: Span,
}

/// A type as written.
pub type TypeExpr = Spanned<TypeKind>;

/// The forms of a written type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TypeKind {
    /// A primitive (`int`, `country`, …) or a declared enum/record, by name.
    Named(String),
    /// `list<T>`
    List(Box<TypeExpr>),
    /// `set<T>`
    Set(Box<TypeExpr>),
    /// `map<K, V>` (§11)
    Map(Box<TypeExpr>, Box<TypeExpr>),
    /// `Hit<R>` (§14): the built-in record of a `screen` hit.
    Hit(Box<TypeExpr>),
    /// `T?`
    Optional(Box<TypeExpr>),
}

/// `const name: Type = value`
#[derive(Clone, Debug)]
pub struct ConstDecl {
    /// Doc comment lines.
    pub doc: Doc,
    /// The constant's name.
    pub name: Ident,
    /// Optional annotation.
    pub ty: Option<TypeExpr>,
    /// Initialiser, computed at compile time.
    pub value: Expr,
    /// The whole declaration.
    pub span: Span,
}

/// `def name(params): Type = body`
#[derive(Clone, Debug)]
pub struct DefDecl {
    /// Doc comment lines.
    pub doc: Doc,
    /// The function's name.
    pub name: Ident,
    /// Parameters in order.
    pub params: Vec<Param>,
    /// Declared return type.
    pub ret: TypeExpr,
    /// The body expression.
    pub body: Expr,
    /// The whole declaration.
    pub span: Span,
}

/// `name: Type` in a `def`.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// Parameter name.
    pub name: Ident,
    /// Parameter type.
    pub ty: TypeExpr,
}

/// `policy name for binding: Subject { … }`
#[derive(Clone, Debug)]
pub struct PolicyDecl {
    /// Doc comment lines.
    pub doc: Doc,
    /// Policy name.
    pub name: Ident,
    /// The name the subject record is bound to (`tx`).
    pub binding: Ident,
    /// The record type the policy applies to.
    pub subject: Ident,
    /// Metadata lines in source order.
    pub meta: Vec<Meta>,
    /// `const`, `def` and `rule` items in source order.
    pub items: Vec<PolicyItem>,
    /// The whole declaration.
    pub span: Span,
}

/// An item inside a policy body.
#[derive(Clone, Debug, PartialEq)]
pub enum PolicyItem {
    /// A policy-local constant.
    Const(ConstDecl),
    /// A policy-local function.
    Def(DefDecl),
    /// A rule.
    Rule(RuleDecl),
}

/// A metadata line of a policy or rule.
pub type Meta = Spanned<MetaKind>;

/// The metadata line forms.
#[derive(Clone, Debug, PartialEq)]
pub enum MetaKind {
    /// `title "…"`
    Title(Spanned<String>),
    /// `authority "…"`
    Authority(Spanned<String>),
    /// `source "…"`
    Source(Spanned<String>),
    /// `effective DATE`
    Effective(Spanned<Date>),
    /// `expires DATE`
    Expires(Spanned<Date>),
    /// `suspended DATE until DATE` (half-open window)
    Suspended {
        /// First suspended day.
        from: Spanned<Date>,
        /// First day in force again.
        until: Spanned<Date>,
    },
}

/// `rule name [for x in e] { meta; conditions; effect }`
#[derive(Clone, Debug)]
pub struct RuleDecl {
    /// Doc comment lines.
    pub doc: Doc,
    /// Rule name, unique within its policy.
    pub name: Ident,
    /// The span of the `rule` keyword (reported as `at`).
    pub keyword: Span,
    /// `for x in e`: one case per element.
    pub for_each: Option<ForEach>,
    /// Rule-level `source`/`effective`/`expires`/`suspended` lines.
    pub meta: Vec<Meta>,
    /// `when`/`unless` lines in order.
    pub conditions: Vec<Condition>,
    /// `let` lines in order, each placed by [`LetLine::before`] among the
    /// conditions (kept apart: a `let` is not a condition, §11).
    pub lets: Vec<LetLine>,
    /// The one effect.
    pub effect: Effect,
    /// The whole rule.
    pub span: Span,
}

/// `let NAME (: TYPE)? = EXPR` in a rule (§11).
#[derive(Clone, Debug)]
pub struct LetLine {
    /// The name bound.
    pub name: Ident,
    /// The annotation: EXPR's expected type.
    pub ty: Option<TypeExpr>,
    /// The bound expression.
    pub value: Expr,
    /// How many of the rule's conditions come before this line.
    pub before: usize,
    /// The whole line, keyword included.
    pub span: Span,
}

/// `for x in e` on a rule.
#[derive(Clone, Debug, PartialEq)]
pub struct ForEach {
    /// The element binding.
    pub var: Ident,
    /// The collection.
    pub iter: Expr,
}

/// A `when` or `unless` line.
#[derive(Clone, Debug)]
pub struct Condition {
    /// `when` (must hold) or `unless` (must not hold).
    pub kind: ConditionKind,
    /// The boolean expression.
    pub expr: Expr,
    /// The whole line, keyword included.
    pub span: Span,
}

/// `when` or `unless`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConditionKind {
    /// All must hold.
    When,
    /// None may hold.
    Unless,
}

/// A rule's effect.
pub type Effect = Spanned<EffectKind>;

/// The five effects.
#[derive(Clone, Debug, PartialEq)]
pub enum EffectKind {
    /// `deny MSG`
    Deny {
        /// The message.
        message: StrLit,
    },
    /// `require license MSG` (or `require licence MSG`, §13)
    RequireLicense {
        /// The message.
        message: StrLit,
        /// Written `licence` (British spelling): `fmt` keeps it.
        licence: bool,
    },
    /// `review MSG`
    Review {
        /// The message.
        message: StrLit,
    },
    /// `report MSG to AUTHORITY within N days`
    Report {
        /// The message.
        message: StrLit,
        /// Who receives the report.
        to: Spanned<String>,
        /// Deadline in days (≥ 1).
        within_days: Spanned<i64>,
    },
    /// `inspect MSG`
    Inspect {
        /// The message.
        message: StrLit,
    },
    /// `authorize MSG covers R1, R2` (§13): satisfies the licence
    /// requirements of the rules it names.
    Authorize {
        /// The message.
        message: StrLit,
        /// The covered rules, as written.
        covers: Vec<CoverRef>,
    },
}

/// A rule named after `covers`: `rule` (same policy) or `policy.rule`.
#[derive(Clone, Debug)]
pub struct CoverRef {
    /// The policy, when written.
    pub policy: Option<Ident>,
    /// The rule.
    pub rule: Ident,
    /// The whole reference.
    pub span: Span,
}

impl EffectKind {
    /// The message of any effect.
    pub fn message(&self) -> &StrLit {
        match self {
            EffectKind::Deny { message }
            | EffectKind::RequireLicense { message, .. }
            | EffectKind::Review { message }
            | EffectKind::Report { message, .. }
            | EffectKind::Inspect { message }
            | EffectKind::Authorize { message, .. } => message,
        }
    }
}

/// `test "name" { given x = e; expect … }`
#[derive(Clone, Debug)]
pub struct TestDecl {
    /// Doc comment lines.
    pub doc: Doc,
    /// The test's name (a string without interpolation).
    pub name: Spanned<String>,
    /// `only P1, P2`: the policies it evaluates (empty: every policy for
    /// the record's type).
    pub only: Vec<Ident>,
    /// The label of the `given` line.
    pub given_name: Ident,
    /// The record under test.
    pub given: Expr,
    /// `as_of DATE` (§18): the test's in-force date and `as_of`.
    pub as_of: Option<Spanned<Date>>,
    /// The expectations, in order.
    pub expects: Vec<Expect>,
    /// The whole test.
    pub span: Span,
}

/// An `expect` line.
pub type Expect = Spanned<ExpectKind>;

/// The `expect` forms.
#[derive(Clone, Debug, PartialEq)]
pub enum ExpectKind {
    /// `expect DECISION [by R1 [at N], R2]`
    Decision {
        /// The expected decision.
        decision: Spanned<Decision>,
        /// Rules that must have fired with the matching effect.
        by: Vec<CaseRef>,
    },
    /// `expect not fired R [at N]`
    NotFired(CaseRef),
    /// `expect report to "A" [within N days]`
    ReportTo {
        /// The authority.
        to: Spanned<String>,
        /// The required `within_days`.
        within: Option<Spanned<i64>>,
    },
    /// `expect no report [to "A"]`
    NoReport {
        /// Only reports to this authority count.
        to: Option<Spanned<String>>,
    },
    /// `expect inspect`
    Inspect,
    /// `expect authorized by R1, R2` (§13): each `authorize` rule fired and
    /// covered at least one case.
    Authorized(Vec<CaseRef>),
    /// `expect no inspect`
    NoInspect,
}

/// A rule reference in an `expect` line with the case of a `for` rule it
/// names: `policy.rule [at N]`. Every `expect` form that names a rule takes
/// one (one grammar rule, `case_ref`), so `at` means the same everywhere.
#[derive(Clone, Debug)]
pub struct CaseRef {
    /// `policy.rule`
    pub rule: RuleRef,
    /// `at N`
    pub at: Option<CaseAt>,
    /// The whole reference, `at N` included.
    pub span: Span,
}

/// `at N` after a rule reference: the 0-based case (element index) of a
/// `for` rule.
#[derive(Clone, Debug)]
pub struct CaseAt {
    /// The `at` keyword.
    pub keyword: Span,
    /// The index.
    pub index: Spanned<u32>,
}

/// `policy.rule`
#[derive(Clone, Debug)]
pub struct RuleRef {
    /// Policy name (empty, with an empty span, when the source wrote a
    /// bare rule name: an error the checker reports, E0142).
    pub policy: Ident,
    /// Rule name.
    pub rule: Ident,
    /// Both parts.
    pub span: Span,
}

/// A string literal: text pieces and `{…}` interpolations.
#[derive(Clone, Debug)]
pub struct StrLit {
    /// The pieces in order.
    pub parts: Vec<StrPart>,
    /// The literal including its quotes.
    pub span: Span,
    /// Written `r"…"` (§11): one text part, no escapes or interpolation.
    pub raw: bool,
}

impl StrLit {
    /// The text when the literal has no interpolation.
    pub fn as_plain(&self) -> Option<String> {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                StrPart::Text(t) => out.push_str(t),
                StrPart::Interp(..) => return None,
            }
        }
        Some(out)
    }
}

/// A piece of a string literal.
#[derive(Clone, Debug, PartialEq)]
pub enum StrPart {
    /// Literal text, escapes already resolved.
    Text(String),
    /// `{expr}` or `{expr:spec}` (§11: specs only in effect messages).
    Interp(Expr, Option<Spanned<FormatSpec>>),
}

/// An expression.
pub type Expr = Spanned<ExprKind>;

/// Expression forms.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A literal value.
    Lit(Literal),
    /// A bare name: binding, const, or enum variant / enum type.
    Name(String),
    /// `(e)`, kept so that `fmt` reproduces the author's grouping.
    Paren(Box<Expr>),
    /// `base.name` or `base?.name`.
    Field {
        /// The record (or enum type, for `E.v`).
        base: Box<Expr>,
        /// The field name.
        name: Ident,
        /// `?.` rather than `.`.
        optional: bool,
    },
    /// `f(args)`
    Call {
        /// The function.
        func: Ident,
        /// Arguments.
        args: Vec<Expr>,
    },
    /// `xs[i]`
    Index {
        /// The list.
        base: Box<Expr>,
        /// The position.
        index: Box<Expr>,
    },
    /// `xs[a..b]`
    Slice {
        /// The list.
        base: Box<Expr>,
        /// Lower bound, default 0.
        lo: Option<Box<Expr>>,
        /// Upper bound, default `len(xs)`.
        hi: Option<Box<Expr>>,
    },
    /// `r with { a.b: v, … }`
    With {
        /// The record copied.
        base: Box<Expr>,
        /// Replacements, applied left to right.
        updates: Vec<WithUpdate>,
    },
    /// `-e`, `not e`
    Unary {
        /// The operator.
        op: Spanned<UnaryOp>,
        /// The operand.
        expr: Box<Expr>,
    },
    /// `a op b`
    Binary {
        /// The operator.
        op: Spanned<BinaryOp>,
        /// Left operand.
        lhs: Box<Expr>,
        /// Right operand.
        rhs: Box<Expr>,
    },
    /// `e is present` (`present: true`) or `e is missing`.
    Is {
        /// The optional value tested.
        expr: Box<Expr>,
        /// Which test.
        present: bool,
    },
    /// `if c then a else b`
    If {
        /// Condition.
        cond: Box<Expr>,
        /// Value when true.
        then: Box<Expr>,
        /// Value when false.
        otherwise: Box<Expr>,
    },
    /// `any x in e: body`, `all x in e: body`
    Quantifier {
        /// `any` or `all`.
        kind: QuantKind,
        /// The element binding.
        var: Ident,
        /// The collection.
        iter: Box<Expr>,
        /// The predicate.
        body: Box<Expr>,
    },
    /// `count(x in e: c)`, `sum(…)`, `min(…)`, `max(…)` in binder form.
    Aggregate {
        /// Which aggregate.
        kind: AggKind,
        /// The element binding.
        var: Ident,
        /// The collection.
        iter: Box<Expr>,
        /// Condition (count) or value (sum/min/max).
        body: Box<Expr>,
    },
    /// `[e for x in xs if c for y in x.ys]` or `{…}`
    Comprehension {
        /// List or set.
        kind: CollectionKind,
        /// The element expression.
        elem: Box<Expr>,
        /// The `for` clauses, outermost first (at least one).
        clauses: Vec<CompClause>,
    },
    /// `[a, b]` or `{a, b}`
    Collection {
        /// List or set.
        kind: CollectionKind,
        /// Elements in order.
        elems: Vec<Expr>,
    },
    /// `{k: v, …}`, or `{:}` with no entries (§11).
    Map {
        /// Key and value of each entry, in written order.
        entries: Vec<(Expr, Expr)>,
    },
    /// `R { f: v, … }`
    Record {
        /// The record type.
        name: Ident,
        /// Field values in written order.
        fields: Vec<FieldInit>,
    },
    /// `load "path" [column "c"] [as T]`
    Load {
        /// The path, relative to the file.
        path: Spanned<String>,
        /// For `.csv`: the column.
        column: Option<Spanned<String>>,
        /// `as TYPE` (boxed, like the clauses after it: every expression
        /// node is as large as this variant, and the parser recurses on them).
        as_type: Option<Box<TypeExpr>>,
        /// `key "FIELD"`: the field that keys a loaded map (§12).
        key: Option<Box<Spanned<String>>>,
        /// `dated "FROM" until "TO"` (§12).
        dated: Option<Box<Dated>>,
    },
    /// Stand-in for an expression that failed to lower; never reaches evaluation.
    Error,
}

/// One `for X in E (if C)?` clause of a comprehension.
#[derive(Clone, Debug, PartialEq)]
pub struct CompClause {
    /// The binding.
    pub var: Ident,
    /// The collection.
    pub iter: Expr,
    /// Optional filter, which may use this and earlier bindings.
    pub filter: Option<Expr>,
}

/// `dated "FROM" until "TO"` on a `load`: the columns of each row's window.
#[derive(Clone, Debug, PartialEq)]
pub struct Dated {
    /// The column (field) where the row's window starts.
    pub from: Spanned<String>,
    /// The column (field) where it ends; empty means open-ended.
    pub until: Spanned<String>,
}

/// One `path: value` entry of `with { … }`.
#[derive(Clone, Debug)]
pub struct WithUpdate {
    /// `a.b.c`
    pub path: Vec<Ident>,
    /// The new value; `None` for `missing`.
    pub value: Option<Expr>,
    /// The whole entry.
    pub span: Span,
}

/// `name: value` in a record construction.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldInit {
    /// The field.
    pub name: Ident,
    /// Its value.
    pub value: Expr,
}

/// Literal values.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// `true`, `false`
    Bool(bool),
    /// `42`
    Int(i64),
    /// `3.5`
    Decimal(Decimal),
    /// `25%`: the number as written (the value is this / 100).
    Percent(Decimal),
    /// `500 kg`
    Quantity {
        /// The number.
        value: Decimal,
        /// The unit.
        unit: Unit,
    },
    /// `10_000 USD`
    Money {
        /// The amount.
        amount: Decimal,
        /// ISO 4217 code.
        currency: String,
    },
    /// `2026-01-06`
    Date(Date),
    /// `30 days`
    Duration(i64),
    /// `"…"`
    Str(StrLit),
    /// `missing`: the absent value, where an optional is expected (§11).
    Missing,
}
