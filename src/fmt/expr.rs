//! Expressions, printed flat: minimal spaces (`a.b`, `a?.b`, `f(x, y)`,
//! `xs[a..b]`), one space around binary operators and keywords, and the
//! author's parentheses (the AST keeps them as `Paren`), so the printed
//! tokens are exactly the parsed ones and re-parse to the same tree.
//!
//! A bracketed list (`[…]`, `{…}`, call arguments, `R { … }`, `with { … }`)
//! that holds a comment is laid out one element per line, each with its
//! comments, so that `// why` notes on set elements stay beside them.

use crate::ast::{Expr, ExprKind, FieldInit, Ident, Literal, QuantKind, UnaryOp, WithUpdate};
use crate::fmt::comments::Blank;
use crate::fmt::literal::{literal, plain_string, string, type_expr};
use crate::fmt::printer::Printer;

/// Prints a name, after the comments that precede it.
pub fn ident(p: &mut Printer<'_>, name: &Ident) {
    p.flush_inline(name.span.lo);
    p.word(&name.node);
}

/// Prints an expression on the current line (comments may end the line).
pub fn expr(p: &mut Printer<'_>, e: &Expr) {
    p.flush_inline(e.span.lo);
    let close = e.span.hi.saturating_sub(1);
    match &e.node {
        ExprKind::Lit(Literal::Str(s)) => string(p, s),
        ExprKind::Lit(lit) => literal(p, lit),
        ExprKind::Name(name) => p.word(name),
        ExprKind::Paren(inner) => {
            p.word("(");
            expr(p, inner);
            p.flush_inline(close);
            p.tight(")");
        }
        ExprKind::Field {
            base,
            name,
            optional,
        } => {
            expr(p, base);
            p.flush_inline(name.span.lo);
            p.tight(if *optional { "?." } else { "." });
            p.tight(&name.node);
        }
        ExprKind::Call { func, args } => {
            p.word(&func.node);
            p.tight("(");
            let elems: Vec<Elem<'_>> = args.iter().map(Elem::Expr).collect();
            elements(p, &elems, close, false, ")");
        }
        ExprKind::Index { base, index } => {
            expr(p, base);
            p.tight("[");
            expr(p, index);
            p.flush_inline(close);
            p.tight("]");
        }
        ExprKind::Slice { base, lo, hi } => {
            expr(p, base);
            p.tight("[");
            if let Some(lo) = lo {
                expr(p, lo);
            }
            p.tight("..");
            if let Some(hi) = hi {
                expr(p, hi);
            }
            p.flush_inline(close);
            p.tight("]");
        }
        ExprKind::With { base, updates } => {
            expr(p, base);
            p.space();
            p.word("with");
            p.space();
            p.word("{");
            let elems: Vec<Elem<'_>> = updates.iter().map(Elem::Update).collect();
            elements(p, &elems, close, true, "}");
        }
        ExprKind::Unary { op, expr: operand } => {
            match op.node {
                UnaryOp::Neg => p.word("-"),
                UnaryOp::Not => {
                    p.word("not");
                    p.space();
                }
            }
            expr(p, operand);
        }
        ExprKind::Binary { op, lhs, rhs } => {
            expr(p, lhs);
            p.flush_inline(op.span.lo);
            p.space();
            p.word(op.node.as_str());
            p.space();
            expr(p, rhs);
        }
        ExprKind::Is {
            expr: operand,
            present,
        } => {
            expr(p, operand);
            p.space();
            p.word("is");
            p.space();
            p.word(if *present { "present" } else { "missing" });
        }
        ExprKind::If {
            cond,
            then,
            otherwise,
        } => {
            p.word("if");
            p.space();
            expr(p, cond);
            p.space();
            p.word("then");
            p.space();
            expr(p, then);
            p.space();
            p.word("else");
            p.space();
            expr(p, otherwise);
        }
        ExprKind::Quantifier { body, .. } => {
            quantifier_head(p, e);
            p.space();
            expr(p, body);
        }
        ExprKind::Aggregate {
            kind,
            var,
            iter,
            body,
        } => {
            p.word(kind.as_str());
            p.tight("(");
            binder(p, var, iter);
            p.tight(":");
            p.space();
            expr(p, body);
            p.flush_inline(close);
            p.tight(")");
        }
        ExprKind::Comprehension {
            kind,
            elem,
            var,
            iter,
            filter,
        } => {
            let (open, shut) = brackets(*kind);
            p.word(open);
            expr(p, elem);
            p.space();
            p.word("for");
            p.space();
            binder(p, var, iter);
            if let Some(filter) = filter {
                p.space();
                p.word("if");
                p.space();
                expr(p, filter);
            }
            p.flush_inline(close);
            p.tight(shut);
        }
        ExprKind::Collection { kind, elems } => {
            let (open, shut) = brackets(*kind);
            p.word(open);
            let elems: Vec<Elem<'_>> = elems.iter().map(Elem::Expr).collect();
            elements(p, &elems, close, false, shut);
        }
        ExprKind::Map { entries } if entries.is_empty() => {
            p.word("{");
            p.tight(":");
            p.tight("}");
        }
        ExprKind::Map { entries } => {
            p.word("{");
            let elems: Vec<Elem<'_>> = entries.iter().map(Elem::Entry).collect();
            elements(p, &elems, close, false, "}");
        }
        ExprKind::Record { name, fields } => {
            p.word(&name.node);
            p.space();
            p.word("{");
            let elems: Vec<Elem<'_>> = fields.iter().map(Elem::Field).collect();
            elements(p, &elems, close, true, "}");
        }
        ExprKind::Load {
            path,
            column,
            as_type,
            key,
            dated,
        } => {
            p.word("load");
            p.space();
            plain_string(p, &path.node, path.span.hi);
            if let Some(column) = column {
                p.space();
                p.word("column");
                p.space();
                plain_string(p, &column.node, column.span.hi);
            }
            if let Some(ty) = as_type {
                p.space();
                p.word("as");
                p.space();
                type_expr(p, ty);
            }
            if let Some(key) = key {
                p.space();
                p.word("key");
                p.space();
                plain_string(p, &key.node, key.span.hi);
            }
            if let Some(dated) = dated {
                p.space();
                p.word("dated");
                p.space();
                plain_string(p, &dated.from.node, dated.from.span.hi);
                p.space();
                p.word("until");
                p.space();
                plain_string(p, &dated.until.node, dated.until.span.hi);
            }
        }
        // Files with lowering errors are never printed.
        ExprKind::Error => {}
    }
}

