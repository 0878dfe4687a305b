//! `screen(NAME, LIST)` at run time (§14): the list's names indexed once,
//! when the program is linked ([`ScreenList::new`]), and each call turned
//! into `Hit<R>` records ([`ScreenList::hits`]). A dated list keeps every
//! entry in the index and asks, per call, which are present on `as_of`.

use std::sync::Arc;

use rust_decimal::Decimal;

use crate::ir::ScreenFields;
use crate::lang::Date;
use crate::outcome::trace::ScreenHitTrace;
use crate::screen::{ListedName, ListedNames, ScreenIndex};
use crate::value::dated::DatedCollection;
use crate::value::{Str, Value};

/// Where the entries' records come from.
enum Rows {
    /// A plain `list<R>`.
    Fixed(Arc<[Value]>),
    /// A dated list: an entry's record is its row on the day.
    Dated(Arc<DatedCollection>),
}

/// A screened list: its index, its entries and their names as listed.
pub struct ScreenList {
    index: ScreenIndex,
    rows: Rows,
    /// Per entry, its names as listed (name, aliases, weak aliases).
    names: Vec<Vec<ListedName>>,
}

impl std::fmt::Debug for ScreenList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScreenList")
            .field("entries", &self.names.len())
            .finish_non_exhaustive()
    }
}

/// The names of one record, or `None` if it lacks the checked fields.
fn names_of(row: &Value, fields: ScreenFields) -> Option<Vec<ListedName>> {
    let Some(Value::Str(name)) = row.field(fields.name) else {
        return None;
    };
    let mut out = vec![ListedName {
        text: name.as_str().to_string(),
        weak: false,
    }];
    for (slot, weak) in [(fields.aliases, false), (fields.weak_aliases, true)] {
        let Some(slot) = slot else { continue };
        let texts: Vec<&Value> = match row.field(slot)? {
            Value::List(xs) => xs.iter().collect(),
            Value::Set(s) => s.items().iter().collect(),
            Value::Absent => Vec::new(),
            _ => return None,
        };
        for t in texts {
            let Value::Str(s) = t else { return None };
            out.push(ListedName {
                text: s.as_str().to_string(),
                weak,
            });
        }
    }
    Some(out)
}

impl ScreenList {
    /// Indexes a `list<R>` value; `None` if a record lacks its names (the
    /// checker rules that out).
    pub fn new(list: &Value, fields: ScreenFields) -> Option<ScreenList> {
        let Value::List(rows) = list else {
            return None;
        };
        let names = rows
            .iter()
            .map(|r| names_of(r, fields))
            .collect::<Option<Vec<_>>>()?;
        Some(ScreenList::indexed(Rows::Fixed(rows.clone()), names))
    }

    /// Indexes a dated list: every entry, present or not on a given day.
    pub fn dated(collection: Arc<DatedCollection>, fields: ScreenFields) -> Option<ScreenList> {
        let names = collection
            .entries()
            .iter()
            .map(|e| names_of(&e.windows.first()?.1, fields))
            .collect::<Option<Vec<_>>>()?;
        Some(ScreenList::indexed(Rows::Dated(collection), names))
    }

    fn indexed(rows: Rows, names: Vec<Vec<ListedName>>) -> ScreenList {
        let index = ScreenIndex::build(
            names
                .iter()
                .map(|n| ListedNames { names: n.clone() })
                .collect(),
        );
        ScreenList { index, rows, names }
    }

    /// The entry at `i` on `date` (always, for a plain list).
    fn entry(&self, i: usize, date: Option<Date>) -> Option<&Value> {
        match &self.rows {
            Rows::Fixed(rows) => rows.get(i),
            Rows::Dated(c) => {
                let date = date?;
                c.entries()
                    .get(i)?
                    .windows
                    .iter()
                    .find(|(w, _)| w.contains(date))
                    .map(|(_, row)| row)
            }
        }
    }

    /// The hits of `query` as `Hit<R>` records (`entry`, `matched`,
    /// `score`, `weak`), in §14's order; `None` when a dated list is read
    /// with no date, or a hit names no entry (a broken invariant).
    pub fn hits(&self, query: &str, date: Option<Date>) -> Option<Value> {
        if matches!(self.rows, Rows::Dated(_)) && date.is_none() {
            return None;
        }
        let present = |i: usize| self.entry(i, date).is_some();
        let mut out = Vec::new();
        for h in self.index.screen(query, &present) {
            let entry = self.entry(h.entry, date)?.clone();
            let listed = self.names.get(h.entry)?.get(h.name)?;
            out.push(Value::Record(Arc::from(vec![
                entry,
                Value::Str(Str::new(&listed.text)),
                Value::Decimal(rounded(h.score)),
                Value::Bool(listed.weak),
            ])));
        }
        Some(Value::list(out))
    }

    /// For `--explain`: the first `n` hits of `query` with why each scored
    /// so, and how many hits there were.
    pub fn explained(
        &self,
        query: &str,
        date: Option<Date>,
        n: usize,
    ) -> Option<(Vec<ScreenHitTrace>, usize)> {
        if matches!(self.rows, Rows::Dated(_)) && date.is_none() {
            return None;
        }
        let present = |i: usize| self.entry(i, date).is_some();
        let hits = self.index.screen(query, &present);
        let shown = hits
            .iter()
            .take(n)
            .filter_map(|h| {
                let listed = self.names.get(h.entry)?.get(h.name)?;
                Some(ScreenHitTrace {
                    matched: listed.text.clone(),
                    score: rounded(h.score),
                    weak: listed.weak,
                    why: self.index.explain(query, h.entry, h.name),
                })
            })
            .collect();
        Some((shown, hits.len()))
    }
}

/// The rounding every score gets (§14): two digits, half to even.
pub fn rounded(score: Decimal) -> Decimal {
    score.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointNearestEven)
}
