//! Dated collections (§12): the rows of a `load … dated "FROM" until "TO"`,
//! each with the windows in which it is listed, and the plain list, set or
//! map that a use sees on a date.
//!
//! Every window starts and ends on one of the collection's boundary dates,
//! so what is present only changes at a boundary: the view on a date is the
//! view of the interval between two boundaries that holds it. A view is
//! built the first time a record falls in its interval and kept (a run over
//! a year of records touches each interval once, not once per record); the
//! memory this holds is at most one view per interval touched.

use std::fmt;
use std::sync::{Arc, OnceLock};

use crate::lang::Date;
use crate::value::{MapValue, Value};

/// When a row is listed: from `from` (inclusive) until `until` (exclusive;
/// `None` is open-ended).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    /// The first day listed.
    pub from: Date,
    /// The first day no longer listed.
    pub until: Option<Date>,
}

impl Window {
    /// Whether the row is listed on `date`.
    pub fn contains(&self, date: Date) -> bool {
        self.from <= date && self.until.is_none_or(|u| date < u)
    }

    /// Whether some day lies in both windows.
    pub fn overlaps(&self, other: &Window) -> bool {
        let before = |a: &Window, b: &Window| a.until.is_some_and(|u| u <= b.from);
        !before(self, other) && !before(other, self)
    }
}

/// The collection the rows make on a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DatedShape {
    /// `list<R>`: rows in file order (an element's place is its first row's).
    List,
    /// `set<R>`
    Set,
    /// `map<K, R>`
    Map,
}

/// One element (or map entry) with every window it is listed in.
#[derive(Clone, Debug)]
pub struct DatedEntry {
    /// The map key (maps only).
    pub key: Option<Value>,
    /// Each window with the row seen in it. The windows do not overlap.
    pub windows: Vec<(Window, Value)>,
}

impl DatedEntry {
    /// The row listed on `date`, if any.
    fn on(&self, date: Date) -> Option<&Value> {
        self.windows
            .iter()
            .find(|(w, _)| w.contains(date))
            .map(|(_, row)| row)
    }
}

/// A dated collection: its entries, its boundary dates and the views built so far.
pub struct DatedCollection {
    shape: DatedShape,
    entries: Vec<DatedEntry>,
    /// Every window's start and end, sorted, without repeats.
    bounds: Vec<Date>,
    /// The view of each interval: index `i` holds the dates from
    /// `bounds[i - 1]` (inclusive) to `bounds[i]` (exclusive).
    views: Vec<OnceLock<Value>>,
}

impl fmt::Debug for DatedCollection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DatedCollection")
            .field("shape", &self.shape)
            .field("entries", &self.entries)
            .finish_non_exhaustive()
    }
}

impl DatedCollection {
    /// A collection of `entries` (in first-row order).
    pub fn new(shape: DatedShape, entries: Vec<DatedEntry>) -> Arc<DatedCollection> {
        let mut bounds: Vec<Date> = entries
            .iter()
            .flat_map(|e| e.windows.iter())
            .flat_map(|(w, _)| std::iter::once(w.from).chain(w.until))
            .collect();
        bounds.sort_unstable();
        bounds.dedup();
        let views = (0..=bounds.len()).map(|_| OnceLock::new()).collect();
        Arc::new(DatedCollection {
            shape,
            entries,
            bounds,
            views,
        })
    }

    /// The shape of its views.
    pub fn shape(&self) -> DatedShape {
        self.shape
    }

    /// Every entry with its windows.
    pub fn entries(&self) -> &[DatedEntry] {
        &self.entries
    }

    /// The plain collection seen on `date`: the rows listed that day;
    /// `None` only if the entries broke their invariant (one key's windows
    /// overlap), which the checker rules out.
    pub fn on(&self, date: Date) -> Option<Value> {
        let interval = self.bounds.partition_point(|b| *b <= date);
        let view = self.views.get(interval)?;
        if let Some(v) = view.get() {
            return Some(v.clone());
        }
        let v = self.build(date)?;
        // Another thread may have built it meanwhile: the same value.
        Some(view.get_or_init(|| v).clone())
    }

    fn build(&self, date: Date) -> Option<Value> {
        let listed = self.entries.iter().filter_map(|e| Some((e, e.on(date)?)));
        Some(match self.shape {
            DatedShape::List => Value::list(listed.map(|(_, row)| row.clone()).collect()),
            DatedShape::Set => Value::set(listed.map(|(_, row)| row.clone())),
            DatedShape::Map => {
                let mut entries = Vec::new();
                for (e, row) in listed {
                    entries.push((e.key.clone()?, row.clone()));
                }
                Value::Map(Arc::new(MapValue::from_entries(entries).ok()?))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(days: i32) -> Date {
        Date { days }
    }

    fn window(from: i32, until: Option<i32>) -> Window {
        Window {
            from: day(from),
            until: until.map(day),
        }
    }

    #[test]
    fn a_window_holds_its_start_but_not_its_end() {
        let w = window(10, Some(20));
        assert!(!w.contains(day(9)));
        assert!(w.contains(day(10)));
        assert!(w.contains(day(19)));
        assert!(!w.contains(day(20)));
        assert!(window(10, None).contains(day(1_000_000)));
    }

    #[test]
    fn windows_that_touch_do_not_overlap() {
        assert!(!window(1, Some(5)).overlaps(&window(5, None)));
        assert!(window(1, Some(6)).overlaps(&window(5, None)));
        assert!(window(1, None).overlaps(&window(100, Some(101))));
        assert!(!window(7, Some(9)).overlaps(&window(1, Some(7))));
    }

    #[test]
    fn the_view_on_a_date_holds_the_rows_listed_that_day() {
        let entry = |v: i64, windows: &[(i32, Option<i32>)]| DatedEntry {
            key: None,
            windows: windows
                .iter()
                .map(|(f, u)| (window(*f, *u), Value::Int(v)))
                .collect(),
        };
        let c = DatedCollection::new(
            DatedShape::List,
            vec![
                entry(1, &[(10, Some(20)), (30, None)]),
                entry(2, &[(15, None)]),
            ],
        );
        let ints = |v: Option<Value>| match v {
            Some(Value::List(xs)) => xs
                .iter()
                .map(|x| match x {
                    Value::Int(i) => *i,
                    _ => -1,
                })
                .collect::<Vec<_>>(),
            _ => vec![-1],
        };
        assert_eq!(ints(c.on(day(9))), Vec::<i64>::new());
        assert_eq!(ints(c.on(day(10))), vec![1]);
        assert_eq!(ints(c.on(day(15))), vec![1, 2]);
        assert_eq!(ints(c.on(day(20))), vec![2]);
        assert_eq!(ints(c.on(day(29))), vec![2]);
        assert_eq!(ints(c.on(day(30))), vec![1, 2]);
        // A view is kept: the second read of an interval is the same list.
        let (a, b) = (c.on(day(16)), c.on(day(17)));
        assert!(
            matches!((a, b), (Some(Value::List(x)), Some(Value::List(y))) if Arc::ptr_eq(&x, &y))
        );
    }
}
