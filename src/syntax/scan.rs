//! The lexical pre-scan: one linear pass before pest.
//!
//! It collects comments (pest treats them as trivia), reports string and
//! comment errors at the *opening* quote or `/*` (pest would report the far
//! end), and enforces the nesting limit of LANGUAGE.md §2 so that no later
//! recursive stage can overflow the stack.

use crate::ast::{Comment, CommentKind, Spanned};
use crate::source::Span;
use crate::syntax::error::SyntaxError;
use crate::syntax::keywords::{BODY_HEADERS, LINE_STARTS};

/// Brackets and prefix forms nest at most this deep.
pub const MAX_NESTING: usize = 128;

/// What the scan found in one file.
pub struct Scan {
    /// Every comment, in order.
    pub comments: Vec<Comment>,
    /// Lexical errors; when non-empty, pest is not run on the file.
    pub errors: Vec<SyntaxError>,
}

enum Ctx {
    /// Inside a string opened at this offset.
    Str(usize),
    /// Inside `{…}` of a string.
    Interp,
    /// Inside a bracket opened by this byte at this offset; `true` for the
    /// body brace of a declaration (policy, rule, record, enum, test), which
    /// is structure, not expression nesting, and does not count to the limit.
    Bracket(u8, usize, bool),
}

/// Whether every enclosing context is a declaration body (or there is none).
fn at_declaration_level(stack: &[Ctx]) -> bool {
    stack.iter().all(|c| matches!(c, Ctx::Bracket(_, _, true)))
}

/// Prefix forms open at one bracket level.
#[derive(Default, Clone, Copy)]
struct Prefixes {
    /// `if`, `any`, `all`: closed by the bracket, a `,` or a new line keyword.
    forms: usize,
    /// `not`: closed also by `and`/`or`.
    nots: usize,
    /// unary `-`: closed by the operand that follows.
    negs: usize,
}

impl Prefixes {
    fn total(self) -> usize {
        self.forms + self.nots + self.negs
    }
}

/// Scans `text`, whose first byte has global offset `base`.
pub fn scan(text: &str, base: u32) -> Scan {
    let mut scanner = Scanner {
        text,
        bytes: text.as_bytes(),
        base,
        comments: Vec::new(),
        errors: Vec::new(),
        depth_reported: false,
    };
    scanner.run();
    Scan {
        comments: scanner.comments,
        errors: scanner.errors,
    }
}

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    base: u32,
    comments: Vec<Comment>,
    errors: Vec<SyntaxError>,
    depth_reported: bool,
}

