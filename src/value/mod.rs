//! The runtime value: what the checker folds constants into, the IR
//! stores, the input readers build, the evaluator computes and the output
//! shows. Shared plain data: it neither evaluates a program nor writes a
//! result ([`render`] is its plain text; [`error`] what an operation on it
//! can fail with).
//!
//! Values are span-free and cheap to clone: short strings live inline, longer
//! ones and every compound value sit behind an `Arc`, so reading a field or
//! binding an element costs a copy or a reference-count increment. Numbers are
//! exact ([`Decimal`]); nothing here ever passes through `f64`.

pub mod cmp;
pub mod dated;
pub mod error;
mod map;
pub mod quantity;
pub mod render;
mod set;

pub use map::{MapKey, MapValue};
pub use set::{ScalarKey, SetIndex, SetValue, INDEX_THRESHOLD};

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::data::units::Unit;
use crate::lang::Date;

/// A runtime value. The checker guarantees every operation sees the types it
/// expects, so the variants carry no type information beyond their own.
#[derive(Clone, Debug)]
pub enum Value {
    /// An absent optional (`T?` with no value).
    Absent,
    /// `bool`
    Bool(bool),
    /// `int`
    Int(i64),
    /// `decimal` (and percent)
    Decimal(Decimal),
    /// `string`
    Str(Str),
    /// `date`
    Date(Date),
    /// `duration`, in days
    Duration(i64),
    /// `country`
    Country(Country),
    /// `quantity`
    Quantity(Quantity),
    /// `money`
    Money(Money),
    /// The neutral zero of `sum` over money or quantities: no currency or
    /// unit, equal to every zero (§6).
    Zero,
    /// An enum variant, by index.
    Enum(u32),
    /// A record: field values by slot.
    Record(Arc<[Value]>),
    /// `list<T>`
    List(Arc<[Value]>),
    /// `set<T>`
    Set(Arc<SetValue>),
    /// `map<K, V>` (§11)
    Map(Arc<MapValue>),
}

/// A `quantity`: an exact value and its unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quantity {
    /// The number.
    pub value: Decimal,
    /// The unit.
    pub unit: Unit,
}

/// A `money` amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Money {
    /// The number.
    pub amount: Decimal,
    /// ISO 4217 code.
    pub currency: Currency,
}

/// An ISO 3166-1 alpha-2 code, stored as its two ASCII bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Country(pub [u8; 2]);

/// An ISO 4217 code, stored as its three ASCII bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Currency(pub [u8; 3]);

impl Country {
    /// The code, if `s` is two ASCII bytes (validity is checked elsewhere).
    pub fn from_code(s: &str) -> Option<Country> {
        let b: [u8; 2] = s.as_bytes().try_into().ok()?;
        b.is_ascii().then_some(Country(b))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl Currency {
    /// The code, if `s` is three ASCII bytes (validity is checked elsewhere).
    pub fn from_code(s: &str) -> Option<Currency> {
        let b: [u8; 3] = s.as_bytes().try_into().ok()?;
        b.is_ascii().then_some(Currency(b))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Bytes a string may have to be stored inline (no allocation).
const INLINE: usize = 22;

/// An immutable string: inline up to 22 bytes, shared beyond. Most record
/// strings (codes, tariff numbers, materials, ids) fit inline, which saves an
/// allocation per string when reading input.
/// The representation is private: [`Str::new`] and `From<String>` are the
/// only constructors, so the inline bytes are always a copy of a `&str`.
#[derive(Clone)]
pub struct Str(Repr);

#[derive(Clone)]
enum Repr {
    /// Short text, `len` bytes of `buf`.
    Inline {
        /// Used bytes (at most [`INLINE`]).
        len: u8,
        // INVARIANT: `buf[..len]` is valid UTF-8 (copied from a `&str`).
        buf: [u8; INLINE],
    },
    /// Longer text.
    Heap(Arc<str>),
}

impl Str {
    /// Copies `s` into a new string.
    pub fn new(s: &str) -> Str {
        let bytes = s.as_bytes();
        if bytes.len() <= INLINE {
            let mut buf = [0u8; INLINE];
            if let Some(dst) = buf.get_mut(..bytes.len()) {
                dst.copy_from_slice(bytes);
            }
            Str(Repr::Inline {
                len: bytes.len() as u8,
                buf,
            })
        } else {
            Str(Repr::Heap(Arc::from(s)))
        }
    }

    /// The text. The inline bytes are a copy of a `&str` (the representation is private), so
    /// the check cannot fail; were it to, a crash beats comparing as `""`.
    #[expect(
        clippy::expect_used,
        reason = "proven: `Str::new` copies `len <= INLINE` bytes of a `&str`, and the representation is private"
    )]
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Inline { len, buf } => buf
                .get(..*len as usize)
                .and_then(|b| std::str::from_utf8(b).ok())
                .expect("inline string bytes are a copy of a `&str`"),
            Repr::Heap(s) => s,
        }
    }

