//! Scalar values from text: the checks shared by the JSON reader, CSV cells
//! and `load`ed lists (countries, dates, currencies, units, enum variants,
//! exact decimals).

use std::sync::OnceLock;

use rust_decimal::Decimal;

use crate::data::{countries, currencies, units};
use crate::input::codes;
use crate::input::schema::Schema;
use crate::ir::Type;
use crate::lang::Date;
use crate::value::{Country, Currency, Money, Quantity, Str, Value};

/// Why a text does not fit its type: a code and the message after the
/// field's name (`is "militray", which is not a `PartyKind``).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Input error code.
    pub code: &'static str,
    /// The rest of the message.
    pub detail: String,
}

impl Problem {
    fn new(code: &'static str, detail: String) -> Problem {
        Problem { code, detail }
    }
}

/// Quotes user text for a message, shortened when long.
pub fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for (i, c) in s.chars().enumerate() {
        if i == 40 {
            out.push('…');
            break;
        }
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&c.escape_default().to_string()),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn with_suggestion(detail: String, suggestion: Option<&str>) -> String {
    match suggestion {
        Some(s) => format!("{detail}; did you mean `{s}`?"),
        None => detail,
    }
}

/// A table of the 676 two-letter pairs, true for assigned ISO 3166-1 codes.
fn country_table() -> &'static [bool; 676] {
    static TABLE: OnceLock<[bool; 676]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = [false; 676];
        for (code, _) in countries::accepted_codes() {
            if let [a, b] = code.as_bytes() {
                let i = usize::from(a - b'A') * 26 + usize::from(b - b'A');
                if let Some(slot) = t.get_mut(i) {
                    *slot = true;
                }
            }
        }
        t
    })
}

/// A country code, checked against the embedded ISO 3166-1 table.
pub fn country(s: &str) -> Result<Country, Problem> {
    if let [a @ b'A'..=b'Z', b @ b'A'..=b'Z'] = s.as_bytes() {
        let i = usize::from(a - b'A') * 26 + usize::from(b - b'A');
        if country_table().get(i) == Some(&true) {
            return Ok(Country([*a, *b]));
        }
    }
    let detail = format!(
        "is {}, which is not an ISO 3166-1 alpha-2 country code",
        quote(s)
    );
    Err(Problem::new(
        codes::BAD_COUNTRY,
        with_suggestion(detail, countries::suggest_country(s)),
    ))
}

/// A table of the 17,576 three-letter codes, true for ISO 4217 codes.
fn currency_table() -> &'static [bool] {
    static TABLE: OnceLock<Vec<bool>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = vec![false; 26 * 26 * 26];
        let all = currencies::CURRENCIES
            .iter()
            .map(|(c, _)| *c)
            .chain(currencies::CURRENCIES_WITHOUT_MINOR_UNIT.iter().copied());
        for code in all {
            if let [a, b, c] = code.as_bytes() {
                if let Some(slot) = t.get_mut(code_index(*a, *b, *c)) {
                    *slot = true;
                }
            }
        }
        t
    })
}

fn code_index(a: u8, b: u8, c: u8) -> usize {
    (usize::from(a.wrapping_sub(b'A')) * 26 + usize::from(b.wrapping_sub(b'A'))) * 26
        + usize::from(c.wrapping_sub(b'A'))
}

/// A currency code, checked against the embedded ISO 4217 table.
pub fn currency(s: &str) -> Result<Currency, Problem> {
    if let [a @ b'A'..=b'Z', b @ b'A'..=b'Z', c @ b'A'..=b'Z'] = s.as_bytes() {
        if currency_table().get(code_index(*a, *b, *c)) == Some(&true) {
            return Ok(Currency([*a, *b, *c]));
        }
    }
    let detail = format!("is {}, which is not an ISO 4217 currency code", quote(s));
    Err(Problem::new(
        codes::BAD_CURRENCY,
        with_suggestion(detail, currencies::suggest_currency(s)),
    ))
}

