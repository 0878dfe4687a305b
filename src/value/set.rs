//! Sets of values: `SetValue` keeps its elements distinct by
//! [`crate::value::cmp::same`], with a hashed index of scalar keys
//! ([`ScalarKey`]) once it is large enough to pay for one.

use rust_decimal::Decimal;
use rustc_hash::FxHashSet;

use crate::value::{Country, Currency, Str, Value};

/// A key for hashed membership of scalar values whose equality is total
/// (never a currency or dimension error). Numbers of either kind become one
/// decimal key, so `1` finds `1.0`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ScalarKey {
    /// `bool`
    Bool(bool),
    /// `int` or `decimal` (Decimal's `Hash` normalises trailing zeros).
    Num(Decimal),
    /// `date`
    Date(i32),
    /// `duration`
    Duration(i64),
    /// `country`
    Country(Country),
    /// enum variant
    Enum(u32),
    /// non-zero `money`: one currency's amounts compare by value.
    Money(Currency, Decimal),
    /// non-zero `quantity`: its sign and exact amount of the dimension's
    /// base unit (`1 kg` and `1000 g`, `1 m3` and `1000 l` are one key, as
    /// they are equal).
    Quantity(crate::data::units::Dimension, bool, [u64; 4]),
}

impl ScalarKey {
    /// The key of a scalar value, or `None` for strings and compound values.
    pub fn of(value: &Value) -> Option<ScalarKey> {
        Some(match value {
            Value::Bool(b) => ScalarKey::Bool(*b),
            Value::Int(i) => ScalarKey::Num(Decimal::from(*i)),
            Value::Decimal(d) => ScalarKey::Num(*d),
            Value::Date(d) => ScalarKey::Date(d.days),
            Value::Duration(d) => ScalarKey::Duration(*d),
            Value::Country(c) => ScalarKey::Country(*c),
            Value::Enum(e) => ScalarKey::Enum(*e),
            // Zeros have no key: the neutral zero of `sum` equals the zero of
            // every currency and unit, which no hash can express, so they are
            // compared one by one.
            Value::Money(m) if !m.amount.is_zero() => ScalarKey::Money(m.currency, m.amount),
            Value::Quantity(q) if !q.value.is_zero() => {
                let (negative, base) = crate::value::quantity::exact_base(q.value, q.unit)?;
                ScalarKey::Quantity(q.unit.dimension(), negative, base)
            }
            _ => return None,
        })
    }
}

/// A hash index over a set's elements, when they are hashable and many.
#[derive(Debug, Default)]
pub enum SetIndex {
    /// Small or not hashable: membership scans the elements.
    #[default]
    None,
    /// Strings.
    Str(FxHashSet<Str>),
    /// Scalars: the keys of the elements that have one, and the positions
    /// of those that do not (zeros of money and quantities). An element
    /// with a key never equals one without (a set holds one type, and a
    /// non-zero amount is never a zero), so each kind is compared only with
    /// its own.
    Scalar {
        /// Keys of the keyed elements.
        keys: FxHashSet<ScalarKey>,
        /// Positions of the elements without a key.
        unkeyed: Vec<usize>,
    },
}

/// Sets with more elements than this get a hash index; below it a scan is
/// faster than hashing.
pub const INDEX_THRESHOLD: usize = 12;

/// A set: elements in first-insertion order (§8), plus a hash index for
/// large sets of hashable values.
#[derive(Debug, Default)]
pub struct SetValue {
    items: Vec<Value>,
    index: SetIndex,
}

impl SetValue {
    /// Builds a set from values in order, keeping the first of repeated
    /// elements (by [`crate::value::cmp::same`]).
    pub fn from_values(values: impl IntoIterator<Item = Value>) -> SetValue {
        let mut set = SetValue::default();
        for v in values {
            set.insert(v);
        }
        set
    }

    /// Adds a value unless an equal one is present; returns whether it was added.
    pub fn insert(&mut self, value: Value) -> bool {
        let added = match &mut self.index {
            SetIndex::Str(index) => match &value {
                Value::Str(s) => index.insert(s.clone()),
                _ => !self
                    .items
                    .iter()
                    .any(|x| crate::value::cmp::same(x, &value)),
            },
            SetIndex::Scalar { keys, unkeyed } => match ScalarKey::of(&value) {
                Some(k) => keys.insert(k),
                None => {
                    let items = &self.items;
                    let fresh = !unkeyed.iter().any(|&i| {
                        items
                            .get(i)
                            .is_some_and(|x| crate::value::cmp::same(x, &value))
                    });
                    if fresh {
                        unkeyed.push(items.len());
                    }
                    fresh
                }
            },
            SetIndex::None => !self
                .items
                .iter()
                .any(|x| crate::value::cmp::same(x, &value)),
        };
        if added {
            self.items.push(value);
            if self.items.len() == INDEX_THRESHOLD + 1 {
                self.build_index();
            }
        }
        added
    }

    fn build_index(&mut self) {
        let all_str = self.items.iter().all(|v| matches!(v, Value::Str(_)));
        if all_str {
            let idx = self
                .items
                .iter()
                .filter_map(|v| match v {
                    Value::Str(s) => Some(s.clone()),
                    _ => None,
                })
                .collect();
            self.index = SetIndex::Str(idx);
            return;
        }
        let mut keys = FxHashSet::default();
        let mut unkeyed = Vec::new();
        for (i, v) in self.items.iter().enumerate() {
            match ScalarKey::of(v) {
                Some(k) => {
                    keys.insert(k);
                }
                None => unkeyed.push(i),
            }
        }
        // Records, lists and sets have no key at all: they stay scanned.
        if !keys.is_empty() {
            self.index = SetIndex::Scalar { keys, unkeyed };
        }
    }

    /// The elements in insertion order.
    pub fn items(&self) -> &[Value] {
        &self.items
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The hash index, if the set has one.
    pub fn index(&self) -> &SetIndex {
        &self.index
    }

    /// Membership of a string, by hash when indexed.
    pub fn contains_str(&self, s: &str) -> bool {
        match &self.index {
            SetIndex::Str(index) => index.contains(s),
            _ => self
                .items
                .iter()
                .any(|v| matches!(v, Value::Str(x) if x.as_str() == s)),
        }
    }
}
