//! The constant pass's half of a record `load` (§12): reads the rows
//! (`rows.rs`) with the field defaults known, makes the list, set or map,
//! and reports what does not fit — the first [`MAX_BAD_ROWS`] bad rows of
//! each file with their line, column and reason, then how many more.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::check::error::CheckError;
use crate::check::fold_dated::dated_rows;
use crate::check::load_file::read_error;
use crate::check::rows::{self, BadRow, Fatal, ReadRow};
use crate::diag::Diagnostic;
use crate::input::schema::Schema;
use crate::ir::rows::{RowShape, RowsLoad};
use crate::ir::{Expr, ExprKind};
use crate::source::Span;
use crate::value::render::write_value;
use crate::value::{MapKey, MapValue, Value};

/// Bad rows listed per file; the rest are counted.
pub const MAX_BAD_ROWS: usize = 100;

/// Replaces a record load by its value (or reports why it has none).
pub(crate) fn read_rows(schema: &Schema, e: &mut Expr, diags: &mut Vec<Diagnostic>) {
    let ExprKind::LoadedRows(load) = &e.kind else {
        return;
    };
    let span = e.span;
    let text = match crate::confine::read_limited(&load.path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => {
                diags.push(Diagnostic::from(CheckError::UnreadableFixture {
                    path: load.display.clone(),
                    reason: "stream did not contain valid UTF-8".into(),
                    span,
                }));
                return;
            }
        },
        Err(err) => {
            diags.push(Diagnostic::from(read_error(span, &load.display, err)));
            return;
        }
    };
    let extra: Vec<&str> = load
        .dated
        .as_ref()
        .map(|(f, t)| vec![f.as_str(), t.as_str()])
        .unwrap_or_default();
    let read = match rows::read(schema, load.record, &text, load.format, &extra) {
        Ok(r) => r,
        Err(fatal) => {
            for f in fatal {
                diags.push(Diagnostic::from(fatal_error(schema, load, f, span)));
            }
            return;
        }
    };
    let mut bad = read.bad;
    let (value, dated) = match &load.dated {
        Some(_) => (
            None,
            dated_rows(schema, load, read.rows, &mut bad, diags, span),
        ),
        None => (build(schema, load, read.rows, &mut bad, diags, span), None),
    };
    if !bad.is_empty() {
        bad.sort_by_key(|b| (b.line, b.column));
        let total = bad.len();
        for b in bad.iter().take(MAX_BAD_ROWS) {
            let error = match b.near_miss {
                true => CheckError::FixtureNearMiss {
                    path: load.display.clone(),
                    line: b.line as usize,
                    column: b.column as usize,
                    message: b.reason.clone(),
                    span,
                },
                false => CheckError::LoadBadRow {
                    span,
                    path: load.display.clone(),
                    line: b.line,
                    column: b.column,
                    reason: b.reason.clone(),
                },
            };
            diags.push(Diagnostic::from(error));
        }
        if total > MAX_BAD_ROWS {
            diags.push(Diagnostic::from(CheckError::LoadMoreBadRows {
                span,
                path: load.display.clone(),
                count: total - MAX_BAD_ROWS,
                total,
            }));
        }
        return;
    }
    if let Some(value) = value {
        e.kind = ExprKind::Loaded {
            path: load.display.clone(),
            value,
        };
    } else if let Some(collection) = dated {
        e.kind = ExprKind::LoadedDated {
            path: load.display.clone(),
            collection,
        };
    }
}

fn fatal_error(schema: &Schema, load: &RowsLoad, f: Fatal, span: Span) -> CheckError {
    let record = schema
        .record(load.record)
        .map(|r| r.name.clone())
        .unwrap_or_default();
    match f {
        Fatal::MissingColumn { column, help } => CheckError::LoadMissingColumn {
            span,
            path: load.display.clone(),
            column,
            record,
            help,
        },
        Fatal::MissingWindowColumn { column, help } => CheckError::LoadMissingWindowColumn {
            span,
            path: load.display.clone(),
            column,
            help,
        },
        Fatal::MapField { field, ty } => CheckError::MapFieldInRows {
            span,
            format: load.format.name().into(),
            record,
            field,
            ty,
        },
        Fatal::CellType { field, ty } => CheckError::LoadCellType {
            span,
            field,
            ty,
            format: load.format.name().into(),
        },
        Fatal::NearMissHeader {
            header,
            field,
            line,
            column,
        } => CheckError::FixtureNearMiss {
            path: load.display.clone(),
            line: line as usize,
            column: column as usize,
            message: format!(
                "`{header}` is not a field of `{record}`; did you mean `{field}`? (no column names `{field}`)"
            ),
            span,
        },
        Fatal::Malformed {
            line,
            column,
            reason,
        } => CheckError::LoadBadRow {
            span,
            path: load.display.clone(),
            line,
            column,
            reason,
        },
    }
}

/// The collection of the rows that read; a row with an empty key is bad,
/// and two rows with one key are an error naming both lines.
fn build(
    schema: &Schema,
    load: &RowsLoad,
    rows: Vec<ReadRow>,
    bad: &mut Vec<BadRow>,
    diags: &mut Vec<Diagnostic>,
    span: Span,
) -> Option<Value> {
    let values = rows.into_iter().map(|r| (r.line, r.value));
    match load.shape {
        RowShape::List => Some(Value::list(values.map(|(_, v)| v).collect())),
        RowShape::Set => Some(Value::set(values.map(|(_, v)| v))),
        RowShape::Map { key_slot } => {
            let key_name = load.key_name.clone().unwrap_or_default();
            let mut first: FxHashMap<MapKey, u32> = FxHashMap::default();
            let mut entries = Vec::new();
            let mut repeated = false;
            for (line, row) in values {
                let key = row.field(key_slot).cloned().unwrap_or(Value::Absent);
                let Some(mk) = MapKey::of(&key) else {
                    bad.push(BadRow {
                        line,
                        column: 1,
                        reason: format!("the key `{key_name}` is empty"),
                        near_miss: false,
                    });
                    continue;
                };
                if let Some(&at) = first.get(&mk) {
                    repeated = true;
                    diags.push(Diagnostic::from(CheckError::LoadDuplicateKey {
                        span,
                        path: load.display.clone(),
                        line,
                        first_line: at,
                        key: show_key(schema, load, key_slot, &key),
                    }));
                    continue;
                }
                first.insert(mk, line);
                entries.push((key, row));
            }
            if repeated {
                return None;
            }
            MapValue::from_entries(entries)
                .ok()
                .map(|m| Value::Map(Arc::new(m)))
        }
    }
}

/// A key as the file writes it (enum variants by name).
pub(crate) fn show_key(schema: &Schema, load: &RowsLoad, slot: u32, key: &Value) -> String {
    let ty = schema
        .record(load.record)
        .and_then(|r| r.fields.get(slot as usize))
        .map(|f| f.ty.clone())
        .unwrap_or(crate::ir::Type::Unknown);
    let mut out = String::new();
    write_value(&mut out, key, &ty, &schema.names);
    out
}
