//! OFAC SDN (`ofac-sdn`): `sdn.csv` then `alt.csv`, both without a header
//! (the first line is an entry), `-0- ` for an empty field, possibly a 0x1A
//! byte at the end (the shared tokenizer drops it, a BOM and CRLF too).
//! sdn.csv: ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign,
//! Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks. alt.csv:
//! ent_num, alt_num, alt_type (aka/fka/nka), alt_name, alt_remarks.
//!
//! OFAC's weak aliases are not in alt.csv: they are the single-quoted
//! `a.k.a. 'NAME'` in an entry's Remarks (OFAC FAQ 122); an alt row whose
//! type or remarks say `weak` is weak too. An individual listed as
//! `SURNAME, Given` also gets `Given SURNAME` as an alias (the order the UN
//! list and most records use; see the README).

use std::collections::HashMap;

use crate::csv::Tokenizer;
use crate::importers::problem::{self, Problem};
use crate::importers::text::clean;
use crate::importers::{country, Entry, Imported, Inputs, Kind};
use crate::source::FileId;

const SDN_FIELDS: usize = 12;
const ALT_FIELDS: usize = 5;

/// Reads sdn.csv and, when given, alt.csv.
pub fn import(
    _inputs: &Inputs,
    sdn: &(FileId, Vec<u8>),
    alt: Option<&(FileId, Vec<u8>)>,
) -> Imported {
    let mut imported = Imported::default();
    let mut seen = HashMap::new();
    let (sdn_file, sdn_bytes) = sdn;
    for (line, cells) in rows(*sdn_file, sdn_bytes, SDN_FIELDS, &mut imported.problems) {
        if let Some(entry) = entry(&cells, *sdn_file, line, &mut imported) {
            imported.add(entry, *sdn_file, line, &mut seen);
        }
    }
    let index: HashMap<String, usize> = imported
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.clone(), i))
        .collect();
    let Some((alt_file, alt_bytes)) = alt else {
        return imported;
    };
    for (line, cells) in rows(*alt_file, alt_bytes, ALT_FIELDS, &mut imported.problems) {
        let [ent_num, _alt_num, alt_type, alt_name, alt_remarks] = cells.as_slice() else {
            continue;
        };
        let Some(&i) = index.get(ent_num.as_str()) else {
            imported.problems.push(Problem::at(
                problem::ORPHAN_ALIAS,
                *alt_file,
                line,
                1,
                format!("the alias row names entry `{ent_num}`, which sdn.csv does not list"),
                "the alias is skipped; use the alt.csv published with this sdn.csv",
            ));
            continue;
        };
        let name = clean(alt_name);
        if name.is_empty() {
            imported.problems.push(Problem::at(
                problem::NO_ID_OR_NAME,
                *alt_file,
                line,
                1,
                format!("the alias row of entry `{ent_num}` has no name"),
                "the row is skipped",
            ));
            continue;
        }
        let weak =
            alt_type.to_lowercase().contains("weak") || alt_remarks.to_lowercase().contains("weak");
        let Some(entry) = imported.entries.get_mut(i) else {
            continue;
        };
        if weak {
            imported.counts.weak += 1;
            entry.weak_aliases.push(name);
        } else {
            imported.counts.aliases += 1;
            entry.aliases.push(name);
        }
    }
    for entry in &mut imported.entries {
        entry.tidy();
    }
    imported
}

/// The rows of a headerless file with exactly `fields` cells each (`-0-`
/// read as empty), with their line; other rows become problems.
fn rows(
    file: FileId,
    bytes: &[u8],
    fields: usize,
    problems: &mut Vec<Problem>,
) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    let mut tokenizer = Tokenizer::new(bytes);
    while let Ok(Some(row)) = tokenizer.next_row() {
        match row {
            Err(bad) => problems.push(Problem::at(
                problem::UNREADABLE,
                file,
                bad.line,
                bad.column,
                format!("this row cannot be read: {}", bad.reason),
                "the row is skipped",
            )),
            Ok(row) if row.cells.len() != fields => problems.push(Problem::at(
                problem::FIELD_COUNT,
                file,
                row.line,
                1,
                format!(
                    "this row has {} fields, the format has {fields}",
                    row.cells.len()
                ),
                "the row is skipped (a truncated or hand-edited file?)",
            )),
            Ok(row) => out.push((
                row.line,
                row.cells
                    .into_iter()
                    .map(|c| {
                        if c.text.trim() == "-0-" {
                            String::new()
                        } else {
                            c.text
                        }
                    })
                    .collect(),
            )),
        }
    }
    out
}

