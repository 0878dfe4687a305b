//! Where the top-level declarations of a file start, for error recovery.
//!
//! A linear pass that knows strings (with `{…}` interpolation), comments and
//! brackets, like the scan, but only to find resynchronisation points: a
//! declaration keyword (`enum`, `record`, `const`, `def`, `policy`, `test`)
//! outside every bracket. When a bracket is still open at the end of the
//! file (a missing `}`), the last of those declarations is split again at
//! every line that starts, in column 0, with what looks like a declaration
//! head (`policy NAME`, `test "…"`): formatted code indents everything inside
//! a body, so such a line is a new declaration. A balanced declaration is
//! never split that way, however it is indented.
//! A run of `///` comments directly above a keyword belongs to its chunk.

use crate::syntax::keywords::is_declaration;

/// A stretch of a file: one declaration (perhaps broken), or the text before
/// the first one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chunk {
    /// First byte (the doc comments' start, if any), relative to the file.
    pub start: usize,
    /// The declaration keyword; `None` for the text before the first one.
    pub keyword: Option<usize>,
    /// One past the last byte (the next chunk's start or the end of file).
    pub end: usize,
}

enum Ctx {
    Str,
    Interp,
    Bracket,
}

/// Splits `text` into chunks that cover it exactly, in order.
pub fn split(text: &str) -> Vec<Chunk> {
    let bytes = text.as_bytes();
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let mut starts: Vec<(usize, usize)> = Vec::new();
    // Column-0 declaration heads inside brackets.
    let mut heads: Vec<(usize, usize)> = Vec::new();
    let mut stack: Vec<Ctx> = Vec::new();
    // Start of the run of doc comments just before the current position.
    let mut doc_run: Option<usize> = None;
    // The last byte of code seen (a keyword after `.` is a field name).
    let mut last_code = 0u8;
    let mut i = 0;
    while i < bytes.len() {
        let b = at(i);
        if matches!(stack.last(), Some(Ctx::Str)) {
            match b {
                b'"' | b'\n' => {
                    stack.pop();
                }
                b'\\' if at(i + 1) != b'\n' => i += 1,
                b'{' => stack.push(Ctx::Interp),
                _ => {}
            }
            i += 1;
            continue;
        }
        match b {
            b' ' | b'\t' | b'\r' | b'\n' => {
                i += 1;
                continue;
            }
            b'/' if at(i + 1) == b'/' => {
                let end = text
                    .get(i..)
                    .and_then(|s| s.find('\n'))
                    .map_or(bytes.len(), |e| i + e);
                let doc = at(i + 2) == b'/' && at(i + 3) != b'/';
                doc_run = if doc { doc_run.or(Some(i)) } else { None };
                i = end;
                continue;
            }
            b'/' if at(i + 1) == b'*' => {
                i = text
                    .get(i + 2..)
                    .and_then(|s| s.find("*/"))
                    .map_or(bytes.len(), |e| i + 2 + e + 2);
                doc_run = None;
                continue;
            }
            b'"' => stack.push(Ctx::Str),
            b'(' | b'[' | b'{' => stack.push(Ctx::Bracket),
            b')' | b']' | b'}' => {
                // An unmatched closer is the scan's to report; ignore it here.
                if matches!(stack.last(), Some(Ctx::Interp | Ctx::Bracket)) {
                    stack.pop();
                }
            }
            _ if b.is_ascii_alphanumeric() || b == b'_' => {
                let start = i;
                while at(i).is_ascii_alphanumeric() || at(i) == b'_' {
                    i += 1;
                }
                let word = text.get(start..i).unwrap_or("");
                if word == "r" && at(i) == b'"' {
                    // A raw string (§11): no escapes or interpolation, it
                    // ends at the next `"` (or, unterminated, the line's end).
                    i = text
                        .get(i + 1..)
                        .and_then(|s| s.find(['"', '\n']))
                        .map_or(bytes.len(), |e| i + 1 + e + 1);
                    last_code = b'"';
                    doc_run = None;
                    continue;
                }
                let line_start = start == 0 || at(start - 1) == b'\n';
                if is_declaration(word) && last_code != b'.' {
                    if stack.is_empty() {
                        starts.push((doc_run.unwrap_or(start), start));
                    } else if line_start && looks_like_head(text, i) {
                        heads.push((doc_run.unwrap_or(start), start));
                    }
                }
                doc_run = None;
                last_code = b'a';
                continue;
            }
            _ => {}
        }
        doc_run = None;
        last_code = b;
        i += text
            .get(i..)
            .and_then(|s| s.chars().next())
            .map_or(1, char::len_utf8);
    }
    if stack.iter().any(|c| !matches!(c, Ctx::Str)) {
        // The last declaration never closes: resynchronise at the heads in it.
        let last = starts.last().map_or(0, |s| s.1);
        starts.extend(heads.into_iter().filter(|h| h.1 > last));
    }
    let mut chunks = Vec::with_capacity(starts.len() + 1);
    let first = starts.first().map_or(bytes.len(), |s| s.0);
    if first > 0 {
        chunks.push(Chunk {
            start: 0,
            keyword: None,
            end: first,
        });
    }
    for (n, &(start, keyword)) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map_or(bytes.len(), |s| s.0);
        chunks.push(Chunk {
            start,
            keyword: Some(keyword),
            end,
        });
    }
    chunks
}

