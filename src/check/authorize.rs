//! Authorisations (§13): the rules named after `covers` in an `authorize`
//! effect are resolved once every policy's rules are known, and checked —
//! each must be a `require license` rule (E0134) of a policy over the same
//! record type (E0135); a `for` `authorize` rule covers case by case, so the
//! covered rule must iterate the same expression (E0136). Also
//! `expect authorized by R` (E0036).

use rustc_hash::FxHashMap;

use crate::ast::{CaseRef, CoverRef, EffectKind as AE, ForEach, PolicyItem, RuleDecl};
use crate::check::error::CheckError;
use crate::check::suggest::best as did_you_mean;
use crate::check::{Checker, Item};
use crate::ir::{self, RuleId};
use crate::source::Span;

/// A rule of the package while covers are resolved.
struct Named<'a> {
    policy: u32,
    index: u32,
    decl: &'a RuleDecl,
}

impl<'a> Checker<'a> {
    /// Resolves every `covers` list into its `ir::EffectKind::Authorize`.
    pub(crate) fn check_authorizations(&mut self) {
        for p in 0..self.policies.len() {
            let Some(decl) = self.policies.get(p).map(|s| s.decl) else {
                continue;
            };
            for (index, rule) in rules_of(decl).enumerate() {
                let AE::Authorize { covers, .. } = &rule.effect.node else {
                    continue;
                };
                let resolved = self.covers(p as u32, rule, covers);
                let slot = self
                    .policies
                    .get_mut(p)
                    .and_then(|s| s.def.as_mut())
                    .and_then(|d| d.rules.get_mut(index));
                if let Some(def) = slot {
                    def.effect.kind = ir::EffectKind::Authorize { covers: resolved };
                }
            }
        }
    }

    /// The checked covers of one `authorize` rule of policy `p`.
    fn covers(&mut self, p: u32, rule: &'a RuleDecl, refs: &[CoverRef]) -> Vec<ir::Cover> {
        let mut out: Vec<ir::Cover> = Vec::with_capacity(refs.len());
        let mut seen: FxHashMap<RuleId, Span> = FxHashMap::default();
        for r in refs {
            let Some(named) = self.covered_rule(p, r) else {
                continue;
            };
            let id = RuleId {
                policy: ir::PolicyId(named.policy),
                rule: ir::RuleIndex(named.index),
            };
            let full = self.full_name(named.policy, named.decl);
            if let Some(first) = seen.get(&id) {
                self.report(CheckError::CoveredTwice {
                    span: r.span,
                    first: *first,
                    rule: full,
                });
                continue;
            }
            seen.insert(id, r.span);
            if !self.same_subject(p, named.policy, r, &full)
                || !self.is_licence_rule(r, named.decl, &full)
            {
                continue;
            }
            let Some(per_case) = self.pairs_cases(rule, r, named.decl, &full) else {
                continue;
            };
            out.push(ir::Cover { rule: id, per_case });
        }
        out
    }

