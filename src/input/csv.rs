//! CSV records (§9): a header row of field paths (`end_user.kind` addresses
//! field `kind` of `end_user`), then one flat record per row. An empty cell
//! is absent; money and quantity cells are literals (`3200.00 USD`,
//! `300 kg`). Quoted cells follow RFC 4180 and may span lines.

use std::io::BufRead;

use crate::csv::{Cell, Malformed, Row, Tokenizer};
use crate::input::csv_header::{near_miss_headers, NearMissHeader};
use crate::input::schema::Schema;
use crate::input::text;
use crate::input::{codes, InputError, InputId, Parsed};
use crate::ir::{RecordId, Type};
use crate::value::Value;

/// What a header column addresses.
#[derive(Clone, Debug)]
enum Column {
    /// A field, by slot path from the record type.
    Field(Vec<u32>),
    /// Not a field (ignored, or rejected with `--strict`).
    Unknown(String),
}

/// Reads CSV rows of one record type.
pub struct CsvReader<'s, R> {
    src: Tokenizer<R>,
    schema: &'s Schema,
    record: RecordId,
    strict: bool,
    columns: Vec<(Column, usize)>,
    header_line: usize,
    /// Headers that are near-misses of fields without a column (§16).
    near_misses: Vec<NearMissHeader>,
}

/// A CSV file that cannot be read as records of its type (exit 2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvUsageError(pub String);

impl<'s, R: BufRead> CsvReader<'s, R> {
    /// Reads the header. Fails when the type has list or set fields, or a
    /// column names a record rather than one of its fields, or repeats one.
    pub fn new(
        src: R,
        schema: &'s Schema,
        record: RecordId,
        strict: bool,
    ) -> Result<Self, CsvUsageError> {
        Self::with_tokenizer(Tokenizer::new(src), schema, record, strict)
    }

    /// Reads tab-separated rows (`--input x.tsv`, §12): as CSV, but cells
    /// end at a tab and are never quoted.
    pub fn tsv(
        src: R,
        schema: &'s Schema,
        record: RecordId,
        strict: bool,
    ) -> Result<Self, CsvUsageError> {
        Self::with_tokenizer(Tokenizer::tsv(src), schema, record, strict)
    }

    fn with_tokenizer(
        src: Tokenizer<R>,
        schema: &'s Schema,
        record: RecordId,
        strict: bool,
    ) -> Result<Self, CsvUsageError> {
        let name = schema
            .record(record)
            .map(|r| r.name.clone())
            .unwrap_or_default();
        if let Some(path) = schema.has_collections(record) {
            return Err(CsvUsageError(format!(
                "`{name}` has a list, set or map field (`{path}`), which CSV cannot hold; give the records as .json or .ndjson"
            )));
        }
        let mut reader = CsvReader {
            src,
            schema,
            record,
            strict,
            columns: Vec::new(),
            header_line: 1,
            near_misses: Vec::new(),
        };
        let header = match reader.src.next_row() {
            Err(e) => return Err(CsvUsageError(format!("cannot read the CSV header: {e}"))),
            Ok(None) => return Ok(reader),
            Ok(Some(Err(bad))) => {
                return Err(CsvUsageError(format!(
                    "the CSV header (line {}, column {}) cannot be read: {}",
                    bad.line, bad.column, bad.reason
                )))
            }
            Ok(Some(Ok(header))) => header,
        };
        reader.header_line = header.line;
        let mut seen: Vec<Vec<u32>> = Vec::new();
        for cell in &header.cells {
            let name = cell.text.trim();
            let column = match schema_path(schema, record, name) {
                Ok(Some(path)) => {
                    if seen.contains(&path) {
                        return Err(CsvUsageError(format!(
                            "column `{name}` appears twice in the CSV header"
                        )));
                    }
                    seen.push(path.clone());
                    Column::Field(path)
                }
                Ok(None) => Column::Unknown(name.to_string()),
                Err(e) => return Err(CsvUsageError(e)),
            };
            reader.columns.push((column, cell.column));
        }
        let unknown = reader
            .columns
            .iter()
            .enumerate()
            .filter_map(|(i, (c, _))| match c {
                Column::Unknown(name) => Some((i, name.as_str())),
                Column::Field(_) => None,
            });
        let fields: Vec<&[u32]> = seen.iter().map(Vec::as_slice).collect();
        reader.near_misses = near_miss_headers(schema, record, unknown, &fields);
        Ok(reader)
    }

