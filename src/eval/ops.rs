//! The operators of §3 and §6 on runtime values, failing with a span-less
//! [`ValueError`] (plain data in [`crate::value::error`]). The rule boundary
//! attaches a span (house style: runtime helpers stay span-free).
//! Comparisons are the values' own ([`crate::value::cmp`], re-exported here).
//!
//! Every decimal result is rust_decimal's, rounded half to even; a result
//! that does not fit is [`ValueError::Overflow`]. Comparisons are exact.

use rust_decimal::Decimal;

use crate::data::units::{Dimension, Unit};
use crate::value::cmp::{
    amount_of, as_decimal, currency_mismatch, dimension_mismatch, is_amount, mismatch, overflow,
    same_dimension,
};
pub use crate::value::cmp::{compare, contains, convert, equals, same};
pub use crate::value::error::{internal, ValueError};
use crate::value::render::render;
use crate::value::{Money, Quantity, Value};

/// `a + b`
pub fn add(a: &Value, b: &Value) -> Result<Value, ValueError> {
    add_sub(a, b, false)
}

/// `a - b`
pub fn sub(a: &Value, b: &Value) -> Result<Value, ValueError> {
    add_sub(a, b, true)
}

fn add_sub(a: &Value, b: &Value, minus: bool) -> Result<Value, ValueError> {
    let op = if minus { "subtract" } else { "add" };
    let name = if minus { "-" } else { "+" };
    let dec = |x: Decimal, y: Decimal| {
        if minus {
            x.checked_sub(y)
        } else {
            x.checked_add(y)
        }
        .ok_or(overflow(name))
    };
    match (a, b) {
        // §11: `a + b` concatenates two strings.
        (Value::Str(x), Value::Str(y)) if !minus => {
            let mut joined = String::with_capacity(x.len() + y.len());
            joined.push_str(x);
            joined.push_str(y);
            Ok(Value::Str(joined.into()))
        }
        (Value::Int(x), Value::Int(y)) => {
            let r = if minus {
                x.checked_sub(*y)
            } else {
                x.checked_add(*y)
            };
            r.map(Value::Int).ok_or(overflow(name))
        }
        (Value::Int(_) | Value::Decimal(_), Value::Int(_) | Value::Decimal(_)) => {
            let (x, y) = (as_decimal(a), as_decimal(b));
            match (x, y) {
                (Some(x), Some(y)) => dec(x, y).map(Value::Decimal),
                _ => Err(mismatch(op, a, b)),
            }
        }
        (Value::Money(x), Value::Money(y)) => {
            if x.currency != y.currency {
                return Err(currency_mismatch(op, a, b));
            }
            Ok(Value::Money(Money {
                amount: dec(x.amount, y.amount)?,
                currency: x.currency,
            }))
        }
        (Value::Quantity(x), Value::Quantity(y)) => {
            if !same_dimension(x.unit, y.unit) {
                return Err(dimension_mismatch(op, a, b));
            }
            // The left operand's unit is kept (§3).
            let right = convert(y.value, y.unit, x.unit)?;
            Ok(Value::Quantity(Quantity {
                value: dec(x.value, right)?,
                unit: x.unit,
            }))
        }
        // The neutral zero of `sum`: z + m = m, m ± z = m, z - m = -m.
        (Value::Zero, Value::Zero) => Ok(Value::Zero),
        (x, Value::Zero) if is_amount(x) => Ok(x.clone()),
        (Value::Zero, y) if is_amount(y) => {
            if minus {
                neg(y)
            } else {
                Ok(y.clone())
            }
        }
        (Value::Date(d), Value::Duration(n)) => {
            let n = if minus {
                n.checked_neg().ok_or(overflow(name))?
            } else {
                *n
            };
            let days = i64::from(d.days).checked_add(n).ok_or(overflow(name))?;
            let days = i32::try_from(days).map_err(|_| overflow(name))?;
            let date = crate::lang::Date { days };
            // Pol writes dates as `YYYY-MM-DD` (§2): one that cannot be
            // written is an error, not a date printed as `-001-…` or `10000-…`.
            if !(1..=9999).contains(&date.year()) {
                return Err(ValueError::DateOutOfRange { op: name });
            }
            Ok(Value::Date(date))
        }
        (Value::Date(x), Value::Date(y)) if minus => {
            Ok(Value::Duration(i64::from(x.days) - i64::from(y.days)))
        }
        (Value::Duration(x), Value::Duration(y)) => {
            let r = if minus {
                x.checked_sub(*y)
            } else {
                x.checked_add(*y)
            };
            r.map(Value::Duration).ok_or(overflow(name))
        }
        // `xs + ys` concatenates lists (§11).
        (Value::List(x), Value::List(y)) if !minus => {
            Ok(Value::list(x.iter().chain(y.iter()).cloned().collect()))
        }
        _ => Err(mismatch(op, a, b)),
    }
}