    /// The rule `r` names: `rule` in policy `p`, or `policy.rule` (E0133).
    fn covered_rule(&mut self, p: u32, r: &CoverRef) -> Option<Named<'a>> {
        let q = match &r.policy {
            None => p,
            Some(name) => match self.names.get(name.node.as_str()).copied() {
                Some(Item::Policy(q)) => q,
                _ => {
                    if self.is_poisoned(&name.node) {
                        return None;
                    }
                    let policies: Vec<&str> = self
                        .policies
                        .iter()
                        .map(|s| s.decl.name.node.as_str())
                        .collect();
                    let help = match did_you_mean(&name.node, policies.iter().copied()) {
                        Some(s) => format!("did you mean `{s}.{}`?", r.rule.node),
                        None => "name a rule as `rule` (same policy) or `policy.rule`".into(),
                    };
                    self.report(CheckError::UnknownCovered {
                        span: name.span,
                        what: format!("there is no policy `{}`", name.node),
                        label: "not a policy".into(),
                        help,
                    });
                    return None;
                }
            },
        };
        let decl = self.policies.get(q as usize)?.decl;
        if let Some((index, found)) = rules_of(decl)
            .enumerate()
            .find(|(_, d)| d.name.node == r.rule.node)
        {
            return Some(Named {
                policy: q,
                index: index as u32,
                decl: found,
            });
        }
        let names: Vec<&str> = rules_of(decl).map(|d| d.name.node.as_str()).collect();
        let elsewhere: Option<String> = match r.policy {
            Some(_) => None,
            // A bare name that is a rule of another policy: say how to name it.
            None => self.policies.iter().find_map(|s| {
                rules_of(s.decl)
                    .any(|d| d.name.node == r.rule.node)
                    .then(|| format!("{}.{}", s.decl.name.node, r.rule.node))
            }),
        };
        let help = match (elsewhere, did_you_mean(&r.rule.node, names.iter().copied())) {
            (Some(full), _) => format!(
                "a bare name is a rule of this policy; `{full}` is a rule of another policy: write `{full}`"
            ),
            (None, Some(s)) => format!("did you mean `{s}`?"),
            (None, None) => "name a rule as `rule` (same policy) or `policy.rule`".into(),
        };
        self.report(CheckError::UnknownCovered {
            span: r.rule.span,
            what: format!("policy `{}` has no rule `{}`", decl.name.node, r.rule.node),
            label: format!("not a rule of `{}`", decl.name.node),
            help,
        });
        None
    }

    /// E0135 unless policies `p` and `q` apply to one record type.
    fn same_subject(&mut self, p: u32, q: u32, r: &CoverRef, full: &str) -> bool {
        let subject = |c: &Self, i: u32| c.policies.get(i as usize).and_then(|s| s.subject);
        let (Some(mine), Some(theirs)) = (subject(self, p), subject(self, q)) else {
            // An unknown record type was reported already.
            return false;
        };
        if mine == theirs {
            return true;
        }
        let name = |c: &Self, rid: ir::RecordId| {
            c.record_names
                .get(rid.0 as usize)
                .cloned()
                .unwrap_or_default()
        };
        self.report(CheckError::CoversOtherRecord {
            span: r.span,
            rule: full.to_string(),
            other: name(self, theirs),
            subject: name(self, mine),
        });
        false
    }

    /// E0134 unless the covered rule's effect is `require license`.
    fn is_licence_rule(&mut self, r: &CoverRef, covered: &RuleDecl, full: &str) -> bool {
        let effect = match &covered.effect.node {
            AE::RequireLicense { .. } => return true,
            AE::Deny { .. } => "deny",
            AE::Review { .. } => "review",
            AE::Report { .. } => "report",
            AE::Inspect { .. } => "inspect",
            AE::Authorize { .. } => "authorize",
        };
        let help = match effect {
            "authorize" => "an authorisation covers licence requirements, not another authorisation; name the `require license` rules it satisfies".to_string(),
            "deny" | "review" => format!("nothing covers a `{effect}`: a licence on file does not lift a prohibition or a red flag"),
            _ => format!("a `{effect}` is an obligation, not a licence requirement; only `require license` rules can be covered"),
        };
        let (effect_span, elsewhere) =
            if covered.effect.span.lo <= r.span.lo && r.span.hi <= covered.effect.span.hi {
                // The rule names itself: its effect is the line under the caret.
                (None, Vec::new())
            } else {
                self.secondary(
                    r.span,
                    covered.effect.span,
                    format!("the effect of `{full}`"),
                    "effect",
                )
            };
        self.report(CheckError::CoversWrongEffect {
            span: r.span,
            effect_span,
            elsewhere,
            rule: full.to_string(),
            effect: effect.into(),
            help,
        });
        false
    }

    /// Whether cases pair up one to one (`Some(true)`), the `authorize`
    /// rule covers every case (`Some(false)`), or they cannot (E0136, `None`).
    fn pairs_cases(
        &mut self,
        rule: &RuleDecl,
        r: &CoverRef,
        covered: &RuleDecl,
        full: &str,
    ) -> Option<bool> {
        let Some(mine) = &rule.for_each else {
            return Some(false);
        };
        let here = Span::new(rule.keyword.lo, mine.iter.span.hi);
        let (what, label, other_span, other_label, help) = match &covered.for_each {
            None => (
                format!("a `for` authorisation covers case by case, but `{full}` has no `for`"),
                "not a `for` rule".to_string(),
                covered.name.span,
                format!("`{full}` has one case per record"),
                "cover it from a rule without `for` (which covers every case), or give both rules the same `for` clause".to_string(),
            ),
            Some(theirs) if same_iteration(mine, theirs) => return Some(true),
            Some(theirs) => (
                format!(
                    "`{full}` iterates `{}`, not `{}`: case i of one is not case i of the other",
                    self.text(theirs.iter.span),
                    self.text(mine.iter.span)
                ),
                "iterates another collection".to_string(),
                theirs.iter.span,
                "its cases".to_string(),
                format!(
                    "iterate the same expression in both `for` clauses, or cover `{full}` from a rule without `for`"
                ),
            ),
        };
        let (other, elsewhere) =
            self.secondary(r.span, other_span, format!("`{full}`"), &other_label);
        self.report(CheckError::CoversOtherCases {
            span: r.span,
            here,
            other,
            elsewhere,
            what,
            label,
            other_label,
            help,
        });
        None
    }

    /// `policy.rule` of a rule of policy `p`.
    fn full_name(&self, p: u32, rule: &RuleDecl) -> String {
        let policy = self
            .policies
            .get(p as usize)
            .map(|s| s.decl.name.node.as_str())
            .unwrap_or_default();
        format!("{policy}.{}", rule.name.node)
    }

    /// `expect authorized by R…`: each R must be an `authorize` rule (E0036).
    pub(crate) fn expect_authorized(
        &mut self,
        by: &[CaseRef],
        record: Option<ir::RecordId>,
        only: Option<&[ir::PolicyId]>,
    ) -> Vec<ir::CaseId> {
        let mut ids = Vec::with_capacity(by.len());
        for c in by {
            let r = &c.rule;
            let Some(case) = self.case_ref(c, record, only) else {
                continue;
            };
            let id = case.rule;
            let kind = self
                .policies
                .get(id.policy.index())
                .and_then(|p| p.def.as_ref())
                .and_then(|d| d.rules.get(id.rule.index()))
                .map(|rule| rule.effect.kind.clone());
            match kind {
                Some(ir::EffectKind::Authorize { .. }) | None => ids.push(case),
                Some(other) => {
                    let rule = format!("{}.{}", r.policy.node, r.rule.node);
                    let help = match (&other, other.decision()) {
                        (_, Some(d)) => format!(
                            "`expect authorized` names the `authorize` rule that covered a case; to assert that `{rule}` fired, write `expect {} by {rule}`",
                            d.as_str()
                        ),
                        (ir::EffectKind::Report { to, .. }, None) => format!(
                            "`expect authorized` names an `authorize` rule; to assert the report, write `expect report to \"{to}\"`"
                        ),
                        (_, None) => "`expect authorized` names an `authorize` rule; to assert the inspection, write `expect inspect`".to_string(),
                    };
                    self.report(CheckError::NotAuthorizeRule {
                        span: r.span,
                        rule,
                        effect: other.as_str().replace('_', " "),
                        help,
                    });
                }
            }
        }
        ids
    }
}

/// The rules of a policy, in order (their index is their `RuleIndex`).
fn rules_of(decl: &crate::ast::PolicyDecl) -> impl Iterator<Item = &RuleDecl> {
    decl.items.iter().filter_map(|i| match i {
        PolicyItem::Rule(rule) => Some(rule),
        _ => None,
    })
}

/// §13: both `for` clauses iterate the same expression, equal after `fmt`
/// — the ASTs are equal ignoring spans (the variable names may differ).
fn same_iteration(a: &ForEach, b: &ForEach) -> bool {
    a.iter == b.iter
}
