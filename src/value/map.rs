//! Maps (§11): entries in insertion order, with a hash index by key. Keys
//! are `string`, `country`, an enum, `int` or `date` values, all of which
//! have a total, hashable equality.

use rustc_hash::FxHashMap;

use crate::value::{ScalarKey, Str, Value};

/// The hashable form of a map key.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum MapKey {
    /// A `string` key.
    Str(Str),
    /// A `country`, enum, `int` or `date` key.
    Scalar(ScalarKey),
}

impl MapKey {
    /// The key of a value, or `None` for a value that cannot key a map.
    pub fn of(value: &Value) -> Option<MapKey> {
        match value {
            Value::Str(s) => Some(MapKey::Str(s.clone())),
            Value::Country(_) | Value::Enum(_) | Value::Int(_) | Value::Date(_) => {
                ScalarKey::of(value).map(MapKey::Scalar)
            }
            _ => None,
        }
    }
}

/// A map: entries in insertion order and an index of their keys.
#[derive(Debug, Default)]
pub struct MapValue {
    entries: Vec<(Value, Value)>,
    index: FxHashMap<MapKey, usize>,
}

impl MapValue {
    /// Builds a map from entries in order; `Err(key)` names the first key
    /// that repeats an earlier one or cannot key a map.
    pub fn from_entries(
        entries: impl IntoIterator<Item = (Value, Value)>,
    ) -> Result<MapValue, Value> {
        let mut map = MapValue::default();
        for (k, v) in entries {
            let Some(key) = MapKey::of(&k) else {
                return Err(k);
            };
            if map.index.contains_key(&key) {
                return Err(k);
            }
            map.index.insert(key, map.entries.len());
            map.entries.push((k, v));
        }
        Ok(map)
    }

    /// The value at `key`, if any.
    pub fn get(&self, key: &Value) -> Option<&Value> {
        let i = *self.index.get(&MapKey::of(key)?)?;
        self.entries.get(i).map(|(_, v)| v)
    }

    /// Whether `key` is a key.
    pub fn contains_key(&self, key: &Value) -> bool {
        MapKey::of(key).is_some_and(|k| self.index.contains_key(&k))
    }

    /// The entries in insertion order.
    pub fn entries(&self) -> &[(Value, Value)] {
        &self.entries
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the map has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_and_refuses_repeats() {
        let m = MapValue::from_entries([
            (Value::str("b"), Value::Int(1)),
            (Value::str("a"), Value::Int(2)),
        ])
        .unwrap();
        assert_eq!(m.len(), 2);
        assert!(matches!(m.get(&Value::str("a")), Some(Value::Int(2))));
        assert!(m.get(&Value::str("c")).is_none());
        assert!(matches!(&m.entries()[0].0, Value::Str(s) if s.as_str() == "b"));
        let dup = MapValue::from_entries([
            (Value::Int(1), Value::Int(1)),
            (Value::Int(1), Value::Int(2)),
        ]);
        assert!(dup.is_err());
    }
}
