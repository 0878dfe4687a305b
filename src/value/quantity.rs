//! Exact arithmetic across the units of one dimension (§3, §15).
//!
//! Comparing `1 bbl` with `158.987294928 l` must be exact, yet scaling a
//! 96-bit decimal mantissa by a unit factor and a power of ten overflows
//! both `Decimal` and `u128`. A quantity is therefore compared as the
//! integer |mantissa| × base factor × 10^(28 − scale) — its amount of the
//! dimension's base unit (grams, pieces, nanolitres) times 10^28 — which is
//! below 2^96 · 2^38 · 2^94 < 2^256 and held in four 64-bit limbs. The same
//! integer keys a quantity in a hashed set, so `1 m3` and `1000 l` are one
//! element.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use crate::data::units::Unit;
use crate::value::error::{internal, ValueError};
use crate::value::Quantity;

/// An unsigned 256-bit integer, least significant limb first.
type Wide = [u64; 4];

/// The largest scale of a `Decimal`.
const MAX_SCALE: u32 = 28;

/// `n * by`, or `None` if the product does not fit in 256 bits.
fn mul_small(n: Wide, by: u64) -> Option<Wide> {
    let mut out = [0u64; 4];
    let mut carry: u128 = 0;
    for (slot, limb) in out.iter_mut().zip(n) {
        let product = u128::from(limb) * u128::from(by) + carry;
        // Truncation intended: the low 64 bits stay, the rest carries.
        *slot = (product & u128::from(u64::MAX)) as u64;
        carry = product >> 64;
    }
    (carry == 0).then_some(out)
}

/// Whether `value` in `unit` is negative, and its magnitude in the
/// dimension's base unit times 10^28 (exact).
pub fn exact_base(value: Decimal, unit: Unit) -> Option<(bool, Wide)> {
    let mantissa = value.mantissa().unsigned_abs();
    // Truncations intended: the two halves of the 128-bit mantissa.
    let mut n: Wide = [
        (mantissa & u128::from(u64::MAX)) as u64,
        (mantissa >> 64) as u64,
        0,
        0,
    ];
    n = mul_small(n, unit.base_factor())?;
    let mut shift = MAX_SCALE.checked_sub(value.scale())?;
    while shift > 0 {
        let step = shift.min(19);
        n = mul_small(n, 10u64.pow(step))?;
        shift -= step;
    }
    let negative = value.is_sign_negative() && mantissa != 0;
    Some((negative, n))
}

fn compare_wide(a: &Wide, b: &Wide) -> Ordering {
    a.iter().rev().cmp(b.iter().rev())
}

/// Orders two quantities of one dimension exactly, whatever their units.
pub fn compare_exact(x: &Quantity, y: &Quantity) -> Result<Ordering, ValueError> {
    if x.unit == y.unit {
        return Ok(x.value.cmp(&y.value));
    }
    let (Some((xneg, xmag)), Some((yneg, ymag))) =
        (exact_base(x.value, x.unit), exact_base(y.value, y.unit))
    else {
        return Err(internal("a quantity too wide for 256 bits"));
    };
    Ok(match (xneg, yneg) {
        (false, true) => Ordering::Greater,
        (true, false) => Ordering::Less,
        (false, false) => compare_wide(&xmag, &ymag),
        (true, true) => compare_wide(&ymag, &xmag),
    })
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// `value` in `from` expressed in `to` (same dimension). The ratio of the
/// two base factors is reduced first; a conversion to a smaller unit is a
/// multiplication (exact, or overflow); otherwise the division rounds once,
/// half to even, to a `Decimal` (28 significant digits at most).
pub fn convert(value: Decimal, from: Unit, to: Unit) -> Result<Decimal, ValueError> {
    if from == to {
        return Ok(value);
    }
    if from.dimension() != to.dimension() {
        return Err(internal(format!("conversion from {from} to {to}")));
    }
    let (f, t) = (from.base_factor(), to.base_factor());
    let common = gcd(f, t).max(1);
    let (f, t) = (f / common, t / common);
    let overflow = || ValueError::Overflow {
        op: "unit conversion",
    };
    let scaled = value.checked_mul(Decimal::from(f)).ok_or_else(overflow)?;
    if t == 1 {
        return Ok(scaled);
    }
    scaled.checked_div(Decimal::from(t)).ok_or_else(overflow)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn q(s: &str, unit: Unit) -> Quantity {
        Quantity {
            value: Decimal::from_str(s).unwrap(),
            unit,
        }
    }

    #[test]
    fn volume_compares_exactly() {
        let cmp = |a: Quantity, b: Quantity| compare_exact(&a, &b).unwrap();
        assert_eq!(
            cmp(q("1", Unit::Bbl), q("158.987294928", Unit::L)),
            Ordering::Equal
        );
        assert_eq!(
            cmp(q("1", Unit::Bbl), q("158.9872949281", Unit::L)),
            Ordering::Less
        );
        assert_eq!(
            cmp(q("1", Unit::Bbl), q("158.9872949279", Unit::L)),
            Ordering::Greater
        );
        assert_eq!(cmp(q("1", Unit::M3), q("1000", Unit::L)), Ordering::Equal);
        assert_eq!(cmp(q("-1", Unit::M3), q("-999", Unit::L)), Ordering::Less);
        assert_eq!(cmp(q("0", Unit::M3), q("-0.0", Unit::Bbl)), Ordering::Equal);
        // The widest values compare without overflow.
        let max = Quantity {
            value: Decimal::MAX,
            unit: Unit::M3,
        };
        let tiny = q("0.0000000000000000000000000001", Unit::Bbl);
        assert_eq!(compare_exact(&max, &tiny).unwrap(), Ordering::Greater);
        assert_eq!(compare_exact(&tiny, &max).unwrap(), Ordering::Less);
    }

    #[test]
    fn mass_compares_as_before() {
        let cmp = |a: Quantity, b: Quantity| compare_exact(&a, &b).unwrap();
        assert_eq!(cmp(q("1", Unit::T), q("1000000", Unit::G)), Ordering::Equal);
        assert_eq!(
            cmp(q("1.5", Unit::Kg), q("1499.999", Unit::G)),
            Ordering::Greater
        );
    }

    #[test]
    fn conversions() {
        let conv = |v: &str, from, to| {
            convert(Decimal::from_str(v).unwrap(), from, to)
                .unwrap()
                .normalize()
        };
        assert_eq!(conv("2", Unit::Bbl, Unit::L).to_string(), "317.974589856");
        assert_eq!(conv("1500", Unit::L, Unit::M3).to_string(), "1.5");
        assert_eq!(conv("1", Unit::M3, Unit::L).to_string(), "1000");
        // 1 l = 1/158.987294928 bbl, rounded half to even at 28 digits.
        assert_eq!(
            conv("1", Unit::L, Unit::Bbl).to_string(),
            "0.0062898107704321051280928553"
        );
        assert_eq!(conv("158.987294928", Unit::L, Unit::Bbl).to_string(), "1");
        assert_eq!(conv("2500", Unit::G, Unit::Kg).to_string(), "2.5");
        assert!(convert(Decimal::ONE, Unit::Kg, Unit::L).is_err());
    }

    #[test]
    fn keys_agree_with_equality() {
        assert_eq!(
            exact_base(Decimal::ONE, Unit::M3),
            exact_base(Decimal::from(1000), Unit::L)
        );
        assert_ne!(
            exact_base(Decimal::ONE, Unit::Bbl),
            exact_base(Decimal::from(159), Unit::L)
        );
    }
}