/// `a * b`
pub fn mul(a: &Value, b: &Value) -> Result<Value, ValueError> {
    let scale = |amount: Decimal, n: &Value| -> Result<Decimal, ValueError> {
        let n = as_decimal(n).ok_or_else(|| mismatch("multiply", a, b))?;
        amount.checked_mul(n).ok_or(overflow("*"))
    };
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => x.checked_mul(*y).map(Value::Int).ok_or(overflow("*")),
        (Value::Int(_) | Value::Decimal(_), Value::Int(_) | Value::Decimal(_)) => {
            match (as_decimal(a), as_decimal(b)) {
                (Some(x), Some(y)) => x.checked_mul(y).map(Value::Decimal).ok_or(overflow("*")),
                _ => Err(mismatch("multiply", a, b)),
            }
        }
        (Value::Money(m), n @ (Value::Int(_) | Value::Decimal(_)))
        | (n @ (Value::Int(_) | Value::Decimal(_)), Value::Money(m)) => Ok(Value::Money(Money {
            amount: scale(m.amount, n)?,
            currency: m.currency,
        })),
        (Value::Quantity(q), n @ (Value::Int(_) | Value::Decimal(_)))
        | (n @ (Value::Int(_) | Value::Decimal(_)), Value::Quantity(q)) => {
            Ok(Value::Quantity(Quantity {
                value: scale(q.value, n)?,
                unit: q.unit,
            }))
        }
        (Value::Zero, Value::Int(_) | Value::Decimal(_))
        | (Value::Int(_) | Value::Decimal(_), Value::Zero) => Ok(Value::Zero),
        (Value::Duration(d), Value::Int(n)) | (Value::Int(n), Value::Duration(d)) => {
            d.checked_mul(*n).map(Value::Duration).ok_or(overflow("*"))
        }
        _ => Err(mismatch("multiply", a, b)),
    }
}

/// `a / b`
pub fn div(a: &Value, b: &Value) -> Result<Value, ValueError> {
    let ddiv = |x: Decimal, y: Decimal| -> Result<Decimal, ValueError> {
        if y.is_zero() {
            return Err(ValueError::DivisionByZero);
        }
        x.checked_div(y).ok_or(overflow("/"))
    };
    match (a, b) {
        (Value::Int(_) | Value::Decimal(_), Value::Int(_) | Value::Decimal(_)) => {
            match (as_decimal(a), as_decimal(b)) {
                // `int / int` is a decimal: it never truncates (§3).
                (Some(x), Some(y)) => ddiv(x, y).map(Value::Decimal),
                _ => Err(mismatch("divide", a, b)),
            }
        }
        (Value::Money(m), n @ (Value::Int(_) | Value::Decimal(_))) => {
            let n = as_decimal(n).ok_or_else(|| mismatch("divide", a, b))?;
            Ok(Value::Money(Money {
                amount: ddiv(m.amount, n)?,
                currency: m.currency,
            }))
        }
        (Value::Quantity(q), n @ (Value::Int(_) | Value::Decimal(_))) => {
            let n = as_decimal(n).ok_or_else(|| mismatch("divide", a, b))?;
            Ok(Value::Quantity(Quantity {
                value: ddiv(q.value, n)?,
                unit: q.unit,
            }))
        }
        (Value::Money(x), Value::Money(y)) => {
            if x.currency != y.currency {
                return Err(currency_mismatch("divide", a, b));
            }
            ddiv(x.amount, y.amount).map(Value::Decimal)
        }
        (Value::Quantity(x), Value::Quantity(y)) => {
            if !same_dimension(x.unit, y.unit) {
                return Err(dimension_mismatch("divide", a, b));
            }
            let right = convert(y.value, y.unit, x.unit)?;
            ddiv(x.value, right).map(Value::Decimal)
        }
        // z / n is z; z / m is 0 for nonzero m; dividing by z fails (§6).
        (Value::Zero, n @ (Value::Int(_) | Value::Decimal(_))) => {
            if as_decimal(n).is_some_and(|d| d.is_zero()) {
                Err(ValueError::DivisionByZero)
            } else {
                Ok(Value::Zero)
            }
        }
        (Value::Zero, m) if is_amount(m) => {
            if amount_of(m).is_some_and(|d| d.is_zero()) {
                Err(ValueError::DivisionByZero)
            } else {
                Ok(Value::Decimal(Decimal::ZERO))
            }
        }
        (_, Value::Zero) => Err(ValueError::DivisionByZero),
        _ => Err(mismatch("divide", a, b)),
    }
}

