//! Top-level expressions: a condition, a `const`/`def`/`let` value, a
//! `given` record, a quantifier's body. One that does not fit in [`WIDTH`]
//! columns with its tail breaks after each `and`/`or` of its top-level chain
//! first; each operand then breaks at its own break points (`layout.rs`).
//! The printed tokens are the same either way, so the tree is too.
//!
//! [`WIDTH`]: crate::fmt::printer::WIDTH

use crate::ast::{BinaryOp, Expr, ExprKind, Spanned};
use crate::fmt::expr::{expr, expr_tail, opens_commented_block};
use crate::fmt::layout::{chained, fits, flat};
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
    chained(p, |p| {
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

/// Prints what follows the `=` of a `const`, `def` or `let` (§17: a break
/// point): on the same line when it fits there; else the outermost break
/// goes first, the line ends after the `=` and the value follows one level
/// deeper, where it breaks at its own points only if it still does not fit
/// (a chain's operands then all stand at that level).
pub fn assigned(p: &mut Printer<'_>, value: &Expr) {
    let tail = p.comments.trailing_width(value.span.hi);
    p.indented(|p| {
        p.space();
        // A comment between the `=` and the value stays on the `=` line.
        p.flush_inline(value.span.lo);
        // A value with block comments may still stay on one line; one
        // that opens a block of commented elements stays after its `=`.
        if p.line_is_empty()
            || p.stays_on_line(tail, |p| wrapped(p, value, tail))
            || opens_commented_block(p, value)
        {
            wrapped(p, value, tail);
            return;
        }
        p.newline();
        wrapped(p, value, tail);
    });
}
