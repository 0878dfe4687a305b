//! The constant pass's half of a dated `load` (§12): each row's window from
//! its FROM and TO cells, rows grouped into elements (a list's or set's
//! equal rows, the row without its window fields; a map's rows of one key),
//! and the windows of one element checked not to overlap.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHasher};

use crate::check::error::CheckError;
use crate::check::fold_rows::show_key;
use crate::check::rows::{BadRow, Extra, ReadRow};
use crate::diag::Diagnostic;
use crate::input::schema::Schema;
use crate::ir::rows::{RowShape, RowsLoad};
use crate::ir::Type;
use crate::lang::Date;
use crate::source::Span;
use crate::value::cmp::same;
use crate::value::dated::{DatedCollection, DatedEntry, DatedShape, Window};
use crate::value::{MapKey, ScalarKey, Value};

/// The dated collection of the rows that read; bad windows and empty keys
/// go to `bad`, overlapping windows are errors in `diags` (and no collection).
pub(crate) fn dated_rows(
    schema: &Schema,
    load: &RowsLoad,
    rows: Vec<ReadRow>,
    bad: &mut Vec<BadRow>,
    diags: &mut Vec<Diagnostic>,
    span: Span,
) -> Option<Arc<DatedCollection>> {
    let (from_name, until_name) = load.dated.as_ref()?;
    let fields = schema.record(load.record).map(|r| r.fields.as_slice());
    // Fields of R that are the window's columns: left out when rows are
    // compared, as §12 compares "the row without FROM/TO".
    let window_slots: Vec<usize> = fields
        .unwrap_or_default()
        .iter()
        .enumerate()
        .filter(|(_, f)| f.name == *from_name || f.name == *until_name)
        .map(|(i, _)| i)
        .collect();
    let (shape, key_slot) = match load.shape {
        RowShape::List => (DatedShape::List, None),
        RowShape::Set => (DatedShape::Set, None),
        RowShape::Map { key_slot } => (DatedShape::Map, Some(key_slot)),
    };
    let mut groups = Groups::default();
    let mut overlapped = false;
    for row in rows {
        let Some(window) = window_of(schema, &row, from_name, until_name, bad) else {
            continue;
        };
        let (identity, key) = match key_slot {
            Some(slot) => {
                let key = row.value.field(slot).cloned().unwrap_or(Value::Absent);
                if MapKey::of(&key).is_none() {
                    let name = load.key_name.as_deref().unwrap_or_default();
                    bad.push(bad_row(&row, 1, format!("the key `{name}` is empty")));
                    continue;
                }
                (key.clone(), Some(key))
            }
            None => (without(&row.value, &window_slots), None),
        };
        let at = groups.find_or_add(identity, key);
        let Some((entry, lines)) = groups.get_mut(at) else {
            continue;
        };
        if let Some(first_line) = entry
            .windows
            .iter()
            .zip(lines.iter())
            .find(|((w, _), _)| w.overlaps(&window))
            .map(|(_, l)| *l)
        {
            let what = match (key_slot, &entry.key) {
                (Some(slot), Some(key)) => format!("key `{}`", show_key(schema, load, slot, key)),
                _ => "this row".to_string(),
            };
            diags.push(Diagnostic::from(CheckError::DatedOverlap {
                span,
                path: load.display.clone(),
                line: row.line,
                first_line,
                what,
            }));
            overlapped = true;
            continue;
        }
        entry.windows.push((window, row.value));
        lines.push(row.line);
    }
    if overlapped {
        return None;
    }
    Some(DatedCollection::new(shape, groups.entries))
}