/// Unary `-`
pub fn neg(a: &Value) -> Result<Value, ValueError> {
    match a {
        Value::Int(i) => i.checked_neg().map(Value::Int).ok_or(overflow("-")),
        Value::Decimal(d) => Ok(Value::Decimal(-*d)),
        Value::Money(m) => Ok(Value::Money(Money {
            amount: -m.amount,
            currency: m.currency,
        })),
        Value::Quantity(q) => Ok(Value::Quantity(Quantity {
            value: -q.value,
            unit: q.unit,
        })),
        Value::Duration(d) => d.checked_neg().map(Value::Duration).ok_or(overflow("-")),
        Value::Zero => Ok(Value::Zero),
        other => Err(internal(format!("cannot negate `{}`", render(other)))),
    }
}

/// `abs(x)`
pub fn abs(a: &Value) -> Result<Value, ValueError> {
    let negative = match a {
        Value::Int(i) => *i < 0,
        Value::Decimal(d) => d.is_sign_negative(),
        Value::Money(m) => m.amount.is_sign_negative(),
        Value::Quantity(q) => q.value.is_sign_negative(),
        Value::Duration(d) => *d < 0,
        Value::Zero => false,
        other => return Err(internal(format!("no `abs` of `{}`", render(other)))),
    };
    if negative {
        neg(a)
    } else {
        Ok(a.clone())
    }
}

/// `value` expressed in the unit of `first` when both are quantities (of
/// one dimension: the comparison that chose `value` checked it), else
/// `value` itself. `min`/`max` over mixed units answer in the first
/// element's unit, as a left-to-right `+` would (§18).
pub fn in_unit_of(first: &Value, value: Value) -> Result<Value, ValueError> {
    match (first, value) {
        (Value::Quantity(f), Value::Quantity(q)) if f.unit != q.unit => {
            Ok(Value::Quantity(Quantity {
                value: convert(q.value, q.unit, f.unit)?,
                unit: f.unit,
            }))
        }
        (_, value) => Ok(value),
    }
}

