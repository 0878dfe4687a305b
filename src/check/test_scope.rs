//! What a test evaluates (§17): its `only` list (each name a policy over the
//! `given` record's type, none twice), the rule references of its `expect`
//! lines (a policy outside `only` is an error at the name; `at N` only on a
//! `for` rule), and W0118, an `expect [no] report to "A"` that no rule the
//! test evaluates can decide.

use crate::ast::{CaseRef, Ident, PolicyItem};
use crate::check::error::CheckError;
use crate::check::suggest::best as did_you_mean;
use crate::check::{Checker, Item};
use crate::ir::{CaseId, EffectKind, PolicyId, RecordId};
use crate::source::Span;

impl Checker<'_> {
    /// The policies of `only P1, P2` (`None` without an `only` list).
    pub(crate) fn only_list(
        &mut self,
        names: &[Ident],
        record: Option<RecordId>,
    ) -> Option<Vec<PolicyId>> {
        if names.is_empty() {
            return None;
        }
        let mut ids: Vec<(PolicyId, Span)> = Vec::with_capacity(names.len());
        for name in names {
            let Some(Item::Policy(p)) = self.names.get(name.node.as_str()).copied() else {
                if !self.is_poisoned(&name.node) {
                    self.unknown_only(name, record);
                }
                continue;
            };
            if let Some(&(_, first)) = ids.iter().find(|(id, _)| id.0 == p) {
                self.report(CheckError::OnlyTwice {
                    span: name.span,
                    first,
                    policy: name.node.clone(),
                });
                continue;
            }
            let subject = self.policies.get(p as usize).and_then(|s| s.subject);
            if let (Some(given), Some(subject)) = (record, subject) {
                if given != subject {
                    let help = self.policies_for(given).map(|list| {
                        format!("the policies for `{}` are {list}", self.record_name(given))
                    });
                    self.report(CheckError::OnlyOtherType {
                        span: name.span,
                        policy: name.node.clone(),
                        subject: self.record_name(subject),
                        given: self.record_name(given),
                        help,
                    });
                    continue;
                }
            }
            ids.push((PolicyId(p), name.span));
        }
        Some(ids.into_iter().map(|(id, _)| id).collect())
    }

    /// E0115 for a name in `only` that is no policy, with a did-you-mean
    /// among the policies for the record (else among all).
    fn unknown_only(&mut self, name: &Ident, record: Option<RecordId>) {
        let for_record: Vec<&str> = self
            .policies
            .iter()
            .filter(|p| record.is_none() || p.subject == record)
            .map(|p| p.decl.name.node.as_str())
            .collect();
        let all: Vec<&str> = self
            .policies
            .iter()
            .map(|p| p.decl.name.node.as_str())
            .collect();
        let help = did_you_mean(&name.node, for_record.iter().copied())
            .or_else(|| did_you_mean(&name.node, all.iter().copied()))
            .map(|s| format!("did you mean `{s}`?"));
        self.report(CheckError::UnknownPolicy {
            span: name.span,
            name: name.node.clone(),
            help,
        });
    }

    /// `` `a`, `b` `` for the policies over `record` (`None`: there are none).
    fn policies_for(&self, record: RecordId) -> Option<String> {
        let names: Vec<String> = self
            .policies
            .iter()
            .filter(|p| p.subject == Some(record))
            .map(|p| format!("`{}`", p.decl.name.node))
            .collect();
        (!names.is_empty()).then(|| names.join(", "))
    }

    fn record_name(&self, record: RecordId) -> String {
        self.record_names
            .get(record.0 as usize)
            .cloned()
            .unwrap_or_default()
    }

    /// Resolves `policy.rule [at N]`: the rule (see `rule_ref`), a policy
    /// the `only` list holds, and `at` only on a `for` rule.
    pub(crate) fn case_ref(
        &mut self,
        r: &CaseRef,
        record: Option<RecordId>,
        only: Option<&[PolicyId]>,
    ) -> Option<CaseId> {
        let rule = self.rule_ref(&r.rule, record)?;
        if let Some(only) = only {
            if !only.contains(&rule.policy) {
                self.report(CheckError::RuleOutsideOnly {
                    span: r.rule.policy.span,
                    policy: r.rule.policy.node.clone(),
                    help: format!(
                        "add `{}` to the test's `only` list, or expect a rule of a policy it names",
                        r.rule.policy.node
                    ),
                });
                return None;
            }
        }
        let Some(at) = &r.at else {
            return Some(CaseId { rule, item: None });
        };
        let is_for = self
            .policies
            .get(rule.policy.index())
            .and_then(|p| {
                p.decl
                    .items
                    .iter()
                    .filter_map(|i| match i {
                        PolicyItem::Rule(rule) => Some(rule),
                        _ => None,
                    })
                    .nth(rule.rule.index())
            })
            .map(|d| d.for_each.is_some());
        match is_for {
            Some(true) => Some(CaseId {
                rule,
                item: Some(at.index.node),
            }),
            Some(false) => {
                self.report(CheckError::CaseOfPlainRule {
                    span: Span::new(at.keyword.lo, at.index.span.hi),
                    rule: format!("{}.{}", r.rule.policy.node, r.rule.rule.node),
                    index: at.index.node,
                });
                None
            }
            None => None,
        }
    }

    /// W0118: `expect report to "A" [within N days]` (`positive`) that no
    /// rule the test evaluates can satisfy, or `expect no report to "A"`
    /// that none can break (a misspelt authority makes it pass forever).
    pub(crate) fn report_lint(
        &mut self,
        span: Span,
        to: &str,
        within: Option<i64>,
        positive: bool,
        record: Option<RecordId>,
        only: Option<&[PolicyId]>,
    ) {
        // A policy that did not parse may hold the report.
        let Some(record) = record.filter(|_| !self.recovered) else {
            return;
        };
        let mut reports: Vec<(&str, i64)> = Vec::new();
        for (i, slot) in self.policies.iter().enumerate() {
            let evaluated = match only {
                Some(only) => only.contains(&PolicyId(i as u32)),
                None => slot.subject == Some(record),
            };
            let Some(def) = slot.def.as_ref().filter(|_| evaluated) else {
                continue;
            };
            for rule in &def.rules {
                if let EffectKind::Report { to, within_days } = &rule.effect.kind {
                    reports.push((to.as_str(), *within_days));
                }
            }
        }
        if reports
            .iter()
            .any(|(t, w)| *t == to && within.is_none_or(|n| n == *w))
        {
            return;
        }
        let mut days: Vec<i64> = reports
            .iter()
            .filter(|(t, _)| *t == to)
            .map(|(_, w)| *w)
            .collect();
        days.sort_unstable();
        days.dedup();
        let mut authorities: Vec<&str> = reports.iter().map(|(t, _)| *t).collect();
        authorities.sort_unstable();
        authorities.dedup();
        let help = if !days.is_empty() {
            let list: Vec<String> = days.iter().map(|d| d.to_string()).collect();
            format!(
                "its reports to \"{to}\" are within {} days",
                list.join(", ")
            )
        } else if let Some(near) = did_you_mean(to, authorities.iter().copied()) {
            format!("did you mean \"{near}\"?")
        } else if authorities.is_empty() {
            "no rule it evaluates has a `report` effect".to_string()
        } else {
            let list: Vec<String> = authorities.iter().map(|a| format!("\"{a}\"")).collect();
            format!("its rules report to {}", list.join(", "))
        };
        let label = if positive {
            "this can never hold"
        } else {
            "this always holds"
        };
        self.report(CheckError::NoSuchReport {
            span,
            to: to.to_string(),
            within: within.map_or(String::new(), |n| format!(" within {n} days")),
            label: label.to_string(),
            help,
        });
    }
}
