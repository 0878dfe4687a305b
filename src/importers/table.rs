//! Files with a header row (BIS DPL, CSL): rows as cells found by column
//! name, with the problems of rows that cannot be read or have the wrong
//! number of cells.

use crate::csv::Tokenizer;
use crate::importers::problem::{self, Problem};
use crate::source::FileId;

/// A header row's columns and the data rows (line, cells) under it.
pub struct Table {
    /// Column names, as the header writes them.
    pub columns: Vec<String>,
    /// Data rows with exactly as many cells as the header.
    pub rows: Vec<(usize, Vec<String>)>,
}

impl Table {
    /// Reads `bytes` (CSV, or tab-separated with optionally quoted cells when
    /// `tsv`); bad rows go to `problems`. `None` for a file without rows.
    pub fn read(
        file: FileId,
        bytes: &[u8],
        tsv: bool,
        problems: &mut Vec<Problem>,
    ) -> Option<Table> {
        let mut tokenizer = if tsv {
            Tokenizer::tsv(bytes)
        } else {
            Tokenizer::new(bytes)
        };
        let unquote = |text: String| -> String {
            if tsv && text.len() >= 2 && text.starts_with('"') && text.ends_with('"') {
                text.get(1..text.len() - 1)
                    .unwrap_or("")
                    .replace("\"\"", "\"")
            } else {
                text
            }
        };
        let mut columns: Option<Vec<String>> = None;
        let mut rows = Vec::new();
        while let Ok(Some(row)) = tokenizer.next_row() {
            let row = match row {
                Ok(row) => row,
                Err(bad) => {
                    problems.push(Problem::at(
                        problem::UNREADABLE,
                        file,
                        bad.line,
                        bad.column,
                        format!("this row cannot be read: {}", bad.reason),
                        "the row is skipped",
                    ));
                    continue;
                }
            };
            let line = row.line;
            let cells: Vec<String> = row.cells.into_iter().map(|c| unquote(c.text)).collect();
            match &columns {
                None => columns = Some(cells),
                Some(header) if header.len() != cells.len() => problems.push(Problem::at(
                    problem::FIELD_COUNT,
                    file,
                    line,
                    1,
                    format!(
                        "this row has {} fields, the header has {}",
                        cells.len(),
                        header.len()
                    ),
                    "the row is skipped (a truncated or hand-edited file?)",
                )),
                Some(_) => rows.push((line, cells)),
            }
        }
        Some(Table {
            columns: columns?,
            rows,
        })
    }

    /// The indices of `names` among the columns; `Err` names the missing ones.
    pub fn find<const N: usize>(&self, names: [&str; N]) -> Result<[usize; N], String> {
        let mut found = [0; N];
        let mut missing = Vec::new();
        for (slot, name) in found.iter_mut().zip(names) {
            match self.columns.iter().position(|c| c.trim() == name) {
                Some(i) => *slot = i,
                None => missing.push(format!("`{name}`")),
            }
        }
        if missing.is_empty() {
            Ok(found)
        } else {
            Err(missing.join(", "))
        }
    }
}

/// The cell at `i` of a row (empty when out of range).
pub fn at(cells: &[String], i: usize) -> &str {
    cells.get(i).map_or("", String::as_str)
}

/// The problem of a file whose header lacks columns the format needs.
pub fn wrong_header(file: FileId, what: &str, missing: &str) -> Problem {
    Problem::at(
        problem::WRONG_FORMAT,
        file,
        1,
        1,
        format!("this is not {what}: the header has no column {missing}"),
        "nothing is imported from this file; check the FORMAT argument and the file",
    )
}
