//! Coverage across every test block and golden record: which rules fired,
//! and which `when`/`unless` lines evaluated both true and false.

use crate::eval::interp::CondOutcome;
use crate::eval::Engine;
use crate::outcome::Outcome;
use crate::tester::catalog::Catalog;

/// What the tests exercised, by engine rule.
#[derive(Clone, Debug, Default)]
pub struct Coverage {
    /// Whether each rule fired for some record.
    fired: Vec<bool>,
    /// For each rule, each condition line: (seen true, seen false).
    conditions: Vec<Vec<(bool, bool)>>,
}

/// The figures and the lists behind them.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// Rules that fired at least once.
    pub rules_fired: usize,
    /// All rules of the package.
    pub rules: usize,
    /// Condition lines that went both ways.
    pub conditions_both: usize,
    /// All condition lines.
    pub conditions: usize,
}

impl Summary {
    /// Rule coverage in percent (100 for a package without rules).
    pub fn rule_percent(&self) -> f64 {
        percent(self.rules_fired, self.rules)
    }

    /// Condition coverage in percent.
    pub fn condition_percent(&self) -> f64 {
        percent(self.conditions_both, self.conditions)
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        100.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

impl Coverage {
    /// Nothing exercised yet.
    pub fn new(engine: &Engine) -> Coverage {
        Coverage {
            fired: vec![false; engine.rules.len()],
            conditions: engine
                .rules
                .iter()
                .map(|r| vec![(false, false); r.conditions.len()])
                .collect(),
        }
    }

    /// Adds one record's outcome and the condition outcomes seen while
    /// deciding it.
    pub fn add(&mut self, outcome: &Outcome, trace: &[CondOutcome]) {
        for f in &outcome.fired {
            if let Some(b) = self.fired.get_mut(f.rule as usize) {
                *b = true;
            }
        }
        for t in trace {
            let cell = self
                .conditions
                .get_mut(t.rule as usize)
                .and_then(|c| c.get_mut(t.condition as usize));
            if let Some((yes, no)) = cell {
                if t.value {
                    *yes = true;
                } else {
                    *no = true;
                }
            }
        }
    }

    /// The counts.
    pub fn summary(&self) -> Summary {
        let all = self.conditions.iter().flatten();
        Summary {
            rules_fired: self.fired.iter().filter(|b| **b).count(),
            rules: self.fired.len(),
            conditions_both: all.clone().filter(|(y, n)| *y && *n).count(),
            conditions: all.count(),
        }
    }

    /// The report printed by `--coverage`, ending with the two figures.
    pub fn report(&self, catalog: &Catalog<'_>) -> String {
        let engine = catalog.engine();
        let mut out = String::from("coverage:\n");
        let never: Vec<u32> = (0..self.fired.len() as u32)
            .filter(|i| !self.fired.get(*i as usize).copied().unwrap_or(true))
            .collect();
        if never.is_empty() {
            out.push_str("  every rule fired\n");
        } else {
            out.push_str("  rules that never fired:\n");
            for i in never {
                out.push_str(&format!(
                    "    {} at {}\n",
                    catalog.full_name(i),
                    catalog.at(i)
                ));
            }
        }
        let mut lines = Vec::new();
        for (ri, conds) in self.conditions.iter().enumerate() {
            let Some(rule) = engine.rules.get(ri) else {
                continue;
            };
            for (ci, (yes, no)) in conds.iter().enumerate() {
                let what = match (yes, no) {
                    (true, true) => continue,
                    (true, false) => "never false",
                    (false, true) => "never true",
                    (false, false) => "never evaluated",
                };
                let Some(c) = rule.conditions.get(ci) else {
                    continue;
                };
                lines.push(format!(
                    "    {} at {}: `{}` {what}\n",
                    rule.full_name,
                    engine.map.location_string(c.span),
                    shorten(engine.map.slice(c.span)),
                ));
            }
        }
        if lines.is_empty() {
            out.push_str("  every condition went both ways\n");
        } else {
            out.push_str("  conditions that did not go both ways:\n");
            for l in lines {
                out.push_str(&l);
            }
        }
        let s = self.summary();
        out.push_str(&format!(
            "rule coverage: {}/{} rules fired ({:.1}%)\n",
            s.rules_fired,
            s.rules,
            s.rule_percent()
        ));
        out.push_str(&format!(
            "condition coverage: {}/{} conditions went both ways ({:.1}%)\n",
            s.conditions_both,
            s.conditions,
            s.condition_percent()
        ));
        out
    }
}

/// A condition line on one line: white space collapsed, long ones cut.
fn shorten(text: &str) -> String {
    const MAX: usize = 72;
    let one: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() <= MAX {
        return one;
    }
    let cut: String = one.chars().take(MAX - 1).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages() {
        let s = Summary {
            rules_fired: 24,
            rules: 25,
            conditions_both: 0,
            conditions: 0,
        };
        assert_eq!(format!("{:.1}", s.rule_percent()), "96.0");
        assert_eq!(s.condition_percent(), 100.0);
    }

    #[test]
    fn long_conditions_are_shortened_on_one_line() {
        assert_eq!(shorten("when a\n    and b"), "when a and b");
        let long = format!("when {}", "x and ".repeat(30));
        let short = shorten(&long);
        assert!(short.ends_with('…') && short.chars().count() <= 72);
    }
}