/// A unit of quantity.
pub fn unit(s: &str) -> Result<units::Unit, Problem> {
    units::Unit::parse(s).ok_or_else(|| {
        let detail = format!(
            "is {}, which is not a unit ({})",
            quote(s),
            units::UNIT_WORDS
        );
        Problem::new(
            codes::BAD_UNIT,
            with_suggestion(detail, units::suggest_unit(s)),
        )
    })
}

/// A real calendar date written `YYYY-MM-DD`.
pub fn date(s: &str) -> Result<Date, Problem> {
    Date::parse(s).ok_or_else(|| {
        Problem::new(
            codes::BAD_DATE,
            format!(
                "is {}, which is not a date (`YYYY-MM-DD`, a day that exists)",
                quote(s)
            ),
        )
    })
}

/// A variant of enum `id`, by its exact name.
pub fn variant(schema: &Schema, id: u32, s: &str) -> Result<u32, Problem> {
    let Some(e) = schema.enums.get(id as usize) else {
        return Err(Problem::new(
            codes::UNKNOWN_VARIANT,
            "has an enum type polc does not know".into(),
        ));
    };
    e.variant(s).ok_or_else(|| {
        let detail = format!(
            "is {}, which is not a `{}` (one of {})",
            quote(s),
            e.name,
            e.variants.join(", ")
        );
        Problem::new(
            codes::UNKNOWN_VARIANT,
            with_suggestion(detail, e.suggest(s)),
        )
    })
}

/// Whether `s` is `-?[0-9]+(\.[0-9]+)?`, the numerals a decimal string may hold.
pub fn is_decimal_numeral(s: &str) -> bool {
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let unsigned = s.strip_prefix('-').unwrap_or(s);
    match unsigned.split_once('.') {
        Some((int, frac)) => digits(int) && digits(frac),
        None => digits(unsigned),
    }
}

/// An exact decimal from a numeral (`12.50`, `-3`); a JSON number may also
/// carry an exponent (`1.5e3`). Never rounds: too many digits is an error.
pub fn decimal(s: &str, allow_exponent: bool) -> Result<Decimal, Problem> {
    let exact = if is_decimal_numeral(s) {
        Decimal::from_str_exact(s).ok()
    } else if allow_exponent && s.contains(['e', 'E']) {
        Decimal::from_scientific(s).ok()
    } else {
        None
    };
    exact.ok_or_else(|| {
        Problem::new(
            codes::BAD_DECIMAL,
            format!(
                "is {}, which is not an exact decimal (at most 28 significant digits)",
                quote(s)
            ),
        )
    })
}

/// A value of type `ty` written as text: a CSV cell or a `load`ed line.
/// Money and quantities are literals (`3200.00 USD`, `300 kg`); durations
/// are whole days (`30` or `30 days`). Records, lists and sets have no
/// textual form.
pub fn parse(schema: &Schema, ty: &Type, s: &str) -> Result<Value, Problem> {
    let wrong = |what: &str| {
        Problem::new(
            codes::WRONG_TYPE,
            format!("is {}, which is not {what}", quote(s)),
        )
    };
    Ok(match ty.strip_optional() {
        Type::String => Value::Str(Str::new(s)),
        Type::Bool => match s {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => return Err(wrong("`true` or `false`")),
        },
        Type::Int => Value::Int(integer(s)?),
        Type::Decimal => Value::Decimal(decimal(s, false)?),
        Type::Date => Value::Date(date(s)?),
        Type::Duration => {
            let n = s
                .strip_suffix("days")
                .or_else(|| s.strip_suffix("day"))
                .unwrap_or(s)
                .trim_end();
            Value::Duration(integer(n)?)
        }
        Type::Country => Value::Country(country(s)?),
        Type::Enum(id) => Value::Enum(variant(schema, id.0, s)?),
        Type::Money => {
            let (num, code) = split_literal(s)
                .ok_or_else(|| wrong("an amount of money such as `3200.00 USD`"))?;
            Value::Money(Money {
                amount: decimal(num, false)?,
                currency: currency(code)?,
            })
        }
        Type::Quantity => {
            let (num, u) = split_literal(s).ok_or_else(|| wrong("a quantity such as `300 kg`"))?;
            Value::Quantity(Quantity {
                value: decimal(num, false)?,
                unit: unit(u)?,
            })
        }
        other => {
            let name = schema.type_name(other);
            return Err(Problem::new(
                codes::WRONG_TYPE,
                format!("has type `{name}`, which cannot be written as text"),
            ));
        }
    })
}

