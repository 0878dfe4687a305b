//! Files and declarations: `enum`, `record`, `const`, `def`, `test`, and the
//! `{ … }` block shared with policies and rules.

use crate::ast::{
    CaseRef, ConstDecl, Decl, DefDecl, EnumDecl, ExpectKind, Ident, RecordDecl, RuleRef, SourceAst,
    TestDecl,
};
use crate::fmt::comments::Blank;
use crate::fmt::expr::{expr, ident};
use crate::fmt::layout::name_list;
use crate::fmt::literal::{days, plain_string, type_expr};
use crate::fmt::policy::policy;
use crate::fmt::printer::Printer;
use crate::fmt::wrap::{assigned, wrapped};

/// Prints a whole file: declarations one blank line apart (consecutive
/// `const`s keep the author's grouping), then the comments after the last.
pub fn file(p: &mut Printer<'_>, ast: &SourceAst) {
    let mut prev: Option<&Decl> = None;
    for decl in &ast.decls {
        let span = decl.span();
        p.leading(span.lo, separation(prev.map(is_const), is_const(decl)));
        match decl {
            Decl::Enum(d) => enum_decl(p, d),
            Decl::Record(d) => record_decl(p, d),
            Decl::Const(d) => const_decl(p, d),
            Decl::Def(d) => def_decl(p, d),
            Decl::Policy(d) => policy(p, d),
            Decl::Test(d) => test_decl(p, d),
        }
        p.end_line(span.hi);
        prev = Some(decl);
    }
    p.leading(u32::MAX, Blank::Keep);
}

fn is_const(decl: &Decl) -> bool {
    matches!(decl, Decl::Const(_))
}

/// The blank line between two declarations (`prev` is `None` for the first
/// one, `Some(true)` when it was a `const`).
pub fn separation(prev: Option<bool>, this_is_const: bool) -> Blank {
    match prev {
        None => Blank::Keep,
        Some(true) if this_is_const => Blank::Keep,
        Some(_) => Blank::Force,
    }
}

/// Prints ` {`, the body, and `}` of a block whose header is on the current
/// line and ends at `header_end`; the block's `}` ends at `hi`. A comment on
/// the `{` line stays there. With no body and no comment: ` {}`.
pub fn block<'a>(
    p: &mut Printer<'a>,
    header_end: u32,
    hi: u32,
    empty: bool,
    body: impl FnOnce(&mut Printer<'a>),
) {
    let close = hi.saturating_sub(1);
    p.space();
    if empty && !p.comments.any_before(close) {
        p.word("{}");
        return;
    }
    let after_brace = p
        .comments
        .find_after(header_end, b'{')
        .map_or(header_end, |b| b + 1);
    p.word("{");
    // A comment moved up from before the brace still gets its space.
    p.space();
    p.end_line(after_brace);
    p.open();
    body(p);
    p.leading(close, Blank::Keep);
    p.close();
    p.word("}");
}

fn enum_decl(p: &mut Printer<'_>, d: &EnumDecl) {
    p.word("enum");
    p.space();
    p.indented(|p| ident(p, &d.name));
    let close = d.span.hi.saturating_sub(1);
    let flat = !p.comments.any_before(close) && p.measure(|p| enum_flat(p, d)).fits;
    if flat {
        enum_flat(p, d);
        return;
    }
    block(p, d.name.span.hi, d.span.hi, d.variants.is_empty(), |p| {
        for v in &d.variants {
            p.leading(v.span.lo, Blank::Keep);
            p.word(&v.node);
            p.tight(",");
            p.end_line(v.span.hi);
        }
    });
}

/// `{ a, b, c }` on the header's line.
fn enum_flat(p: &mut Printer<'_>, d: &EnumDecl) {
    p.space();
    if d.variants.is_empty() {
        p.word("{}");
        return;
    }
    p.word("{");
    for (i, v) in d.variants.iter().enumerate() {
        if i > 0 {
            p.tight(",");
        }
        p.space();
        p.word(&v.node);
    }
    p.space();
    p.word("}");
}

fn record_decl(p: &mut Printer<'_>, d: &RecordDecl) {
    p.word("record");
    p.space();
    p.indented(|p| ident(p, &d.name));
    block(p, d.name.span.hi, d.span.hi, d.fields.is_empty(), |p| {
        for f in &d.fields {
            p.leading(f.span.lo, Blank::Keep);
            ident(p, &f.name);
            p.indented(|p| {
                p.tight(":");
                p.space();
                type_expr(p, &f.ty);
                if let Some(default) = &f.default {
                    p.space();
                    p.word("=");
                    p.space();
                    expr(p, default);
                }
            });
            p.end_line(f.span.hi);
        }
    });
}

/// `const name: T = value` (top level or in a policy).
pub fn const_decl(p: &mut Printer<'_>, d: &ConstDecl) {
    p.word("const");
    p.space();
    p.indented(|p| {
        ident(p, &d.name);
        if let Some(ty) = &d.ty {
            p.tight(":");
            p.space();
            type_expr(p, ty);
        }
        p.space();
        p.word("=");
    });
    assigned(p, &d.value);
}

