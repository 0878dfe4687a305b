//! Remembering `def` results (issue 10's blow-up: `def`s that each call the
//! previous one twice cost 2^depth per record without it).
//!
//! A `def` sees only its parameters and constants (§4), so its result is a
//! function of its arguments. Only `def`s whose body makes two or more
//! `def` calls are memoized (where a blow-up can come from); a call is
//! remembered only when every argument is a scalar with an *exact* key:
//! `1.0` and `1.00`, or `1 kg` and `1000 g`, are equal but render
//! differently, so they are different keys here. The table lives in the
//! evaluation context and is emptied for every rule evaluation
//! ([`crate::eval::Cx::reset`]), and when it grows past [`CAPACITY`].

use rustc_hash::FxHashMap;

use crate::data::units::Unit;
use crate::lang::Date;
use crate::outcome::EvalError;
use crate::value::{Country, Currency, Str, Value};

/// The most results kept before the table is emptied.
const CAPACITY: usize = 1 << 16;

/// One argument, compared by identity of its text, not by value equality.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum ExactArg {
    Absent,
    Bool(bool),
    Int(i64),
    /// A decimal's mantissa and scale (`Decimal::serialize`): `1.0` ≠ `1.00`.
    Decimal([u8; 16]),
    Str(Str),
    Date(Date),
    Duration(i64),
    Country(Country),
    Quantity([u8; 16], Unit),
    Money([u8; 16], Currency),
    Zero,
    Enum(u32),
}

impl ExactArg {
    fn of(v: &Value) -> Option<ExactArg> {
        Some(match v {
            Value::Absent => ExactArg::Absent,
            Value::Bool(b) => ExactArg::Bool(*b),
            Value::Int(i) => ExactArg::Int(*i),
            Value::Decimal(d) => ExactArg::Decimal(d.serialize()),
            Value::Str(s) => ExactArg::Str(s.clone()),
            Value::Date(d) => ExactArg::Date(*d),
            Value::Duration(d) => ExactArg::Duration(*d),
            Value::Country(c) => ExactArg::Country(*c),
            Value::Quantity(q) => ExactArg::Quantity(q.value.serialize(), q.unit),
            Value::Money(m) => ExactArg::Money(m.amount.serialize(), m.currency),
            Value::Zero => ExactArg::Zero,
            Value::Enum(e) => ExactArg::Enum(*e),
            Value::Record(_) | Value::List(_) | Value::Set(_) | Value::Map(_) => return None,
        })
    }
}

/// A call: the function and its arguments.
pub(crate) type CallKey = (u32, Box<[ExactArg]>);

/// The remembered results of `def` calls.
#[derive(Default)]
pub(crate) struct Memo {
    results: FxHashMap<CallKey, Result<Value, EvalError>>,
}

impl Memo {
    /// The key of a call of `func` with `args`, when every argument has one.
    pub(crate) fn key(func: u32, args: &[Value]) -> Option<CallKey> {
        let exact: Option<Box<[ExactArg]>> = args.iter().map(ExactArg::of).collect();
        exact.map(|a| (func, a))
    }

    /// The remembered result of a call.
    pub(crate) fn get(&self, key: &CallKey) -> Option<&Result<Value, EvalError>> {
        self.results.get(key)
    }

    /// Remembers a call's result.
    pub(crate) fn put(&mut self, key: CallKey, result: Result<Value, EvalError>) {
        if self.results.len() >= CAPACITY {
            self.results.clear();
        }
        self.results.insert(key, result);
    }

    /// Forgets every result (cheap when there are none).
    pub(crate) fn forget(&mut self) {
        if !self.results.is_empty() {
            self.results.clear();
        }
    }
}
