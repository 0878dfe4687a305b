//! An exchange-rate table (`--rates FILE`, LANGUAGE.md §3): with one, money
//! of two currencies converts instead of making the rule indeterminate.
//!
//! The file is JSON, `{"base": "USD", "rates": {"EUR": "1.08", "JPY": 0.0067}}`:
//! each rate is the value of one unit of that currency in the base currency,
//! read exactly from its text (never through `f64`). The base has rate 1.

use std::collections::BTreeSet;
use std::path::Path;

use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::data::currencies::is_currency;
use crate::input::text;
use crate::value::error::ValueError;
use crate::value::render::render;
use crate::value::{Currency, Money, Value};

/// A validated exchange-rate table. Immutable once built, so one table is
/// shared by every worker thread through the [`crate::eval::Engine`].
#[derive(Clone, Debug)]
pub struct Rates {
    /// The file as the user named it (for error messages).
    file: String,
    /// The base currency (rate 1).
    base: Currency,
    /// Rate of each other currency in the base currency (all > 0). A small
    /// vector: tables are short, and a linear scan over 3-byte keys beats
    /// hashing for them.
    table: Vec<(Currency, Decimal)>,
}

/// The file's shape; rates stay raw text so they are read exactly.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RatesFile<'a> {
    base: String,
    #[serde(borrow)]
    rates: Entries<'a>,
}

/// The `rates` object's entries in file order, keeping repeats: serde's maps
/// keep the last of two equal keys, and a currency listed twice with two
/// different rates must be an error, not a silent choice.
struct Entries<'a>(Vec<(String, &'a RawValue)>);

impl<'de: 'a, 'a> Deserialize<'de> for Entries<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Visit<'a> {
            type Value = Entries<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object of currency codes and rates")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                mut m: M,
            ) -> Result<Entries<'a>, M::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = m.next_entry::<String, &'a RawValue>()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        d.deserialize_map(Visit(std::marker::PhantomData))
    }
}

impl Rates {
    /// Reads and validates `path`; `Err` is a usage message naming the file.
    pub fn load(path: &Path) -> Result<Rates, String> {
        let shown = crate::package::display(path);
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read rates file `{shown}`: {e}"))?;
        Rates::parse(&text, &shown)
    }

    /// Validates the text of a rates file called `shown`.
    pub fn parse(text: &str, shown: &str) -> Result<Rates, String> {
        let bad = |what: String| format!("invalid rates file `{shown}`: {what}");
        let file: RatesFile<'_> = serde_json::from_str(text).map_err(|e| {
            bad(format!(
                "{e} (expected {{\"base\": \"USD\", \"rates\": {{\"EUR\": \"1.08\", …}}}})"
            ))
        })?;
        let base = currency(&file.base).ok_or_else(|| {
            bad(format!(
                "`base` is `{}`, which is not an ISO 4217 currency code",
                file.base
            ))
        })?;
        let mut table = Vec::with_capacity(file.rates.0.len());
        let mut seen = BTreeSet::new();
        for (code, raw) in &file.rates.0 {
            if !seen.insert(code.as_str()) {
                return Err(bad(format!("`{code}` is listed twice in `rates`")));
            }
            let c = currency(code).ok_or_else(|| {
                bad(format!(
                    "`{code}` in `rates` is not an ISO 4217 currency code"
                ))
            })?;
            let rate = rate(raw.get())
                .ok_or_else(|| {
                    bad(format!(
                        "the rate of `{code}` is {}, which is not an exact decimal (write it as a number or a string such as \"1.08\")",
                        raw.get()
                    ))
                })?;
            if rate <= Decimal::ZERO {
                return Err(bad(format!(
                    "the rate of `{code}` is {}: a rate must be greater than 0",
                    raw.get()
                )));
            }
            if c == base {
                // The base is 1 by definition; repeating it is harmless only
                // when it agrees.
                if rate != Decimal::ONE {
                    return Err(bad(format!(
                        "the base `{code}` has rate 1, not {}",
                        raw.get()
                    )));
                }
                continue;
            }
            table.push((c, rate));
        }
        Ok(Rates {
            file: shown.to_string(),
            base,
            table,
        })
    }

    /// The value of one unit of `c` in the base currency, if the table has it.
    pub fn rate(&self, c: Currency) -> Option<Decimal> {
        if c == self.base {
            return Some(Decimal::ONE);
        }
        self.table.iter().find(|(k, _)| *k == c).map(|(_, r)| *r)
    }

    /// `right` expressed in `left`'s currency, for `op` on the two:
    /// `amount × rate(right) / rate(left)`, rounded half to even.
    pub fn convert(
        &self,
        op: &'static str,
        left: &Money,
        right: &Money,
    ) -> Result<Money, ValueError> {
        let missing = |c: Currency| ValueError::NoRate {
            op,
            left: render(&Value::Money(*left)),
            right: render(&Value::Money(*right)),
            currency: c.to_string(),
            file: self.file.clone(),
        };
        let to = self
            .rate(left.currency)
            .ok_or_else(|| missing(left.currency))?;
        let from = self
            .rate(right.currency)
            .ok_or_else(|| missing(right.currency))?;
        let overflow = ValueError::Overflow {
            op: "currency conversion",
        };
        // Multiply first: dividing first would round twice.
        let amount = right
            .amount
            .checked_mul(from)
            .and_then(|x| x.checked_div(to))
            .ok_or(overflow)?;
        Ok(Money {
            amount,
            currency: left.currency,
        })
    }

    /// `right` in `left`'s currency when both are money of two currencies
    /// (the caller checks that cheaply first); anything else unchanged.
    pub fn align(&self, op: &'static str, left: &Value, right: Value) -> Result<Value, ValueError> {
        match (left, &right) {
            (Value::Money(l), Value::Money(r)) if l.currency != r.currency => {
                self.convert(op, l, r).map(Value::Money)
            }
            _ => Ok(right),
        }
    }
}

