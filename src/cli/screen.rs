//! `polc screen LIST NAME…`: the hits of each name on a list file, scored
//! by the engine behind `screen()` (§14), for analysts checking a name by
//! hand. The list is a `.csv`/`.tsv` with a header; `name` is required,
//! `aliases` and `weak_aliases` are `;`-separated (`\;` a literal `;`), as
//! `load … as list<R>` reads them; every column is shown with a hit.

use std::path::Path;

use crate::cli::args::{ScreenArgs, ScreenFormat};
use crate::cli::Io;
use crate::csv::{split_pieces, RowResult, Tokenizer};
use crate::output::write::string_literal;
use crate::screen::{threshold, ListedName, ListedNames, ScreenIndex};

/// One entry of the list file: its line and cells.
struct Entry {
    line: usize,
    cells: Vec<String>,
}

/// Screens each name; exit 0 (hits or not), 2 when the list cannot be read.
pub fn run(args: &ScreenArgs, io: &mut Io<'_>) -> u8 {
    let (header, entries) = match read_list(&args.list) {
        Ok(list) => list,
        Err(message) => {
            let _ = writeln!(io.err, "error: {}: {message}", args.list.display());
            return 2;
        }
    };
    let column = |n: &str| header.iter().position(|h| h == n);
    let Some(name_col) = column("name") else {
        let _ = writeln!(
            io.err,
            "error: {}: the header has no `name` column (it has {})",
            args.list.display(),
            header.join(", ")
        );
        return 2;
    };
    let (aliases, weak) = (column("aliases"), column("weak_aliases"));
    let names: Vec<Vec<ListedName>> = entries
        .iter()
        .map(|e| {
            let cell = |i: Option<usize>| i.and_then(|i| e.cells.get(i)).map_or("", String::as_str);
            let mut names = vec![ListedName {
                text: cell(Some(name_col)).to_string(),
                weak: false,
            }];
            for (col, is_weak) in [(aliases, false), (weak, true)] {
                names.extend(split_pieces(cell(col)).into_iter().map(|text| ListedName {
                    text,
                    weak: is_weak,
                }));
            }
            names
        })
        .collect();
    let index = ScreenIndex::build(
        names
            .iter()
            .map(|n| ListedNames { names: n.clone() })
            .collect(),
    );
    let table = args.format.unwrap_or(if io.out_is_terminal {
        ScreenFormat::Table
    } else {
        ScreenFormat::Ndjson
    }) == ScreenFormat::Table;
    for query in &args.names {
        let hits = index.screen(query, &|_| true);
        if table && hits.is_empty() {
            let _ = writeln!(io.out, "{query}: no hit at or above {}", threshold());
        }
        for h in hits {
            let (Some(entry), Some(listed)) = (
                entries.get(h.entry),
                names.get(h.entry).and_then(|n| n.get(h.name)),
            ) else {
                continue;
            };
            let score = crate::eval::screen::rounded(h.score);
            if table {
                let _ = writeln!(
                    io.out,
                    "{query}: {score:.2} {}{} — line {}: {}",
                    listed.text,
                    if listed.weak { " (weak alias)" } else { "" },
                    entry.line,
                    entry.cells.get(name_col).map_or("", String::as_str)
                );
            } else {
                let fields: Vec<String> = header
                    .iter()
                    .zip(&entry.cells)
                    .map(|(h, c)| format!("{}:{}", string_literal(h), string_literal(c)))
                    .collect();
                let _ = writeln!(
                    io.out,
                    "{{\"query\":{},\"score\":\"{score:.2}\",\"matched\":{},\"weak\":{},\"line\":{},\"entry\":{{{}}}}}",
                    string_literal(query),
                    string_literal(&listed.text),
                    listed.weak,
                    entry.line,
                    fields.join(",")
                );
            }
        }
    }
    0
}

/// The header and entries of a `.csv` or `.tsv` list; a malformed row is an
/// error naming its line (a list with holes would miss names silently).
fn read_list(path: &Path) -> Result<(Vec<String>, Vec<Entry>), String> {
    let bytes = crate::confine::read_limited(path).map_err(|e| e.reason())?;
    let tsv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("tsv"));
    let mut tokenizer = match tsv {
        true => Tokenizer::tsv(bytes.as_slice()),
        false => Tokenizer::new(bytes.as_slice()),
    };
    let mut rows: Vec<RowResult> = Vec::new();
    while let Some(row) = tokenizer.next_row().map_err(|e| e.to_string())? {
        rows.push(row);
    }
    let mut rows = rows.into_iter();
    let header = match rows.next() {
        Some(Ok(row)) => row
            .cells
            .into_iter()
            .map(|c| c.text.trim().to_string())
            .collect(),
        Some(Err(m)) => return Err(format!("line {}: {}", m.line, m.reason)),
        None => return Err("the file is empty; its first line must name the columns".into()),
    };
    let entries = rows
        .map(|r| match r {
            Ok(row) => Ok(Entry {
                line: row.line,
                cells: row.cells.into_iter().map(|c| c.text).collect(),
            }),
            Err(m) => Err(format!(
                "line {}, column {}: {}",
                m.line, m.column, m.reason
            )),
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok((header, entries))
}
