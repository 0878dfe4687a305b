//! The vocabulary of Pol shared by every stage: operators, aggregates, decisions
//! and dates. The AST, the IR and every backend use these types; none of them
//! carries a span, so a backend never needs to import the AST.

use std::fmt;

/// A record's final decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Decision {
    /// Nothing objected.
    Allow,
    /// A `require license` fired.
    LicenseRequired,
    /// A `review` fired or a rule was indeterminate.
    Review,
    /// A `deny` fired.
    Deny,
}

impl Decision {
    /// The spelling used in Pol and in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allow => "allow",
            Decision::LicenseRequired => "license_required",
            Decision::Review => "review",
            Decision::Deny => "deny",
        }
    }
}

/// A calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    /// Days since 1970-01-01 (may be negative).
    pub days: i32,
}

/// Unary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `-`
    Neg,
    /// `not`
    Not,
}

/// Binary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    /// `or`
    Or,
    /// `and`
    And,
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
    /// `in`
    In,
    /// `not in`
    NotIn,
    /// `??`
    Coalesce,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
}

impl BinaryOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            BinaryOp::Or => "or",
            BinaryOp::And => "and",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::In => "in",
            BinaryOp::NotIn => "not in",
            BinaryOp::Coalesce => "??",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
        }
    }

    /// True for the non-associative comparison operators.
    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            BinaryOp::Eq
                | BinaryOp::Ne
                | BinaryOp::Lt
                | BinaryOp::Le
                | BinaryOp::Gt
                | BinaryOp::Ge
                | BinaryOp::In
                | BinaryOp::NotIn
        )
    }
}

/// `any` or `all`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QuantKind {
    /// Some element satisfies the body.
    Any,
    /// Every element satisfies the body.
    All,
}

/// Binder-form aggregates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AggKind {
    /// `count(x in e: cond)`
    Count,
    /// `sum(x in e: value)`
    Sum,
    /// `min(x in e: value)`
    Min,
    /// `max(x in e: value)`
    Max,
}

impl AggKind {
    /// The keyword.
    pub fn as_str(self) -> &'static str {
        match self {
            AggKind::Count => "count",
            AggKind::Sum => "sum",
            AggKind::Min => "min",
            AggKind::Max => "max",
        }
    }
}

/// List or set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CollectionKind {
    /// `[…]`
    List,
    /// `{…}`
    Set,
}

/// A format spec of a message interpolation (§11): `{x:.N}` prints exactly
/// N fractional digits, `{x:%}` 100·x then `%`, `{x:.N%}` both.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FormatSpec {
    /// `.N`: exactly N (0–28) fractional digits, half to even.
    pub digits: Option<u32>,
    /// `%`: the value times 100, then `%`.
    pub percent: bool,
}

impl FormatSpec {
    /// The most fractional digits a spec may ask for (a decimal's scale).
    pub const MAX_DIGITS: u32 = 28;

    /// Reads a spec as written after the `:` (`.2`, `%`, `.1%`); `None`
    /// for anything else.
    pub fn parse(text: &str) -> Option<FormatSpec> {
        let (rest, percent) = match text.strip_suffix('%') {
            Some(r) => (r, true),
            None => (text, false),
        };
        let digits = match rest.strip_prefix('.') {
            None if rest.is_empty() && percent => None,
            None => return None,
            Some(n) if !n.is_empty() && n.len() <= 2 && n.bytes().all(|b| b.is_ascii_digit()) => {
                let n: u32 = n.parse().ok()?;
                if n > Self::MAX_DIGITS {
                    return None;
                }
                Some(n)
            }
            Some(_) => return None,
        };
        Some(FormatSpec { digits, percent })
    }
}

impl fmt::Display for FormatSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(n) = self.digits {
            write!(f, ".{n}")?;
        }
        if self.percent {
            f.write_str("%")?;
        }
        Ok(())
    }
}
