//! Authorisations (§13) in the evaluator: the linker turns each `authorize`
//! rule's covers into engine indices, and after a record's rules are
//! evaluated [`Engine::settle_licences`] marks the covered `require
//! license` cases and lets only the uncovered ones give `license_required`.
//! Fail closed: a cover that cannot be mapped covers nothing, and nothing
//! covers a `deny`, a `review` or an indeterminate case.

use rustc_hash::FxHashMap;

use crate::eval::engine::{CoverExec, Engine, RuleExec};
use crate::ir::{EffectKind, RuleId};
use crate::lang::Decision;
use crate::outcome::{Authorization, FiredCase, Outcome};

/// Fills [`RuleExec::covers`] and [`RuleExec::coverable`] once the rules
/// are in their final (output) order.
pub fn link_covers(rules: &mut [RuleExec]) {
    let by_id: FxHashMap<RuleId, u32> = rules
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let id = RuleId {
                policy: r.policy,
                rule: r.index,
            };
            (id, i as u32)
        })
        .collect();
    let mut coverable = Vec::new();
    for rule in rules.iter_mut() {
        let EffectKind::Authorize { covers } = &rule.effect else {
            continue;
        };
        // An unknown rule (impossible after a clean check) covers nothing,
        // so its licence requirement stands: closed.
        rule.covers = covers
            .iter()
            .filter_map(|c| {
                by_id.get(&c.rule).map(|&i| CoverExec {
                    rule: i,
                    per_case: c.per_case,
                })
            })
            .collect();
        coverable.extend(rule.covers.iter().map(|c| c.rule));
    }
    for i in coverable {
        if let Some(r) = rules.get_mut(i as usize) {
            // Only a licence requirement is ever covered (the checker's E0134).
            r.coverable = r.effect == EffectKind::RequireLicense;
        }
    }
}

impl Engine {
    /// After every rule of a record ran: records what each fired
    /// `authorize` case covered, then raises `license_required` for every
    /// coverable `require license` case left uncovered (the others raised
    /// it when they fired).
    pub fn settle_licences(&self, out: &mut Outcome) {
        for a in 0..out.fired.len() {
            let Some(case) = out.fired.get(a) else { break };
            let Some(rule) = self.rules.get(case.rule as usize) else {
                continue;
            };
            if !matches!(rule.effect, EffectKind::Authorize { .. }) {
                continue;
            }
            let (item, message, at) = (case.item, case.message.clone(), case.rule);
            let mut covers = Vec::new();
            for c in &rule.covers {
                if cover(&mut out.fired, *c, item) {
                    covers.push(c.rule);
                }
            }
            covers.sort_unstable();
            covers.dedup();
            out.authorizations.push(Authorization {
                rule: at,
                item,
                message,
                covers,
            });
        }
        let uncovered = out.fired.iter().any(|f| {
            !f.covered
                && self
                    .rules
                    .get(f.rule as usize)
                    .is_some_and(|r| r.coverable && r.effect == EffectKind::RequireLicense)
        });
        if uncovered {
            out.raise(Decision::LicenseRequired);
        }
    }
}

/// Marks the fired cases of `c.rule` that a case with element `item`
/// covers; whether it covered any. `fired` is sorted by rule, then item.
fn cover(fired: &mut [FiredCase], c: CoverExec, item: Option<u32>) -> bool {
    let lo = fired.partition_point(|f| f.rule < c.rule);
    let hi = fired.partition_point(|f| f.rule <= c.rule);
    let Some(cases) = fired.get_mut(lo..hi) else {
        return false;
    };
    if !c.per_case {
        cases.iter_mut().for_each(|f| f.covered = true);
        return !cases.is_empty();
    }
    match cases.binary_search_by_key(&item, |f| f.item) {
        Ok(i) => cases.get_mut(i).map(|f| f.covered = true).is_some(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::fail_closed_tests::{compiled, record};
    use crate::ir::{Cover, PolicyId, RuleIndex};

    /// `p.lic` (a `for` rule) and `p.ok` (a `for` authorisation over the
    /// same list) in `R { id, xs }`.
    const COVERED: &str = "record R { id: string  xs: list<int> }
policy p for r: R {
  rule lic for x in r.xs {
    when x > 1
    require license \"needs a licence\"
  }
  rule ok for x in r.xs {
    when x > 5
    authorize \"licence on file\" covers lic
  }
}
";

    fn decide(engine: &Engine, xs: Vec<i64>) -> Outcome {
        engine.decide(crate::ir::RecordId(0), &record(xs), None)
    }

    #[test]
    fn case_i_covers_case_i_only() {
        let (_, engine) = compiled(COVERED);
        let o = decide(&engine, vec![6, 7]);
        assert_eq!(o.decision(), Decision::Allow, "{o:?}");
        let o = decide(&engine, vec![6, 2]);
        assert_eq!(o.decision(), Decision::LicenseRequired, "{o:?}");
        let covered: Vec<bool> = o.fired.iter().map(|f| f.covered).collect();
        // p.lic[0], p.lic[1], p.ok[0] in output order.
        assert_eq!(covered, [true, false, false]);
        assert_eq!(o.authorizations.len(), 1);
        assert_eq!(o.authorizations.first().map(|a| a.item), Some(Some(0)));
    }

    #[test]
    fn a_cover_the_engine_cannot_map_covers_nothing() {
        let (program, _) = compiled(COVERED);
        let mut program = program;
        let bogus = Cover {
            rule: RuleId {
                policy: PolicyId(7),
                rule: RuleIndex(0),
            },
            per_case: false,
        };
        for rule in program.policies.iter_mut().flat_map(|p| p.rules.iter_mut()) {
            if let EffectKind::Authorize { covers } = &mut rule.effect.kind {
                *covers = vec![bogus.clone()];
            }
        }
        let map = crate::source::SourceMap::default();
        let engine = crate::eval::link(&program, &map).unwrap();
        let o = decide(&engine, vec![6]);
        // The licence requirement stands: closed.
        assert_eq!(o.decision(), Decision::LicenseRequired, "{o:?}");
        assert!(o.fired.iter().all(|f| !f.covered));
        assert!(o.authorizations.iter().all(|a| a.covers.is_empty()));
    }
}