/// Whether a keyword ending at `after` is followed on its line by a name or
/// a string, as in a declaration head (not `policy: bool`, a field).
fn looks_like_head(text: &str, after: usize) -> bool {
    let rest = text.get(after..).unwrap_or("");
    let rest = rest.trim_start_matches([' ', '\t']);
    rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '"')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heads(text: &str) -> Vec<&str> {
        split(text)
            .iter()
            .map(|c| text.get(c.start..c.end).unwrap_or("").trim_end())
            .collect()
    }

    #[test]
    fn chunks_cover_the_file() {
        let text = "// lead\nconst a = 1\n/// doc\nenum E { x }\n";
        let chunks = split(text);
        assert_eq!(chunks.first().map(|c| c.start), Some(0));
        assert_eq!(chunks.last().map(|c| c.end), Some(text.len()));
        assert!(chunks.windows(2).all(|w| w[0].end == w[1].start));
        assert_eq!(
            heads(text),
            ["// lead", "const a = 1", "/// doc\nenum E { x }"]
        );
    }

    #[test]
    fn nested_and_quoted_keywords_do_not_split() {
        let text = "policy p for s: S {\n  const c = 1\n  def f(): int = s.policy\n}\ntest \"const x\" { given s = S { test: 1 } }\n";
        assert_eq!(heads(text).len(), 2);
    }

    #[test]
    fn a_raw_string_has_no_escapes() {
        // `\"` does not escape the quote in `r"…\"`: the next line is a
        // declaration of its own.
        let text = "const a = r\"C:\\\"\nconst b = r\"{x\"\n";
        assert_eq!(heads(text), ["const a = r\"C:\\\"", "const b = r\"{x\""]);
    }

    #[test]
    fn a_column_zero_head_recovers_from_a_missing_brace() {
        let text =
            "policy p for s: S {\n  rule r {\n    deny \"x\"\n\nrecord R {\npolicy: bool\n}\n";
        assert_eq!(
            heads(text),
            [
                "policy p for s: S {\n  rule r {\n    deny \"x\"",
                "record R {\npolicy: bool\n}"
            ]
        );
    }

    #[test]
    fn a_balanced_declaration_is_not_split_at_column_zero() {
        let text = "policy p for s: S {\nconst c = 1\n  rule r { deny \"x\" }\n}\nconst d = \n";
        assert_eq!(heads(text).len(), 2);
    }

    #[test]
    fn interpolation_and_comments_are_skipped() {
        let text = "const a = \"{f(\"}\")} const\" /* const b */\nconst c = 2";
        assert_eq!(heads(text).len(), 2);
    }
}
