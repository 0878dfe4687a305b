//! A cursor over a pair's children whose `expect` turns a grammar/lowering
//! mismatch into an internal diagnostic instead of a panic.

use std::iter::Peekable;

use pest::iterators::{Pair, Pairs};

use crate::source::Span;
use crate::syntax::error::SyntaxError;
use crate::syntax::grammar::Rule;

/// Whether a rule is punctuation, which carries no meaning after parsing.
pub fn is_punct(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::lbrace
            | Rule::rbrace
            | Rule::lparen
            | Rule::rparen
            | Rule::lbracket
            | Rule::rbracket
            | Rule::colon
            | Rule::comma
            | Rule::equals
            | Rule::langle
            | Rule::rangle
            | Rule::dot
    )
}

/// A pair's children, punctuation filtered out.
pub type Meaningful<'i> = std::iter::Filter<Pairs<'i, Rule>, fn(&Pair<'i, Rule>) -> bool>;

/// A pair's children without punctuation.
pub fn children(pair: Pair<'_, Rule>) -> Meaningful<'_> {
    pair.into_inner().filter(|p| !is_punct(p.as_rule()))
}

/// The children of one pair (punctuation skipped), consumed in order.
pub struct Cursor<'i> {
    inner: Peekable<Meaningful<'i>>,
    /// Span of the parent, for internal errors at the end of the children.
    parent: Span,
}

impl<'i> Cursor<'i> {
    /// A cursor over `pair`'s children; `parent` is `pair`'s global span.
    pub fn new(pair: Pair<'i, Rule>, parent: Span) -> Cursor<'i> {
        Cursor {
            inner: children(pair).peekable(),
            parent,
        }
    }

    /// The rule of the next child, if any.
    pub fn peek_rule(&mut self) -> Option<Rule> {
        self.inner.peek().map(|p| p.as_rule())
    }

    /// The next child.
    pub fn next_pair(&mut self) -> Option<Pair<'i, Rule>> {
        self.inner.next()
    }

    /// The next child if it is a `rule`.
    pub fn eat(&mut self, rule: Rule) -> Option<Pair<'i, Rule>> {
        if self.peek_rule() == Some(rule) {
            self.inner.next()
        } else {
            None
        }
    }

    /// The next child, which must be a `rule`.
    pub fn expect(&mut self, rule: Rule) -> Result<Pair<'i, Rule>, SyntaxError> {
        match self.inner.next() {
            Some(pair) if pair.as_rule() == rule => Ok(pair),
            Some(pair) => Err(SyntaxError::Internal {
                span: self.parent,
                what: format!("expected {:?}, found {:?}", rule, pair.as_rule()),
            }),
            None => Err(SyntaxError::Internal {
                span: self.parent,
                what: format!("expected {rule:?}, found nothing"),
            }),
        }
    }

    /// The remaining children.
    pub fn rest(self) -> impl Iterator<Item = Pair<'i, Rule>> {
        self.inner
    }
}