    /// The same reader, with near-miss headers (§16) ignored when `lenient`.
    pub fn lenient(mut self, lenient: bool) -> Self {
        if lenient {
            self.near_misses.clear();
        }
        self
    }

    /// The next record, or `None` at the end. Blank lines are skipped; a
    /// row the tokenizer cannot read is an invalid record (E0421), and the
    /// rows after it are still read.
    pub fn next_record(&mut self) -> std::io::Result<Option<(Parsed, usize)>> {
        Ok(self.src.next_row()?.map(|row| match row {
            Ok(row) => (self.record_of(&row), row.line),
            Err(bad) => (malformed(&bad), bad.line),
        }))
    }

    fn record_of(&self, row: &Row) -> Parsed {
        let mut errors = Vec::new();
        if row.cells.len() != self.columns.len() {
            errors.push(InputError {
                code: codes::CSV_ROW,
                message: format!(
                    "this row has {} cells, the header has {}",
                    row.cells.len(),
                    self.columns.len()
                ),
                path: None,
                line: row.line,
                column: 1,
            });
            return Parsed {
                value: Err(errors),
                id: None,
            };
        }
        for near in &self.near_misses {
            let column = self.columns.get(near.index).map_or(1, |(_, c)| *c);
            errors.push(InputError {
                code: codes::NEAR_MISS_HEADER,
                message: format!(
                    "column `{}` is not a field of the record type; did you mean `{}`? (no column gives `{}`)",
                    near.header, near.field, near.field
                ),
                path: Some(near.header.clone()),
                line: self.header_line,
                column,
            });
        }
        let mut cells: Vec<(&[u32], &Cell)> = Vec::new();
        for (i, ((column, header_col), cell)) in self.columns.iter().zip(&row.cells).enumerate() {
            let near_miss = self.near_misses.iter().any(|n| n.index == i);
            match column {
                Column::Field(path) => cells.push((path, cell)),
                Column::Unknown(name) if self.strict && !near_miss => errors.push(InputError {
                    code: codes::UNKNOWN_FIELD,
                    message: format!("column `{name}` is not a field of the record type (unknown fields are rejected with `--strict`)"),
                    path: Some(name.clone()),
                    line: self.header_line,
                    column: *header_col,
                }),
                Column::Unknown(_) => {}
            }
        }
        let value = self.build(self.record, &[], &cells, row, &mut errors);
        let id_slot = self
            .schema
            .record(self.record)
            .and_then(|r| r.slot("id", 0));
        let id = InputId::of_field(&value, id_slot).or_else(|| {
            self.columns
                .iter()
                .zip(&row.cells)
                .find_map(|((c, _), cell)| match c {
                    Column::Unknown(n) if n == "id" && !cell.text.is_empty() => {
                        Some(InputId::Str(cell.text.clone()))
                    }
                    _ => None,
                })
        });
        Parsed {
            value: if errors.is_empty() {
                Ok(value)
            } else {
                Err(errors)
            },
            id,
        }
    }

