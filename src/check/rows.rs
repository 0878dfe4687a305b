//! The rows of a record `load` (§12): `load PATH as list<R>` (or `set<R>`,
//! or `map<K, R> key "FIELD"`) reads a `.json` array of objects, or a
//! `.csv` (RFC 4180, the one tokenizer of `crate::csv`) or `.tsv` file
//! (tab-separated, never quoted) whose header names R's fields, dotted for
//! nested records. Each row is parsed and typed here, once, by the
//! constant pass (`fold.rs`), which knows the field defaults; a row that
//! does not fit is a bad row with its line, column and reason, and the
//! other rows are still read.
//!
//! Cells are Pol literals without quotes or underscores, read by the same
//! scalar parser as input records (`input::text`); they are not trimmed.
//! An empty cell is absent (or the field's default). A `list<T>`/`set<T>`
//! field's cell is split at `;` (`\;` is a literal semicolon), its pieces
//! trimmed and empty pieces dropped. A nested optional record whose cells
//! are all empty is absent. Unknown columns are ignored.

use serde_json::value::RawValue;

use crate::csv::split_pieces;
use crate::input::json::JsonReader;
use crate::input::locate;
use crate::input::schema::Schema;
use crate::input::text;
pub use crate::ir::rows::RowFormat;
use crate::ir::{RecordId, Type};
use crate::value::Value;

/// A row that does not fit its type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadRow {
    /// 1-based line.
    pub line: u32,
    /// 1-based column (characters).
    pub column: u32,
    /// What is wrong.
    pub reason: String,
    /// A key that is a near-miss of a field (§16: an error of its own at
    /// the `load`, E0141).
    pub near_miss: bool,
}

/// A text cell outside R's fields (the columns of `dated`), with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extra {
    /// The text (`None`: empty cell, absent or `null` field).
    pub text: Option<String>,
    /// 1-based column of the cell (of the row's start, for JSON).
    pub column: u32,
}

/// A row read whole.
#[derive(Clone, Debug)]
pub struct ReadRow {
    /// The line it starts on.
    pub line: u32,
    /// The record.
    pub value: Value,
    /// The cells of the extra columns asked for, in the order asked.
    pub extra: Vec<Extra>,
}

/// What stops a file from being read at all (reported at the `load`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fatal {
    /// A column R requires is not in the header.
    MissingColumn {
        /// The dotted column name.
        column: String,
        /// Did you mean, or the columns there are.
        help: Option<String>,
    },
    /// A column named by `dated "FROM" until "TO"` is not in the header.
    MissingWindowColumn {
        /// Its name.
        column: String,
        /// Did you mean.
        help: Option<String>,
    },
    /// A header that is not a field but a near-miss of a field that has no
    /// column (§16: an error at the `load`).
    NearMissHeader {
        /// The header as written.
        header: String,
        /// The field path it most likely means.
        field: String,
        /// Where the header cell is.
        line: u32,
        /// Its column.
        column: u32,
    },
    /// R has a map-typed field, which no cell can hold.
    MapField {
        /// The dotted field.
        field: String,
        /// Its type.
        ty: String,
    },
    /// A list or set field whose elements are not written as text.
    CellType {
        /// The dotted field.
        field: String,
        /// Its type.
        ty: String,
    },
    /// The file is not what the format needs (not a JSON array, no header).
    Malformed {
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// What is wrong.
        reason: String,
    },
}

/// Every row that reads, and every one that does not, in file order.
#[derive(Debug, Default)]
pub struct Rows {
    /// Rows that fit R.
    pub rows: Vec<ReadRow>,
    /// Rows that do not.
    pub bad: Vec<BadRow>,
}

/// Drops what every load accepts around the text: a leading UTF-8 BOM and
/// a trailing `0x1A` (an old end-of-file mark). CRLF line ends are the
/// tokenizers' own.
pub fn strip_text(text: &str) -> &str {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.strip_suffix('\u{1a}').unwrap_or(text)
}

