//! Typed expressions: every node has its type and span; bindings are local
//! slots, names are ids, conversions are explicit and loaded data is a value.

use rust_decimal::Decimal;

use crate::data::units::Unit;
use crate::ir::{ConstId, DefId, EnumId, LocalSlot, RecordId, Type};
use crate::lang::{AggKind, Date};
use crate::source::Span;
use crate::value::Value;

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
    /// The absent value of an optional type (`missing`, §11).
    Absent,
    /// An enum variant.
    Variant {
        /// The enum.
        enum_id: EnumId,
        /// Variant index.
        index: u32,
    },
}

/// Built-in functions (§6): an entry of the one table, `crate::builtins`.
pub use crate::builtins::Builtin;

/// The implicit conversions of §3, made explicit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Conversion {
    /// An `int` where a `decimal` is expected.
    IntToDecimal,
}

/// Binary operators after checking.
pub use crate::lang::BinaryOp as BinOp;

/// One `for x in xs if c` clause of a comprehension.
#[derive(Clone, Debug)]
pub struct Clause {
    /// Slot of the binding.
    pub slot: LocalSlot,
    /// Collection.
    pub iter: Expr,
    /// Filter.
    pub filter: Option<Expr>,
}

/// Typed expression forms. Bindings live in a frame of local slots.
/// The slots of a screened record R's names (§14).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ScreenFields {
    /// `name: string`
    pub name: u32,
    /// `aliases: list<string>` or `set<string>`, if R has it.
    pub aliases: Option<u32>,
    /// `weak_aliases`, likewise.
    pub weak_aliases: Option<u32>,
}

#[derive(Clone, Debug)]
pub enum ExprKind {
    /// A literal.
    Lit(Lit),
    /// A local slot: the policy binding (slot 0 in rules), a `for`,
    /// quantifier or comprehension variable, or a `def` parameter.
    Local(LocalSlot),
    /// A constant.
    Const(ConstId),
    /// `screen(query, LIST)` (§14): the hits of `query` on the entries of
    /// constant `list` (a dated one: those present on `as_of`), as
    /// `Hit<R>` records.
    Screen {
        /// The name screened.
        query: Box<Expr>,
        /// The listed entries.
        list: ConstId,
        /// Where R keeps its names.
        fields: ScreenFields,
        /// Whether `list` is a dated collection.
        dated: bool,
    },
    /// A dated collection (§12), by name where one may stand: the
    /// constant's rows present on `as_of`.
    DatedConst(ConstId),
    /// `as_of` (§12): `--as-of`, a test's `as_of DATE`, else the subject
    /// record's `date`; only in rule lines, messages and `def` bodies.
    AsOf,
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
        /// The function.
        func: DefId,
        /// Arguments.
        args: Vec<Expr>,
    },
    /// A built-in call.
    Builtin {
        /// Which: its table entry.
        func: &'static Builtin,
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
        slot: LocalSlot,
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
        slot: LocalSlot,
        /// Collection.
        iter: Box<Expr>,
        /// Condition or value.
        body: Box<Expr>,
        /// `sum` of nothing: `0`, `0.0`, `0 days` or the neutral zero of
        /// money and quantities (unused by the other kinds).
        zero: Value,
    },
    /// `[e for x in xs if c for y in ys]` / `{…}`
    Comprehension {
        /// Builds a set.
        set: bool,
        /// Element.
        elem: Box<Expr>,
        /// The `for` clauses, outermost first (at least one).
        clauses: Vec<Clause>,
    },
    /// `[a, b]` / `{a, b}`
    Collection {
        /// Builds a set.
        set: bool,
        /// Elements.
        elems: Vec<Expr>,
    },
    /// `{k: v, …}` (§11): entries in written order.
    Map {
        /// Key and value of each entry.
        entries: Vec<(Expr, Expr)>,
    },
    /// `R { … }`: one entry per field slot (`None`: absent optional).
    Record {
        /// Record type.
        record: RecordId,
        /// Field values in slot order, defaults filled in.
        fields: Vec<Option<Expr>>,
    },
    /// An explicit conversion to `ty` (§3 expected types), inserted by the
    /// checker wherever a value of another type is accepted.
    Convert {
        /// The value converted.
        expr: Box<Expr>,
        /// Which conversion.
        to: Conversion,
    },
    /// A `load`ed `.txt`/`.csv` list or a `.json` fixture, parsed and typed
    /// once by the checker: a value of `ty`.
    Loaded {
        /// The file as shown in diagnostics.
        path: String,
        /// The value.
        value: Value,
    },
    /// `load "x.json" as T` before the checker's constant pass reads it
    /// (see the module invariant: never handed to a backend).
    LoadedJson {
        /// The file on disk.
        path: std::path::PathBuf,
        /// The file as shown in diagnostics.
        display: String,
    },
    /// A record `load` (§12) before the constant pass reads its rows
    /// (never handed to a backend, like `LoadedJson`).
    LoadedRows(Box<crate::ir::rows::RowsLoad>),
    /// A dated record `load` (§12) as read by the constant pass: the whole
    /// initialiser of a dated constant, whose uses are `DatedConst`.
    LoadedDated {
        /// The file as shown in diagnostics.
        path: String,
        /// The rows with their windows.
        collection: std::sync::Arc<crate::value::dated::DatedCollection>,
    },
    /// Already reported; never evaluated.
    Error,
}
