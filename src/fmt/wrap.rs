//! Long lines. An expression that does not fit in [`WIDTH`] columns is
//! broken after each `and`/`or` of its top-level chain, and after the `:` of
//! a quantifier whose body is long; continuation lines are indented one
//! level. Nothing else is broken: a long call or string stays on its line.
//! The printed tokens are the same either way, so the tree is too.
//!
//! [`WIDTH`]: crate::fmt::printer::WIDTH

use crate::ast::{BinaryOp, Expr, ExprKind, Spanned};
use crate::fmt::expr::{expr, quantifier_head};
use crate::fmt::printer::Printer;

/// Prints `e` from the current line, breaking it when it does not fit.
/// Continuation lines get the printer's current indentation.
pub fn wrapped(p: &mut Printer<'_>, e: &Expr) {
    let m = p.measure(|p| expr(p, e));
    if m.one_line && m.fits {
        expr(p, e);
        return;
    }
    match &e.node {
        ExprKind::Binary { op, .. } if matches!(op.node, BinaryOp::And | BinaryOp::Or) => {
            chain(p, e, op.node)
        }
        ExprKind::Quantifier { body, .. } => {
            p.flush_inline(e.span.lo);
            quantifier_head(p, e);
            // The body is indented under the line that holds its head.
            let outer = p.indent;
            p.indent = p.line_indent() + 1;
            p.flush_inline(body.span.lo);
            p.newline();
            wrapped(p, body);
            p.indent = outer;
        }
        _ => expr(p, e),
    }
}

/// `a and b and c` as `a and` / `b and` / `c`. Comments written around an
/// operator stay on the operator's line.
fn chain(p: &mut Printer<'_>, e: &Expr, op: BinaryOp) {
    let mut operands = Vec::new();
    flatten(e, op, &mut operands);
    p.flush_inline(e.span.lo);
    for (op, operand) in operands {
        if let Some(op) = op {
            p.space();
            p.word(op.node.as_str());
            p.flush_inline(operand.span.lo);
            p.newline();
        }
        // Only a quantifier can end a chain unparenthesised; it may break too.
        if matches!(operand.node, ExprKind::Quantifier { .. }) {
            wrapped(p, operand);
        } else {
            expr(p, operand);
        }
    }
}

/// The operands of a left-associative chain of `op`, each with the operator
/// before it (none for the first).
fn flatten<'e>(
    e: &'e Expr,
    op: BinaryOp,
    out: &mut Vec<(Option<&'e Spanned<BinaryOp>>, &'e Expr)>,
) {
    match &e.node {
        ExprKind::Binary { op: o, lhs, rhs } if o.node == op => {
            flatten(lhs, op, out);
            out.push((Some(o), rhs));
        }
        _ => out.push((None, e)),
    }
}

/// Prints what follows an `=` (`const`, `def`, `given`): on the same line,
/// or on the next one, indented, when only that makes it fit.
pub fn assigned(p: &mut Printer<'_>, value: &Expr) {
    let m = p.measure(|p| {
        p.space();
        p.indented(|p| expr(p, value));
    });
    p.indented(|p| {
        if m.one_line && m.fits {
            p.space();
            expr(p, value);
        } else if m.one_line {
            p.newline();
            wrapped(p, value);
        } else {
            p.space();
            wrapped(p, value);
        }
    });
}
