//! Types as the checker uses them: resolving written types, showing them in
//! messages, and the two relations every check needs — "fits" (a value of
//! one type may stand where another is expected) and "join" (the common type
//! of two branches or elements).

use crate::ast::{TypeExpr, TypeKind};
use crate::check::error::CheckError;
use crate::check::suggest::best as did_you_mean;
use crate::check::{Checker, Item};
use crate::ir::types::TypeDisplay;
use crate::ir::Type;

/// The primitive type names, reserved in type position.
pub const PRIMITIVES: [&str; 9] = [
    "bool", "int", "decimal", "string", "date", "duration", "country", "quantity", "money",
];

/// The primitive type with this name.
pub fn primitive(name: &str) -> Option<Type> {
    Some(match name {
        "bool" => Type::Bool,
        "int" => Type::Int,
        "decimal" => Type::Decimal,
        "string" => Type::String,
        "date" => Type::Date,
        "duration" => Type::Duration,
        "country" => Type::Country,
        "quantity" => Type::Quantity,
        "money" => Type::Money,
        _ => return None,
    })
}

/// Whether values of this type are numbers (`int` or `decimal`).
pub fn is_number(ty: &Type) -> bool {
    matches!(ty, Type::Int | Type::Decimal)
}

/// Whether `< <= > >=` and `min`/`max` apply (§3).
pub fn is_ordered(ty: &Type) -> bool {
    matches!(
        ty,
        Type::Int
            | Type::Decimal
            | Type::Money
            | Type::Quantity
            | Type::Date
            | Type::Duration
            | Type::String
            | Type::Error
            | Type::Unknown
    )
}

/// Whether `actual` may stand where `expected` is needed. Optionals are
/// handled by the callers (a `T?` where `T` is needed is its own error).
///
/// An `int` value fits a `decimal` (or `decimal?`) position: the checker
/// widens it (`typeck::widen`). Inside a list, set or optional it does not,
/// since a whole collection or an absent value cannot be widened in place.
pub fn fits(actual: &Type, expected: &Type) -> bool {
    match (actual, expected) {
        (Type::Int, Type::Decimal) => true,
        (Type::Optional(a), Type::Optional(e)) => same(a, e),
        (a, Type::Optional(e)) if !a.is_optional() => fits(a, e),
        (a, e) => same(a, e),
    }
}

/// Type equality where poison and an empty literal's element match anything.
fn same(a: &Type, e: &Type) -> bool {
    match (a, e) {
        (Type::Error, _) | (_, Type::Error) | (Type::Unknown, _) | (_, Type::Unknown) => true,
        (Type::List(a), Type::List(e))
        | (Type::Set(a), Type::Set(e))
        | (Type::Optional(a), Type::Optional(e)) => same(a, e),
        (Type::Map(ak, av), Type::Map(ek, ev)) => same(ak, ek) && same(av, ev),
        (a, e) => a == e,
    }
}

/// The common type of two values that must agree (if branches, elements),
/// or `None` when they do not.
/// As with [`fits`], `int` and `decimal` join to `decimal` only at the top
/// level (or under one `?` with a present side), where the int side can be
/// widened.
pub fn join(a: &Type, b: &Type) -> Option<Type> {
    match (a, b) {
        (Type::Int, Type::Decimal) | (Type::Decimal, Type::Int) => Some(Type::Decimal),
        (Type::Optional(x), y) | (y, Type::Optional(x)) if !y.is_optional() => {
            Some(Type::Optional(Box::new(join_exact(x, y)?)))
        }
        _ => join_exact(a, b),
    }
}

/// The common type when only poison and an empty literal's element differ.
fn join_exact(a: &Type, b: &Type) -> Option<Type> {
    match (a, b) {
        (Type::Error, _) | (_, Type::Error) => Some(Type::Error),
        (Type::Unknown, t) | (t, Type::Unknown) => Some(t.clone()),
        (Type::List(x), Type::List(y)) => Some(Type::List(Box::new(join_exact(x, y)?))),
        (Type::Set(x), Type::Set(y)) => Some(Type::Set(Box::new(join_exact(x, y)?))),
        (Type::Map(xk, xv), Type::Map(yk, yv)) => Some(Type::Map(
            Box::new(join_exact(xk, yk)?),
            Box::new(join_exact(xv, yv)?),
        )),
        (Type::Optional(x), Type::Optional(y)) => Some(Type::Optional(Box::new(join_exact(x, y)?))),
        (x, y) if x == y => Some(x.clone()),
        _ => None,
    }
}

/// Whether a map may be keyed by values of this type (§11).
pub fn is_map_key(ty: &Type) -> bool {
    matches!(
        ty,
        Type::String | Type::Country | Type::Enum(_) | Type::Int | Type::Date | Type::Error
    )
}