/// Whether two units have the same dimension (for sums).
pub fn dimension(unit: Unit) -> Dimension {
    unit.dimension()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Currency;
    use std::cmp::Ordering;
    use std::str::FromStr;

    fn d(s: &str) -> Value {
        Value::Decimal(Decimal::from_str(s).unwrap())
    }
    fn q(s: &str, unit: Unit) -> Value {
        Value::Quantity(Quantity {
            value: Decimal::from_str(s).unwrap(),
            unit,
        })
    }
    fn m(s: &str, c: &str) -> Value {
        Value::Money(Money {
            amount: Decimal::from_str(s).unwrap(),
            currency: Currency::from_code(c).unwrap(),
        })
    }

    #[test]
    fn exact_decimals() {
        assert!(equals(&add(&d("1.10"), &d("2.20")).unwrap(), &d("3.30")).unwrap());
        assert!(equals(&div(&Value::Int(1), &Value::Int(4)).unwrap(), &d("0.25")).unwrap());
        // Half to even at the 28th place: 1/3 and 2/3.
        assert_eq!(
            render(&div(&Value::Int(2), &Value::Int(3)).unwrap()),
            "0.6666666666666666666666666667"
        );
        // 0.5 × 1e-28 is half of the last place: it rounds to the even 0.
        let tiny = d("0.0000000000000000000000000001");
        assert_eq!(render(&mul(&tiny, &d("0.5")).unwrap()), "0");
        assert_eq!(
            render(&mul(&tiny, &d("1.5")).unwrap()),
            "0.0000000000000000000000000002"
        );
        assert_eq!(compare(&d("0.25"), &d("0.250")).unwrap(), Ordering::Equal);
    }

    #[test]
    fn overflow_and_division_by_zero() {
        assert!(matches!(
            add(&Value::Int(i64::MAX), &Value::Int(1)),
            Err(ValueError::Overflow { .. })
        ));
        assert!(matches!(
            mul(&Value::Int(i64::MIN), &Value::Int(-1)),
            Err(ValueError::Overflow { .. })
        ));
        let big = Value::Decimal(Decimal::MAX);
        assert!(matches!(add(&big, &big), Err(ValueError::Overflow { .. })));
        assert!(matches!(
            div(&Value::Int(1), &Value::Int(0)),
            Err(ValueError::DivisionByZero)
        ));
        assert!(matches!(
            div(&m("5", "USD"), &Value::Int(0)),
            Err(ValueError::DivisionByZero)
        ));
    }

    #[test]
    fn quantities_convert_exactly() {
        let sum = add(&q("800", Unit::Kg), &q("300", Unit::Kg)).unwrap();
        assert_eq!(compare(&sum, &q("1", Unit::T)).unwrap(), Ordering::Greater);
        // The left unit is kept.
        assert_eq!(
            render(&add(&q("1", Unit::T), &q("250", Unit::Kg)).unwrap()),
            "1.25 t"
        );
        assert_eq!(
            render(&sub(&q("1", Unit::Kg), &q("1", Unit::G)).unwrap()),
            "0.999 kg"
        );
        assert!(equals(&q("1", Unit::Kg), &q("1000", Unit::G)).unwrap());
        assert!(matches!(
            compare(&q("1", Unit::Kg), &q("1", Unit::Pcs)),
            Err(ValueError::DimensionMismatch { .. })
        ));
        assert_eq!(
            render(&div(&q("1", Unit::T), &q("250", Unit::Kg)).unwrap()),
            "4"
        );
    }

    #[test]
    fn money_same_currency_only() {
        assert_eq!(
            render(&add(&m("3200.00", "USD"), &m("1", "USD")).unwrap()),
            "3201 USD"
        );
        let err = add(&m("1", "USD"), &m("1", "EUR")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot add `1 USD` and `1 EUR`: different currencies"
        );
        assert!(equals(&m("1", "USD"), &m("1", "EUR")).is_err());
        assert_eq!(
            render(&div(&m("50", "USD"), &m("200", "USD")).unwrap()),
            "0.25"
        );
    }

    #[test]
    fn neutral_zero() {
        let z = Value::Zero;
        assert_eq!(render(&add(&z, &m("5", "USD")).unwrap()), "5 USD");
        assert_eq!(render(&add(&m("5", "USD"), &z).unwrap()), "5 USD");
        assert_eq!(render(&sub(&z, &m("5", "USD")).unwrap()), "-5 USD");
        assert_eq!(render(&mul(&z, &Value::Int(3)).unwrap()), "0");
        assert!(equals(&z, &m("0", "EUR")).unwrap());
        assert!(equals(&z, &q("0", Unit::Kg)).unwrap());
        assert_eq!(compare(&z, &m("-1", "JPY")).unwrap(), Ordering::Greater);
        assert!(equals(&div(&z, &m("7", "USD")).unwrap(), &Value::Int(0)).unwrap());
        assert!(matches!(
            div(&m("7", "USD"), &z),
            Err(ValueError::DivisionByZero)
        ));
        assert!(matches!(
            div(&z, &m("0", "USD")),
            Err(ValueError::DivisionByZero)
        ));
        assert_eq!(render(&z), "0");
    }

    #[test]
    fn dates_and_durations() {
        let day = crate::lang::Date::parse("2026-01-06").unwrap();
        let later = add(&Value::Date(day), &Value::Duration(30)).unwrap();
        assert_eq!(render(&later), "2026-02-05");
        assert_eq!(render(&sub(&Value::Date(day), &later).unwrap()), "-30 days");
        assert_eq!(
            render(&mul(&Value::Duration(2), &Value::Int(3)).unwrap()),
            "6 days"
        );
    }

    #[test]
    fn strings_by_code_point() {
        assert_eq!(
            compare(&Value::str("Z"), &Value::str("a")).unwrap(),
            Ordering::Less
        );
        assert_eq!(
            compare(&Value::str("é"), &Value::str("z")).unwrap(),
            Ordering::Greater
        );
    }
}
