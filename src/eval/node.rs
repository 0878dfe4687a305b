//! The executable form of an expression: the checked IR with constants
//! folded to values, loaded data converted, `def` calls by index, and a few
//! shapes specialised by type (enum, country and string equality against a
//! literal; membership in a constant set by hash; quantifiers over a slice
//! without building it).

use std::sync::Arc;

use crate::ir::Builtin;
use crate::lang::AggKind;
use crate::source::Span;
use crate::value::{Country, SetValue, Str, Value};

/// An executable expression and where it was written (for errors and `--explain`).
#[derive(Clone, Debug)]
pub struct Node {
    /// What it computes.
    pub kind: NodeKind,
    /// Its source span.
    pub span: Span,
}

/// Arithmetic operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arith {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// A step of a field path: slot, and whether it is `?.`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// Field slot.
    pub slot: u32,
    /// `?.`: an absent base gives absent.
    pub optional: bool,
}

/// A literal a value is compared with by `==`/`!=`, specialised by type.
#[derive(Clone, Debug)]
pub enum Literal {
    /// An enum variant index.
    Enum(u32),
    /// A country code.
    Country(Country),
    /// A string.
    Str(Str),
    /// A bool.
    Bool(bool),
}

/// One `with` entry: a field-slot path and the new value (`None`: absent).
pub type Update = (Box<[u32]>, Option<Node>);

/// The collection a binder (`any`, `count`, comprehension, `for`) visits.
#[derive(Clone, Debug)]
pub enum Iter {
    /// Any list or set expression.
    Plain(Node),
    /// `xs[lo..hi]`: visits the range of `xs` without building the slice.
    Slice {
        /// The list.
        base: Node,
        /// Lower bound.
        lo: Option<Node>,
        /// Upper bound.
        hi: Option<Node>,
    },
}

/// One `for x in xs if c` clause of a comprehension.
#[derive(Clone, Debug)]
pub struct ClauseNode {
    /// Binding slot.
    pub slot: u32,
    /// Collection.
    pub iter: Iter,
    /// Filter.
    pub filter: Option<Node>,
}