/// `Some` for an active ISO 4217 code.
fn currency(code: &str) -> Option<Currency> {
    if is_currency(code) {
        Currency::from_code(code)
    } else {
        None
    }
}

/// An exact decimal from the raw JSON of a rate: a number or a string.
fn rate(raw: &str) -> Option<Decimal> {
    match raw.as_bytes().first() {
        Some(b'"') => {
            let s: String = serde_json::from_str(raw).ok()?;
            text::decimal(s.trim(), false).ok()
        }
        Some(b'-' | b'0'..=b'9') => text::decimal(raw, true).ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn m(s: &str, c: &str) -> Money {
        Money {
            amount: Decimal::from_str(s).unwrap(),
            currency: Currency::from_code(c).unwrap(),
        }
    }

    fn table() -> Rates {
        Rates::parse(
            r#"{"base": "USD", "rates": {"EUR": "1.08", "CNY": 0.1385, "JPY": "0.0067"}}"#,
            "r.json",
        )
        .unwrap()
    }

    #[test]
    fn converts_right_into_left() {
        let r = table();
        // 2500 EUR = 2700 USD.
        let got = r
            .convert("add", &m("3000", "USD"), &m("2500", "EUR"))
            .unwrap();
        assert_eq!(got, m("2700", "USD"));
        // 1000 USD in EUR: 1000 / 1.08 = 925.925925…, cut to the 28 digits
        // that fit rust_decimal's 96 bits (the next digit, 2, rounds down).
        let got = r.convert("add", &m("1", "EUR"), &m("1000", "USD")).unwrap();
        assert_eq!(got.amount.to_string(), "925.9259259259259259259259259");
        // Cross rate through the base: 1000 JPY = 6.7 USD = 6.7 / 0.1385 CNY.
        let got = r
            .convert("compare", &m("1", "CNY"), &m("1000", "JPY"))
            .unwrap();
        assert_eq!(got.currency.as_str(), "CNY");
        assert_eq!(
            got.amount,
            Decimal::from_str("6.7").unwrap() / Decimal::from_str("0.1385").unwrap()
        );
    }

    #[test]
    fn missing_rate_names_the_currency_and_file() {
        let err = table()
            .convert("add", &m("1", "USD"), &m("2", "GBP"))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot add `1 USD` and `2 GBP`: `GBP` has no rate in `--rates r.json`"
        );
    }

    #[test]
    fn overflow_is_an_error() {
        let r = Rates::parse(r#"{"base": "USD", "rates": {"EUR": "1000"}}"#, "r").unwrap();
        let big = Money {
            amount: Decimal::MAX,
            currency: Currency::from_code("EUR").unwrap(),
        };
        assert!(matches!(
            r.convert("add", &m("1", "USD"), &big),
            Err(ValueError::Overflow { .. })
        ));
    }

    #[test]
    fn bad_files_are_rejected() {
        let bad = |t: &str| Rates::parse(t, "r.json").unwrap_err();
        assert!(bad(r#"{"base": "XXY", "rates": {}}"#).contains("`base` is `XXY`"));
        assert!(bad(r#"{"base": "USD", "rates": {"eur": "1"}}"#).contains("`eur`"));
        assert!(
            bad(r#"{"base": "USD", "rates": {"EUR": "1.08", "EUR": "1.2"}}"#)
                .contains("`EUR` is listed twice")
        );
        assert!(bad(r#"{"base": "USD", "rates": {"EUR": "0"}}"#).contains("greater than 0"));
        assert!(bad(r#"{"base": "USD", "rates": {"EUR": -1}}"#).contains("greater than 0"));
        assert!(bad(r#"{"base": "USD", "rates": {"EUR": "abc"}}"#).contains("not an exact decimal"));
        assert!(bad(r#"{"base": "USD", "rates": {"EUR": true}}"#).contains("not an exact decimal"));
        assert!(bad(r#"{"base": "USD", "rates": {"USD": "2"}}"#).contains("rate 1"));
        assert!(bad(r#"{"base": "USD"}"#).starts_with("invalid rates file `r.json`"));
        assert!(bad("[").starts_with("invalid rates file `r.json`"));
        // Numbers with exponents are exact too.
        let r = Rates::parse(
            r#"{"base": "USD", "rates": {"EUR": 1.08e0, "USD": 1}}"#,
            "r",
        )
        .unwrap();
        assert_eq!(
            r.rate(Currency::from_code("EUR").unwrap()),
            Decimal::from_str("1.08").ok()
        );
    }
}
