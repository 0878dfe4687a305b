//! Rendering values as text (§6, message interpolation): numbers in plain
//! notation without exponent or trailing zeros, `3200 USD`, `300 kg`,
//! `YYYY-MM-DD`, `N days`, variant names, `[a, b]` for collections.

use std::fmt::Write;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::ir::{Program, Type};
use crate::lang::FormatSpec;
use crate::value::error::{internal, ValueError};
use crate::value::Value;

/// Names needed to render enums and records: variant names by enum id and
/// field names and types by record id.
#[derive(Clone, Debug, Default)]
pub struct Names {
    /// `enums[id][index]` is a variant's name.
    pub enums: Vec<Vec<String>>,
    /// `records[id]` is the record's name and its fields' names and types.
    pub records: Vec<(String, Vec<(String, Type)>)>,
}

impl Names {
    /// The names of a checked program.
    pub fn of(program: &Program) -> Names {
        Names {
            enums: program.enums.iter().map(|e| e.variants.clone()).collect(),
            records: program
                .records
                .iter()
                .map(|r| {
                    let fields = r
                        .fields
                        .iter()
                        .map(|f| (f.name.clone(), f.ty.clone()))
                        .collect();
                    (r.name.clone(), fields)
                })
                .collect(),
        }
    }

    /// The name of variant `index` of enum `id`.
    pub fn variant(&self, id: u32, index: u32) -> Option<&str> {
        self.enums
            .get(id as usize)?
            .get(index as usize)
            .map(String::as_str)
    }
}

/// Writes a decimal in plain notation without trailing zeros (`0.0024`, `3.5`, `-2`).
pub fn write_decimal(out: &mut String, d: Decimal) {
    let _ = write!(out, "{}", d.normalize());
}

/// Appends `value` as an effect message's `{x:spec}` shows it (§11, §18):
/// `.N` exactly N fractional digits (half to even, zeros kept; money and
/// quantities keep their currency or unit), `%` 100·x in plain notation
/// then `%`, `.N%` both. The checker allows only numbers (and money and
/// quantities without `%`); 100·x too large is an overflow.
pub fn write_formatted(
    out: &mut String,
    value: &Value,
    spec: FormatSpec,
) -> Result<(), ValueError> {
    let (number, suffix) = match value {
        Value::Int(i) => (Decimal::from(*i), None),
        Value::Decimal(d) => (*d, None),
        Value::Money(m) if !spec.percent => (m.amount, Some(m.currency.as_str())),
        Value::Quantity(q) if !spec.percent => (q.value, Some(q.unit.as_str())),
        Value::Zero if !spec.percent => (Decimal::ZERO, None),
        other => {
            return Err(internal(format!(
                "a format spec `:{spec}` on `{}`",
                render(other)
            )))
        }
    };
    let number = if spec.percent {
        number
            .checked_mul(Decimal::ONE_HUNDRED)
            .ok_or(ValueError::Overflow { op: "%" })?
    } else {
        number
    };
    match spec.digits {
        None => write_decimal(out, number),
        Some(n) => write_fixed(out, number, n),
    }
    if spec.percent {
        out.push('%');
    }
    if let Some(s) = suffix {
        out.push(' ');
        out.push_str(s);
    }
    Ok(())
}

/// Writes `d` rounded half to even to exactly `digits` fractional digits.
fn write_fixed(out: &mut String, d: Decimal, digits: u32) {
    let mut r = d.round_dp_with_strategy(digits, RoundingStrategy::MidpointNearestEven);
    if r.is_zero() {
        r.set_sign_positive(true);
    }
    let text = r.to_string();
    let have = text.split_once('.').map_or(0, |(_, f)| f.len());
    out.push_str(&text);
    if digits > 0 && have == 0 {
        out.push('.');
    }
    for _ in have..digits as usize {
        out.push('0');
    }
}

/// Renders a value without type information (enum variants by number).
/// Used in error messages, where operands are numbers, money or quantities.
pub fn render(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value, &Type::Unknown, &Names::default());
    out
}

/// Appends the §6 rendering of `value`, whose type is `ty`.
pub fn write_value(out: &mut String, value: &Value, ty: &Type, names: &Names) {
    let ty = ty.strip_optional();
    match value {
        Value::Absent => out.push_str("missing"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Decimal(d) => write_decimal(out, *d),
        Value::Str(s) => out.push_str(s),
        Value::Date(d) => {
            let _ = write!(out, "{d}");
        }
        Value::Duration(n) => {
            let _ = write!(out, "{n} days");
        }
        Value::Country(c) => out.push_str(c.as_str()),
        Value::Quantity(q) => {
            write_decimal(out, q.value);
            out.push(' ');
            out.push_str(q.unit.as_str());
        }
        Value::Money(m) => {
            write_decimal(out, m.amount);
            out.push(' ');
            out.push_str(m.currency.as_str());
        }
        Value::Zero => out.push('0'),
        Value::Enum(index) => match ty {
            Type::Enum(id) => match names.variant(id.0, *index) {
                Some(name) => out.push_str(name),
                None => {
                    let _ = write!(out, "#{index}");
                }
            },
            _ => {
                let _ = write!(out, "#{index}");
            }
        },
        Value::List(items) => write_items(out, items, ty, names),
        Value::Set(set) => write_items(out, set.items(), ty, names),
        Value::Map(map) => {
            let (kt, vt) = match ty {
                Type::Map(k, v) => (&**k, &**v),
                _ => (&Type::Unknown, &Type::Unknown),
            };
            out.push('{');
            for (i, (k, v)) in map.entries().iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(out, k, kt, names);
                out.push_str(": ");
                write_value(out, v, vt, names);
            }
            out.push('}');
        }
        Value::Record(fields) => {
            let info = match ty {
                Type::Record(id) => names.records.get(id.0 as usize),
                _ => None,
            };
            if let Some((name, _)) = info {
                out.push_str(name);
                out.push(' ');
            }
            out.push('{');
            for (i, v) in fields.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let field = info.and_then(|(_, fs)| fs.get(i));
                match field {
                    Some((fname, fty)) => {
                        out.push_str(fname);
                        out.push_str(": ");
                        write_value(out, v, fty, names);
                    }
                    None => write_value(out, v, &Type::Unknown, names),
                }
            }
            out.push('}');
        }
    }
}

fn write_items(out: &mut String, items: &[Value], ty: &Type, names: &Names) {
    let elem = ty.element().unwrap_or(&Type::Unknown);
    out.push('[');
    for (i, v) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_value(out, v, elem, names);
    }
    out.push(']');
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn plain_numbers() {
        for (text, want) in [
            ("0.0024", "0.0024"),
            ("3.50", "3.5"),
            ("-0.0", "0"),
            ("1E-3", "0.001"),
            ("3200.00", "3200"),
        ] {
            let d = Decimal::from_str(text)
                .or_else(|_| Decimal::from_scientific(text))
                .unwrap();
            assert_eq!(render(&Value::Decimal(d)), want, "{text}");
        }
    }

    #[test]
    fn collections_and_enums() {
        let names = Names {
            enums: vec![vec!["civilian".into(), "military".into()]],
            records: Vec::new(),
        };
        let ty = Type::List(Box::new(Type::Enum(crate::ir::EnumId(0))));
        let mut out = String::new();
        write_value(
            &mut out,
            &Value::list(vec![Value::Enum(1), Value::Enum(0)]),
            &ty,
            &names,
        );
        assert_eq!(out, "[military, civilian]");
    }
}