fn n32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Reads the rows of `text` as records of type `record`; `extra` names
/// columns (JSON fields) read as text beside the record.
pub fn read(
    schema: &Schema,
    record: RecordId,
    text: &str,
    format: RowFormat,
    extra: &[&str],
) -> Result<Rows, Vec<Fatal>> {
    let text = strip_text(text);
    match format {
        RowFormat::Json => read_json(schema, record, text, extra),
        RowFormat::Csv | RowFormat::Tsv => {
            let fatal = field_problems(schema, record);
            if !fatal.is_empty() {
                return Err(fatal);
            }
            let table = if format == RowFormat::Csv {
                csv_table(text)
            } else {
                tsv_table(text)
            };
            Table::new(schema, record, table, extra)?.read()
        }
    }
}

// ------------------------------------------------------------------ JSON

fn read_json(
    schema: &Schema,
    record: RecordId,
    text: &str,
    extra: &[&str],
) -> Result<Rows, Vec<Fatal>> {
    let elems: Vec<&RawValue> = match serde_json::from_str(text) {
        Ok(e) => e,
        Err(e) => {
            let reason = if e.is_data() {
                "the file must be a JSON array of objects".to_string()
            } else {
                format!("the file must be a JSON array of objects: {e}")
            };
            return Err(vec![Fatal::Malformed {
                line: n32(e.line().max(1)),
                column: n32(e.column().max(1)),
                reason,
            }]);
        }
    };
    let reader = JsonReader::full(schema, false);
    let base = text.as_ptr() as usize;
    let ty = Type::Record(record);
    let mut out = Rows::default();
    for elem in elems {
        let raw = elem.get();
        let offset = (raw.as_ptr() as usize).saturating_sub(base);
        let (line, column) = locate::line_col(text, offset, 1);
        let bad = |off: usize, reason: String| {
            let (l, c) = locate::line_col(text, offset + off, 1);
            BadRow {
                line: n32(l),
                column: n32(c),
                reason,
                near_miss: false,
            }
        };
        match reader.parse(raw, &ty) {
            Ok((value @ Value::Record(_), _)) => match json_extra(raw, extra) {
                Ok(cells) => out.rows.push(ReadRow {
                    line: n32(line),
                    value,
                    extra: cells
                        .into_iter()
                        .map(|text| Extra {
                            text,
                            column: n32(column),
                        })
                        .collect(),
                }),
                Err(reason) => out.bad.push(bad(0, reason)),
            },
            Ok(_) => out
                .bad
                .push(bad(0, "a row must be an object, found `null`".into())),
            Err(e) => out.bad.push(BadRow {
                near_miss: e.code == crate::input::codes::NEAR_MISS,
                ..bad(e.offset, e.message)
            }),
        }
    }
    Ok(out)
}

/// The text of the fields `names` of one JSON object (strings; `null` or
/// absent is `None`).
fn json_extra(raw: &str, names: &[&str]) -> Result<Vec<Option<String>>, String> {
    if names.is_empty() {
        return Ok(Vec::new());
    }
    let object: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(raw).map_err(|e| format!("a row must be an object: {e}"))?;
    names
        .iter()
        .map(|name| match object.get(*name) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(format!(
                "`{name}` should be a date string (`YYYY-MM-DD`), found `{other}`"
            )),
        })
        .collect()
}

// ------------------------------------------------------------------ CSV and TSV

/// One row of cells: `(text, column)` each.
type Cells = Vec<(String, u32)>;

/// The rows of a delimited text, each its line and cells or why it cannot be read.
type RawTable = Vec<Result<(u32, Cells), BadRow>>;

fn csv_table(text: &str) -> RawTable {
    crate::csv::rows(text)
        .into_iter()
        .map(|row| match row {
            Ok(row) => Ok((
                n32(row.line),
                row.cells
                    .into_iter()
                    .map(|c| (c.text, n32(c.column)))
                    .collect(),
            )),
            Err(bad) => Err(BadRow {
                line: n32(bad.line),
                column: n32(bad.column),
                reason: bad.reason,
                near_miss: false,
            }),
        })
        .collect()
}

