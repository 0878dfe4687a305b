//! Name screening (§14): how close a name is to the names of a listed
//! entry, and an index over a list so that one screen costs far less than
//! a scan. The language's `screen(NAME, LIST)` (checker and evaluator) and
//! `polc screen` use only this module's public API below.
//!
//! The scoring here is a placeholder (equal token sets score 1.00, nothing
//! else scores) while the real engine is built behind the same API.

use rust_decimal::Decimal;

/// One name of a listed entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListedName {
    /// The name as listed.
    pub text: String,
    /// A weak alias (published by the list as low quality).
    pub weak: bool,
}

/// The names of one listed entry, in §14's order: its name, then its
/// aliases, then its weak aliases.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListedNames {
    /// The names.
    pub names: Vec<ListedName>,
}

/// A hit of a query on an entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScreenHit {
    /// The entry's position among the entries the index was built from.
    pub entry: usize,
    /// The matched name's position among the entry's names.
    pub name: usize,
    /// The score in [0, 1], rounded half to even to two digits.
    pub score: Decimal,
}

/// The least (rounded) score that is a hit (§14).
pub fn threshold() -> Decimal {
    Decimal::new(70, 2)
}

/// An index over the names of a list, built once when a package is linked.
#[derive(Debug, Default)]
pub struct ScreenIndex {
    entries: Vec<Vec<(ListedName, Vec<String>)>>,
}

impl ScreenIndex {
    /// Indexes `entries` (positions are kept: hits name them).
    pub fn build(entries: Vec<ListedNames>) -> ScreenIndex {
        let entries = entries
            .into_iter()
            .map(|e| {
                e.names
                    .into_iter()
                    .map(|n| {
                        let tokens = tokens(&n.text);
                        (n, tokens)
                    })
                    .collect()
            })
            .collect();
        ScreenIndex { entries }
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every hit of `query` (score ≥ [`threshold`]) on the entries for which
    /// `present` holds, one per entry and matched string, ordered as §14
    /// says: score descending, non-weak first, entry position, name position.
    pub fn screen(&self, query: &str, present: &dyn Fn(usize) -> bool) -> Vec<ScreenHit> {
        let q = tokens(query);
        let mut hits = Vec::new();
        if q.is_empty() {
            return hits;
        }
        for (entry, names) in self.entries.iter().enumerate() {
            if !present(entry) {
                continue;
            }
            let mut seen: Vec<&str> = Vec::new();
            for (name, (listed, t)) in names.iter().enumerate() {
                if seen.contains(&listed.text.as_str()) {
                    continue;
                }
                seen.push(&listed.text);
                if *t == q {
                    hits.push(ScreenHit {
                        entry,
                        name,
                        score: Decimal::ONE,
                    });
                }
            }
        }
        let weak = |h: &ScreenHit| {
            self.entries
                .get(h.entry)
                .and_then(|e| e.get(h.name))
                .is_some_and(|(n, _)| n.weak)
        };
        hits.sort_by(|a, b| {
            b.score
                .cmp(&a.score)
                .then(weak(a).cmp(&weak(b)))
                .then(a.entry.cmp(&b.entry))
                .then(a.name.cmp(&b.name))
        });
        hits
    }

    /// Why `query` scores as it does against name `name` of entry `entry`
    /// (for `--explain`): the folded forms and what matched.
    pub fn explain(&self, query: &str, entry: usize, name: usize) -> String {
        let listed = self
            .entries
            .get(entry)
            .and_then(|e| e.get(name))
            .map(|(_, t)| t.join(" "))
            .unwrap_or_default();
        format!("`{}` against `{listed}`", tokens(query).join(" "))
    }
}

/// Lower-case alphanumeric words, sorted (placeholder folding).
fn tokens(s: &str) -> Vec<String> {
    let mut t: Vec<String> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    t.sort();
    t
}
