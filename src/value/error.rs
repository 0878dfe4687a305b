//! [`ValueError`]: what can go wrong in an operation on values (span-less;
//! the rule boundary attaches a span and the case is indeterminate). Plain
//! data shared by the evaluator, which raises it, the checker, which folds
//! constants with the same operations, and the output, which renders it.

/// A runtime error inside a rule: the rule (or `for` case) is indeterminate.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    /// Money of two currencies in one operation.
    #[error("cannot {op} `{left}` and `{right}`: different currencies")]
    CurrencyMismatch {
        /// What was attempted (`add`, `compare`, …).
        op: &'static str,
        /// Left operand, rendered.
        left: String,
        /// Right operand, rendered.
        right: String,
    },
    /// Money of two currencies, one of which the `--rates` table lacks.
    #[error("cannot {op} `{left}` and `{right}`: `{currency}` has no rate in `--rates {file}`")]
    NoRate {
        /// What was attempted.
        op: &'static str,
        /// Left operand, rendered.
        left: String,
        /// Right operand, rendered.
        right: String,
        /// The currency without a rate.
        currency: String,
        /// The rates file, as the user named it.
        file: String,
    },
    /// Quantities of two dimensions (mass and count) in one operation.
    #[error("cannot {op} `{left}` and `{right}`: different units (mass and count)")]
    DimensionMismatch {
        /// What was attempted.
        op: &'static str,
        /// Left operand, rendered.
        left: String,
        /// Right operand, rendered.
        right: String,
    },
    /// `x / 0`
    #[error("division by zero")]
    DivisionByZero,
    /// `xs[i]` outside the list.
    #[error("index {index} is out of range for a list of length {len}")]
    IndexOutOfRange {
        /// The index.
        index: i64,
        /// The list's length.
        len: usize,
    },
    /// `s[i]` outside the string (§11: positions count Unicode scalar values).
    #[error("index {index} is out of range for a string of {len} characters")]
    CharOutOfRange {
        /// The index.
        index: i64,
        /// The string's length in characters.
        len: usize,
    },
    /// `replace`/`split`/`join` with an empty `from`/`sep` computed at run
    /// time (§11; an empty literal is a compile-time error).
    #[error("`{func}` with an empty {what}")]
    EmptySeparator {
        /// The built-in.
        func: &'static str,
        /// `separator` or `text to replace`.
        what: &'static str,
    },
    /// A result too large for `int` or for an exact decimal.
    #[error("the result of `{op}` is too large")]
    Overflow {
        /// The operation.
        op: &'static str,
    },
    /// Date arithmetic that leaves the years a date can be written in.
    #[error("`{op}` gives a date outside 0001-01-01 to 9999-12-31")]
    DateOutOfRange {
        /// The operation.
        op: &'static str,
    },
    /// `min`/`max` of an empty collection.
    #[error("`{which}` of an empty collection")]
    EmptyAggregate {
        /// `min` or `max`.
        which: &'static str,
    },
    /// A map literal whose keys, computed at run time, repeat (§11).
    #[error("key `{key}` appears twice in a map")]
    DuplicateKey {
        /// The key, rendered.
        key: String,
    },
    /// A value of a type the operation does not take: the checker should
    /// have prevented it, so this is a bug in polc, reported rather than a panic.
    #[error("internal error: {what} (this is a bug in polc)")]
    Internal {
        /// What went wrong.
        what: String,
    },
}

/// Shorthand for an internal (type confusion) error.
pub fn internal(what: impl Into<String>) -> ValueError {
    ValueError::Internal { what: what.into() }
}