/// Tab-separated rows: no quoting (`"` is text); blank lines skipped.
fn tsv_table(text: &str) -> RawTable {
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        let mut cells = Vec::new();
        let mut column = 1u32;
        for cell in line.split('\t') {
            let width = n32(cell.chars().count());
            cells.push((cell.to_string(), column));
            column = column.saturating_add(width).saturating_add(1);
        }
        out.push(Ok((n32(i + 1), cells)));
    }
    out
}

/// The fields of R (and of its nested records) that no cell can hold.
fn field_problems(schema: &Schema, record: RecordId) -> Vec<Fatal> {
    let mut out = Vec::new();
    walk_fields(schema, record, "", 0, &mut |path, ty| {
        let shown = schema.type_name(ty);
        match ty.strip_optional() {
            Type::Map(..) => out.push(Fatal::MapField {
                field: path.to_string(),
                ty: shown,
            }),
            Type::List(e) | Type::Set(e) if !is_text(e) => out.push(Fatal::CellType {
                field: path.to_string(),
                ty: shown,
            }),
            _ => {}
        }
    });
    out
}

/// Whether values of `ty` can be written in a cell.
fn is_text(ty: &Type) -> bool {
    !matches!(
        ty,
        Type::Record(_) | Type::List(_) | Type::Set(_) | Type::Map(..) | Type::Optional(_)
    )
}

/// Calls `f` on every non-record field of `record`, nested records
/// flattened into dotted paths (a record type that contains itself is
/// cut off at a depth no header could reach).
fn walk_fields(
    schema: &Schema,
    record: RecordId,
    prefix: &str,
    depth: usize,
    f: &mut dyn FnMut(&str, &Type),
) {
    if depth > 16 {
        return;
    }
    let Some(rs) = schema.record(record) else {
        return;
    };
    for field in &rs.fields {
        let path = format!("{prefix}{}", field.name);
        match field.ty.strip_optional() {
            Type::Record(inner) => walk_fields(schema, *inner, &format!("{path}."), depth + 1, f),
            ty => f(&path, ty),
        }
    }
}

/// A header read against R: which column holds which field.
struct Table<'s> {
    schema: &'s Schema,
    record: RecordId,
    /// Each column's slot path into R, or `None` (not a field: ignored).
    columns: Vec<Option<Vec<u32>>>,
    /// The column of each extra name asked for.
    extra: Vec<Option<usize>>,
    rows: RawTable,
}

/// The help for a column the header lacks: did you mean, or the columns there are.
fn column_help(column: &str, names: &[&str]) -> Option<String> {
    crate::check::suggest::best(column, names.iter().copied())
        .map(|s| format!("did you mean `{s}`?"))
        .or_else(|| {
            let cols: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            Some(format!("the columns are {}", cols.join(", ")))
        })
}