/// The window of a row: FROM required, TO optional, FROM before TO.
fn window_of(
    schema: &Schema,
    row: &ReadRow,
    from_name: &str,
    until_name: &str,
    bad: &mut Vec<BadRow>,
) -> Option<Window> {
    let date =
        |cell: Option<&Extra>, name: &str, bad: &mut Vec<BadRow>| -> Result<Option<Date>, ()> {
            let Some(Extra {
                text: Some(text),
                column,
            }) = cell
            else {
                return Ok(None);
            };
            match crate::input::text::parse(schema, &Type::Date, text) {
                Ok(Value::Date(d)) => Ok(Some(d)),
                Ok(_) => Err(()),
                Err(p) => {
                    bad.push(bad_row(row, *column, format!("`{name}` {}", p.detail)));
                    Err(())
                }
            }
        };
    let (from_cell, until_cell) = (row.extra.first(), row.extra.get(1));
    let from = date(from_cell, from_name, bad).ok()?;
    let until = date(until_cell, until_name, bad).ok()?;
    let Some(from) = from else {
        let column = from_cell.map_or(1, |c| c.column);
        let reason =
            format!("the window start `{from_name}` is empty; every row of a dated load needs one");
        bad.push(bad_row(row, column, reason));
        return None;
    };
    if let Some(until) = until.filter(|u| *u <= from) {
        let column = until_cell.map_or(1, |c| c.column);
        let (f, u) = (show_date(from), show_date(until));
        let reason = format!(
            "the window ends (`{until_name}` {u}) on or before it starts (`{from_name}` {f})"
        );
        bad.push(bad_row(row, column, reason));
        return None;
    }
    Some(Window { from, until })
}

fn show_date(d: Date) -> String {
    let mut out = String::new();
    crate::value::render::write_value(
        &mut out,
        &Value::Date(d),
        &Type::Date,
        &crate::value::render::Names::default(),
    );
    out
}

fn bad_row(row: &ReadRow, column: u32, reason: String) -> BadRow {
    BadRow {
        line: row.line,
        column,
        reason,
        near_miss: false,
    }
}

/// A row with its window fields absent: what two rows of one element share.
fn without(row: &Value, window_slots: &[usize]) -> Value {
    match row {
        Value::Record(fields) if !window_slots.is_empty() => Value::Record(
            fields
                .iter()
                .enumerate()
                .map(|(i, v)| match window_slots.contains(&i) {
                    true => Value::Absent,
                    false => v.clone(),
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The elements so far, found by a hash that agrees with [`same`].
#[derive(Default)]
struct Groups {
    entries: Vec<DatedEntry>,
    /// Per entry, the line of each window's row.
    lines: Vec<Vec<u32>>,
    /// Per entry, what identifies it (the row without its window, or the key).
    identities: Vec<Value>,
    by_hash: FxHashMap<u64, Vec<usize>>,
}

impl Groups {
    fn find_or_add(&mut self, identity: Value, key: Option<Value>) -> usize {
        let mut h = FxHasher::default();
        hash_value(&identity, &mut h);
        let bucket = self.by_hash.entry(h.finish()).or_default();
        let found = bucket
            .iter()
            .copied()
            .find(|&i| self.identities.get(i).is_some_and(|v| same(v, &identity)));
        if let Some(i) = found {
            return i;
        }
        let i = self.entries.len();
        bucket.push(i);
        self.entries.push(DatedEntry {
            key,
            windows: Vec::new(),
        });
        self.lines.push(Vec::new());
        self.identities.push(identity);
        i
    }

    fn get_mut(&mut self, i: usize) -> Option<(&mut DatedEntry, &mut Vec<u32>)> {
        Some((self.entries.get_mut(i)?, self.lines.get_mut(i)?))
    }
}

/// A hash of a value such that values [`same`] hashes alike: scalars by
/// their [`ScalarKey`] (so `1` and `1.0`, `1 kg` and `1000 g` agree),
/// strings by text, records and lists by their elements, sets and maps by
/// size only (their equality ignores order), the rest (absent, zeros) alike.
fn hash_value(v: &Value, h: &mut FxHasher) {
    match v {
        Value::Str(s) => {
            1u8.hash(h);
            s.hash(h);
        }
        Value::Record(xs) | Value::List(xs) => {
            2u8.hash(h);
            xs.len().hash(h);
            xs.iter().for_each(|x| hash_value(x, h));
        }
        Value::Set(s) => {
            3u8.hash(h);
            s.len().hash(h);
        }
        Value::Map(m) => {
            4u8.hash(h);
            m.len().hash(h);
        }
        other => match ScalarKey::of(other) {
            Some(k) => {
                5u8.hash(h);
                k.hash(h);
            }
            None => 6u8.hash(h),
        },
    }
}