/// One sdn.csv row as an entry; `None` (with a problem) without a numeric
/// id or a name.
fn entry(cells: &[String], file: FileId, line: usize, imported: &mut Imported) -> Option<Entry> {
    let [ent_num, name, sdn_type, program, _title, _call_sign, _vess_type, _tonnage, _grt, vess_flag, _owner, remarks] =
        cells
    else {
        return None;
    };
    let id = ent_num.trim();
    let name = clean(name);
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) || name.is_empty() {
        imported.problems.push(Problem::at(
            problem::NO_ID_OR_NAME,
            file,
            line,
            1,
            format!("this row has no numeric ent_num and name (ent_num `{id}`, name `{name}`)"),
            "the row is skipped; sdn.csv has no header line, each line is an entry",
        ));
        return None;
    }
    let kind = match sdn_type.trim().to_lowercase().as_str() {
        "individual" => Some(Kind::Individual),
        "vessel" => Some(Kind::Vessel),
        "aircraft" => Some(Kind::Aircraft),
        "" => Some(Kind::Entity),
        _ => None,
    };
    let mut aliases = Vec::new();
    if kind == Some(Kind::Individual) {
        if let Some(reordered) = given_first(&name) {
            imported.counts.derived += 1;
            aliases.push(reordered);
        }
    }
    let weak_aliases = weak_in_remarks(remarks);
    imported.counts.weak += weak_aliases.len();
    let country = nationality(remarks).or_else(|| country::code_of(vess_flag));
    Some(Entry {
        id: id.to_string(),
        name,
        aliases,
        weak_aliases,
        kind,
        country,
        programmes: program
            .split("] [")
            .map(|p| {
                p.trim_matches(|c: char| c == '[' || c == ']' || c.is_whitespace())
                    .to_string()
            })
            .collect(),
        listed: None,
    })
}

/// `SURNAME, Given` → `Given SURNAME` (only for exactly one comma).
pub fn given_first(name: &str) -> Option<String> {
    let (surname, given) = name.split_once(", ")?;
    if given.contains(',') || surname.trim().is_empty() || given.trim().is_empty() {
        return None;
    }
    Some(format!("{} {}", given.trim(), surname.trim()))
}

/// The single-quoted names after `a.k.a.`, `f.k.a.`, `n.k.a.` in remarks.
/// A quote closes at `'` followed by `;`, `.`, `)` or the end, so `'ABU-'UMAR'`
/// stays whole; a quote never closed (OFAC cuts long remarks) is dropped.
fn weak_in_remarks(remarks: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = remarks;
    while let Some(at) = ["a.k.a. '", "f.k.a. '", "n.k.a. '"]
        .iter()
        .filter_map(|m| rest.find(m).map(|i| (i, m.len())))
        .min()
    {
        let (start, len) = at;
        let body = rest.get(start + len..).unwrap_or("");
        let close = body.char_indices().find(|&(i, c)| {
            c == '\''
                && matches!(
                    body.get(i + 1..).and_then(|r| r.chars().next()),
                    None | Some(';' | '.' | ')')
                )
        });
        match close {
            Some((i, _)) => {
                let name = clean(body.get(..i).unwrap_or(""));
                if !name.is_empty() {
                    out.push(name);
                }
                rest = body.get(i + 1..).unwrap_or("");
            }
            None => break,
        }
    }
    out
}

/// The country of `nationality NAME` (else `citizen NAME`) in remarks.
fn nationality(remarks: &str) -> Option<&'static str> {
    ["nationality ", "citizen "].iter().find_map(|marker| {
        remarks.split(';').find_map(|part| {
            let part = part.trim();
            let name = part.strip_prefix(marker)?;
            country::code_of(name.trim_end_matches('.'))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_aliases_from_remarks() {
        assert_eq!(weak_in_remarks("a.k.a. 'BNC'."), vec!["BNC"]);
        assert_eq!(
            weak_in_remarks("DOB 1951; a.k.a. 'ABU-'UMAR'; f.k.a. 'X Y'; a.k.a. 'CUT"),
            vec!["ABU-'UMAR", "X Y"]
        );
        assert!(weak_in_remarks("Director, Banco Nacional de Cuba.").is_empty());
    }

    #[test]
    fn reordered_names() {
        assert_eq!(
            given_first("MALKEVICH, Alexander Aleksandrovich").as_deref(),
            Some("Alexander Aleksandrovich MALKEVICH")
        );
        assert_eq!(given_first("ACME, S.A., LTD"), None);
        assert_eq!(given_first("NOCOMMA"), None);
    }

    #[test]
    fn nationality_in_remarks() {
        assert_eq!(
            nationality("DOB 1960; nationality Iran; Passport 1"),
            Some("IR")
        );
        assert_eq!(nationality("citizen Russia."), Some("RU"));
        assert_eq!(nationality("Linked To: X."), None);
    }
}