impl<'s> Table<'s> {
    fn new(
        schema: &'s Schema,
        record: RecordId,
        mut rows: RawTable,
        extra: &[&str],
    ) -> Result<Table<'s>, Vec<Fatal>> {
        if rows.is_empty() {
            return Err(vec![Fatal::Malformed {
                line: 1,
                column: 1,
                reason: "the file is empty; its first line must name the columns".into(),
            }]);
        }
        let header = match rows.remove(0) {
            Ok((_, cells)) => cells,
            Err(bad) => {
                return Err(vec![Fatal::Malformed {
                    line: bad.line,
                    column: bad.column,
                    reason: format!("the header cannot be read: {}", bad.reason),
                }])
            }
        };
        let names: Vec<&str> = header.iter().map(|(t, _)| t.trim()).collect();
        let columns: Vec<Option<Vec<u32>>> = names
            .iter()
            .map(|name| slot_path(schema, record, name))
            .collect();
        let known: Vec<&[u32]> = columns_of(&columns);
        let unknown = names
            .iter()
            .enumerate()
            .filter(|(i, n)| columns.get(*i).is_some_and(Option::is_none) && !extra.contains(n));
        let near = crate::input::csv_header::near_miss_headers(
            schema,
            record,
            unknown.map(|(i, n)| (i, *n)),
            &known,
        );
        let mut missing: Vec<Fatal> = near
            .iter()
            .map(|m| Fatal::NearMissHeader {
                header: m.header.clone(),
                field: m.field.clone(),
                line: 1,
                column: header.get(m.index).map_or(1, |(_, c)| *c),
            })
            .collect();
        required_columns(schema, record, "", 0, &mut |path| {
            // A required field a near-miss header meant is reported once.
            if !names.contains(&path) && !near.iter().any(|m| m.field == path) {
                missing.push(Fatal::MissingColumn {
                    column: path.to_string(),
                    help: column_help(path, &names),
                });
            }
        });
        for x in extra.iter().filter(|x| !names.contains(x)) {
            missing.push(Fatal::MissingWindowColumn {
                column: x.to_string(),
                help: column_help(x, &names),
            });
        }
        if !missing.is_empty() {
            return Err(missing);
        }
        let extra = extra
            .iter()
            .map(|x| names.iter().position(|n| n == x))
            .collect();
        Ok(Table {
            schema,
            record,
            columns,
            extra,
            rows,
        })
    }

    fn read(self) -> Result<Rows, Vec<Fatal>> {
        let mut out = Rows::default();
        for row in &self.rows {
            match row {
                Err(bad) => out.bad.push(bad.clone()),
                Ok((line, cells)) => match self.row(*line, cells) {
                    Ok(r) => out.rows.push(r),
                    Err(bad) => out.bad.push(bad),
                },
            }
        }
        Ok(out)
    }

    fn row(&self, line: u32, cells: &Cells) -> Result<ReadRow, BadRow> {
        if cells.len() != self.columns.len() {
            return Err(BadRow {
                line,
                column: 1,
                reason: format!(
                    "this row has {} cells, the header has {}",
                    cells.len(),
                    self.columns.len()
                ),
                near_miss: false,
            });
        }
        let value = self.build(self.record, &[], "", line, cells, 0)?;
        let extra = self
            .extra
            .iter()
            .map(|i| match i.and_then(|i| cells.get(i)) {
                Some((t, c)) if !t.is_empty() => Extra {
                    text: Some(t.clone()),
                    column: *c,
                },
                Some((_, c)) => Extra {
                    text: None,
                    column: *c,
                },
                None => Extra {
                    text: None,
                    column: 1,
                },
            })
            .collect();
        Ok(ReadRow { line, value, extra })
    }

    /// The cell of the column at `path`, if the header has one.
    fn cell<'c>(&self, path: &[u32], cells: &'c Cells) -> Option<&'c (String, u32)> {
        let i = self
            .columns
            .iter()
            .position(|c| c.as_deref() == Some(path))?;
        cells.get(i)
    }

    /// Whether some column under `path` has a non-empty cell.
    fn any_under(&self, path: &[u32], cells: &Cells) -> bool {
        self.columns
            .iter()
            .zip(cells)
            .any(|(c, (t, _))| !t.is_empty() && c.as_deref().is_some_and(|p| p.starts_with(path)))
    }

    fn build(
        &self,
        record: RecordId,
        prefix: &[u32],
        dotted: &str,
        line: u32,
        cells: &Cells,
        depth: usize,
    ) -> Result<Value, BadRow> {
        let Some(rs) = self.schema.record(record) else {
            return Ok(Value::Absent);
        };
        let mut fields = Vec::with_capacity(rs.fields.len());
        for (slot, field) in rs.fields.iter().enumerate() {
            let mut path = prefix.to_vec();
            path.push(n32(slot));
            let name = format!("{dotted}{}", field.name);
            let empty = |column: u32| -> Result<Value, BadRow> {
                match &field.default {
                    Some(d) => Ok(d.clone()),
                    None if field.ty.is_optional() => Ok(Value::Absent),
                    None => Err(BadRow {
                        line,
                        column,
                        reason: format!(
                            "`{name}` is empty, but a value of type `{}` is required",
                            self.schema.type_name(&field.ty)
                        ),
                        near_miss: false,
                    }),
                }
            };
            let value = match field.ty.strip_optional() {
                Type::Record(inner) => {
                    if depth < 16 && self.any_under(&path, cells) {
                        self.build(*inner, &path, &format!("{name}."), line, cells, depth + 1)?
                    } else if field.default.is_some() || field.ty.is_optional() {
                        empty(1)?
                    } else {
                        self.build(*inner, &path, &format!("{name}."), line, cells, depth + 1)?
                    }
                }
                ty => match self.cell(&path, cells) {
                    Some((t, column)) if !t.is_empty() => {
                        self.parse(ty, t, &name, line, *column)?
                    }
                    Some((_, column)) => empty(*column)?,
                    None => empty(1)?,
                },
            };
            fields.push(value);
        }
        Ok(Value::record(fields))
    }

    fn parse(
        &self,
        ty: &Type,
        cell: &str,
        name: &str,
        line: u32,
        column: u32,
    ) -> Result<Value, BadRow> {
        let bad = |detail: String| BadRow {
            line,
            column,
            reason: format!("`{name}` {detail}"),
            near_miss: false,
        };
        match ty {
            Type::List(elem) | Type::Set(elem) => {
                let mut items = Vec::new();
                for piece in split_pieces(cell) {
                    items.push(text::parse(self.schema, elem, &piece).map_err(|p| bad(p.detail))?);
                }
                Ok(if matches!(ty, Type::Set(_)) {
                    Value::set(items)
                } else {
                    Value::list(items)
                })
            }
            _ => text::parse(self.schema, ty, cell).map_err(|p| bad(p.detail)),
        }
    }
}

