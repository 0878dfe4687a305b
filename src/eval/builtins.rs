//! The built-in functions of §6 on runtime values.

use std::cmp::Ordering;

use unicode_normalization::UnicodeNormalization;

use crate::eval::ops::{self, internal, ValueError};
use crate::ir::Builtin;
use crate::value::{Str, Value};

/// Applies a built-in to already evaluated arguments.
pub fn call(func: Builtin, args: &[Value]) -> Result<Value, ValueError> {
    match (func, args) {
        (Builtin::Len, [v]) => len(v),
        (Builtin::Abs, [v]) => ops::abs(v),
        (Builtin::Lower, [Value::Str(s)]) => Ok(map_str(s, |t| t.to_lowercase())),
        (Builtin::Upper, [Value::Str(s)]) => Ok(map_str(s, |t| t.to_uppercase())),
        (Builtin::Trim, [Value::Str(s)]) => Ok(trim(s)),
        (Builtin::Normalize, [Value::Str(s)]) => Ok(Value::Str(normalize_str(s))),
        (Builtin::StartsWith, [Value::Str(s), Value::Str(p)]) => {
            Ok(Value::Bool(s.starts_with(p.as_str())))
        }
        (Builtin::EndsWith, [Value::Str(s), Value::Str(p)]) => {
            Ok(Value::Bool(s.ends_with(p.as_str())))
        }
        (Builtin::Contains, [Value::Str(s), Value::Str(p)]) => {
            Ok(Value::Bool(s.contains(p.as_str())))
        }
        (Builtin::Year, [Value::Date(d)]) => Ok(Value::Int(i64::from(d.year()))),
        (Builtin::Min, _) => extreme(args, Ordering::Less),
        (Builtin::Max, _) => extreme(args, Ordering::Greater),
        (f, _) => Err(internal(format!("bad arguments to built-in `{f:?}`"))),
    }
}

/// `len` of a list, set or string (strings count characters).
fn len(v: &Value) -> Result<Value, ValueError> {
    let n = match v {
        Value::Str(s) => s.chars().count(),
        Value::List(items) => items.len(),
        Value::Set(set) => set.len(),
        _ => {
            return Err(internal(
                "`len` of a value that is not a list, set or string",
            ))
        }
    };
    i64::try_from(n)
        .map(Value::Int)
        .map_err(|_| ValueError::Overflow { op: "len" })
}

fn map_str(s: &Str, f: impl Fn(&str) -> String) -> Value {
    Value::Str(Str::from(f(s)))
}

fn trim(s: &Str) -> Value {
    let t = s.trim();
    if t.len() == s.len() {
        Value::Str(s.clone())
    } else {
        Value::str(t)
    }
}

/// `min(a, b, …)` / `max(a, b, …)`: the first of the extreme values.
fn extreme(args: &[Value], want: Ordering) -> Result<Value, ValueError> {
    let mut best: Option<&Value> = None;
    for v in args {
        best = match best {
            None => Some(v),
            Some(b) if ops::compare(v, b)? == want => Some(v),
            keep => keep,
        };
    }
    best.cloned().ok_or(ValueError::EmptyAggregate {
        which: if want == Ordering::Less { "min" } else { "max" },
    })
}

/// `normalize` (§6): NFKC, lower case, trimmed, runs of white space
/// collapsed to one space. Returns the input itself when it is already
/// normal (the common case for ASCII names), without allocating.
pub fn normalize_str(s: &Str) -> Str {
    if !s.is_ascii() {
        let lowered = s.nfkc().collect::<String>().to_lowercase();
        return Str::from(lowered.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    // ASCII: NFKC is the identity, and `char::is_whitespace` on ASCII is
    // exactly this set (U+000B included, which `u8::is_ascii_whitespace` omits).
    let ws = |b: u8| matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ');
    let bytes = s.as_bytes();
    let mut normal = bytes.first() != Some(&b' ') && bytes.last() != Some(&b' ');
    let mut prev_space = false;
    for &b in bytes {
        if !normal {
            break;
        }
        let space = b == b' ';
        if b.is_ascii_uppercase() || (ws(b) && !space) || (space && prev_space) {
            normal = false;
        }
        prev_space = space;
    }
    if normal {
        return s.clone();
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split(|c: char| c.is_ascii() && ws(c as u8)) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.make_ascii_lowercase();
    Str::from(out)
}

/// [`normalize_str`] on plain text.
pub fn normalize(s: &str) -> String {
    normalize_str(&Str::new(s)).as_str().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_matches_spec() {
        assert_eq!(normalize("  Acme\t\tTrading   CO. "), "acme trading co.");
        assert_eq!(normalize("already normal"), "already normal");
        // NFKC folds the full-width letters and the ligature.
        assert_eq!(normalize("ＡＣＭＥ  ﬁne\u{3000}Ltd"), "acme fine ltd");
        assert_eq!(normalize("\u{b}x\u{b}"), "x");
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn strings_and_min_max() {
        let s = |t: &str| Value::str(t);
        assert!(matches!(
            call(Builtin::Len, &[s("héllo")]),
            Ok(Value::Int(5))
        ));
        assert!(matches!(
            call(Builtin::StartsWith, &[s("1C902.a"), s("1C")]),
            Ok(Value::Bool(true))
        ));
        assert!(matches!(
            call(Builtin::Min, &[Value::Int(3), Value::Int(1), Value::Int(2)]),
            Ok(Value::Int(1))
        ));
        assert!(matches!(
            call(Builtin::Max, &[Value::Int(3), Value::Int(1)]),
            Ok(Value::Int(3))
        ));
        match call(Builtin::Upper, &[s("straße")]) {
            Ok(Value::Str(u)) => assert_eq!(&*u, "STRASSE"),
            other => panic!("{other:?}"),
        }
        match call(Builtin::Trim, &[s("  x ")]) {
            Ok(Value::Str(u)) => assert_eq!(&*u, "x"),
            other => panic!("{other:?}"),
        }
    }
}
