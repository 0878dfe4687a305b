//! Strings as sequences (§11): `s[i]` and `s[a..b]` count Unicode scalar
//! values (Rust `char`s), never bytes, so a slice never splits a character.

use crate::value::error::ValueError;
use crate::value::{Str, Value};

/// `s[i]`: the one-character string at position `i`; out of range (or
/// negative) is an error that makes the rule indeterminate.
pub fn char_at(s: &Str, index: i64) -> Result<Value, ValueError> {
    usize::try_from(index)
        .ok()
        .and_then(|i| s.chars().nth(i))
        .map(|c| Value::str(c.encode_utf8(&mut [0u8; 4])))
        .ok_or_else(|| ValueError::CharOutOfRange {
            index,
            len: s.chars().count(),
        })
}

/// `s[from..to]` with bounds already clamped to `0..=len` in characters.
pub fn chars_between(s: &Str, from: usize, to: usize) -> Value {
    if from == 0 && to >= s.chars().count() {
        return Value::Str(s.clone());
    }
    let start = byte_offset(s, from);
    let end = byte_offset(s, to);
    Value::str(s.get(start..end.max(start)).unwrap_or(""))
}

/// The byte offset of character `n` (the length when past the end).
fn byte_offset(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Str {
        Str::from(text.to_string())
    }

    fn text(v: &Value) -> &str {
        match v {
            Value::Str(s) => s.as_str(),
            _ => "",
        }
    }

    #[test]
    fn index_counts_characters() {
        assert_eq!(text(&char_at(&s("Zürich"), 1).unwrap()), "ü");
        assert_eq!(text(&char_at(&s("日本"), 1).unwrap()), "本");
        assert_eq!(
            char_at(&s("ab"), 2).unwrap_err(),
            ValueError::CharOutOfRange { index: 2, len: 2 }
        );
        assert!(char_at(&s("ab"), -1).is_err());
    }

    #[test]
    fn slices_count_characters() {
        assert_eq!(text(&chars_between(&s("Müller"), 0, 2)), "Mü");
        assert_eq!(text(&chars_between(&s("Müller"), 2, 6)), "ller");
        assert_eq!(text(&chars_between(&s("3A001.a"), 0, 5)), "3A001");
        assert_eq!(text(&chars_between(&s("abc"), 2, 2)), "");
    }
}