    /// Whether the text is stored inline (no allocation).
    #[cfg(test)]
    fn is_inline(&self) -> bool {
        matches!(self.0, Repr::Inline { .. })
    }
}

impl From<String> for Str {
    fn from(s: String) -> Str {
        if s.len() <= INLINE {
            Str::new(&s)
        } else {
            Str(Repr::Heap(Arc::from(s)))
        }
    }
}

impl Deref for Str {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Str {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Str {
    fn eq(&self, other: &Str) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Str {}

impl Hash for Str {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Must hash exactly as `str` does, for `Borrow<str>` lookups.
        self.as_str().hash(state)
    }
}

impl fmt::Debug for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Value {
    /// A string value.
    pub fn str(s: &str) -> Value {
        Value::Str(Str::new(s))
    }

    /// A list value.
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Arc::from(items))
    }

    /// A set value (first of repeated elements kept).
    pub fn set(items: impl IntoIterator<Item = Value>) -> Value {
        Value::Set(Arc::new(SetValue::from_values(items)))
    }

    /// A record value.
    pub fn record(fields: Vec<Value>) -> Value {
        Value::Record(Arc::from(fields))
    }

    /// The elements of a list or set, in iteration order; `None` for others.
    pub fn elements(&self) -> Option<&[Value]> {
        match self {
            Value::List(items) => Some(items),
            Value::Set(set) => Some(set.items()),
            _ => None,
        }
    }

    /// Field `slot` of a record.
    pub fn field(&self, slot: u32) -> Option<&Value> {
        match self {
            Value::Record(fields) => fields.get(slot as usize),
            _ => None,
        }
    }

    /// Whether this is an absent optional.
    pub fn is_absent(&self) -> bool {
        matches!(self, Value::Absent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(amount: &str, code: &str) -> Value {
        Value::Money(Money {
            amount: amount.parse().unwrap(),
            currency: Currency::from_code(code).unwrap(),
        })
    }

    fn quantity(value: &str, unit: Unit) -> Value {
        Value::Quantity(Quantity {
            value: value.parse().unwrap(),
            unit,
        })
    }

    #[test]
    fn money_sets_are_hashed_and_keep_equal_values_once() {
        // Past the index threshold, with zeros among them: zeros are
        // compared one by one, the rest by key; the result is what a scan
        // by `==` gives (first of equal elements kept, two currencies apart).
        let mut items: Vec<Value> = (1..=20).map(|i| money(&i.to_string(), "USD")).collect();
        items.insert(3, money("0", "USD"));
        items.push(money("0.00", "USD"));
        items.push(money("0", "EUR"));
        items.push(Value::Zero);
        items.push(money("5.0", "USD"));
        items.push(money("5", "EUR"));
        let set = SetValue::from_values(items);
        assert!(matches!(set.index(), SetIndex::Scalar { .. }));
        // 20 USD amounts, 0 USD, 0 EUR and 5 EUR; `0.00 USD`, the neutral
        // zero and `5.0 USD` repeat earlier elements.
        assert_eq!(set.len(), 23);
    }

    #[test]
    fn quantity_sets_compare_across_units() {
        let mut items: Vec<Value> = (1..=20)
            .map(|i| quantity(&i.to_string(), Unit::Kg))
            .collect();
        items.push(quantity("1000", Unit::G));
        items.push(quantity("0.002", Unit::T));
        items.push(quantity("3", Unit::Pcs));
        items.push(quantity("0", Unit::G));
        items.push(quantity("0", Unit::Kg));
        let set = SetValue::from_values(items);
        assert_eq!(
            set.len(),
            22,
            "1000 g is 1 kg and 0.002 t is 2 kg; 0 g equals 0 kg"
        );
    }

    #[test]
    fn strings_inline_and_shared() {
        let short = Str::new("1C902.a");
        assert!(short.is_inline());
        assert_eq!(&*short, "1C902.a");
        let long = Str::new("a name longer than twenty-two bytes");
        assert!(!long.is_inline());
        assert_eq!(long.as_str(), "a name longer than twenty-two bytes");
        assert_eq!(Str::new(""), Str::from(String::new()));
    }

    #[test]
    fn sets_keep_first_and_index() {
        let s = SetValue::from_values((0..40).map(|i| Value::str(&format!("c{}", i % 20))));
        assert_eq!(s.len(), 20);
        assert!(matches!(s.index(), SetIndex::Str(_)));
        assert!(s.contains_str("c19"));
        assert!(!s.contains_str("c20"));
        let nums = SetValue::from_values(vec![Value::Int(1), Value::Decimal(Decimal::new(10, 1))]);
        assert_eq!(nums.len(), 1);
    }

    #[test]
    fn value_is_small() {
        assert!(std::mem::size_of::<Value>() <= 32);
    }
}