impl Scanner<'_> {
    fn span(&self, lo: usize, hi: usize) -> Span {
        Span::new(self.base + lo as u32, self.base + hi as u32)
    }

    fn byte(&self, i: usize) -> u8 {
        self.bytes.get(i).copied().unwrap_or(0)
    }

    fn char_len(&self, i: usize) -> usize {
        self.text
            .get(i..)
            .and_then(|s| s.chars().next())
            .map(char::len_utf8)
            .unwrap_or(1)
    }

    fn run(&mut self) {
        let mut stack: Vec<Ctx> = Vec::new();
        // One entry per open bracket/interpolation level, plus the top level.
        let mut prefixes: Vec<Prefixes> = vec![Prefixes::default()];
        let mut bracket_reported = false;
        // A declaration keyword was seen; its body's `{` is not nesting.
        let mut pending_header = false;
        // Whether the previous code token ends an operand (so `-` is binary).
        let mut after_operand = false;
        let mut i = 0usize;
        let n = self.bytes.len();
        while i < n {
            if let Some(Ctx::Str(open)) = stack.last() {
                let open = *open;
                match self.byte(i) {
                    b'"' => {
                        stack.pop();
                        after_operand = true;
                        i += 1;
                    }
                    b'\\' => {
                        let len = 1 + self.char_len(i + 1);
                        let next = self.byte(i + 1);
                        if !matches!(next, b'"' | b'\\' | b'n' | b't' | b'{' | b'}') {
                            if next == b'\n' || i + 1 >= n {
                                self.errors.push(SyntaxError::UnterminatedString {
                                    span: self.span(open, open + 1),
                                });
                                stack.pop();
                                i += 1;
                                continue;
                            }
                            let escape = self.text.get(i..i + len).unwrap_or("\\").to_string();
                            self.errors.push(SyntaxError::InvalidEscape {
                                span: self.span(i, i + len),
                                escape,
                            });
                        }
                        i += len;
                    }
                    b'\n' => {
                        self.errors.push(SyntaxError::UnterminatedString {
                            span: self.span(open, open + 1),
                        });
                        stack.pop();
                        after_operand = true;
                        i += 1;
                    }
                    b'{' => {
                        stack.push(Ctx::Interp);
                        prefixes.push(Prefixes::default());
                        self.check_depth(&stack, &prefixes, i, i + 1);
                        after_operand = false;
                        i += 1;
                    }
                    b'}' => {
                        self.errors.push(SyntaxError::UnmatchedBrace {
                            span: self.span(i, i + 1),
                        });
                        i += 1;
                    }
                    _ => i += self.char_len(i),
                }
                continue;
            }
            let b = self.byte(i);
            match b {
                b' ' | b'\t' | b'\r' | b'\n' => i += 1,
                b'/' if self.byte(i + 1) == b'/' => {
                    let end = self
                        .text
                        .get(i..)
                        .and_then(|s| s.find('\n'))
                        .map(|e| i + e)
                        .unwrap_or(n);
                    let text = self
                        .text
                        .get(i..end)
                        .unwrap_or("")
                        .trim_end_matches(['\r', ' ', '\t']);
                    let kind = if text.starts_with("///") && !text.starts_with("////") {
                        CommentKind::Doc
                    } else {
                        CommentKind::Line
                    };
                    self.comments.push(Comment {
                        kind,
                        text: Spanned::new(text.to_string(), self.span(i, i + text.len())),
                    });
                    i = end;
                }
                b'/' if self.byte(i + 1) == b'*' => {
                    match self.text.get(i + 2..).and_then(|s| s.find("*/")) {
                        Some(e) => {
                            let end = i + 2 + e + 2;
                            self.comments.push(Comment {
                                kind: CommentKind::Block,
                                text: Spanned::new(
                                    self.text.get(i..end).unwrap_or("").to_string(),
                                    self.span(i, end),
                                ),
                            });
                            i = end;
                        }
                        None => {
                            self.errors.push(SyntaxError::UnterminatedComment {
                                span: self.span(i, i + 2),
                            });
                            i = n;
                        }
                    }
                }
                b'"' => {
                    stack.push(Ctx::Str(i));
                    if let Some(p) = prefixes.last_mut() {
                        p.negs = 0;
                    }
                    i += 1;
                }
                b'(' | b'[' | b'{' => {
                    let body = b == b'{' && pending_header && at_declaration_level(&stack);
                    if body {
                        pending_header = false;
                    }
                    stack.push(Ctx::Bracket(b, i, body));
                    prefixes.push(Prefixes::default());
                    self.check_depth(&stack, &prefixes, i, i + 1);
                    after_operand = false;
                    i += 1;
                }
                b')' | b']' | b'}' => {
                    match stack.last() {
                        Some(Ctx::Interp) if b == b'}' => {
                            stack.pop();
                            prefixes.pop();
                        }
                        Some(Ctx::Bracket(open, at, _)) => {
                            let (open, at) = (*open, *at);
                            if closer(open) != b && !bracket_reported {
                                bracket_reported = true;
                                self.errors.push(SyntaxError::UnclosedBracket {
                                    span: self.span(at, at + 1),
                                    mismatch: Some(self.span(i, i + 1)),
                                    open: open as char,
                                    close: closer(open) as char,
                                    found: b as char,
                                });
                            }
                            stack.pop();
                            prefixes.pop();
                        }
                        _ => {
                            if !bracket_reported {
                                bracket_reported = true;
                                self.errors.push(SyntaxError::UnmatchedBracket {
                                    span: self.span(i, i + 1),
                                    close: b as char,
                                });
                            }
                        }
                    }
                    if prefixes.is_empty() {
                        prefixes.push(Prefixes::default());
                    }
                    if let Some(p) = prefixes.last_mut() {
                        p.negs = 0;
                    }
                    after_operand = true;
                    i += 1;
                }
                b'-' => {
                    if !after_operand {
                        if let Some(p) = prefixes.last_mut() {
                            p.negs += 1;
                        }
                        self.check_depth(&stack, &prefixes, i, i + 1);
                    }
                    after_operand = false;
                    i += 1;
                }
                b',' => {
                    if let Some(p) = prefixes.last_mut() {
                        *p = Prefixes::default();
                    }
                    after_operand = false;
                    i += 1;
                }
                _ if b.is_ascii_alphanumeric() || b == b'_' => {
                    let start = i;
                    while i < n && (self.byte(i).is_ascii_alphanumeric() || self.byte(i) == b'_') {
                        i += 1;
                    }
                    let word = self.text.get(start..i).unwrap_or("");
                    if word == "r" && self.byte(i) == b'"' {
                        // §11: a raw string: no escapes, no interpolation.
                        i = self.raw_string(start, i + 1);
                        if let Some(p) = prefixes.last_mut() {
                            p.negs = 0;
                        }
                        after_operand = true;
                        continue;
                    }
                    if BODY_HEADERS.contains(&word) && at_declaration_level(&stack) {
                        pending_header = true;
                    }
                    let top = prefixes.last_mut();
                    let mut opened = false;
                    after_operand = false;
                    if let Some(p) = top {
                        match word {
                            "if" | "any" | "all" => {
                                p.forms += 1;
                                opened = true;
                            }
                            "not" => {
                                p.nots += 1;
                                opened = true;
                            }
                            "and" | "or" => p.nots = 0,
                            w if LINE_STARTS.contains(&w) => {
                                if !matches!(w, "then" | "else") {
                                    *p = Prefixes::default();
                                }
                            }
                            "in" | "is" | "with" | "for" | "by" | "as" | "to" => {}
                            _ => {
                                p.negs = 0;
                                after_operand = true;
                            }
                        }
                    }
                    if opened {
                        self.check_depth(&stack, &prefixes, start, i);
                    }
                }
                _ => {
                    after_operand = false;
                    i += self.char_len(i);
                }
            }
        }
        if let Some(Ctx::Str(open)) = stack.last() {
            self.errors.push(SyntaxError::UnterminatedString {
                span: self.span(*open, *open + 1),
            });
        }
        // The outermost unclosed bracket is usually the one missing its closer.
        let unclosed = stack.iter().find_map(|c| match c {
            Ctx::Bracket(open, at, _) => Some((*open, *at)),
            _ => None,
        });
        if let (Some((open, at)), false) = (unclosed, bracket_reported) {
            self.errors.push(SyntaxError::UnclosedBracket {
                span: self.span(at, at + 1),
                mismatch: None,
                open: open as char,
                close: closer(open) as char,
                found: ' ',
            });
        }
    }

    /// Skips a raw string `r"…"` whose text starts at `body` and returns
    /// the offset after it. It ends at the first `"`; a line break first is
    /// "unterminated string" at the `r`. A raw string ending in `\` and
    /// glued to more text (`r"a\"b"`) was meant to hold a quote: E0031.
    fn raw_string(&mut self, open: usize, body: usize) -> usize {
        let rest = self.text.get(body..).unwrap_or("");
        let stop = rest.find(['"', '\n']).map(|e| body + e);
        match stop {
            Some(close) if self.byte(close) == b'"' => {
                let after = self.byte(close + 1);
                if self.byte(close.wrapping_sub(1)) == b'\\'
                    && close > body
                    && (after.is_ascii_alphanumeric() || matches!(after, b'"' | b'\\' | b'_'))
                {
                    self.errors.push(SyntaxError::QuoteInRawString {
                        span: self.span(open, close + 1),
                    });
                    // Skip the rest of the intended literal, up to its last
                    // quote on the line, rather than open a string there.
                    let line = self.text.get(close + 1..).unwrap_or("");
                    let line = line.split('\n').next().unwrap_or("");
                    if let Some(last) = line.rfind('"') {
                        return close + 1 + last + 1;
                    }
                }
                close + 1
            }
            _ => {
                self.errors.push(SyntaxError::UnterminatedString {
                    span: self.span(open, open + 2),
                });
                stop.unwrap_or(self.bytes.len())
            }
        }
    }

    /// Reports the first place where nesting exceeds the limit (once per file).
    fn check_depth(&mut self, stack: &[Ctx], prefixes: &[Prefixes], lo: usize, hi: usize) {
        if !self.depth_reported && Self::depth(stack, prefixes) > MAX_NESTING {
            self.depth_reported = true;
            self.errors.push(SyntaxError::NestedTooDeeply {
                span: self.span(lo, hi),
            });
        }
    }

    fn depth(stack: &[Ctx], prefixes: &[Prefixes]) -> usize {
        let brackets = stack
            .iter()
            .filter(|c| matches!(c, Ctx::Bracket(_, _, false) | Ctx::Interp))
            .count();
        brackets + prefixes.iter().map(|p| p.total()).sum::<usize>()
    }
}

/// The closing bracket for an opener.
fn closer(open: u8) -> u8 {
    match open {
        b'(' => b')',
        b'[' => b']',
        _ => b'}',
    }
}
