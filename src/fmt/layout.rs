//! Breaking lines for width (§17): the one machinery every construct with
//! break points uses.
//!
//! A line holds at most [`WIDTH`] columns (Unicode scalar values,
//! indentation and trailing comments included). A line may break only at a
//! *break point*: after a top-level `and`/`or`, a quantifier's `:`,
//! `then`/`else`, a `,` of an argument, element, map, record, `with`,
//! `covers`, `by` or `only` list, and the `=` of a `const`/`def`/`let`. A
//! construct with break points is a *group*: it is printed flat when it
//! fits on the current line together with its *tail* (what must follow it
//! on that line: a closing bracket, the `,` or ` and` before the enclosing
//! group's next break point, a trailing comment) and holds no comment; else
//! it is *broken*, outermost first: its break points become line ends,
//! continuation lines one level deeper than the line it started on (and
//! than a broken list it is nested in, so a nested list's elements never
//! line up with its outer list's), and each piece is printed by the same
//! rule with its own tail. A *chain* (`and`/`or` operands, the arms of an
//! `else if`) is a group of peers: started on a line of its own (after a
//! broken `=` or `:`), all its lines stay at that line's level. A list of
//! one element has no break point of its own. A piece with no break point
//! is printed as it is, even past the width (a long string).
//! Decisions depend only on the tree, the comments and the widths, never on
//! the input's layout, so formatting is idempotent.
//!
//! How to add a break point (a new list, `let`, `covers`, a map literal):
//! - a comma-separated list: print its opening bracket, then call
//!   [`crate::fmt::expr::elements`] (expressions, fields or updates) or
//!   [`name_list`] (names, rule references) with the list's tail;
//! - a keyword after which the line may end (`then`, `:`, `=`): when the
//!   construct does not [`fits`], print it inside [`broken`], ending the
//!   line with `p.newline()` right after the keyword, and print each piece
//!   with `expr_tail(p, piece, tail)`, where `tail` is the flat width of
//!   what follows the piece up to the next break point ([`rest`]).
//! - keep [`Printer::flat`] raised while printing anything that must stay on
//!   one line (a string's interpolations).
//!
//! [`WIDTH`]: crate::fmt::printer::WIDTH

use crate::fmt::printer::{Printer, WIDTH};

/// Whether what `f` prints flat fits on the current line followed by `tail`
/// columns (always, while printing flat).
pub fn fits<'a>(p: &Printer<'a>, tail: usize, f: impl FnOnce(&mut Printer<'a>)) -> bool {
    if p.flat > 0 {
        return true;
    }
    p.flat_width(f)
        .is_some_and(|w| p.column() + w + tail <= WIDTH)
}

/// The flat width of what `f` prints (0 when it takes several lines: a
/// comment forces the break anyway).
pub fn rest<'a>(p: &Printer<'a>, f: impl FnOnce(&mut Printer<'a>)) -> usize {
    if p.flat > 0 {
        return 0;
    }
    p.flat_width(f).unwrap_or(0)
}

/// Runs `f` with nothing breaking for width.
pub fn flat<'a>(p: &mut Printer<'a>, f: impl FnOnce(&mut Printer<'a>)) {
    p.flat += 1;
    f(p);
    p.flat = p.flat.saturating_sub(1);
}

/// Runs `f` as a broken group: a line it ends continues one level deeper
/// than the line it started on, and than the group it is nested in.
pub fn broken<'a>(p: &mut Printer<'a>, f: impl FnOnce(&mut Printer<'a>)) {
    let cont = (p.line_indent() + 1).max(p.group_cont.map_or(0, |g| g + 1));
    let (indent, group) = (p.indent, p.group_cont);
    if p.line_is_empty() {
        // The group's first line starts where it would have.
        p.first_indent = Some(indent);
    }
    p.indent = cont;
    p.group_cont = Some(cont);
    f(p);
    p.first_indent = None;
    p.indent = indent;
    p.group_cont = group;
}

/// Runs `f` as a broken *chain* (`a and` / `b`, `if … else` / `if … else`):
/// its links are peers, so when the chain starts a line of its own (after a
/// broken `=` or `:`) they all stand at that line's level; started after
/// other code (`when a and`), they continue one level deeper, as [`broken`].
pub fn chained<'a>(p: &mut Printer<'a>, f: impl FnOnce(&mut Printer<'a>)) {
    if !p.line_is_empty() {
        broken(p, f);
        return;
    }
    let level = p.line_indent();
    let (indent, group) = (p.indent, p.group_cont);
    p.indent = level;
    p.group_cont = Some(level);
    f(p);
    p.first_indent = None;
    p.indent = indent;
    p.group_cont = group;
}

/// `a, b, c` of names or rule references (`by`, `only`): flat when it fits
/// with `tail`, else filled, as many per line as fit.
pub fn name_list<'a, T>(
    p: &mut Printer<'a>,
    items: &[&T],
    tail: usize,
    print: impl Fn(&mut Printer<'a>, &T) + Copy,
) {
    let all = |p: &mut Printer<'a>| {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                p.tight(",");
                p.space();
            }
            print(p, item);
        }
    };
    if fits(p, tail, all) {
        flat(p, all);
        return;
    }
    if let [only] = items {
        // No comma to break after: nothing is continued.
        print(p, only);
        return;
    }
    broken(p, |p| {
        for (i, item) in items.iter().enumerate() {
            let last = i + 1 == items.len();
            let t = if last { tail } else { 1 };
            if i > 0 {
                p.tight(",");
                let next = |p: &mut Printer<'a>| {
                    p.space();
                    print(p, item);
                };
                if fits(p, t, next) {
                    p.space();
                } else {
                    p.newline();
                }
            }
            print(p, item);
        }
    });
}
