//! Lowering: pest pairs → the owned AST of `ast.rs`.
//!
//! Spans become global offsets here; no pest type leaves `syntax/`. User
//! mistakes found while lowering (bad literals, misplaced rule lines) are
//! collected; a tree that does not have the grammar's shape is an internal
//! error for that declaration, never a panic.

#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::unreachable
)]

use std::cell::RefCell;

use pest::iterators::Pair;
use pest::pratt_parser::PrattParser;

use crate::ast::*;
use crate::source::Span;
use crate::syntax::cursor::Cursor;
use crate::syntax::error::SyntaxError;
use crate::syntax::grammar::Rule;

/// A lowering step: `Err` only for internal errors that abandon a declaration.
pub type L<T> = Result<T, SyntaxError>;

/// Lowering state for one file.
pub struct Lowerer<'a> {
    /// Global offset of the file's first byte.
    pub base: u32,
    /// The operator table.
    pub pratt: &'a PrattParser<Rule>,
    /// The file's comments (for doc comments).
    pub comments: &'a [Comment],
    /// The file's text.
    pub text: &'a str,
    /// Where in the file the parsed text starts (recovery parses one
    /// declaration at a time from its keyword; see `recover.rs`).
    offset: u32,
    errors: RefCell<Vec<SyntaxError>>,
}