/// The slot path of a dotted column name, or `None` when it names no
/// (non-record) field.
fn slot_path(schema: &Schema, record: RecordId, name: &str) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    let mut current = record;
    let mut parts = name.split('.').peekable();
    while let Some(part) = parts.next() {
        let rs = schema.record(current)?;
        let slot = rs.fields.iter().position(|f| f.name == part)?;
        out.push(n32(slot));
        let ty = rs.fields.get(slot)?.ty.strip_optional();
        match (ty, parts.peek()) {
            (Type::Record(inner), Some(_)) => current = *inner,
            (Type::Record(_), None) => return None,
            (_, Some(_)) => return None,
            (_, None) => {}
        }
    }
    Some(out)
}

/// The slot paths of the columns that name fields.
fn columns_of(columns: &[Option<Vec<u32>>]) -> Vec<&[u32]> {
    columns.iter().flatten().map(Vec::as_slice).collect()
}

/// Calls `f` on the dotted column of every field a row must give: not
/// optional, no default, through nested records that are themselves
/// required.
fn required_columns(
    schema: &Schema,
    record: RecordId,
    prefix: &str,
    depth: usize,
    f: &mut dyn FnMut(&str),
) {
    if depth > 16 {
        return;
    }
    let Some(rs) = schema.record(record) else {
        return;
    };
    for field in &rs.fields {
        if field.ty.is_optional() || field.default.is_some() {
            continue;
        }
        let path = format!("{prefix}{}", field.name);
        match &field.ty {
            Type::Record(inner) => {
                required_columns(schema, *inner, &format!("{path}."), depth + 1, f)
            }
            _ => f(&path),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_split_at_unescaped_semicolons() {
        assert_eq!(split_pieces("a; b ;;c\\;d; "), vec!["a", "b", "c;d"]);
        assert!(split_pieces("").is_empty());
    }

    #[test]
    fn tsv_cells_are_never_quoted() {
        let t = tsv_table("a\tb\r\n\"x\t y\n\n");
        assert_eq!(t.len(), 2);
        let Ok((line, cells)) = &t[1] else {
            panic!("{t:?}")
        };
        assert_eq!(*line, 2);
        assert_eq!(cells[0], ("\"x".to_string(), 1));
        assert_eq!(cells[1], (" y".to_string(), 4));
    }

    #[test]
    fn bom_and_end_of_file_mark_are_dropped() {
        assert_eq!(strip_text("\u{feff}a\n\u{1a}"), "a\n");
    }
}
