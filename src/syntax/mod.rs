//! Syntax: the lexical scan, the pest grammar and lowering to the AST.
//!
//! A file that parses is lowered whole. Pest stops at the first error, so a
//! file that does not is parsed again declaration by declaration
//! (`recover.rs`): a syntax error spoils only its top-level declaration.

pub mod cursor;
pub mod error;
pub mod expected;
pub mod expr;
pub mod grammar;
pub mod keywords;
pub mod literal;
pub mod lower;
pub mod policy;
pub mod recover;
pub mod scan;
pub mod split;
pub mod string;
pub mod test_block;
#[cfg(test)]
mod tests;

use pest::Parser;

use crate::ast::SourceAst;
use crate::source::{FileId, SourceMap, Span};
pub use error::SyntaxError;
use grammar::{PolParser, Rule};

/// Parses one file of the map. Returns its AST (the declarations that
/// parsed, and the names of those that did not; `None` only for a file not
/// in the map) and every error found.
pub fn parse_file(map: &SourceMap, file: FileId) -> (Option<SourceAst>, Vec<SyntaxError>) {
    let Some(source) = map.file(file) else {
        return (None, Vec::new());
    };
    let base = source.start;
    let text = source.text.as_str();
    let pratt = expr::pratt();
    let scanned = scan::scan(text, base);
    let whole = if scanned.errors.is_empty() {
        Some(PolParser::parse(Rule::file, text))
    } else {
        None
    };
    let whole_error = match whole {
        Some(Ok(pairs)) => {
            let lowerer = lower::Lowerer::new(base, text, &pratt, &scanned.comments);
            let ast = pairs
                .into_iter()
                .find(|pair| pair.as_rule() == Rule::file)
                .map(|pair| lowerer.file(pair, file));
            let mut errors = lowerer.into_errors();
            if let Some(a) = &ast {
                if a.decls.is_empty() && errors.is_empty() {
                    errors.push(SyntaxError::EmptyFile {
                        span: Span::new(base, source.end()),
                    });
                }
            }
            return (ast, errors);
        }
        Some(Err(e)) => Some(expected::from_pest(&e, text, base, &scanned.comments)),
        None => None,
    };
    let recovered = recover::parse_declarations(text, base, &pratt);
    let mut errors = recovered.errors;
    if errors.is_empty() {
        // Fail closed: the file as a whole did not parse, so it has an error
        // even if recovery split it into pieces that all parse.
        errors.extend(whole_error);
        errors.extend(scanned.errors);
    }
    let ast = SourceAst {
        file,
        decls: recovered.decls,
        comments: recovered.comments,
        broken: recovered.broken,
    };
    (Some(ast), errors)
}

/// Parses `text` as exactly one expression (for tests and tools). `None`
/// when it is not one expression or a literal in it is invalid.
pub fn parse_expr_text(text: &str) -> Option<crate::ast::Expr> {
    if !scan::scan(text, 0).errors.is_empty() {
        return None;
    }
    let pairs = PolParser::parse(Rule::expr, text).ok()?;
    let pair = pairs.into_iter().next()?;
    if pair.as_span().end() != text.len() || pair.as_span().start() != 0 {
        return None;
    }
    let pratt = expr::pratt();
    let lowerer = lower::Lowerer::new(0, text, &pratt, &[]);
    let expr = lowerer.expr(pair).ok()?;
    lowerer.into_errors().is_empty().then_some(expr)
}
