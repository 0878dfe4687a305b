//! Policies and rules (§5): metadata and in-force dates, rule names, the
//! rule frame (slot 0 the policy binding, slot 1 a `for` element),
//! conditions with narrowing from line to line, and effect messages.

use rustc_hash::FxHashMap;

use crate::ast::{
    self, ConditionKind, EffectKind as AE, FormatSpec, Meta, MetaKind, PolicyItem, RuleDecl,
    StrPart,
};
use crate::check::error::CheckError;
use crate::check::optional::Use;
use crate::check::scope::{facts_if_false, facts_if_true};
use crate::check::{Checker, Ctx};
use crate::ir::{self, InForce, Type};
use crate::source::Span;

/// Metadata lines read into their parts.
#[derive(Default)]
pub(crate) struct MetaInfo {
    pub title: Option<String>,
    pub authority: Option<String>,
    pub source: Option<String>,
    pub in_force: InForce,
    /// The first `effective`/`expires`/`suspended` line.
    pub first_date_line: Option<(Span, &'static str)>,
}

impl Checker<'_> {
    /// Reads metadata lines and checks their dates (E0301, E0302).
    pub(crate) fn meta(&mut self, lines: &[Meta]) -> MetaInfo {
        let mut info = MetaInfo::default();
        let mut effective: Option<(ast::Date, Span)> = None;
        let mut expires: Option<(ast::Date, Span)> = None;
        for line in lines {
            match &line.node {
                MetaKind::Title(s) => info.title = Some(s.node.clone()),
                MetaKind::Authority(s) => info.authority = Some(s.node.clone()),
                MetaKind::Source(s) => info.source = Some(s.node.clone()),
                MetaKind::Effective(d) => {
                    info.in_force.effective = Some(d.node);
                    effective = Some((d.node, line.span));
                    info.first_date_line.get_or_insert((line.span, "effective"));
                }
                MetaKind::Expires(d) => {
                    info.in_force.expires = Some(d.node);
                    expires = Some((d.node, line.span));
                    info.first_date_line.get_or_insert((line.span, "expires"));
                }
                MetaKind::Suspended { from, until } => {
                    info.first_date_line.get_or_insert((line.span, "suspended"));
                    if from.node >= until.node {
                        self.report(CheckError::EmptySuspension {
                            span: until.span,
                            from: from.node.to_string(),
                            until: until.node.to_string(),
                        });
                    }
                    info.in_force.suspensions.push((from.node, until.node));
                }
            }
        }
        if let (Some((e, es)), Some((x, xs))) = (effective, expires) {
            if e >= x {
                let (span, other, label, other_label) = if xs.lo > es.lo {
                    (xs, es, "not after `effective`", "in force from here")
                } else {
                    (es, xs, "not before `expires`", "expires here")
                };
                self.report(CheckError::ExpiresBeforeEffective {
                    span,
                    other,
                    label: label.into(),
                    other_label: other_label.into(),
                    effective: e.to_string(),
                    expires: x.to_string(),
                });
            }
        }
        info
    }

    /// Whether record `rid` has a field `date: date` (the in-force date).
    pub(crate) fn has_date_field(&self, rid: ir::RecordId) -> bool {
        self.fields
            .get(rid.0 as usize)
            .is_some_and(|fs| fs.iter().any(|(n, t)| n == "date" && *t == Type::Date))
    }

    /// E0303, once per policy (at its first date line, policy or rule):
    /// one missing field is one mistake. Returns whether a date line was seen.
    fn date_lines_need_date(
        &mut self,
        info: &MetaInfo,
        subject: Option<ir::RecordId>,
        seen: &mut bool,
    ) {
        if *seen {
            return;
        }
        let (Some((span, line)), Some(rid)) = (info.first_date_line, subject) else {
            return;
        };
        *seen = true;
        if self.has_date_field(rid) {
            return;
        }
        let (record, record_span, elsewhere) = self.record_declared_here(span, rid);
        self.report(CheckError::NoDateField {
            span,
            record_span,
            elsewhere,
            record,
            line: line.to_string(),
        });
    }

    pub(crate) fn check_policies(&mut self) {
        for p in 0..self.policies.len() {
            let Some((decl, subject)) = self.policies.get(p).map(|s| (s.decl, s.subject)) else {
                continue;
            };
            let info = self.meta(&decl.meta);
            let mut date_seen = false;
            self.date_lines_need_date(&info, subject, &mut date_seen);
            let mut rules = Vec::new();
            let mut names: FxHashMap<&str, Span> = FxHashMap::default();
            for item in &decl.items {
                let PolicyItem::Rule(rule) = item else {
                    continue;
                };
                if let Some(first) = names.get(rule.name.node.as_str()) {
                    self.report(CheckError::DuplicateRule {
                        span: rule.name.span,
                        first: *first,
                        name: rule.name.node.clone(),
                        policy: decl.name.node.clone(),
                    });
                } else {
                    names.insert(rule.name.node.as_str(), rule.name.span);
                }
                rules.push(self.rule(
                    p as u32,
                    decl,
                    subject,
                    rule,
                    info.source.as_ref(),
                    &mut date_seen,
                ));
            }
            let Some(subject) = subject else { continue };
            let def = ir::PolicyDef {
                name: decl.name.node.clone(),
                subject,
                title: info.title,
                authority: info.authority,
                source: info.source,
                in_force: info.in_force,
                rules,
                span: decl.span,
            };
            if let Some(slot) = self.policies.get_mut(p) {
                slot.def = Some(def);
            }
        }
    }

