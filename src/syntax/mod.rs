//! Syntax: the lexical scan, the pest grammar and lowering to the AST.
//!
//! Pest stops at the first error in a file, so a package's syntax errors are
//! collected file by file, together with lexical and literal errors.

pub mod cursor;
pub mod error;
pub mod expected;
pub mod expr;
pub mod grammar;
pub mod literal;
pub mod lower;
pub mod policy;
pub mod scan;
pub mod string;
pub mod test_block;
#[cfg(test)]
mod tests;

use pest::Parser;

use crate::ast::SourceAst;
use crate::source::{FileId, SourceMap, Span};
pub use error::SyntaxError;
use grammar::{PolParser, Rule};

/// Parses one file of the map. Returns the AST when pest accepted the file
/// (even if lowering found literal errors) and every error found.
pub fn parse_file(map: &SourceMap, file: FileId) -> (Option<SourceAst>, Vec<SyntaxError>) {
    let Some(source) = map.file(file) else {
        return (None, Vec::new());
    };
    let base = source.start;
    let text = source.text.as_str();
    let scanned = scan::scan(text, base);
    if !scanned.errors.is_empty() {
        return (None, scanned.errors);
    }
    let pairs = match PolParser::parse(Rule::file, text) {
        Ok(pairs) => pairs,
        Err(e) => {
            return (
                None,
                vec![expected::from_pest(&e, text, base, &scanned.comments)],
            )
        }
    };
    let pratt = expr::pratt();
    let lowerer = lower::Lowerer::new(base, text, &pratt, &scanned.comments);
    let mut ast = None;
    for pair in pairs {
        if pair.as_rule() == Rule::file {
            ast = Some(lowerer.file(pair, file));
        }
    }
    let mut errors = lowerer.into_errors();
    if let Some(a) = &ast {
        if a.decls.is_empty() && errors.is_empty() {
            errors.push(SyntaxError::EmptyFile {
                span: Span::new(base, source.end()),
            });
        }
    }
    (ast, errors)
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
