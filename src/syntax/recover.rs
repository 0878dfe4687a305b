//! Error recovery: parsing a file declaration by declaration.
//!
//! Pest stops at the first error, so a file that does not parse as a whole
//! is split at its top-level declarations (`split.rs`) and each stretch is
//! scanned and parsed on its own: a syntax error spoils only its
//! declaration, every broken declaration gets its own error, and the good
//! ones are lowered as usual with the same global spans.

use pest::error::Error;
use pest::iterators::Pair;
use pest::pratt_parser::PrattParser;
use pest::Parser;

use crate::ast::{BrokenDecl, Comment, Decl, Ident, Spanned};
use crate::source::Span;
use crate::syntax::error::SyntaxError;
use crate::syntax::grammar::{PolParser, Rule};
use crate::syntax::keywords::is_keyword;
use crate::syntax::lower::Lowerer;
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
    let file = File {
        text,
        base,
        pratt,
        comments: &comments,
    };
    for (chunk, lexical) in chunks.iter().zip(lexical) {
        if !lexical.is_empty() {
            out.errors.extend(lexical);
            out.broken.push(file.broken(chunk));
            continue;
        }
        match chunk.keyword {
            Some(keyword) => file.declaration(chunk, keyword, &mut out),
            None => file.trivia_only(chunk.start, chunk.end, &mut out.errors),
        }
    }
    out.comments = comments;
    out
}

/// The file being recovered.
struct File<'a> {
    text: &'a str,
    base: u32,
    pratt: &'a PrattParser<Rule>,
    comments: &'a [Comment],
}

impl File<'_> {
    /// Parses the declaration of `chunk`, whose keyword is at `keyword`.
    fn declaration(&self, chunk: &Chunk, keyword: usize, out: &mut Recovered) {
        let Some(rule) = self.rule_at(keyword) else {
            out.errors.push(SyntaxError::Internal {
                span: self.span(keyword, keyword),
                what: "recovery split at a word that is not a declaration".to_string(),
            });
            return;
        };
        let own = slice(self.text, keyword, chunk.end);
        let pair = match PolParser::parse(rule, own) {
            Ok(mut pairs) => pairs.next(),
            Err(e) => {
                // The chunk ends where the next declaration starts. When the
                // parse ran out of chunk, parsing on says what is really
                // there (the next keyword), as a whole-file parse would.
                let rest = slice(self.text, keyword, self.text.len());
                let e = PolParser::parse(rule, rest).err().unwrap_or(e);
                out.errors.push(self.error(&e, keyword));
                out.broken.push(self.broken(chunk));
                return;
            }
        };
        let Some(pair) = pair else {
            return;
        };
        let end = keyword + pair.as_span().end();
        self.lower(pair, keyword, chunk, out);
        // What follows the declaration in its chunk is not a declaration.
        self.trivia_only(end, chunk.end, &mut out.errors);
    }

    fn lower(&self, pair: Pair<'_, Rule>, keyword: usize, chunk: &Chunk, out: &mut Recovered) {
        let lowerer =
            Lowerer::new(self.base, self.text, self.pratt, self.comments).parsed_at(keyword);
        match lowerer.decl(pair) {
            Ok(decl) => out.decls.push(decl),
            Err(e) => {
                out.errors.push(e);
                out.broken.push(self.broken(chunk));
            }
        }
        out.errors.extend(lowerer.into_errors());
    }

    /// Reports the first thing in `text[lo..hi]` that is not white space or
    /// a comment (for the text before the first declaration, or after one).
    fn trivia_only(&self, lo: usize, hi: usize, errors: &mut Vec<SyntaxError>) {
        if let Err(e) = PolParser::parse(Rule::file, slice(self.text, lo, hi)) {
            errors.push(self.error(&e, lo));
        }
    }

    /// A pest error of a parse that started at `from`.
    fn error(&self, e: &Error<Rule>, from: usize) -> SyntaxError {
        let base = at(self.base, from);
        let first = self.comments.partition_point(|c| c.text.span.lo < base);
        let comments = self.comments.get(first..).unwrap_or(&[]);
        let rest = slice(self.text, from, self.text.len());
        expected::from_pest(e, rest, base, comments)
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
        let len = name_rest.find(|c: char| !is_word(c)).unwrap_or(name_rest.len());
        let name = name_rest.get(..len)?;
        let starts_well = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
        (starts_well && !is_keyword(name))
            .then(|| Spanned::new(name.to_string(), self.span(name_at, name_at + len)))
    }

    /// The grammar rule for the declaration whose keyword is at `keyword`.
    fn rule_at(&self, keyword: usize) -> Option<Rule> {
        let rest = self.text.get(keyword..)?;
        let len = rest.find(|c: char| !is_word(c)).unwrap_or(rest.len());
        Some(match rest.get(..len)? {
            "enum" => Rule::enum_decl,
            "record" => Rule::record_decl,
            "const" => Rule::const_decl,
            "def" => Rule::def_decl,
            "policy" => Rule::policy_decl,
            "test" => Rule::test_decl,
            _ => return None,
        })
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