/// Expression forms.
#[derive(Clone, Debug)]
pub enum NodeKind {
    /// A constant value.
    Value(Value),
    /// `as_of` (§12): the date the context was reset with.
    AsOf,
    /// `screen(query, LIST)` (§14): LIST indexed once, at link time.
    Screen {
        /// The name screened.
        query: Box<Node>,
        /// The list and its index.
        list: std::sync::Arc<crate::eval::screen::ScreenList>,
    },
    /// A dated collection (§12): its view on `as_of`.
    Dated(std::sync::Arc<crate::value::dated::DatedCollection>),
    /// Local slot `i`, then zero or more field steps.
    Path {
        /// The local slot.
        local: u32,
        /// Field steps.
        steps: Box<[Step]>,
    },
    /// `base.field` on a computed base.
    Field {
        /// The record.
        base: Box<Node>,
        /// The step.
        step: Step,
    },
    /// A `def` call.
    Call {
        /// Index into the compiled functions.
        func: u32,
        /// Arguments.
        args: Box<[Node]>,
    },
    /// `matches(s, P)` (§11) with P compiled once, when linking.
    Matches {
        /// The string.
        subject: Box<Node>,
        /// The pattern, anchored at both ends.
        pattern: Arc<regex::Regex>,
    },
    /// `text(x)` (§11): `x` rendered as a message shows a value of its type.
    Text {
        /// The value.
        arg: Box<Node>,
        /// Its type, for enum variant names.
        ty: crate::ir::Type,
        /// The program's names.
        names: Arc<crate::value::render::Names>,
    },
    /// A built-in call.
    Builtin {
        /// Which: its table entry, whose `run` the interpreter calls.
        func: &'static Builtin,
        /// Arguments.
        args: Box<[Node]>,
    },
    /// `xs[i]`
    Index {
        /// List.
        base: Box<Node>,
        /// Index.
        index: Box<Node>,
    },
    /// `xs[a..b]`
    Slice {
        /// List.
        base: Box<Node>,
        /// Lower bound.
        lo: Option<Box<Node>>,
        /// Upper bound.
        hi: Option<Box<Node>>,
    },
    /// `r with { … }`
    With {
        /// Record.
        base: Box<Node>,
        /// Updates: slot path and value (`None`: make absent).
        updates: Box<[Update]>,
    },
    /// Unary `-`
    Neg(Box<Node>),
    /// `not`
    Not(Box<Node>),
    /// `and`
    And(Box<Node>, Box<Node>),
    /// `or`
    Or(Box<Node>, Box<Node>),
    /// `??`
    Coalesce(Box<Node>, Box<Node>),
    /// `+ - * /`
    Arith {
        /// Operator.
        op: Arith,
        /// Left.
        lhs: Box<Node>,
        /// Right.
        rhs: Box<Node>,
    },
    /// `== != < <= > >=`
    Compare {
        /// Operator.
        op: Cmp,
        /// Left.
        lhs: Box<Node>,
        /// Right.
        rhs: Box<Node>,
    },
    /// `e == LIT` / `e != LIT` for a literal of a type with total equality.
    EqLit {
        /// The compared expression.
        expr: Box<Node>,
        /// The literal.
        lit: Literal,
        /// `!=`
        negated: bool,
    },
    /// `a in xs` / `a not in xs`
    In {
        /// Element.
        needle: Box<Node>,
        /// Collection.
        hay: Box<Node>,
        /// `not in`
        negated: bool,
    },
    /// `a in CONST` for a constant set of strings or scalars: by hash.
    InConst {
        /// Element.
        needle: Box<Node>,
        /// The set (indexed when large).
        set: Arc<SetValue>,
        /// `not in`
        negated: bool,
    },
    /// `e is present` / `e is missing`
    Is {
        /// The optional.
        expr: Box<Node>,
        /// `present`
        present: bool,
    },
    /// `if c then a else b`
    If {
        /// Condition.
        cond: Box<Node>,
        /// Then.
        then: Box<Node>,
        /// Else.
        otherwise: Box<Node>,
    },
    /// `any` / `all`
    Quantifier {
        /// `all`
        all: bool,
        /// Element slot.
        slot: u32,
        /// Collection.
        iter: Box<Iter>,
        /// Predicate.
        body: Box<Node>,
    },
    /// `count`, `sum`, `min`, `max` in binder form.
    Aggregate {
        /// Which.
        kind: AggKind,
        /// Element slot.
        slot: u32,
        /// Collection.
        iter: Box<Iter>,
        /// Condition or value.
        body: Box<Node>,
        /// `sum` of nothing: `0`, `0.0`, `0 days` or the neutral zero.
        zero: Value,
    },
    /// `[e for x in xs if c for y in ys]` / `{…}`
    Comprehension {
        /// Builds a set.
        set: bool,
        /// Element.
        elem: Box<Node>,
        /// The `for` clauses, outermost first.
        clauses: Box<[ClauseNode]>,
    },
    /// `[a, b]` / `{a, b}` with non-constant elements.
    Collection {
        /// Builds a set.
        set: bool,
        /// Elements.
        elems: Box<[Node]>,
    },
    /// `{k: v, …}` with non-constant entries (§11).
    Map(Box<[(Node, Node)]>),
    /// `R { … }`: a value per slot.
    Record(Box<[Node]>),
    /// A list made into a set (a `list<T>` initialising a `set<T>`).
    ToSet(Box<Node>),
    /// An `int` where a `decimal` is expected.
    ToDecimal(Box<Node>),
}

impl Iter {
    /// The collection expression's span (its base, for a slice).
    pub fn span(&self) -> Span {
        match self {
            Iter::Plain(n) => n.span,
            Iter::Slice { base, .. } => base.span,
        }
    }
}

impl Node {
    /// A node for a constant value.
    pub fn value(value: Value, span: Span) -> Node {
        Node {
            kind: NodeKind::Value(value),
            span,
        }
    }

    /// The constant value, if this node is one.
    pub fn as_value(&self) -> Option<&Value> {
        match &self.kind {
            NodeKind::Value(v) => Some(v),
            _ => None,
        }
    }
}