/// `T?` of `T`, never `T??`.
pub fn optional(ty: Type) -> Type {
    match ty {
        Type::Optional(_) | Type::Error => ty,
        other => Type::Optional(Box::new(other)),
    }
}

/// Whether a type contains `Unknown` (an empty collection's element).
pub fn has_unknown(ty: &Type) -> bool {
    match ty {
        Type::Unknown => true,
        Type::List(t) | Type::Set(t) | Type::Optional(t) => has_unknown(t),
        Type::Map(k, v) => has_unknown(k) || has_unknown(v),
        _ => false,
    }
}

impl Checker<'_> {
    /// The type as users write it (`list<Item>`, `PartyKind?`).
    pub fn show(&self, ty: &Type) -> String {
        TypeDisplay {
            ty,
            enums: &self.enum_names,
            records: &self.record_names,
        }
        .to_string()
    }

    /// Resolves a written type; unknown names are reported and poison.
    pub fn resolve_type(&mut self, texpr: &TypeExpr) -> Type {
        match &texpr.node {
            TypeKind::Named(name) => {
                if let Some(t) = primitive(name) {
                    return t;
                }
                match self.names.get(name.as_str()) {
                    Some(Item::Enum(id)) => Type::Enum(crate::ir::EnumId(*id)),
                    Some(Item::Record(id)) => Type::Record(crate::ir::RecordId(*id)),
                    None if self.is_poisoned(name) => Type::Error,
                    _ => {
                        let help = self.suggest_type(name);
                        self.report(CheckError::UnknownType {
                            span: texpr.span,
                            name: name.clone(),
                            help,
                        });
                        Type::Error
                    }
                }
            }
            TypeKind::List(inner) => Type::List(Box::new(self.resolve_type(inner))),
            TypeKind::Set(inner) => Type::Set(Box::new(self.resolve_type(inner))),
            TypeKind::Map(key, value) => self.map_type(key, value),
            TypeKind::Hit(inner) => self.hit_type(inner),
            TypeKind::Optional(inner) => optional(self.resolve_type(inner)),
        }
    }

    /// `map<K, V>`: K one of `string`, `country`, an enum, `int`, `date`;
    /// V not optional (§11).
    fn map_type(&mut self, key: &TypeExpr, value: &TypeExpr) -> Type {
        let k = self.resolve_type(key);
        let v = self.resolve_type(value);
        let k = if is_map_key(&k) {
            k
        } else {
            let ty = self.show(&k);
            self.report(CheckError::MapKeyType { span: key.span, ty });
            Type::Error
        };
        let v = if v.is_optional() {
            let ty = self.show(&v);
            self.report(CheckError::MapValueOptional {
                span: value.span,
                ty,
            });
            Type::Error
        } else {
            v
        };
        Type::Map(Box::new(k), Box::new(v))
    }

    fn suggest_type(&self, name: &str) -> Option<String> {
        let declared = self
            .enum_names
            .iter()
            .chain(self.record_names.iter())
            .map(String::as_str);
        let all = PRIMITIVES.iter().copied().chain(declared);
        if let Some(s) = did_you_mean(name, all) {
            return Some(format!("did you mean `{s}`?"));
        }
        match name {
            "str" | "text" => Some("did you mean `string`?".into()),
            "float" | "number" | "double" => Some("did you mean `decimal`?".into()),
            "boolean" => Some("did you mean `bool`?".into()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int_fits_decimal_but_not_back() {
        assert!(fits(&Type::Int, &Type::Decimal));
        assert!(!fits(&Type::Decimal, &Type::Int));
        assert!(fits(
            &Type::List(Box::new(Type::Unknown)),
            &Type::List(Box::new(Type::Country))
        ));
        assert!(!fits(&Type::String, &Type::Country));
        assert!(!fits(&Type::Country, &Type::String));
        assert!(fits(&Type::String, &optional(Type::String)));
        assert!(fits(&Type::Int, &optional(Type::Decimal)));
        assert!(!fits(
            &Type::List(Box::new(Type::Int)),
            &Type::List(Box::new(Type::Decimal))
        ));
        assert!(!fits(&optional(Type::Int), &optional(Type::Decimal)));
    }

    #[test]
    fn join_widens_and_keeps_optional() {
        assert_eq!(join(&Type::Int, &Type::Decimal), Some(Type::Decimal));
        assert_eq!(
            join(&Type::Int, &optional(Type::Int)),
            Some(optional(Type::Int))
        );
        assert_eq!(join(&Type::Country, &Type::String), None);
    }
}
