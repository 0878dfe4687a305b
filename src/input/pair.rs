//! Money and quantity objects (`{"amount", "currency"}`, `{"value",
//! "unit"}`) and the top-level `id` capture.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::input::json::id_of_raw;
use crate::input::seed::RAW_NUMBER;
use crate::input::seed::{decimal, unknown, Anchor, DecimalOr, Seed, Seg};
use crate::input::{codes, text, InputId};
use crate::ir::Type;

pub(super) struct IdSeed;

impl<'de> DeserializeSeed<'de> for IdSeed {
    type Value = Option<InputId>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<InputId>, D::Error> {
        let raw: &'de RawValue = Deserialize::deserialize(d)?;
        Ok(id_of_raw(raw.get()))
    }
}

static DECIMAL: Type = Type::Decimal;

/// The parts of a money or quantity object.
pub(super) enum Pair {
    Missing,
    Decimal(rust_decimal::Decimal),
    Currency(crate::value::Currency),
    Unit(crate::data::units::Unit),
}

struct PartSeed<'a> {
    seed: Seed<'a>,
    first: bool,
}

impl<'de> DeserializeSeed<'de> for PartSeed<'_> {
    type Value = Pair;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Pair, D::Error> {
        if !self.first {
            return d.deserialize_any(self);
        }
        // The amount or value: exact, from its text.
        let raw: &'de RawValue = Deserialize::deserialize(d)?;
        match decimal(self.seed, raw.get()) {
            Ok(d) => Ok(Pair::Decimal(d)),
            Err(DecimalOr::Null) => Ok(Pair::Missing),
            Err(DecimalOr::Err(e)) => Err(e),
        }
    }
}

impl PartSeed<'_> {
    fn is_money(&self) -> bool {
        matches!(self.seed.ty.strip_optional(), Type::Money)
    }

    fn wrong<E: de::Error>(&self, found: String) -> E {
        let what = if self.is_money() {
            "currency code"
        } else {
            "unit"
        };
        let path = self.seed.path.render().unwrap_or_default();
        let message = format!("`{path}` should be a {what} string, found {found}");
        self.seed
            .cx
            .fail(codes::WRONG_TYPE, message, self.seed.path, Anchor::Value)
    }
}

/// The currency or unit: a string, checked against polc's tables.
impl<'de> Visitor<'de> for PartSeed<'_> {
    type Value = Pair;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.is_money() {
            "a currency code"
        } else {
            "a unit"
        })
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Pair, E> {
        self.visit_str(s)
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Pair, E> {
        let part = if self.is_money() {
            text::currency(s).map(Pair::Currency)
        } else {
            text::unit(s).map(Pair::Unit)
        };
        part.map_err(|p| self.seed.cx.problem(p, self.seed.path))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Pair, E> {
        Ok(Pair::Missing)
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Pair, E> {
        Err(self.wrong(format!("`{b}`")))
    }

    fn visit_i64<E: de::Error>(self, i: i64) -> Result<Pair, E> {
        Err(self.wrong(format!("`{i}`")))
    }

    fn visit_u64<E: de::Error>(self, u: u64) -> Result<Pair, E> {
        Err(self.wrong(format!("`{u}`")))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Pair, E> {
        Err(self.wrong(RAW_NUMBER.to_string()))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<Pair, A::Error> {
        Err(self.wrong("an array".into()))
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Pair, A::Error> {
        Err(self.wrong("an object".into()))
    }
}

enum PairName {
    First,
    Second,
    Other(String),
}

/// Matches the key of a money or quantity object without allocating.
struct PairKey([&'static str; 2]);

impl<'de> DeserializeSeed<'de> for PairKey {
    type Value = PairName;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<PairName, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for PairKey {
    type Value = PairName;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<PairName, E> {
        let [a, b] = self.0;
        Ok(if s == a {
            PairName::First
        } else if s == b {
            PairName::Second
        } else {
            PairName::Other(s.to_string())
        })
    }
}

/// Reads `{"amount": …, "currency": …}` or `{"value": …, "unit": …}`.
pub(super) fn pair<'de, A: MapAccess<'de>>(
    seed: Seed<'_>,
    mut map: A,
    names: [&'static str; 2],
) -> Result<(Pair, Pair), A::Error> {
    let [first_name, second_name] = names;
    let (mut first, mut second) = (Pair::Missing, Pair::Missing);
    let (mut seen_first, mut seen_second) = (false, false);
    let mut unknowns = rustc_hash::FxHashSet::default();
    while let Some(key) = map.next_key_seed(PairKey(names))? {
        let is_first = match key {
            PairName::First => true,
            PairName::Second => false,
            PairName::Other(name) => {
                unknown(seed, &mut map, name, &mut unknowns)?;
                continue;
            }
        };
        let name = if is_first { first_name } else { second_name };
        let here = seed.path.child(Seg::Field(name));
        let seen = if is_first {
            &mut seen_first
        } else {
            &mut seen_second
        };
        if std::mem::replace(seen, true) {
            let message = format!("`{}` is given twice", here.render().unwrap_or_default());
            return Err(seed
                .cx
                .fail(codes::DUPLICATE_KEY, message, &here, Anchor::Key(2)));
        }
        // The amount or value is read as a decimal (and named so in errors).
        let ty = if is_first { &DECIMAL } else { seed.ty };
        let part = map.next_value_seed(PartSeed {
            seed: Seed {
                path: &here,
                ty,
                ..seed
            },
            first: is_first,
        })?;
        if is_first {
            first = part;
        } else {
            second = part;
        }
    }
    for (part, name) in [(&first, first_name), (&second, second_name)] {
        if matches!(part, Pair::Missing) {
            let here = seed.path.child(Seg::Field(name));
            let message = format!(
                "missing required field `{}`",
                here.render().unwrap_or_default()
            );
            return Err(seed
                .cx
                .fail(codes::MISSING_FIELD, message, &here, Anchor::Object));
        }
    }
    Ok((first, second))
}
