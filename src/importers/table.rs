//! Files with a header row (BIS DPL, CSL): rows as cells found by column
//! name, with the problems of rows that cannot be read or have the wrong
//! number of cells.

use crate::csv::Tokenizer;
use crate::importers::problem::{self, Problem};
use crate::source::FileId;

/// The data rows (line, cells) under a header row.
pub struct Table {
    /// Data rows with exactly as many cells as the header.
    pub rows: Vec<(usize, Vec<String>)>,
}

impl Table {
    /// Reads `bytes` (CSV, or tab-separated with optionally quoted cells when
    /// `tsv`) whose header must name the `required` columns (`what` names
    /// the format in the message when it does not: then nothing is read, one
    /// problem rather than one per row); bad rows go to `problems`. Returns
    /// the table and the index of each required column.
    pub fn read<const N: usize>(
        file: FileId,
        bytes: &[u8],
        tsv: bool,
        (what, required): (&str, [&str; N]),
        problems: &mut Vec<Problem>,
    ) -> Option<(Table, [usize; N])> {
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
        let columns: Vec<String> = match tokenizer.next_row() {
            Ok(Some(Ok(row))) => row.cells.into_iter().map(|c| unquote(c.text)).collect(),
            Ok(Some(Err(_))) | Ok(None) | Err(_) => Vec::new(),
        };
        let mut found = [0; N];
        let mut missing = Vec::new();
        for (slot, name) in found.iter_mut().zip(required) {
            match columns.iter().position(|c| c.trim() == name) {
                Some(i) => *slot = i,
                None => missing.push(format!("`{name}`")),
            }
        }
        if !missing.is_empty() {
            problems.push(Problem::at(
                problem::WRONG_FORMAT,
                file,
                1,
                1,
                format!(
                    "this is not {what}: its header has no column {}",
                    missing.join(", ")
                ),
                "nothing is imported from this file; check the FORMAT argument and the file",
            ));
            return None;
        }
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
            if cells.len() == columns.len() {
                rows.push((line, cells));
            } else {
                problems.push(Problem::at(
                    problem::FIELD_COUNT,
                    file,
                    line,
                    1,
                    format!(
                        "this row has {} fields, the header has {}",
                        cells.len(),
                        columns.len()
                    ),
                    "the row is skipped (a truncated or hand-edited file?)",
                ));
            }
        }
        Some((Table { rows }, found))
    }
}

/// The cell at `i` of a row (empty when out of range).
pub fn at(cells: &[String], i: usize) -> &str {
    cells.get(i).map_or("", String::as_str)
}
