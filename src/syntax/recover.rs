//! Error recovery: parsing a file declaration by declaration.
//!
//! Pest stops at the first error, so a file that does not parse as a whole
//! is split at its top-level declarations (`split.rs`) and each stretch is
//! scanned and parsed on its own: a syntax error spoils only its
//! declaration, every broken declaration gets its own error, and the good
//! ones are lowered as usual with the same global spans.

use pest::error::{Error, InputLocation};
use pest::pratt_parser::PrattParser;
use pest::{Parser, Position};

use crate::ast::{BrokenDecl, Comment, Decl, Ident, SourceAst, Spanned};
use crate::source::Span;
use crate::syntax::error::SyntaxError;
use crate::syntax::grammar::{PolParser, Rule};
use crate::syntax::keywords::is_keyword;
use crate::syntax::lower::{decl_name, Lowerer};
use crate::syntax::split::{split, Chunk};
use crate::syntax::{expected, scan};

/// What recovery found in one file.
pub struct Recovered {
    /// The declarations that parsed, in source order.
    pub decls: Vec<Decl>,
    /// One error (or the lexical errors) per broken declaration, and the
    /// literal errors of the good ones.
    pub errors: Vec<SyntaxError>,
    /// The declarations that did not parse.
    pub broken: Vec<BrokenDecl>,
    /// Every comment of the file, in order.
    pub comments: Vec<Comment>,
}

/// Parses `text` (whose first byte has global offset `base`) one top-level
/// declaration at a time.
pub fn parse_declarations(text: &str, base: u32, pratt: &PrattParser<Rule>) -> Recovered {
    let chunks = split(text);
    // Scanned per chunk, so that an unclosed bracket or string stays in its
    // declaration; the chunks together give the file's comments.
    let mut comments = Vec::new();
    let mut lexical = Vec::with_capacity(chunks.len());
    for chunk in &chunks {
        let scanned = scan::scan(slice(text, chunk.start, chunk.end), at(base, chunk.start));
        comments.extend(scanned.comments);
        lexical.push(scanned.errors);
    }
    let mut out = Recovered {
        decls: Vec::new(),
        errors: Vec::new(),
        broken: Vec::new(),
        comments: Vec::new(),
    };
    let whole = Whole {
        text,
        base,
        pratt,
        comments: &comments,
    };
    for (n, (chunk, lexical)) in chunks.iter().zip(lexical).enumerate() {
        if lexical.is_empty() {
            let next = chunks.get(n + 1).and_then(|c| c.keyword);
            whole.chunk(chunk, next, &mut out);
        } else {
            out.errors.extend(lexical);
            out.broken.push(whole.broken(chunk));
        }
    }
    out.comments = comments;
    out
}

/// The same file with every declaration broken (a file that is not UTF-8:
/// its names are known, its contents are not to be trusted).
pub fn all_broken(mut ast: SourceAst) -> SourceAst {
    let decls = std::mem::take(&mut ast.decls);
    ast.broken.extend(decls.iter().map(|decl| BrokenDecl {
        name: decl_name(decl),
        span: decl.span(),
    }));
    ast
}

/// The file being recovered.
struct Whole<'a> {
    text: &'a str,
    base: u32,
    pratt: &'a PrattParser<Rule>,
    comments: &'a [Comment],
}

impl Whole<'_> {
    /// Parses one chunk as a file of its own (so junk around a declaration
    /// is reported as a whole-file parse would); `next` is the keyword of
    /// the following declaration, if any.
    fn chunk(&self, chunk: &Chunk, next: Option<usize>, out: &mut Recovered) {
        let own = slice(self.text, chunk.start, chunk.end);
        match PolParser::parse(Rule::file, own) {
            Ok(pairs) => {
                let lowerer = Lowerer::new(self.base, self.text, self.pratt, self.comments)
                    .parsed_at(chunk.start);
                for pair in pairs {
                    if pair.as_rule() == Rule::file {
                        let (decls, broken) = lowerer.decls(pair);
                        out.decls.extend(decls);
                        out.broken.extend(broken.into_iter().map(|mut b| {
                            // An internal error loses the name; the head has it.
                            b.name = b.name.or_else(|| self.broken(chunk).name);
                            b
                        }));
                    }
                }
                out.errors.extend(lowerer.into_errors());
            }
            Err(e) => {
                out.errors.push(self.error(e, chunk, next));
                out.broken.push(self.broken(chunk));
            }
        }
    }

    /// A pest error of the parse of `chunk`. The chunk ends where the next
    /// declaration starts: a parse that ran out of chunk is reported at that
    /// declaration's keyword, as a whole-file parse would.
    fn error(&self, e: Error<Rule>, chunk: &Chunk, next: Option<usize>) -> SyntaxError {
        let rest = slice(self.text, chunk.start, self.text.len());
        let pos = match e.location {
            InputLocation::Pos(p) | InputLocation::Span((p, _)) => p,
        };
        let moved = match next {
            Some(keyword) if chunk.start + pos >= chunk.end => {
                Position::new(rest, keyword.saturating_sub(chunk.start))
                    .map(|at| Error::new_from_pos(e.variant.clone(), at))
            }
            _ => None,
        };
        let e = moved.unwrap_or(e);
        let base = at(self.base, chunk.start);
        let first = self.comments.partition_point(|c| c.text.span.lo < base);
        let comments = self.comments.get(first..).unwrap_or(&[]);
        expected::from_pest(&e, rest, base, comments)
    }

    /// The broken declaration of `chunk`, named when its head can be read.
    fn broken(&self, chunk: &Chunk) -> BrokenDecl {
        let name = chunk.keyword.and_then(|k| self.head_name(k));
        BrokenDecl {
            name,
            span: self.span(chunk.start, chunk.end),
        }
    }

    /// The name after a declaration keyword (`policy p`, `const x`), if any.
    fn head_name(&self, keyword: usize) -> Option<Ident> {
        let rest = self.text.get(keyword..)?;
        let word_len = rest.find(|c: char| !is_word(c)).unwrap_or(rest.len());
        if rest.get(..word_len)? == "test" {
            return None;
        }
        let after = rest.get(word_len..)?;
        let gap = after.len() - after.trim_start().len();
        let name_at = keyword + word_len + gap;
        let name_rest = self.text.get(name_at..)?;
        let len = name_rest
            .find(|c: char| !is_word(c))
            .unwrap_or(name_rest.len());
        let name = name_rest.get(..len)?;
        let starts_well = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
        (starts_well && !is_keyword(name))
            .then(|| Spanned::new(name.to_string(), self.span(name_at, name_at + len)))
    }

    fn span(&self, lo: usize, hi: usize) -> Span {
        Span::new(at(self.base, lo), at(self.base, hi))
    }
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// `text[lo..hi]`, empty when out of range.
fn slice(text: &str, lo: usize, hi: usize) -> &str {
    text.get(lo..hi).unwrap_or("")
}

/// The global offset of byte `offset` of a file at `base`.
fn at(base: u32, offset: usize) -> u32 {
    base + offset as u32
}