/// Prints `any x in xs:` (the part of a quantifier before its body).
pub fn quantifier_head(p: &mut Printer<'_>, e: &Expr) {
    if let ExprKind::Quantifier {
        kind, var, iter, ..
    } = &e.node
    {
        p.word(match kind {
            QuantKind::Any => "any",
            QuantKind::All => "all",
        });
        p.space();
        binder(p, var, iter);
        p.tight(":");
    }
}

/// `x in xs` of quantifiers, aggregates and comprehensions.
fn binder(p: &mut Printer<'_>, var: &Ident, iter: &Expr) {
    ident(p, var);
    p.space();
    p.word("in");
    p.space();
    expr(p, iter);
}

fn brackets(kind: crate::ast::CollectionKind) -> (&'static str, &'static str) {
    match kind {
        crate::ast::CollectionKind::List => ("[", "]"),
        crate::ast::CollectionKind::Set => ("{", "}"),
    }
}

/// One element of a bracketed list.
enum Elem<'e> {
    Expr(&'e Expr),
    Update(&'e WithUpdate),
    Field(&'e FieldInit),
    Entry(&'e (Expr, Expr)),
}

impl Elem<'_> {
    fn lo(&self) -> u32 {
        match self {
            Elem::Expr(e) => e.span.lo,
            Elem::Update(u) => u.span.lo,
            Elem::Field(f) => f.name.span.lo,
            Elem::Entry((k, _)) => k.span.lo,
        }
    }

    fn hi(&self) -> u32 {
        match self {
            Elem::Expr(e) => e.span.hi,
            Elem::Update(u) => u.span.hi,
            Elem::Field(f) => f.value.span.hi,
            Elem::Entry((_, v)) => v.span.hi,
        }
    }

    fn print(&self, p: &mut Printer<'_>) {
        match self {
            Elem::Expr(e) => expr(p, e),
            Elem::Update(u) => {
                for (i, step) in u.path.iter().enumerate() {
                    p.flush_inline(step.span.lo);
                    if i > 0 {
                        p.tight(".");
                    }
                    p.word(&step.node);
                }
                p.tight(":");
                p.space();
                match &u.value {
                    Some(v) => expr(p, v),
                    None => {
                        p.flush_inline(u.span.hi);
                        p.word("missing");
                    }
                }
            }
            Elem::Field(f) => {
                ident(p, &f.name);
                p.tight(":");
                p.space();
                expr(p, &f.value);
            }
            Elem::Entry((k, v)) => {
                expr(p, k);
                p.tight(":");
                p.space();
                expr(p, v);
            }
        }
    }
}

/// Prints the elements after an opening bracket and the closing one, which
/// sits at `close`. Flat: `a, b` (`{ a, b }` when `padded`). With a comment
/// anywhere before `close`: one element per line, each followed by a comma.
fn elements(p: &mut Printer<'_>, elems: &[Elem<'_>], close: u32, padded: bool, shut: &str) {
    if !p.comments.any_before(close) {
        for (i, elem) in elems.iter().enumerate() {
            if i > 0 {
                p.tight(",");
                p.space();
            } else if padded {
                p.space();
            }
            elem.print(p);
        }
        if padded && !elems.is_empty() {
            p.space();
            p.word(shut);
        } else {
            p.tight(shut);
        }
        return;
    }
    // INVARIANT: the closing bracket goes back to the indentation of the
    // line that opened it, and what follows it continues on its line.
    let outer = p.indent;
    p.indent = p.line_indent();
    p.open();
    for elem in elems {
        p.leading(elem.lo(), Blank::Keep);
        elem.print(p);
        p.tight(",");
        p.end_line(elem.hi());
    }
    p.leading(close, Blank::Keep);
    p.close();
    p.word(shut);
    p.indent = outer;
}
