//! US Consolidated Screening List (`csl`): CSV with a header row; aliases
//! packed in one cell `alt_names`, separated by `;`; programmes likewise in
//! `programs` (empty for some source lists: then the source list's name is
//! the programme). The id is the `_id` column (unique across source lists;
//! `entity_number` is not). The country is the first known one of
//! `nationalities`, `citizenships`, then the code that ends the first address.
//! An individual named `SURNAME, Given` also gets `Given SURNAME`, as in `ofac`.

use std::collections::HashMap;

use crate::importers::problem::{self, Problem};
use crate::importers::table::{at, Table};
use crate::importers::text::{clean, iso_date};
use crate::importers::{country, Entry, Imported, Inputs, Kind};
use crate::source::FileId;

/// Reads the file.
pub fn import(_inputs: &Inputs, (file, bytes): &(FileId, Vec<u8>)) -> Imported {
    let mut imported = Imported::default();
    let columns = [
        "_id",
        "source",
        "type",
        "programs",
        "name",
        "addresses",
        "start_date",
        "alt_names",
        "citizenships",
        "nationalities",
    ];
    let required = ("the Consolidated Screening List", columns);
    let Some((table, found)) = Table::read(*file, bytes, false, required, &mut imported.problems)
    else {
        return imported;
    };
    let [id_at, source_at, type_at, programs_at, name_at, addresses_at, start_at, alt_at, citizen_at, nation_at] =
        found;
    let mut seen = HashMap::new();
    for (line, cells) in &table.rows {
        let id = at(cells, id_at).trim().to_string();
        let name = clean(at(cells, name_at));
        if id.is_empty() || name.is_empty() {
            imported.problems.push(Problem::at(
                problem::NO_ID_OR_NAME,
                *file,
                *line,
                1,
                format!("this row has no `_id` and name (`_id` `{id}`, name `{name}`)"),
                "the row is skipped",
            ));
            continue;
        }
        let start = at(cells, start_at).trim();
        let listed = if start.is_empty() {
            None
        } else {
            match iso_date(start) {
                Some(d) => Some(d),
                None => {
                    imported.problems.push(Problem::at(
                        problem::BAD_DATE,
                        *file,
                        *line,
                        1,
                        format!("the start_date `{start}` is not a date YYYY-MM-DD"),
                        "the row is skipped",
                    ));
                    continue;
                }
            }
        };
        let mut aliases: Vec<String> = split(at(cells, alt_at));
        imported.counts.aliases += aliases.len();
        let mut programmes = split(at(cells, programs_at));
        if programmes.is_empty() {
            programmes = split(at(cells, source_at));
        }
        let kind = match at(cells, type_at).trim().to_lowercase().as_str() {
            "individual" => Some(Kind::Individual),
            "entity" => Some(Kind::Entity),
            "vessel" => Some(Kind::Vessel),
            "aircraft" => Some(Kind::Aircraft),
            _ => None,
        };
        // OFAC's entries in the CSL keep OFAC's `SURNAME, Given`.
        if kind == Some(Kind::Individual) {
            if let Some(reordered) = crate::importers::ofac::given_first(&name) {
                imported.counts.derived += 1;
                aliases.push(reordered);
            }
        }
        let first_address = at(cells, addresses_at).split(';').next().unwrap_or("");
        let country = split(at(cells, nation_at))
            .into_iter()
            .chain(split(at(cells, citizen_at)))
            .chain(first_address.rsplit(',').next().map(str::to_string))
            .find_map(|c| country::code_of(&c));
        let entry = Entry {
            id,
            name,
            aliases,
            kind,
            country,
            programmes,
            listed,
            ..Entry::default()
        };
        imported.add(entry, *file, *line, &mut seen);
    }
    imported
}

/// A `;`-packed cell's pieces, cleaned, empty ones dropped.
fn split(cell: &str) -> Vec<String> {
    cell.split(';')
        .map(clean)
        .filter(|p| !p.is_empty())
        .collect()
}
