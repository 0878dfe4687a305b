//! Test blocks (§7, §17): the `given` record must be of a type some policy
//! applies to; rule references `policy.rule` must exist, belong to a policy
//! for that type, and (in `expect D by R`) have an effect that yields `D`.
//! The `only` list, `at N` and the report lint are `test_scope.rs`'s.

use crate::ast::{Decl, ExpectKind, RuleRef, TestDecl};
use crate::check::error::CheckError;
use crate::check::optional::Use;
use crate::check::suggest::best as did_you_mean;
use crate::check::{Checker, Ctx, Item};
use crate::ir::{self, RecordId, RuleId, Type};

impl Checker<'_> {
    pub(crate) fn check_tests(&mut self) {
        let files = self.files;
        for file in files {
            for decl in &file.decls {
                if let Decl::Test(t) = decl {
                    self.test(t);
                }
            }
        }
    }

    fn test(&mut self, t: &TestDecl) {
        let (given, deps, frame) = self.in_fresh_ctx(Ctx::default(), |c| {
            c.value(&t.given, None, Use::Value("a test's `given` record".into()))
        });
        self.note_as_of_site(crate::check::as_of::Place::Given, deps);
        let record = match &given.ty {
            Type::Record(rid) if self.policies.iter().any(|p| p.subject == Some(*rid)) => {
                Some(*rid)
            }
            Type::Error => None,
            // A policy that did not parse may be the one for this record.
            Type::Record(_) if self.recovered => None,
            other => {
                let mut subjects: Vec<String> = self
                    .policies
                    .iter()
                    .filter_map(|p| p.subject)
                    .filter_map(|r| self.record_names.get(r.0 as usize))
                    .map(|n| format!("`{n}`"))
                    .collect();
                subjects.sort();
                subjects.dedup();
                let help = (!subjects.is_empty())
                    .then(|| format!("the policies apply to {}", subjects.join(", ")));
                self.report(CheckError::GivenNotSubject {
                    span: given.span,
                    ty: self.show(other),
                    help,
                });
                None
            }
        };
        let only = self.only_list(&t.only, record);
        let mut expects = Vec::with_capacity(t.expects.len());
        for e in &t.expects {
            let span = e.span;
            match &e.node {
                ExpectKind::Decision { decision, by } => {
                    let mut ids = Vec::with_capacity(by.len());
                    for r in by {
                        let Some(id) = self.case_ref(r, record, only.as_deref()) else {
                            continue;
                        };
                        self.effect_yields(id.rule, &r.rule, decision.node);
                        ids.push(id);
                    }
                    expects.push(ir::Expect::Decision {
                        decision: decision.node,
                        by: ids,
                        span,
                    });
                }
                ExpectKind::NotFired(r) => {
                    if let Some(case) = self.case_ref(r, record, only.as_deref()) {
                        expects.push(ir::Expect::NotFired { case, span });
                    }
                }
                ExpectKind::ReportTo { to, within } => {
                    let within = within.as_ref().map(|w| w.node);
                    self.report_lint(span, &to.node, within, true, record, only.as_deref());
                    expects.push(ir::Expect::ReportTo {
                        to: to.node.clone(),
                        within,
                        span,
                    })
                }
                ExpectKind::NoReport { to } => {
                    if let Some(to) = to {
                        self.report_lint(span, &to.node, None, false, record, only.as_deref());
                    }
                    expects.push(ir::Expect::NoReport {
                        to: to.as_ref().map(|t| t.node.clone()),
                        span,
                    })
                }
                ExpectKind::Inspect => expects.push(ir::Expect::Inspect { span }),
                ExpectKind::Authorized(by) => {
                    let by = self.expect_authorized(by, record, only.as_deref());
                    expects.push(ir::Expect::Authorized { by, span });
                }
                ExpectKind::NoInspect => expects.push(ir::Expect::NoInspect { span }),
            }
        }
        if let Some(record) = record {
            self.tests.push(ir::TestDef {
                name: t.name.node.clone(),
                given,
                record,
                only,
                as_of: t.as_of.as_ref().map(|d| d.node),
                expects,
                frame_size: frame,
                span: t.span,
            });
        }
    }

    /// E0142: a bare `rule` in a test; the help names the `policy.rule`
    /// that has it (those of policies over `record` first).
    fn unqualified_rule(&mut self, r: &RuleRef, record: Option<RecordId>) {
        let mut matching: Vec<(bool, String)> = self
            .policies
            .iter()
            .filter(|p| {
                p.decl.items.iter().any(|i| {
                    matches!(i, crate::ast::PolicyItem::Rule(rule) if rule.name.node == r.rule.node)
                })
            })
            .map(|p| {
                (
                    record.is_some() && p.subject == record,
                    p.decl.name.node.clone(),
                )
            })
            .collect();
        if matching.iter().any(|(fits, _)| *fits) {
            matching.retain(|(fits, _)| *fits);
        }
        let full: Vec<String> = matching
            .iter()
            .map(|(_, p)| format!("`{p}.{}`", r.rule.node))
            .collect();
        let (label, help) = match full.as_slice() {
            [] => (
                "no policy has a rule of this name".to_string(),
                Some(
                    "write `policy.rule`, the policy's name, a dot and the rule's name".to_string(),
                ),
            ),
            [one] => (
                "which policy's rule?".to_string(),
                Some(format!("write {one}")),
            ),
            many => (
                "which policy's rule?".to_string(),
                Some(format!("several policies have one: {}", many.join(", "))),
            ),
        };
        self.report(CheckError::UnqualifiedRule {
            span: r.rule.span,
            name: r.rule.node.clone(),
            label,
            help,
        });
    }

    /// Resolves `policy.rule`, checking that the policy is for `record`.
    pub(crate) fn rule_ref(&mut self, r: &RuleRef, record: Option<RecordId>) -> Option<RuleId> {
        if r.policy.node.is_empty() {
            self.unqualified_rule(r, record);
            return None;
        }
        let Some(Item::Policy(p)) = self.names.get(r.policy.node.as_str()).copied() else {
            if self.is_poisoned(&r.policy.node) {
                return None;
            }
            let names: Vec<&str> = self
                .policies
                .iter()
                .map(|p| p.decl.name.node.as_str())
                .collect();
            let help = did_you_mean(&r.policy.node, names.iter().copied())
                .map(|s| format!("did you mean `{s}`?"));
            self.report(CheckError::UnknownPolicy {
                span: r.policy.span,
                name: r.policy.node.clone(),
                help,
            });
            return None;
        };
        let slot = self.policies.get(p as usize)?;
        let rules: Vec<&str> = slot
            .decl
            .items
            .iter()
            .filter_map(|i| match i {
                crate::ast::PolicyItem::Rule(rule) => Some(rule.name.node.as_str()),
                _ => None,
            })
            .collect();
        let Some(index) = rules.iter().position(|n| *n == r.rule.node) else {
            let help = did_you_mean(&r.rule.node, rules.iter().copied())
                .map(|s| format!("did you mean `{s}`?"));
            self.report(CheckError::UnknownRule {
                span: r.rule.span,
                policy: r.policy.node.clone(),
                name: r.rule.node.clone(),
                help,
            });
            return None;
        };
        if let (Some(given), Some(subject)) = (record, slot.subject) {
            if given != subject {
                let subject_name = self
                    .record_names
                    .get(subject.0 as usize)
                    .cloned()
                    .unwrap_or_default();
                let given_name = self
                    .record_names
                    .get(given.0 as usize)
                    .cloned()
                    .unwrap_or_default();
                self.report(CheckError::RuleNotApplicable {
                    span: r.span,
                    rule: format!("{}.{}", r.policy.node, r.rule.node),
                    subject: subject_name,
                    given: given_name,
                });
                return None;
            }
        }
        Some(RuleId {
            policy: ir::PolicyId(p),
            rule: ir::RuleIndex(index as u32),
        })
    }

    /// `expect D by R`: R's effect must yield D.
    fn effect_yields(&mut self, id: RuleId, r: &RuleRef, decision: crate::ast::Decision) {
        let Some(kind) = self
            .policies
            .get(id.policy.index())
            .and_then(|p| p.def.as_ref())
            .and_then(|d| d.rules.get(id.rule.index()))
            .map(|rule| rule.effect.kind.clone())
        else {
            return;
        };
        if kind.decision() == Some(decision) {
            return;
        }
        let rule = format!("{}.{}", r.policy.node, r.rule.node);
        let help = match (&kind, kind.decision()) {
            (ir::EffectKind::Report { to, .. }, _) => {
                format!("a `report` adds an obligation and makes no decision; write `expect report to \"{to}\"`")
            }
            (ir::EffectKind::Authorize { .. }, _) => format!(
                "an `authorize` covers licence requirements and makes no decision of its own; write `expect authorized by {rule}`"
            ),
            (_, None) => {
                "an `inspect` adds an obligation and makes no decision; write `expect inspect`"
                    .into()
            }
            (_, Some(d)) => format!(
                "`{rule}` yields `{}`; write `expect {} by {rule}`",
                d.as_str(),
                d.as_str()
            ),
        };
        self.report(CheckError::WrongEffectBy {
            span: r.span,
            rule,
            decision: decision.as_str().into(),
            effect: kind.as_str().replace('_', " "),
            help,
        });
    }
}
