//! Fail closed inside: an impossible case (a value of the wrong shape, an
//! index outside its table) is an internal [`ValueError`] that makes the
//! rule indeterminate (→ `review`), never a default such as `true`, empty
//! or absent. These helpers make that the easy path:
//!
//! ```ignore
//! let items = coll.elements().or_internal("iteration over a value that is not a collection")?;
//! ```

use crate::eval::ops::{internal, ValueError};
use crate::value::Value;

/// Turns a missing value into an internal error instead of a default.
pub trait OrInternal<T> {
    /// The value, or an internal error saying `what` was impossible.
    fn or_internal(self, what: &'static str) -> Result<T, ValueError>;
}

impl<T> OrInternal<T> for Option<T> {
    #[inline]
    fn or_internal(self, what: &'static str) -> Result<T, ValueError> {
        match self {
            Some(v) => Ok(v),
            None => Err(internal(what)),
        }
    }
}

/// The elements `from..to` of a collection (a binder's range, computed by
/// `Cx::iter_range`); an internal error when `coll` is not a collection or
/// the range is outside it.
#[inline]
pub fn elements_in(coll: &Value, from: usize, to: usize) -> Result<&[Value], ValueError> {
    coll.elements()
        .or_internal("iteration over a value that is not a collection")?
        .get(from..to)
        .or_internal("an iteration range outside its collection")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_is_an_internal_error() {
        let none: Option<u8> = None;
        assert!(matches!(
            none.or_internal("x"),
            Err(ValueError::Internal { what }) if what == "x"
        ));
        assert_eq!(Some(3).or_internal("x"), Ok(3));
    }

    #[test]
    fn elements_of_a_non_collection_or_outside_are_errors() {
        let list = Value::list(vec![Value::Int(1), Value::Int(2)]);
        assert_eq!(elements_in(&list, 0, 2).map(<[Value]>::len), Ok(2));
        assert!(elements_in(&list, 1, 3).is_err());
        assert!(elements_in(&Value::Int(1), 0, 0).is_err());
        assert!(elements_in(&Value::Absent, 0, 0).is_err());
    }
}
