//! Top-level expressions: a condition, a `const`/`def` value, a `given`
//! record, a quantifier's body. One that does not fit in [`WIDTH`] columns
//! with its tail breaks after each `and`/`or` of its top-level chain first;
//! each operand then breaks at its own break points (`layout.rs`).
//! Continuation lines are indented one level. The printed tokens are the
//! same either way, so the tree is too.
//!
//! [`WIDTH`]: crate::fmt::printer::WIDTH

use crate::ast::{BinaryOp, Expr, ExprKind, Spanned};
use crate::fmt::expr::{expr, expr_tail};
use crate::fmt::layout::{broken, fits, flat};
use crate::fmt::printer::Printer;

/// Prints `e` from the current line followed by `tail` columns, breaking it
/// when it does not fit or holds a comment.
pub fn wrapped(p: &mut Printer<'_>, e: &Expr, tail: usize) {
    if p.flat > 0 || (!p.comments.any_before(e.span.hi) && fits(p, tail, |p| expr(p, e))) {
        flat(p, |p| expr(p, e));
        return;
    }
    match &e.node {
        ExprKind::Binary { op, .. } if matches!(op.node, BinaryOp::And | BinaryOp::Or) => {
            chain(p, e, tail)
        }
        _ => expr_tail(p, e, tail),
    }
}

/// `a and b or c` as `a and` / `b or` / `c`. Comments written around an
/// operator stay on the operator's line.
fn chain(p: &mut Printer<'_>, e: &Expr, tail: usize) {
    let mut operands = Vec::new();
    flatten(e, None, &mut operands);
    p.flush_inline(e.span.lo);
    let count = operands.len();
    // The operator after operand i ends its line.
    let widths: Vec<usize> = operands
        .iter()
        .skip(1)
        .map(|(op, _)| op.map_or(0, |o| 1 + o.node.as_str().len()))
        .collect();
    broken(p, |p| {
        for (i, (op, operand)) in operands.into_iter().enumerate() {
            if let Some(op) = op {
                p.space();
                p.word(op.node.as_str());
                p.flush_inline(operand.span.lo);
                p.newline();
            }
            let t = if i + 1 == count {
                tail
            } else {
                widths.get(i).copied().unwrap_or(0)
            };
            // Only a quantifier can end a chain unparenthesised; its body
            // is top-level too.
            if matches!(operand.node, ExprKind::Quantifier { .. }) {
                wrapped(p, operand, t);
            } else {
                expr_tail(p, operand, t);
            }
        }
    });
}

/// The operands of the top-level `and`/`or`s of `e` (not those inside
/// parentheses), each with the operator before it (none for the first).
fn flatten<'e>(
    e: &'e Expr,
    before: Option<&'e Spanned<BinaryOp>>,
    out: &mut Vec<(Option<&'e Spanned<BinaryOp>>, &'e Expr)>,
) {
    match &e.node {
        ExprKind::Binary { op, lhs, rhs } if matches!(op.node, BinaryOp::And | BinaryOp::Or) => {
            flatten(lhs, before, out);
            flatten(rhs, Some(op), out);
        }
        _ => out.push((before, e)),
    }
}

/// Prints what follows the `=` of a `const` or `def`: on the same line, or
/// on the next one, indented, when only that makes it fit; else on the same
/// line, broken.
pub fn assigned(p: &mut Printer<'_>, value: &Expr) {
    let tail = p.comments.trailing_width(value.span.hi);
    let clean = !p.comments.any_before(value.span.hi);
    let here = clean
        && fits(p, tail, |p| {
            p.space();
            expr(p, value);
        });
    p.indented(|p| {
        if here {
            p.space();
            flat(p, |p| expr(p, value));
            return;
        }
        let width = p.flat_width(|p| expr(p, value));
        let next_line = p.indent * 2;
        if clean && width.is_some_and(|w| next_line + w + tail <= crate::fmt::printer::WIDTH) {
            p.newline();
            flat(p, |p| expr(p, value));
        } else if p.first_line_fits(|p| {
            p.space();
            wrapped(p, value, tail);
        }) {
            p.space();
            wrapped(p, value, tail);
        } else {
            // Broken from the `=` line, its first line would still be too wide.
            p.newline();
            wrapped(p, value, tail);
        }
    });
}