    fn rule(
        &mut self,
        p: u32,
        policy: &ast::PolicyDecl,
        subject: Option<ir::RecordId>,
        rule: &RuleDecl,
        policy_source: Option<&String>,
        date_seen: &mut bool,
    ) -> ir::RuleDef {
        let info = self.meta(&rule.meta);
        self.date_lines_need_date(&info, subject, date_seen);
        let subject_ty = subject.map(Type::Record).unwrap_or(Type::Error);
        let ctx = Ctx {
            policy: Some(p),
            in_rule: true,
            ..Ctx::default()
        };
        let ((for_each, conditions, lets, effect), deps, frame) = self.in_fresh_ctx(ctx, |c| {
            c.bind(&policy.binding, subject_ty);
            let for_each = rule.for_each.as_ref().map(|f| {
                let (it, elem) = c.iterable(&f.iter);
                c.bind(&f.var, elem);
                it
            });
            let mut conditions = Vec::with_capacity(rule.conditions.len());
            let mut lets = Vec::with_capacity(rule.lets.len());
            let mut named = Vec::with_capacity(rule.lets.len());
            let mut pending = rule.lets.iter().peekable();
            for (ci, cond) in rule.conditions.iter().enumerate() {
                // `let` lines are checked where they stand (§11), so they
                // see the facts of the conditions above them.
                while let Some(line) = pending.next_if(|l| l.before <= ci) {
                    let (x, ok) = c.let_line(line, ci as u32);
                    lets.push(x);
                    named.push(ok);
                }
                let why = match cond.kind {
                    ConditionKind::When => "a `when` condition must be `bool`",
                    ConditionKind::Unless => "an `unless` condition must be `bool`",
                };
                let x = c.expect_type(&cond.expr, &Type::Bool, why);
                let facts = match cond.kind {
                    ConditionKind::When => facts_if_true(&x),
                    ConditionKind::Unless => facts_if_false(&x),
                };
                c.ctx.scope.add_facts(facts);
                conditions.push(ir::Condition {
                    negated: cond.kind == ConditionKind::Unless,
                    expr: x,
                    span: cond.span,
                });
            }
            for line in pending {
                let (x, ok) = c.let_line(line, conditions.len() as u32);
                lets.push(x);
                named.push(ok);
            }
            let effect = c.effect(&rule.effect);
            c.let_lints(&lets, &named, &conditions, &effect);
            (for_each, conditions, lets, effect)
        });
        self.note_as_of_site(crate::check::as_of::Place::Rule(p), deps);
        ir::RuleDef {
            name: rule.name.node.clone(),
            full_name: format!("{}.{}", policy.name.node, rule.name.node),
            at: rule.keyword,
            source: info.source.or_else(|| policy_source.cloned()),
            in_force: info.in_force,
            for_each,
            conditions,
            lets,
            effect,
            frame_size: frame,
            doc: rule.doc.clone(),
            span: rule.span,
        }
    }

    fn effect(&mut self, effect: &ast::Effect) -> ir::Effect {
        let kind = match &effect.node {
            AE::Deny { .. } => ir::EffectKind::Deny,
            AE::RequireLicense { .. } => ir::EffectKind::RequireLicense,
            AE::Review { .. } => ir::EffectKind::Review,
            AE::Inspect { .. } => ir::EffectKind::Inspect,
            // Resolved by `check_authorizations` once every rule is known.
            AE::Authorize { .. } => ir::EffectKind::Authorize { covers: Vec::new() },
            AE::Report {
                to, within_days, ..
            } => ir::EffectKind::Report {
                to: to.node.clone(),
                within_days: within_days.node,
            },
        };
        let mut message = Vec::new();
        for part in &effect.node.message().parts {
            match part {
                StrPart::Text(t) => message.push(ir::MessagePart::Text(t.clone())),
                StrPart::Interp(e, spec) => {
                    let x = self.value(e, None, Use::Interp);
                    if contains_record(&x.ty) {
                        let ty = self.show(&x.ty);
                        self.report(CheckError::NotInterpolable { span: x.span, ty });
                    }
                    let spec = spec.as_ref().and_then(|s| self.format_spec(s, &x));
                    message.push(ir::MessagePart::Expr(x, spec));
                }
            }
        }
        ir::Effect {
            kind,
            message,
            span: effect.span,
        }
    }
}

impl Checker<'_> {
    /// Checks a format spec against the type of the value it shows (§11):
    /// `.N` takes numbers, `money` and `quantity`; `%` and `.N%` take
    /// `int` and `decimal`. `None` (reported) for any other pairing.
    fn format_spec(&mut self, spec: &ast::Spanned<FormatSpec>, x: &ir::Expr) -> Option<FormatSpec> {
        let fits = match &x.ty {
            Type::Error => return None,
            Type::Int | Type::Decimal => true,
            Type::Money | Type::Quantity => !spec.node.percent,
            _ => false,
        };
        if fits {
            return Some(spec.node);
        }
        let help = if spec.node.percent {
            "`:%` and `:.N%` show an `int` or `decimal` as a percentage; for money or a quantity use `:.N`"
        } else {
            "`:.N` takes an `int`, `decimal`, `money` or `quantity`"
        };
        self.report(CheckError::SpecOnType {
            span: spec.span,
            spec: spec.node.to_string(),
            ty: self.show(&x.ty),
            help: help.to_string(),
        });
        None
    }
}

/// Records have no rendering (§6 lists every type that has one).
fn contains_record(ty: &Type) -> bool {
    match ty {
        Type::Record(_) => true,
        Type::List(t) | Type::Set(t) | Type::Optional(t) => contains_record(t),
        _ => false,
    }
}
