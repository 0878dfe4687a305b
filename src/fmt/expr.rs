//! Expressions, printed flat: minimal spaces (`a.b`, `a?.b`, `f(x, y)`,
//! `xs[a..b]`), one space around binary operators and keywords, and the
//! author's parentheses (the AST keeps them as `Paren`), so the printed
//! tokens are exactly the parsed ones and re-parse to the same tree.
//!
//! A bracketed list (`[…]`, `{…}`, call arguments, `R { … }`, `with { … }`)
//! that holds a comment is laid out one element per line, each with its
//! comments, so that `// why` notes on set elements stay beside them.
//!
//! Every node is printed with its *tail*, the width that must follow it on
//! its line; a node that does not fit breaks at its break points
//! (`layout.rs`): lists after their commas, `if` after `then`/`else`, a
//! quantifier after its `:`.

use crate::ast::{Expr, ExprKind, FieldInit, Ident, Literal, QuantKind, UnaryOp, WithUpdate};
use crate::fmt::comments::Blank;
use crate::fmt::layout::{broken, chained, fits, flat, rest};
use crate::fmt::literal::{literal, plain_string, string, type_expr};
use crate::fmt::printer::Printer;
use crate::fmt::wrap::wrapped;

/// Prints a name, after the comments that precede it.
pub fn ident(p: &mut Printer<'_>, name: &Ident) {
    p.flush_inline(name.span.lo);
    p.word(&name.node);
}

/// Prints an expression from the current line, nothing following it.
pub fn expr(p: &mut Printer<'_>, e: &Expr) {
    expr_tail(p, e, 0);
}

/// Prints an expression followed on its line by `tail` columns: flat when
/// it fits and holds no comment, else broken at its break points.
pub fn expr_tail(p: &mut Printer<'_>, e: &Expr, tail: usize) {
    if p.flat == 0 && !p.comments.any_before(e.span.hi) && fits(p, tail, |p| node(p, e, 0)) {
        flat(p, |p| node(p, e, 0));
        return;
    }
    node(p, e, tail);
}