/// `def name(a: A, b: B): R = body` (top level or in a policy).
pub fn def_decl(p: &mut Printer<'_>, d: &DefDecl) {
    p.word("def");
    p.space();
    p.indented(|p| {
        ident(p, &d.name);
        p.tight("(");
        for (i, param) in d.params.iter().enumerate() {
            if i > 0 {
                p.tight(",");
                p.space();
            }
            ident(p, &param.name);
            p.tight(":");
            p.space();
            type_expr(p, &param.ty);
        }
        p.tight(")");
        p.tight(":");
        p.space();
        type_expr(p, &d.ret);
        p.space();
        p.word("=");
    });
    assigned(p, &d.body);
}

fn test_decl(p: &mut Printer<'_>, d: &TestDecl) {
    p.word("test");
    p.space();
    p.indented(|p| {
        plain_string(p, &d.name.node, d.name.span.hi);
        if !d.only.is_empty() {
            p.space();
            p.word("only");
            p.space();
            let names: Vec<&Ident> = d.only.iter().collect();
            name_list(p, &names, 2, |p, n| ident(p, n));
        }
    });
    let header_end = d.only.last().map_or(d.name.span.hi, |n| n.span.hi);
    block(p, header_end, d.span.hi, false, |p| {
        p.leading(d.given_name.span.lo, Blank::Keep);
        p.word("given");
        p.space();
        ident(p, &d.given_name);
        p.space();
        p.word("=");
        // §17 allows no break after a `given`'s `=`: the value breaks inside.
        let tail = p.comments.trailing_width(d.given.span.hi);
        p.indented(|p| {
            p.space();
            wrapped(p, &d.given, tail);
        });
        p.end_line(d.given.span.hi);
        if let Some(as_of) = &d.as_of {
            p.leading(as_of.span.lo, Blank::Keep);
            p.word("as_of");
            p.space();
            p.word(&as_of.node.to_string());
            p.end_line(as_of.span.hi);
        }
        for x in &d.expects {
            p.leading(x.span.lo, Blank::Keep);
            p.word("expect");
            p.space();
            let tail = p.comments.trailing_width(x.span.hi);
            p.indented(|p| expect(p, &x.node, tail));
            p.end_line(x.span.hi);
        }
    });
}

/// What follows `expect`, then `tail` columns (a trailing comment).
fn expect(p: &mut Printer<'_>, x: &ExpectKind, tail: usize) {
    match x {
        ExpectKind::Decision { decision, by } => {
            p.flush_inline(decision.span.lo);
            p.word(decision.node.as_str());
            if !by.is_empty() {
                p.space();
                p.word("by");
                p.space();
                let refs: Vec<&CaseRef> = by.iter().collect();
                name_list(p, &refs, tail, case_ref);
            }
        }
        ExpectKind::NotFired(r) => {
            p.word("not");
            p.space();
            p.word("fired");
            p.space();
            case_ref(p, r);
        }
        ExpectKind::ReportTo { to, within } => {
            p.word("report");
            p.space();
            p.word("to");
            p.space();
            plain_string(p, &to.node, to.span.hi);
            if let Some(within) = within {
                p.space();
                p.word("within");
                p.space();
                p.flush_inline(within.span.lo);
                p.word(&days(within.node));
            }
        }
        ExpectKind::NoReport { to } => {
            p.word("no");
            p.space();
            p.word("report");
            if let Some(to) = to {
                p.space();
                p.word("to");
                p.space();
                plain_string(p, &to.node, to.span.hi);
            }
        }
        ExpectKind::Inspect => p.word("inspect"),
        ExpectKind::Authorized(by) => expect_authorized(p, by, tail),
        ExpectKind::NoInspect => {
            p.word("no");
            p.space();
            p.word("inspect");
        }
    }
}

/// `authorized by R1 [at N], R2` (§13, §17): breaks like a `by` list.
fn expect_authorized(p: &mut Printer<'_>, by: &[CaseRef], tail: usize) {
    p.word("authorized");
    p.space();
    p.word("by");
    p.space();
    let refs: Vec<&CaseRef> = by.iter().collect();
    name_list(p, &refs, tail, case_ref);
}

/// `policy.rule [at N]`: one reference of a `by` list or `expect not fired`
/// (the lead adds `expect authorized by` here too).
fn case_ref(p: &mut Printer<'_>, r: &CaseRef) {
    rule_ref(p, &r.rule);
    if let Some(at) = &r.at {
        p.flush_inline(at.keyword.lo);
        p.space();
        p.word("at");
        p.flush_inline(at.index.span.lo);
        p.space();
        p.word(&at.index.node.to_string());
    }
}

fn rule_ref(p: &mut Printer<'_>, r: &RuleRef) {
    if r.policy.node.is_empty() {
        // A bare rule name (E0142 at check time), kept as written.
        ident(p, &r.rule);
        return;
    }
    ident(p, &r.policy);
    p.flush_inline(r.rule.span.lo);
    p.tight(".");
    p.tight(&r.rule.node);
}
