//! Comparing values (§3): order, equality, membership, and the equality
//! that never fails which keeps set elements distinct. A property of the
//! values themselves, so the set type, the checker's folding and the
//! evaluator's operators (`eval/ops.rs`) share it; with the few conversions
//! it needs, which the arithmetic uses too.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use crate::data::units::Unit;
use crate::value::error::{internal, ValueError};
use crate::value::render::render;
use crate::value::{Quantity, Value};

pub(crate) fn overflow(op: &'static str) -> ValueError {
    ValueError::Overflow { op }
}

pub(crate) fn currency_mismatch(op: &'static str, a: &Value, b: &Value) -> ValueError {
    ValueError::CurrencyMismatch {
        op,
        left: render(a),
        right: render(b),
    }
}

pub(crate) fn dimension_mismatch(op: &'static str, a: &Value, b: &Value) -> ValueError {
    ValueError::DimensionMismatch {
        op,
        left: render(a),
        right: render(b),
    }
}

pub(crate) fn mismatch(op: &'static str, a: &Value, b: &Value) -> ValueError {
    internal(format!("cannot {op} `{}` and `{}`", render(a), render(b)))
}

/// A number as a decimal (`int` widens exactly).
pub(crate) fn as_decimal(v: &Value) -> Option<Decimal> {
    match v {
        Value::Int(i) => Some(Decimal::from(*i)),
        Value::Decimal(d) => Some(*d),
        _ => None,
    }
}

/// A count of grams per unit, as a decimal.
pub(crate) fn factor(unit: Unit) -> Option<Decimal> {
    unit.grams_factor().map(Decimal::from)
}

/// `value` in `from` expressed in `to` (same dimension). Converting to a
/// smaller unit multiplies (exact, or overflow); to a larger unit divides,
/// which is exact unless the value already has ~28 decimal places.
pub fn convert(value: Decimal, from: Unit, to: Unit) -> Result<Decimal, ValueError> {
    if from == to {
        return Ok(value);
    }
    match (factor(from), factor(to)) {
        (Some(f), Some(t)) if f > t => value.checked_mul(f / t).ok_or(overflow("unit conversion")),
        (Some(f), Some(t)) => value.checked_div(t / f).ok_or(overflow("unit conversion")),
        _ => Err(internal("conversion between count and mass")),
    }
}

pub(crate) fn same_dimension(a: Unit, b: Unit) -> bool {
    a.dimension() == b.dimension()
}

/// Money or quantity (what the neutral zero stands in for).
pub(crate) fn is_amount(v: &Value) -> bool {
    matches!(v, Value::Money(_) | Value::Quantity(_))
}

pub(crate) fn amount_of(v: &Value) -> Option<Decimal> {
    match v {
        Value::Money(m) => Some(m.amount),
        Value::Quantity(q) => Some(q.value),
        Value::Zero => Some(Decimal::ZERO),
        _ => None,
    }
}

/// Orders two values of an ordered type (§3): numbers (mixed), money of one
/// currency, quantities of one dimension, dates, durations, strings by code
/// point. The neutral zero compares as 0 with any money or quantity.
pub fn compare(a: &Value, b: &Value) -> Result<Ordering, ValueError> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Ok(x.cmp(y)),
        (Value::Int(_) | Value::Decimal(_), Value::Int(_) | Value::Decimal(_)) => {
            match (as_decimal(a), as_decimal(b)) {
                (Some(x), Some(y)) => Ok(x.cmp(&y)),
                _ => Err(mismatch("compare", a, b)),
            }
        }
        (Value::Str(x), Value::Str(y)) => Ok(x.as_str().cmp(y.as_str())),
        (Value::Date(x), Value::Date(y)) => Ok(x.cmp(y)),
        (Value::Duration(x), Value::Duration(y)) => Ok(x.cmp(y)),
        (Value::Money(x), Value::Money(y)) => {
            if x.currency != y.currency {
                return Err(currency_mismatch("compare", a, b));
            }
            Ok(x.amount.cmp(&y.amount))
        }
        (Value::Quantity(x), Value::Quantity(y)) => {
            if !same_dimension(x.unit, y.unit) {
                return Err(dimension_mismatch("compare", a, b));
            }
            compare_quantities(x, y)
        }
        (Value::Zero, y) if is_amount(y) || matches!(y, Value::Zero) => Ok(Decimal::ZERO
            .cmp(&amount_of(y).ok_or_else(|| internal("an amount without an amount"))?)),
        (x, Value::Zero) if is_amount(x) => Ok(amount_of(x)
            .ok_or_else(|| internal("an amount without an amount"))?
            .cmp(&Decimal::ZERO)),
        _ => Err(mismatch("compare", a, b)),
    }
}

