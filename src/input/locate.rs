//! Positions in JSON text for input errors. serde_json reports where it
//! stopped; these helpers walk back to the start of the token, key or object
//! an error is about, and turn byte offsets into 1-based lines and columns
//! counted in characters (by the shared [`LineIndex`]).

use crate::source::LineIndex;

/// The byte offset of serde_json's 1-based `(line, column)` in `text`.
/// serde_json counts columns in bytes, and its position is just after the
/// last byte it read.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start = LineIndex::new(text).line_start(line).unwrap_or(0);
    (start + column).min(text.len())
}

/// 1-based line and character column of byte `offset` in `text`, where the
/// text's first line is line `first_line` (an NDJSON record is one line of
/// a larger input).
pub fn line_col(text: &str, offset: usize, first_line: usize) -> (usize, usize) {
    let (line, column) = LineIndex::new(text).line_col(text, offset);
    (first_line + line - 1, column)
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Whether the byte at `i` is a `"` that closes or opens a string (not escaped).
fn unescaped_quote(bytes: &[u8], i: usize) -> bool {
    if bytes.get(i) != Some(&b'"') {
        return false;
    }
    let backslashes = bytes
        .get(..i)
        .map_or(0, |b| b.iter().rev().take_while(|c| **c == b'\\').count());
    backslashes % 2 == 0
}

/// The start of the string whose closing quote is at `close`.
fn string_start(bytes: &[u8], close: usize) -> usize {
    let mut i = close;
    while i > 0 {
        i -= 1;
        if unescaped_quote(bytes, i) {
            return i;
        }
    }
    0
}

/// The start of the JSON token (string, number, literal, object or array)
/// that ends just before `end` (white space before `end` skipped).
pub fn token_start(text: &str, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut e = end.min(bytes.len());
    while e > 0 && bytes.get(e - 1).copied().is_some_and(is_ws) {
        e -= 1;
    }
    let Some(last) = e.checked_sub(1) else {
        return 0;
    };
    match bytes.get(last) {
        Some(b'"') => string_start(bytes, last),
        Some(b'}') | Some(b']') => opener(bytes, last),
        Some(b'{') | Some(b'[') => last,
        _ => {
            let mut s = e;
            while s > 0
                && bytes
                    .get(s - 1)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-'))
            {
                s -= 1;
            }
            s
        }
    }
}

/// The offset of the `{`/`[` matching the closer at `close`, skipping strings.
pub fn opener(bytes: &[u8], close: usize) -> usize {
    let mut depth = 0usize;
    let mut i = close + 1;
    while i > 0 {
        i -= 1;
        match bytes.get(i) {
            Some(b'"') if unescaped_quote(bytes, i) => i = string_start(bytes, i),
            Some(b'}') | Some(b']') => depth += 1,
            Some(b'{') | Some(b'[') => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    0
}

/// The opening brace of the object whose `}` is at or after `at` (serde_json
/// stops on the closing brace when it finds a field missing).
pub fn enclosing_object(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = at.min(bytes.len());
    while bytes.get(i).copied().is_some_and(is_ws) {
        i += 1;
    }
    if bytes.get(i) == Some(&b'}') {
        return opener(bytes, i);
    }
    // Not on the brace (end of input): walk back to the innermost open object.
    let mut depth = 0usize;
    while i > 0 {
        i -= 1;
        match bytes.get(i) {
            Some(b'"') if unescaped_quote(bytes, i) => i = string_start(bytes, i),
            Some(b'}') | Some(b']') => depth += 1,
            Some(b'{') if depth == 0 => return i,
            Some(b'{') | Some(b'[') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    0
}

/// A step of a field path, for finding a value in JSON text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    /// An object key.
    Field(String),
    /// An array element.
    Index(usize),
}

/// A forward walk over JSON text that the parser already read up to the
/// value sought (only error paths use it).
struct Walk<'a> {
    b: &'a [u8],
    i: usize,
}

impl Walk<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while self.peek().is_some_and(is_ws) {
            self.i += 1;
        }
    }

    /// Skips a string starting at the current `"`; returns its raw contents.
    fn string(&mut self) -> Option<(usize, usize)> {
        if self.peek() != Some(b'"') {
            return None;
        }
        let start = self.i + 1;
        self.i += 1;
        while let Some(c) = self.peek() {
            match c {
                b'\\' => self.i += 2,
                b'"' => {
                    self.i += 1;
                    return Some((start, self.i - 1));
                }
                _ => self.i += 1,
            }
        }
        None
    }

    fn value(&mut self) -> Option<()> {
        self.ws();
        match self.peek()? {
            b'"' => self.string().map(|_| ()),
            b'{' | b'[' => {
                let mut depth = 0usize;
                while let Some(c) = self.peek() {
                    match c {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.i += 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.i += 1;
                }
                None
            }
            _ => {
                while self
                    .peek()
                    .is_some_and(|c| !matches!(c, b',' | b'}' | b']') && !is_ws(c))
                {
                    self.i += 1;
                }
                Some(())
            }
        }
    }

    /// In an object at the current position: calls `f(key, key_offset)` for
    /// each key with the walker at its value; stops when `f` says so.
    fn members(&mut self, mut f: impl FnMut(&str, usize, &mut Self) -> Option<bool>) -> Option<()> {
        self.ws();
        if self.peek()? != b'{' {
            return None;
        }
        self.i += 1;
        loop {
            self.ws();
            if self.peek()? == b'}' {
                return None;
            }
            let at = self.i;
            let (s, e) = self.string()?;
            let raw = std::str::from_utf8(self.b.get(s..e)?).ok()?;
            let key: String = if raw.contains('\\') {
                serde_json::from_str(std::str::from_utf8(self.b.get(s - 1..=e)?).ok()?).ok()?
            } else {
                raw.to_string()
            };
            self.ws();
            if self.peek()? != b':' {
                return None;
            }
            self.i += 1;
            self.ws();
            if f(&key, at, self)? {
                return Some(());
            }
            self.value()?;
            self.ws();
            if self.peek()? == b',' {
                self.i += 1;
            }
        }
    }

    /// Moves to the value at `path`.
    fn descend(&mut self, path: &[Seg]) -> Option<()> {
        let Some((first, rest)) = path.split_first() else {
            self.ws();
            return Some(());
        };
        match first {
            Seg::Field(name) => {
                let mut found = false;
                self.members(|k, _, _| {
                    found = k == name;
                    Some(found)
                })?;
                if !found {
                    return None;
                }
            }
            Seg::Index(n) => {
                self.ws();
                if self.peek()? != b'[' {
                    return None;
                }
                self.i += 1;
                for _ in 0..*n {
                    self.value()?;
                    self.ws();
                    if self.peek()? != b',' {
                        return None;
                    }
                    self.i += 1;
                }
            }
        }
        self.descend(rest)
    }
}

/// The byte offset of the value at `path` in the JSON `text`.
pub fn value_at(text: &str, path: &[Seg]) -> Option<usize> {
    let mut w = Walk {
        b: text.as_bytes(),
        i: 0,
    };
    w.descend(path)?;
    Some(w.i)
}

/// The byte offset of the `n`-th occurrence of `key` in the object at `parent`.
pub fn key_at(text: &str, parent: &[Seg], key: &str, n: u8) -> Option<usize> {
    let mut w = Walk {
        b: text.as_bytes(),
        i: 0,
    };
    w.descend(parent)?;
    let mut seen = 0u8;
    let mut found = None;
    w.members(|k, at, _| {
        if k == key {
            seen += 1;
            if seen == n {
                found = Some(at);
                return Some(true);
            }
        }
        Some(false)
    })?;
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        let t = r#"{"a":"x\"y","b":12.5,"c":{"d":[1,"]"]} }"#;
        let end_str = t.find(",\"b\"").unwrap();
        assert_eq!(token_start(t, end_str), t.find("\"x").unwrap());
        let end_num = t.find(",\"c\"").unwrap();
        assert_eq!(token_start(t, end_num), t.find("12.5").unwrap());
        let end_obj = t.rfind('}').unwrap() - 1;
        assert_eq!(token_start(t, end_obj), t.find("{\"d\"").unwrap());
        assert_eq!(enclosing_object(t, t.rfind('}').unwrap()), 0);
    }

    #[test]
    fn paths() {
        let t = r#" {"a": {"b\u0041": [1, {"c": "x"}]}, "a": 2}"#;
        let p = |segs: &[Seg]| value_at(t, segs);
        let f = |s: &str| Seg::Field(s.to_string());
        assert_eq!(p(&[]), Some(1));
        assert_eq!(p(&[f("a")]), t.find("{\"b"));
        assert_eq!(
            p(&[f("a"), f("bA"), Seg::Index(1), f("c")]),
            t.find("\"x\"")
        );
        assert_eq!(key_at(t, &[], "a", 2), t.rfind("\"a\""));
        assert_eq!(p(&[f("zz")]), None);
    }

    #[test]
    fn lines_and_columns() {
        let t = "ab\néx\n";
        assert_eq!(line_col(t, 0, 1), (1, 1));
        assert_eq!(line_col(t, 3, 1), (2, 1));
        assert_eq!(line_col(t, 5, 1), (2, 2));
        assert_eq!(offset_of(t, 2, 2), 5);
    }
}
