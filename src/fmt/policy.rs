//! Policies and rules: header, metadata lines, items; a rule's metadata,
//! one condition per line, and its effect last.

use crate::ast::{
    Condition, ConditionKind, CoverRef, Date, EffectKind, LetLine, Meta, MetaKind, PolicyDecl,
    PolicyItem, RuleDecl, Spanned,
};
use crate::fmt::comments::Blank;
use crate::fmt::decl::{block, const_decl, def_decl, separation};
use crate::fmt::expr::{expr_tail, ident};
use crate::fmt::layout::name_list;
use crate::fmt::literal::{days, plain_string, string, type_expr};
use crate::fmt::printer::Printer;
use crate::fmt::wrap::{assigned, wrapped};

/// `policy name for tx: T { metadata; blank line; items }`, with a blank
/// line between items (consecutive `const`s keep the author's grouping).
pub fn policy(p: &mut Printer<'_>, d: &PolicyDecl) {
    p.word("policy");
    p.space();
    // A comment inside the header continues it on an indented line.
    p.indented(|p| {
        ident(p, &d.name);
        p.space();
        p.word("for");
        p.space();
        ident(p, &d.binding);
        p.tight(":");
        p.space();
        ident(p, &d.subject);
    });
    let empty = d.meta.is_empty() && d.items.is_empty();
    block(p, d.subject.span.hi, d.span.hi, empty, |p| {
        meta_lines(p, &d.meta);
        let mut prev: Option<bool> = None;
        for item in &d.items {
            let (lo, hi, is_const) = match item {
                PolicyItem::Const(c) => (c.span.lo, c.span.hi, true),
                PolicyItem::Def(f) => (f.span.lo, f.span.hi, false),
                PolicyItem::Rule(r) => (r.span.lo, r.span.hi, false),
            };
            let blank = match prev {
                None if !d.meta.is_empty() => Blank::Force,
                _ => separation(prev, is_const),
            };
            p.leading(lo, blank);
            match item {
                PolicyItem::Const(c) => const_decl(p, c),
                PolicyItem::Def(f) => def_decl(p, f),
                PolicyItem::Rule(r) => rule(p, r),
            }
            p.end_line(hi);
            prev = Some(is_const);
        }
    });
}

fn meta_lines(p: &mut Printer<'_>, meta: &[Meta]) {
    for m in meta {
        p.leading(m.span.lo, Blank::Keep);
        let word = match &m.node {
            MetaKind::Title(_) => "title",
            MetaKind::Authority(_) => "authority",
            MetaKind::Source(_) => "source",
            MetaKind::Effective(_) => "effective",
            MetaKind::Expires(_) => "expires",
            MetaKind::Suspended { .. } => "suspended",
        };
        p.word(word);
        p.space();
        p.indented(|p| match &m.node {
            MetaKind::Title(s) | MetaKind::Authority(s) | MetaKind::Source(s) => {
                plain_string(p, &s.node, s.span.hi)
            }
            MetaKind::Effective(d) | MetaKind::Expires(d) => date(p, d),
            MetaKind::Suspended { from, until } => {
                date(p, from);
                p.space();
                p.word("until");
                p.space();
                date(p, until);
            }
        });
        p.end_line(m.span.hi);
    }
}

fn date(p: &mut Printer<'_>, d: &Spanned<Date>) {
    p.flush_inline(d.span.lo);
    p.word(&d.node.to_string());
}

/// `rule name [for x in e] { metadata; conditions; effect }`
fn rule(p: &mut Printer<'_>, r: &RuleDecl) {
    p.word("rule");
    p.space();
    p.indented(|p| {
        ident(p, &r.name);
        if let Some(each) = &r.for_each {
            p.space();
            p.word("for");
            p.space();
            ident(p, &each.var);
            p.space();
            p.word("in");
            p.space();
            // ` {` follows the header.
            expr_tail(p, &each.iter, 2);
        }
    });
    let header_end = r
        .for_each
        .as_ref()
        .map_or(r.name.span.hi, |each| each.iter.span.hi);
    block(p, header_end, r.span.hi, false, |p| {
        meta_lines(p, &r.meta);
        let mut lets = r.lets.iter().peekable();
        for (ci, c) in r.conditions.iter().enumerate() {
            while let Some(l) = lets.next_if(|l| l.before <= ci) {
                let_line(p, l);
            }
            condition(p, c);
        }
        for l in lets {
            let_line(p, l);
        }
        p.leading(r.effect.span.lo, Blank::Keep);
        effect(p, &r.effect.node);
        p.end_line(r.effect.span.hi);
    });
}

fn condition(p: &mut Printer<'_>, c: &Condition) {
    p.leading(c.span.lo, Blank::Keep);
    p.word(match c.kind {
        ConditionKind::When => "when",
        ConditionKind::Unless => "unless",
    });
    p.space();
    let tail = p.comments.trailing_width(c.span.hi);
    p.indented(|p| wrapped(p, &c.expr, tail));
    p.end_line(c.span.hi);
}

/// `let NAME (: TYPE)? = EXPR`, with comments attached like a condition's.
fn let_line(p: &mut Printer<'_>, l: &LetLine) {
    p.leading(l.span.lo, Blank::Keep);
    p.word("let");
    p.space();
    p.indented(|p| {
        ident(p, &l.name);
        if let Some(ty) = &l.ty {
            p.tight(":");
            p.space();
            type_expr(p, ty);
        }
        p.space();
        p.word("=");
    });
    assigned(p, &l.value);
    p.end_line(l.span.hi);
}

/// The effect; a comment inside it continues on an indented line.
fn effect(p: &mut Printer<'_>, e: &EffectKind) {
    p.word(match e {
        EffectKind::Deny { .. } => "deny",
        EffectKind::RequireLicense { .. } => "require",
        EffectKind::Review { .. } => "review",
        EffectKind::Inspect { .. } => "inspect",
        EffectKind::Report { .. } => "report",
        EffectKind::Authorize { .. } => "authorize",
    });
    p.indented(|p| {
        if let EffectKind::RequireLicense { licence, .. } = e {
            p.space();
            // §13: the author's spelling is kept.
            p.word(if *licence { "licence" } else { "license" });
        }
        p.space();
        string(p, e.message());
        if let EffectKind::Authorize { covers, .. } = e {
            cover_list(p, covers);
        }
        if let EffectKind::Report {
            to, within_days, ..
        } = e
        {
            p.space();
            p.word("to");
            p.space();
            plain_string(p, &to.node, to.span.hi);
            p.space();
            p.word("within");
            p.space();
            p.flush_inline(within_days.span.lo);
            p.word(&days(within_days.node));
        }
    });
}

/// ` covers a, p.b` after an `authorize` message: a list that breaks at its
/// commas when the line is full (§17), measured with its trailing comment.
fn cover_list(p: &mut Printer<'_>, covers: &[CoverRef]) {
    let Some(last) = covers.last() else {
        return;
    };
    p.space();
    p.word("covers");
    p.space();
    let tail = p.comments.trailing_width(last.span.hi);
    let refs: Vec<&CoverRef> = covers.iter().collect();
    name_list(p, &refs, tail, cover_ref);
}

/// `rule` or `policy.rule` after `covers`.
fn cover_ref(p: &mut Printer<'_>, r: &CoverRef) {
    p.flush_inline(r.span.lo);
    if let Some(policy) = &r.policy {
        ident(p, policy);
        p.flush_inline(r.rule.span.lo);
        p.tight(".");
        p.tight(&r.rule.node);
    } else {
        ident(p, &r.rule);
    }
}