/// Compares two quantities of one dimension exactly, in the smaller unit.
pub(crate) fn compare_quantities(x: &Quantity, y: &Quantity) -> Result<Ordering, ValueError> {
    if x.unit == y.unit {
        return Ok(x.value.cmp(&y.value));
    }
    let small = match (x.unit.grams_factor(), y.unit.grams_factor()) {
        (Some(fx), Some(fy)) if fx < fy => x.unit,
        _ => y.unit,
    };
    // Only a conversion to a smaller unit (a multiplication) can fail, and
    // then that side is larger in magnitude than any decimal: its sign
    // decides. Comparisons are exact (§3), never indeterminate.
    Ok(
        match (
            convert(x.value, x.unit, small),
            convert(y.value, y.unit, small),
        ) {
            (Ok(a), Ok(b)) => a.cmp(&b),
            (Err(_), _) if x.value.is_sign_negative() => Ordering::Less,
            (Err(_), _) => Ordering::Greater,
            (_, Err(_)) if y.value.is_sign_negative() => Ordering::Greater,
            (_, Err(_)) => Ordering::Less,
        },
    )
}

/// `a == b`: values of one type, records, lists and sets structurally.
/// Money of two currencies (or quantities of two dimensions) is an error,
/// as for every comparison (§3).
pub fn equals(a: &Value, b: &Value) -> Result<bool, ValueError> {
    match (a, b) {
        (Value::Absent, Value::Absent) => Ok(true),
        (Value::Absent, _) | (_, Value::Absent) => Ok(false),
        (Value::Bool(x), Value::Bool(y)) => Ok(x == y),
        (Value::Int(x), Value::Int(y)) => Ok(x == y),
        (Value::Str(x), Value::Str(y)) => Ok(x == y),
        (Value::Country(x), Value::Country(y)) => Ok(x == y),
        (Value::Enum(x), Value::Enum(y)) => Ok(x == y),
        (Value::Date(x), Value::Date(y)) => Ok(x == y),
        (Value::Record(x), Value::Record(y)) => all_equal(x, y),
        (Value::List(x), Value::List(y)) => all_equal(x, y),
        (Value::Set(x), Value::Set(y)) => {
            if x.len() != y.len() {
                return Ok(false);
            }
            for v in x.items() {
                if !contains(y.items(), v)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        _ => compare(a, b).map(|o| o == Ordering::Equal),
    }
}

pub(crate) fn all_equal(x: &[Value], y: &[Value]) -> Result<bool, ValueError> {
    if x.len() != y.len() {
        return Ok(false);
    }
    for (a, b) in x.iter().zip(y.iter()) {
        if !equals(a, b)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `needle in items` by [`equals`], in order (the first error stops it).
pub fn contains(items: &[Value], needle: &Value) -> Result<bool, ValueError> {
    for item in items {
        if equals(item, needle)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Equality that never fails: values a mismatch would make incomparable are
/// different. Used to drop repeated elements from sets.
pub fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        // Decided before `equals` would build an error message only to drop
        // it: a set of 20,000 money values in three currencies spent 40 s
        // formatting them.
        (Value::Money(x), Value::Money(y)) if x.currency != y.currency => false,
        (Value::Quantity(x), Value::Quantity(y)) if x.unit.dimension() != y.unit.dimension() => {
            false
        }
        _ => equals(a, b).unwrap_or(false),
    }
}
