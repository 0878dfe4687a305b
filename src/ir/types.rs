//! The types of Pol (§3), as the checker resolves them.

use std::fmt;

/// Index of an enum in [`crate::ir::Program::enums`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EnumId(pub u32);

/// Index of a record type in [`crate::ir::Program::records`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordId(pub u32);

/// A resolved type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    /// `bool`
    Bool,
    /// `int` (64-bit signed)
    Int,
    /// `decimal` (exact; also the type of percent literals)
    Decimal,
    /// `string`
    String,
    /// `date`
    Date,
    /// `duration` (whole days)
    Duration,
    /// `country` (ISO 3166-1 alpha-2)
    Country,
    /// `quantity` (mass or count)
    Quantity,
    /// `money`
    Money,
    /// A declared enum.
    Enum(EnumId),
    /// A declared record.
    Record(RecordId),
    /// `list<T>`
    List(Box<Type>),
    /// `set<T>`
    Set(Box<Type>),
    /// `map<K, V>` (§11): key type, value type.
    Map(Box<Type>, Box<Type>),
    /// `T?`
    Optional(Box<Type>),
    /// The element type of an empty `[]`/`{}` with no expected type: fits any.
    Unknown,
    /// Poison: an error was already reported; fits everything, reports nothing.
    Error,
}

impl Type {
    /// `T` for `T?`, else the type itself.
    pub fn strip_optional(&self) -> &Type {
        match self {
            Type::Optional(inner) => inner,
            other => other,
        }
    }

    /// Whether this is `T?`.
    pub fn is_optional(&self) -> bool {
        matches!(self, Type::Optional(_))
    }

    /// The element type of a list or set.
    pub fn element(&self) -> Option<&Type> {
        match self {
            Type::List(t) | Type::Set(t) => Some(t),
            _ => None,
        }
    }

    /// Whether the type contains [`Type::Error`] (so no further error is reported).
    pub fn is_error(&self) -> bool {
        match self {
            Type::Error => true,
            Type::List(t) | Type::Set(t) | Type::Optional(t) => t.is_error(),
            Type::Map(k, v) => k.is_error() || v.is_error(),
            _ => false,
        }
    }
}

/// Displays a type with enum and record names resolved.
pub struct TypeDisplay<'a> {
    /// The type.
    pub ty: &'a Type,
    /// The program, for names.
    pub enums: &'a [String],
    /// Record names.
    pub records: &'a [String],
}

impl fmt::Display for TypeDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sub = |ty| TypeDisplay {
            ty,
            enums: self.enums,
            records: self.records,
        };
        match self.ty {
            Type::Bool => f.write_str("bool"),
            Type::Int => f.write_str("int"),
            Type::Decimal => f.write_str("decimal"),
            Type::String => f.write_str("string"),
            Type::Date => f.write_str("date"),
            Type::Duration => f.write_str("duration"),
            Type::Country => f.write_str("country"),
            Type::Quantity => f.write_str("quantity"),
            Type::Money => f.write_str("money"),
            Type::Enum(id) => f.write_str(
                self.enums
                    .get(id.0 as usize)
                    .map(String::as_str)
                    .unwrap_or("?"),
            ),
            Type::Record(id) => f.write_str(
                self.records
                    .get(id.0 as usize)
                    .map(String::as_str)
                    .unwrap_or("?"),
            ),
            Type::List(t) => write!(f, "list<{}>", sub(t)),
            Type::Set(t) => write!(f, "set<{}>", sub(t)),
            Type::Map(k, v) => write!(f, "map<{}, {}>", sub(k), sub(v)),
            Type::Optional(t) => write!(f, "{}?", sub(t)),
            Type::Unknown => f.write_str("_"),
            Type::Error => f.write_str("{error}"),
        }
    }
}