impl<'a> Lowerer<'a> {
    /// A lowerer for a file at `base`.
    pub fn new(
        base: u32,
        text: &'a str,
        pratt: &'a PrattParser<Rule>,
        comments: &'a [Comment],
    ) -> Lowerer<'a> {
        Lowerer {
            base,
            text,
            pratt,
            comments,
            offset: 0,
            errors: RefCell::new(Vec::new()),
        }
    }

    /// The same lowerer for pairs parsed from `text[offset..]`.
    pub fn parsed_at(mut self, offset: usize) -> Lowerer<'a> {
        self.offset = offset as u32;
        self
    }

    /// The errors collected so far.
    pub fn into_errors(self) -> Vec<SyntaxError> {
        self.errors.into_inner()
    }

    /// Records a user error and carries on.
    pub fn error(&self, error: SyntaxError) {
        self.errors.borrow_mut().push(error);
    }

    /// Global span of a pair, without the white space and comments that
    /// pest's implicit skipping leaves at its end.
    pub fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        let lo = self.base + self.offset + s.start() as u32;
        let mut text = s.as_str();
        loop {
            text = text.trim_end();
            let hi = lo + text.len() as u32;
            // The comment the trimmed text ends in: a comment's own text may
            // end in white space that `trim_end` just removed.
            let trailing = self
                .comments
                .partition_point(|c| c.text.span.lo < hi)
                .checked_sub(1)
                .and_then(|i| self.comments.get(i))
                .filter(|c| c.text.span.lo >= lo && c.text.span.hi >= hi);
            match trailing {
                Some(c) => text = text.get(..(c.text.span.lo - lo) as usize).unwrap_or(""),
                None => return Span::new(lo, hi),
            }
        }
    }

    /// An identifier or field name.
    pub fn ident(&self, pair: Pair<'_, Rule>) -> Ident {
        Spanned::new(pair.as_str().to_string(), self.span(&pair))
    }

    /// The doc comment lines directly above `span`: a run of `///` comments
    /// separated from it (and from each other) by white space only.
    pub(crate) fn doc(&self, span: Span) -> Doc {
        let end = self.comments.partition_point(|c| c.text.span.hi <= span.lo);
        let mut lines = Vec::new();
        let mut next = span.lo;
        for comment in self.comments.get(..end).unwrap_or(&[]).iter().rev() {
            let gap = self.text_between(comment.text.span.hi, next);
            if comment.kind != CommentKind::Doc || !gap.trim().is_empty() {
                break;
            }
            let text = comment.text.node.strip_prefix("///").unwrap_or("");
            lines.push(text.strip_prefix(' ').unwrap_or(text).to_string());
            next = comment.text.span.lo;
        }
        lines.reverse();
        lines
    }

    /// The source text between two global offsets of this file.
    fn text_between(&self, lo: u32, hi: u32) -> &str {
        let (lo, hi) = (
            lo.saturating_sub(self.base) as usize,
            hi.saturating_sub(self.base) as usize,
        );
        self.text.get(lo..hi).unwrap_or("")
    }

    /// Lowers a whole `file` pair. A declaration with an error in it (a bad
    /// literal, a misplaced rule line) is broken, like one that did not parse.
    pub fn file(&self, pair: Pair<'_, Rule>, file: crate::source::FileId) -> SourceAst {
        let (decls, broken) = self.decls(pair);
        SourceAst {
            file,
            decls,
            comments: self.comments.to_vec(),
            broken,
        }
    }

    /// The declarations of a `file` pair: those that lowered, and the broken.
    pub fn decls(&self, pair: Pair<'_, Rule>) -> (Vec<Decl>, Vec<BrokenDecl>) {
        let mut decls = Vec::new();
        let mut broken = Vec::new();
        for child in crate::syntax::cursor::children(pair) {
            if child.as_rule() == Rule::EOI {
                continue;
            }
            let span = self.span(&child);
            match self.decl_or_broken(child, span) {
                Ok(decl) => decls.push(decl),
                Err(b) => broken.push(b),
            }
        }
        (decls, broken)
    }

    /// Lowers one declaration; `Err` (its errors recorded) when lowering
    /// reported any error in it, so that the checker never sees a tree
    /// patched around a mistake.
    pub(crate) fn decl_or_broken(
        &self,
        pair: Pair<'_, Rule>,
        span: Span,
    ) -> Result<Decl, BrokenDecl> {
        let before = self.errors.borrow().len();
        match self.decl(pair) {
            Ok(decl) if self.errors.borrow().len() == before => Ok(decl),
            Ok(decl) => Err(BrokenDecl {
                name: decl_name(&decl),
                span,
            }),
            Err(e) => {
                self.error(e);
                Err(BrokenDecl { name: None, span })
            }
        }
    }

    fn decl(&self, pair: Pair<'_, Rule>) -> L<Decl> {
        let span = self.span(&pair);
        Ok(match pair.as_rule() {
            Rule::enum_decl => {
                let mut c = Cursor::new(pair, span);
                c.expect(Rule::kw_enum)?;
                let name = self.ident(c.expect(Rule::ident)?);
                let variants = c.rest().map(|p| self.ident(p)).collect();
                Decl::Enum(EnumDecl {
                    doc: self.doc(span),
                    name,
                    variants,
                    span,
                })
            }
            Rule::record_decl => {
                let mut c = Cursor::new(pair, span);
                c.expect(Rule::kw_record)?;
                let name = self.ident(c.expect(Rule::ident)?);
                let mut fields = Vec::new();
                for field in c.rest() {
                    fields.push(self.field_decl(field)?);
                }
                Decl::Record(RecordDecl {
                    doc: self.doc(span),
                    name,
                    fields,
                    span,
                })
            }
            Rule::const_decl => Decl::Const(self.const_decl(pair)?),
            Rule::def_decl => Decl::Def(self.def_decl(pair)?),
            Rule::policy_decl => Decl::Policy(self.policy(pair)?),
            Rule::test_decl => Decl::Test(self.test(pair)?),
            other => {
                return Err(SyntaxError::Internal {
                    span,
                    what: format!("unknown declaration {other:?}"),
                })
            }
        })
    }

    fn field_decl(&self, pair: Pair<'_, Rule>) -> L<FieldDecl> {
        let span = self.span(&pair);
        let mut c = Cursor::new(pair, span);
        let name = self.ident(c.expect(Rule::field_name)?);
        let ty = self.type_expr(c.expect(Rule::type_expr)?)?;
        let default = match c.eat(Rule::expr) {
            Some(p) => Some(self.expr(p)?),
            None => None,
        };
        Ok(FieldDecl {
            doc: self.doc(span),
            name,
            ty,
            default,
            span,
        })
    }

    /// Lowers a `type_expr`.
    pub fn type_expr(&self, pair: Pair<'_, Rule>) -> L<TypeExpr> {
        let span = self.span(&pair);
        let mut c = Cursor::new(pair, span);
        let atom = c.next_pair().ok_or_else(|| SyntaxError::Internal {
            span,
            what: "empty type".to_string(),
        })?;
        let atom_span = self.span(&atom);
        let kind = match atom.as_rule() {
            Rule::type_name => TypeKind::Named(atom.as_str().to_string()),
            Rule::list_type | Rule::set_type => {
                let is_list = atom.as_rule() == Rule::list_type;
                let mut ac = Cursor::new(atom, atom_span);
                let inner = Box::new(self.type_expr(ac.expect(Rule::type_expr)?)?);
                if is_list {
                    TypeKind::List(inner)
                } else {
                    TypeKind::Set(inner)
                }
            }
            Rule::hit_type => {
                let mut ac = Cursor::new(atom, atom_span);
                TypeKind::Hit(Box::new(self.type_expr(ac.expect(Rule::type_expr)?)?))
            }
            Rule::map_type => {
                let mut ac = Cursor::new(atom, atom_span);
                let key = Box::new(self.type_expr(ac.expect(Rule::type_expr)?)?);
                let value = Box::new(self.type_expr(ac.expect(Rule::type_expr)?)?);
                TypeKind::Map(key, value)
            }
            other => {
                return Err(SyntaxError::Internal {
                    span,
                    what: format!("unknown type {other:?}"),
                })
            }
        };
        let atom = Spanned::new(kind, atom_span);
        Ok(match c.eat(Rule::type_optional) {
            Some(_) => Spanned::new(TypeKind::Optional(Box::new(atom)), span),
            None => atom,
        })
    }

    pub(crate) fn const_decl(&self, pair: Pair<'_, Rule>) -> L<ConstDecl> {
        let span = self.span(&pair);
        let mut c = Cursor::new(pair, span);
        c.expect(Rule::kw_const)?;
        let name = self.ident(c.expect(Rule::ident)?);
        let ty = match c.eat(Rule::type_expr) {
            Some(p) => Some(self.type_expr(p)?),
            None => None,
        };
        let value = self.expr(c.expect(Rule::expr)?)?;
        Ok(ConstDecl {
            doc: self.doc(span),
            name,
            ty,
            value,
            span,
        })
    }

    pub(crate) fn def_decl(&self, pair: Pair<'_, Rule>) -> L<DefDecl> {
        let span = self.span(&pair);
        let mut c = Cursor::new(pair, span);
        c.expect(Rule::kw_def)?;
        let name = self.ident(c.expect(Rule::ident)?);
        let mut params = Vec::new();
        while let Some(param) = c.eat(Rule::param) {
            let pspan = self.span(&param);
            let mut pc = Cursor::new(param, pspan);
            let pname = self.ident(pc.expect(Rule::ident)?);
            let ty = self.type_expr(pc.expect(Rule::type_expr)?)?;
            params.push(Param { name: pname, ty });
        }
        let ret = self.type_expr(c.expect(Rule::type_expr)?)?;
        let body = self.expr(c.expect(Rule::expr)?)?;
        Ok(DefDecl {
            doc: self.doc(span),
            name,
            params,
            ret,
            body,
            span,
        })
    }
}

/// The name a declaration adds to the package namespace, if any.
pub(crate) fn decl_name(decl: &Decl) -> Option<Ident> {
    match decl {
        Decl::Enum(d) => Some(d.name.clone()),
        Decl::Record(d) => Some(d.name.clone()),
        Decl::Const(d) => Some(d.name.clone()),
        Decl::Def(d) => Some(d.name.clone()),
        Decl::Policy(d) => Some(d.name.clone()),
        Decl::Test(_) => None,
    }
}