/// A map key written as text (§11): the string itself; a country code; a
/// variant name; an integer numeral without sign or leading zeros (`0`
/// itself aside); `YYYY-MM-DD`.
pub fn map_key(schema: &Schema, ty: &Type, s: &str) -> Result<Value, Problem> {
    match ty {
        Type::Int => {
            let canonical = !s.is_empty()
                && s.bytes().all(|b| b.is_ascii_digit())
                && (s == "0" || !s.starts_with('0'));
            if !canonical {
                return Err(Problem::new(
                    codes::WRONG_TYPE,
                    format!(
                        "is {}, which is not an integer numeral without sign or leading zeros",
                        quote(s)
                    ),
                ));
            }
            Ok(Value::Int(integer(s)?))
        }
        Type::String | Type::Country | Type::Enum(_) | Type::Date => parse(schema, ty, s),
        other => {
            let name = schema.type_name(other);
            Err(Problem::new(
                codes::WRONG_TYPE,
                format!("has type `{name}`, which cannot key a map"),
            ))
        }
    }
}

/// A 64-bit integer numeral.
pub fn integer(s: &str) -> Result<i64, Problem> {
    let unsigned = s.strip_prefix('-').unwrap_or(s);
    if unsigned.is_empty() || !unsigned.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Problem::new(
            codes::WRONG_TYPE,
            format!("is {}, which is not an integer", quote(s)),
        ));
    }
    s.parse::<i64>().map_err(|_| {
        Problem::new(
            codes::BAD_INTEGER,
            format!("is {}, which is outside the 64-bit integer range", quote(s)),
        )
    })
}

/// `NUMBER WORD` with white space between (`3200.00 USD`, `300 kg`).
fn split_literal(s: &str) -> Option<(&str, &str)> {
    let mut parts = s.split_whitespace();
    let (num, word) = (parts.next()?, parts.next()?);
    parts.next().is_none().then_some((num, word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars() {
        assert_eq!(country("JP"), Ok(Country(*b"JP")));
        let e = country("UK").unwrap_err();
        assert_eq!(e.code, "E0411");
        assert!(e.detail.contains("did you mean `GB`"), "{}", e.detail);
        assert!(country("jp").is_err());
        assert!(currency("USD").is_ok());
        assert!(currency("usd").unwrap_err().detail.contains("`USD`"));
        assert!(unit("kgs").unwrap_err().detail.contains("`kg`"));
        assert!(date("2026-02-30").is_err());
        assert_eq!(decimal("12.50", false).unwrap().to_string(), "12.50");
        assert!(decimal("1e3", false).is_err());
        assert_eq!(decimal("1.5e3", true).unwrap(), Decimal::from(1500));
        assert!(decimal("0.12345678901234567890123456789", false).is_err());
        assert!(decimal(".5", false).is_err());
        assert_eq!(integer("-42"), Ok(-42));
        assert_eq!(integer("99999999999999999999").unwrap_err().code, "E0416");
    }

    #[test]
    fn literals() {
        let schema = Schema::default();
        match parse(&schema, &Type::Money, "3200.00 USD") {
            Ok(Value::Money(m)) => assert_eq!(m.currency.as_str(), "USD"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            parse(&schema, &Type::Quantity, "300 kg"),
            Ok(Value::Quantity(_))
        ));
        assert!(parse(&schema, &Type::Quantity, "300kg").is_err());
        assert!(matches!(
            parse(&schema, &Type::Duration, "30 days"),
            Ok(Value::Duration(30))
        ));
    }
}
