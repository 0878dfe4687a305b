//! `round`, `floor`, `ceil` (§11): on `int` (unchanged), `decimal`, `money`
//! and `quantity`, keeping the currency or unit; rounding is half to even.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::value::error::{internal, ValueError};
use crate::value::{Money, Quantity, Value};

/// Applies `f` to the number inside a value of a roundable type.
fn map_number(v: &Value, f: impl Fn(Decimal) -> Decimal, name: &str) -> Result<Value, ValueError> {
    Ok(match v {
        Value::Int(i) => Value::Int(*i),
        Value::Decimal(d) => Value::Decimal(f(*d)),
        Value::Money(m) => Value::Money(Money {
            amount: f(m.amount),
            currency: m.currency,
        }),
        Value::Quantity(q) => Value::Quantity(Quantity {
            value: f(q.value),
            unit: q.unit,
        }),
        // The neutral zero of an empty `sum` is a whole number already.
        Value::Zero => Value::Zero,
        _ => {
            return Err(internal(format!(
                "`{name}` of a value that is not a number"
            )))
        }
    })
}

/// `x` rounded half to even to `digits` fractional digits (0–28).
pub fn round_to(x: Decimal, digits: u32) -> Decimal {
    x.round_dp_with_strategy(digits, RoundingStrategy::MidpointNearestEven)
}

pub(super) fn round(args: &[Value]) -> Result<Value, ValueError> {
    match args {
        [x, Value::Int(n)] => {
            let digits = u32::try_from(*n)
                .ok()
                .filter(|d| *d <= 28)
                .ok_or_else(|| internal("`round` to a digit count outside 0–28"))?;
            map_number(x, |d| round_to(d, digits), "round")
        }
        _ => Err(internal("bad arguments to built-in `round`")),
    }
}

pub(super) fn floor(args: &[Value]) -> Result<Value, ValueError> {
    match args {
        [x] => map_number(x, |d| d.floor(), "floor"),
        _ => Err(internal("bad arguments to built-in `floor`")),
    }
}

pub(super) fn ceil(args: &[Value]) -> Result<Value, ValueError> {
    match args {
        [x] => map_number(x, |d| d.ceil(), "ceil"),
        _ => Err(internal("bad arguments to built-in `ceil`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn dec(v: Result<Value, ValueError>) -> String {
        match v {
            Ok(Value::Decimal(x)) => x.to_string(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn round_is_half_to_even() {
        let r = |x: &str, n: i64| dec(round(&[Value::Decimal(d(x)), Value::Int(n)]));
        assert_eq!(r("2.5", 0), "2");
        assert_eq!(r("3.5", 0), "4");
        assert_eq!(r("-2.5", 0), "-2");
        assert_eq!(r("0.125", 2), "0.12");
        assert_eq!(r("0.135", 2), "0.14");
        assert_eq!(r("1.2", 5), "1.2");
        assert!(matches!(
            round(&[Value::Int(7), Value::Int(2)]),
            Ok(Value::Int(7))
        ));
        assert!(round(&[Value::Int(7), Value::Int(29)]).is_err());
    }

    #[test]
    fn floor_and_ceil_have_no_fraction() {
        let f = |x: &str| dec(floor(&[Value::Decimal(d(x))]));
        let c = |x: &str| dec(ceil(&[Value::Decimal(d(x))]));
        assert_eq!(f("2.7"), "2");
        assert_eq!(f("-2.1"), "-3");
        assert_eq!(c("2.1"), "3");
        assert_eq!(c("-2.7"), "-2");
        assert_eq!(
            c("79228162514264337593543950335"),
            "79228162514264337593543950335"
        );
        assert_eq!(
            f("-79228162514264337593543950335"),
            "-79228162514264337593543950335"
        );
    }
}