/// One node, its children through [`expr_tail`] with their tails.
fn node(p: &mut Printer<'_>, e: &Expr, tail: usize) {
    p.flush_inline(e.span.lo);
    let close = e.span.hi.saturating_sub(1);
    match &e.node {
        ExprKind::Lit(Literal::Str(s)) => string(p, s),
        ExprKind::Lit(lit) => literal(p, lit),
        ExprKind::Name(name) => p.word(name),
        ExprKind::Paren(inner) => {
            p.word("(");
            expr_tail(p, inner, 1 + tail);
            p.flush_inline(close);
            p.tight(")");
        }
        ExprKind::Field {
            base,
            name,
            optional,
        } => {
            let dot = if *optional { 2 } else { 1 };
            expr_tail(p, base, dot + name.node.chars().count() + tail);
            p.flush_inline(name.span.lo);
            p.tight(if *optional { "?." } else { "." });
            p.tight(&name.node);
        }
        ExprKind::Call { func, args } => {
            p.word(&func.node);
            p.tight("(");
            let elems: Vec<Elem<'_>> = args.iter().map(Elem::Expr).collect();
            elements(p, &elems, close, false, ")", tail);
        }
        ExprKind::Index { base, index } => {
            let after = rest(p, |p| {
                p.tight("[");
                expr(p, index);
                p.tight("]");
            });
            expr_tail(p, base, after + tail);
            p.tight("[");
            expr_tail(p, index, 1 + tail);
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
            let elems: Vec<Elem<'_>> = updates.iter().map(Elem::Update).collect();
            // Only the list may break: what precedes it is measured in full.
            let after = rest(p, |p| {
                p.space();
                p.word("with");
                p.space();
                p.word("{");
            });
            expr_tail(p, base, after + 4);
            p.space();
            p.word("with");
            p.space();
            p.word("{");
            elements(p, &elems, close, true, "}", tail);
        }
        ExprKind::Unary { op, expr: operand } => {
            match op.node {
                UnaryOp::Neg => p.word("-"),
                UnaryOp::Not => {
                    p.word("not");
                    p.space();
                }
            }
            expr_tail(p, operand, tail);
        }
        ExprKind::Binary { op, lhs, rhs } => {
            let after = rest(p, |p| {
                p.space();
                p.word(op.node.as_str());
                p.space();
                expr(p, rhs);
            });
            expr_tail(p, lhs, after + tail);
            p.flush_inline(op.span.lo);
            p.space();
            p.word(op.node.as_str());
            p.space();
            expr_tail(p, rhs, tail);
        }
        ExprKind::Is {
            expr: operand,
            present,
        } => {
            let word = if *present { "present" } else { "missing" };
            expr_tail(p, operand, 4 + word.len() + tail);
            // A comment before `is` stays there (not trailing the line).
            p.flush_inline(e.span.hi);
            p.space();
            p.word("is");
            p.space();
            p.word(if *present { "present" } else { "missing" });
        }
        // One line when it fits there (block comments and all).
        ExprKind::If { .. }
            if p.flat > 0 || p.stays_on_line(tail, |p| flat(p, |p| if_flat(p, e))) =>
        {
            flat(p, |p| if_flat(p, e))
        }
        ExprKind::If { .. } => if_chain(p, e, tail),
        ExprKind::Quantifier { body, .. } => {
            quantifier_head(p, e);
            if p.flat > 0 {
                p.space();
                expr(p, body);
            } else {
                // Broken: the body goes under the head, one level deeper.
                broken(p, |p| {
                    p.flush_inline(body.span.lo);
                    p.newline();
                    wrapped(p, body, tail);
                });
            }
        }
        ExprKind::Aggregate {
            kind,
            var,
            iter,
            body,
        } => {
            p.word(kind.as_str());
            p.tight("(");
            let after = rest(p, |p| {
                p.tight(":");
                p.space();
                expr(p, body);
                p.tight(")");
            });
            binder(p, var, iter, after + tail);
            p.tight(":");
            p.space();
            expr_tail(p, body, 1 + tail);
            p.flush_inline(close);
            p.tight(")");
        }
        ExprKind::Comprehension {
            kind,
            elem,
            clauses,
        } => {
            let (open, shut) = brackets(*kind);
            p.word(open);
            // Each clause's width (`for x in xs if c`), so that a break
            // inside one leaves room for the clauses after it.
            let filter_widths: Vec<usize> = clauses
                .iter()
                .map(|c| {
                    c.filter.as_ref().map_or(0, |f| {
                        rest(p, |p| {
                            p.space();
                            p.word("if");
                            p.space();
                            expr(p, f);
                        })
                    })
                })
                .collect();
            let widths: Vec<usize> = clauses
                .iter()
                .zip(&filter_widths)
                .map(|(c, fw)| {
                    fw + rest(p, |p| {
                        p.space();
                        p.word("for");
                        p.space();
                        binder(p, &c.var, &c.iter, 0);
                    })
                })
                .collect();
            expr_tail(p, elem, widths.iter().sum::<usize>() + 1 + tail);
            for (i, (c, fw)) in clauses.iter().zip(&filter_widths).enumerate() {
                let after: usize = widths.iter().skip(i + 1).sum();
                p.space();
                p.word("for");
                p.space();
                binder(p, &c.var, &c.iter, fw + after + 1 + tail);
                if let Some(filter) = &c.filter {
                    p.space();
                    p.word("if");
                    p.space();
                    expr_tail(p, filter, after + 1 + tail);
                }
            }
            p.flush_inline(close);
            p.tight(shut);
        }
        ExprKind::Collection { kind, elems } => {
            let (open, shut) = brackets(*kind);
            p.word(open);
            let elems: Vec<Elem<'_>> = elems.iter().map(Elem::Expr).collect();
            elements(p, &elems, close, false, shut, tail);
        }
        ExprKind::Map { entries } if entries.is_empty() => {
            p.word("{");
            p.tight(":");
            p.tight("}");
        }
        ExprKind::Map { entries } => {
            p.word("{");
            let elems: Vec<Elem<'_>> = entries.iter().map(Elem::Entry).collect();
            elements(p, &elems, close, false, "}", tail);
        }
        ExprKind::Record { name, fields } => {
            p.word(&name.node);
            p.space();
            p.word("{");
            let elems: Vec<Elem<'_>> = fields.iter().map(Elem::Field).collect();
            elements(p, &elems, close, true, "}", tail);
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

/// `if c then a else b` on one line (while printing flat).
fn if_flat(p: &mut Printer<'_>, e: &Expr) {
    let mut arms = Vec::new();
    let last = else_if_arms(e, &mut arms);
    for (at, cond, then) in arms {
        p.flush_inline(at);
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
    }
    expr(p, last);
}

/// An `if` too wide for its line, as a chain (§17: breaks after `then` and
/// `else`): `if c then v else` per line, the next `if` of an `else if` at
/// the same level (a chain, not a staircase), the last value on a line of
/// its own. An arm breaks after its `then` too only when it does not fit;
/// its value then goes one level deeper.
fn if_chain(p: &mut Printer<'_>, e: &Expr, tail: usize) {
    let mut arms = Vec::new();
    let last = else_if_arms(e, &mut arms);
    chained(p, |p| {
        for (at, cond, then) in arms {
            // An `else if` starts at the `if` (a comment before it first).
            p.flush_inline(at);
            p.word("if");
            p.space();
            wrapped(p, cond, 5);
            p.space();
            p.word("then");
            let clean = !p.comments.any_before(then.span.hi);
            let arm_fits = clean
                && fits(p, 5, |p| {
                    p.space();
                    expr(p, then);
                });
            if arm_fits {
                p.space();
                flat(p, |p| expr(p, then));
            } else {
                broken(p, |p| {
                    p.flush_inline(then.span.lo);
                    p.newline();
                    wrapped(p, then, 5);
                });
            }
            p.space();
            p.word("else");
            p.newline();
        }
        wrapped(p, last, tail);
    });
}

/// The arms of `if c1 then v1 else if c2 then v2 …`, each as where its
/// `if` starts, its condition and its value (an `else if` continues the
/// chain; a parenthesised `if` does not), and the last `else` value.
type Arm<'e> = (u32, &'e Expr, &'e Expr);

fn else_if_arms<'e>(e: &'e Expr, arms: &mut Vec<Arm<'e>>) -> &'e Expr {
    let mut at = e;
    while let ExprKind::If {
        cond,
        then,
        otherwise,
    } = &at.node
    {
        arms.push((at.span.lo, cond.as_ref(), then.as_ref()));
        at = otherwise.as_ref();
    }
    at
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
        binder(p, var, iter, 1);
        p.tight(":");
    }
}

/// `x in xs` of quantifiers, aggregates and comprehensions.
fn binder(p: &mut Printer<'_>, var: &Ident, iter: &Expr, tail: usize) {
    ident(p, var);
    p.space();
    p.word("in");
    p.space();
    expr_tail(p, iter, tail);
}

fn brackets(kind: crate::ast::CollectionKind) -> (&'static str, &'static str) {
    match kind {
        crate::ast::CollectionKind::List => ("[", "]"),
        crate::ast::CollectionKind::Set => ("{", "}"),
    }
}

/// One element of a bracketed list.
pub enum Elem<'e> {
    /// An expression (list, set, call argument).
    Expr(&'e Expr),
    /// `a.b: v` of a `with`.
    Update(&'e WithUpdate),
    /// `name: v` of a record literal.
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

    /// Whether the element is short and plain (a literal or a name): a
    /// broken list of such elements is filled, several per line.
    fn simple(&self) -> bool {
        match self {
            Elem::Expr(e) => simple(e),
            _ => false,
        }
    }

    fn print(&self, p: &mut Printer<'_>, tail: usize) {
        match self {
            Elem::Expr(e) => expr_tail(p, e, tail),
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
                    Some(v) => expr_tail(p, v, tail),
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
                expr_tail(p, &f.value, tail);
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

/// A literal, a name, or a field path of names.
fn simple(e: &Expr) -> bool {
    match &e.node {
        ExprKind::Lit(_) | ExprKind::Name(_) => true,
        ExprKind::Field { base, .. } => simple(base),
        ExprKind::Unary { expr, .. } => matches!(expr.node, ExprKind::Lit(_)),
        _ => false,
    }
}

/// Whether `e` is a bracketed list laid out one commented element per line
/// (`[` / elements / `]`): it starts on the line it follows.
pub fn opens_commented_block(p: &Printer<'_>, e: &Expr) -> bool {
    let close = e.span.hi.saturating_sub(1);
    match &e.node {
        ExprKind::Call { .. }
        | ExprKind::Collection { .. }
        | ExprKind::Map { .. }
        | ExprKind::Record { .. } => p.comments.any_before(close),
        ExprKind::With { base, .. } => {
            !p.comments.any_before(base.span.hi) && p.comments.any_before(close)
        }
        _ => false,
    }
}

/// Prints the elements after an opening bracket and the closing one, which
/// sits at `close`, followed by `tail` columns. Flat when it fits: `a, b`
/// (`{ a, b }` when `padded`). Too wide: broken after its commas, one
/// element per line, or as many as fit when all are literals or names.
/// With a comment anywhere before `close`: one element per line, each
/// followed by a comma, the brackets on lines of their own.
pub fn elements(
    p: &mut Printer<'_>,
    elems: &[Elem<'_>],
    close: u32,
    padded: bool,
    shut: &str,
    tail: usize,
) {
    if !p.comments.any_before(close) {
        let all = |p: &mut Printer<'_>| {
            for (i, elem) in elems.iter().enumerate() {
                if i > 0 {
                    p.tight(",");
                    p.space();
                } else if padded {
                    p.space();
                }
                elem.print(p, 0);
            }
            close_bracket(p, elems, padded, shut);
        };
        if fits(p, tail, all) {
            flat(p, all);
        } else {
            broken_elements(p, elems, padded, shut, tail);
        }
        return;
    }
    // INVARIANT: the closing bracket goes back to the indentation of the
    // line that opened it, and what follows it continues on its line.
    let outer = p.indent;
    let group = p.group_cont.take();
    p.indent = p.line_indent();
    p.open();
    for elem in elems {
        p.leading(elem.lo(), Blank::Keep);
        elem.print(p, 1 + p.comments.trailing_width(elem.hi()));
        p.tight(",");
        p.end_line(elem.hi());
    }
    p.leading(close, Blank::Keep);
    p.close();
    p.word(shut);
    p.indent = outer;
    p.group_cont = group;
}

fn close_bracket(p: &mut Printer<'_>, elems: &[Elem<'_>], padded: bool, shut: &str) {
    if padded && !elems.is_empty() {
        p.space();
        p.word(shut);
    } else {
        p.tight(shut);
    }
}

/// The elements of a list too wide for its line, broken after commas.
fn broken_elements(p: &mut Printer<'_>, elems: &[Elem<'_>], padded: bool, shut: &str, tail: usize) {
    let fill = elems.iter().all(Elem::simple);
    let shut_width = shut.chars().count() + usize::from(padded && !elems.is_empty());
    if let [only] = elems {
        // No comma to break after: the one element breaks inside, and
        // nothing is continued at a level of this list's own.
        if padded {
            p.space();
        }
        only.print(p, shut_width + tail);
        close_bracket(p, elems, padded, shut);
        return;
    }
    broken(p, |p| {
        for (i, elem) in elems.iter().enumerate() {
            let last = i + 1 == elems.len();
            let t = if last { shut_width + tail } else { 1 };
            if i > 0 {
                p.tight(",");
                if fill
                    && fits(p, t, |p| {
                        p.space();
                        elem.print(p, 0);
                    })
                {
                    p.space();
                } else {
                    p.newline();
                }
            } else if padded {
                p.space();
            }
            elem.print(p, t);
        }
        close_bracket(p, elems, padded, shut);
    });
}