    /// Builds the record of type `id` at slot path `prefix` from the cells.
    fn build(
        &self,
        id: RecordId,
        prefix: &[u32],
        cells: &[(&[u32], &Cell)],
        row: &Row,
        errors: &mut Vec<InputError>,
    ) -> Value {
        let Some(rs) = self.schema.record(id) else {
            return Value::Absent;
        };
        let mut fields = Vec::with_capacity(rs.fields.len());
        for (slot, field) in rs.fields.iter().enumerate() {
            let mut path = prefix.to_vec();
            path.push(slot as u32);
            let dotted = self.dotted(&path);
            let value = match field.ty.strip_optional() {
                Type::Record(inner) => {
                    let mine: Vec<(&[u32], &Cell)> = cells
                        .iter()
                        .filter(|(p, c)| p.starts_with(&path) && !c.text.is_empty())
                        .copied()
                        .collect();
                    if mine.is_empty() {
                        Value::Absent
                    } else {
                        self.build(*inner, &path, &mine, row, errors)
                    }
                }
                ty => match cells.iter().find(|(p, _)| *p == path.as_slice()) {
                    Some((_, cell)) if !cell.text.is_empty() => {
                        match text::parse(self.schema, ty, &cell.text) {
                            Ok(v) => v,
                            Err(p) => {
                                errors.push(InputError {
                                    code: p.code,
                                    message: format!("`{dotted}` {}", p.detail),
                                    path: Some(dotted.clone()),
                                    line: cell.line,
                                    column: cell.column,
                                });
                                // Reported: not also "missing".
                                fields.push(Value::Absent);
                                continue;
                            }
                        }
                    }
                    _ => Value::Absent,
                },
            };
            let value = match value {
                Value::Absent => match &field.default {
                    Some(d) => d.clone(),
                    None if field.ty.is_optional() => Value::Absent,
                    None => {
                        let (line, column) = self.cell_of(&path, row);
                        errors.push(InputError {
                            code: codes::MISSING_FIELD,
                            message: format!("missing required field `{dotted}`"),
                            path: Some(dotted),
                            line,
                            column,
                        });
                        Value::Absent
                    }
                },
                v => v,
            };
            fields.push(value);
        }
        Value::record(fields)
    }

    /// Where the cell of a field path is in `row` (else the row's start).
    fn cell_of(&self, path: &[u32], row: &Row) -> (usize, usize) {
        self.columns
            .iter()
            .zip(&row.cells)
            .find(|((c, _), _)| matches!(c, Column::Field(p) if p.starts_with(path)))
            .map_or((row.line, 1), |(_, cell)| (cell.line, cell.column))
    }

    fn dotted(&self, path: &[u32]) -> String {
        let mut names = Vec::new();
        let mut id = self.record;
        for slot in path {
            let Some(f) = self
                .schema
                .record(id)
                .and_then(|r| r.fields.get(*slot as usize))
            else {
                break;
            };
            names.push(f.name.clone());
            if let Type::Record(inner) = f.ty.strip_optional() {
                id = *inner;
            }
        }
        names.join(".")
    }
}

/// The slot path of a dotted header, `None` if it names no field.
fn schema_path(schema: &Schema, record: RecordId, name: &str) -> Result<Option<Vec<u32>>, String> {
    let mut id = record;
    let mut path = Vec::new();
    let parts: Vec<&str> = name.split('.').collect();
    for (i, part) in parts.iter().enumerate() {
        let Some(rs) = schema.record(id) else {
            return Ok(None);
        };
        let Some(slot) = rs.slot(part, 0) else {
            return Ok(None);
        };
        path.push(slot);
        let last = i + 1 == parts.len();
        match rs.fields.get(slot as usize).map(|f| f.ty.strip_optional()) {
            Some(Type::Record(inner)) if !last => id = *inner,
            Some(Type::Record(inner)) => {
                let example = schema
                    .record(*inner)
                    .and_then(|r| r.fields.first())
                    .map_or("field", |f| f.name.as_str());
                return Err(format!(
                    "column `{name}` is a record; give its fields as columns such as `{name}.{example}`"
                ));
            }
            Some(_) if last => {}
            _ => return Ok(None),
        }
    }
    Ok(Some(path))
}

/// An invalid record for a row the tokenizer could not read.
fn malformed(bad: &Malformed) -> Parsed {
    Parsed {
        value: Err(vec![InputError {
            code: codes::CSV_MALFORMED,
            message: format!("this row cannot be read: {}", bad.reason),
            path: None,
            line: bad.line,
            column: bad.column,
        }]),
        id: None,
    }
}
