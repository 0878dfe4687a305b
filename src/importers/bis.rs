//! BIS Denied Persons List (`bis-dpl`): tab-separated with a header row,
//! every cell in double quotes, names with stray leading spaces, dates
//! `MM/DD/YYYY`. The list gives no identifier: an entry's id is `DPL-` and
//! its data row's number (1 for the first row under the header), stable for
//! one file. It does not say whether a party is a person or a company, so
//! `type` stays empty.

use std::collections::HashMap;

use crate::importers::problem::{self, Problem};
use crate::importers::table::{at, Table};
use crate::importers::text::{clean, us_date};
use crate::importers::{country, Entry, Imported, Inputs};
use crate::source::FileId;

/// Reads the file.
pub fn import(_inputs: &Inputs, (file, bytes): &(FileId, Vec<u8>)) -> Imported {
    let mut imported = Imported::default();
    let required = (
        "the Denied Persons List",
        ["Name", "Country", "Effective_Date"],
    );
    let Some((table, [name_at, country_at, date_at])) =
        Table::read(*file, bytes, true, required, &mut imported.problems)
    else {
        return imported;
    };
    let mut seen = HashMap::new();
    for (number, (line, cells)) in table.rows.iter().enumerate() {
        let name = clean(at(cells, name_at));
        if name.is_empty() {
            imported.problems.push(Problem::at(
                problem::NO_ID_OR_NAME,
                *file,
                *line,
                1,
                "this row has no name",
                "the row is skipped",
            ));
            continue;
        }
        let date = at(cells, date_at).trim();
        let listed = if date.is_empty() {
            None
        } else {
            match us_date(date) {
                Some(d) => Some(d),
                None => {
                    imported.problems.push(Problem::at(
                        problem::BAD_DATE,
                        *file,
                        *line,
                        1,
                        format!("the Effective_Date `{date}` is not a date MM/DD/YYYY"),
                        "the row is skipped",
                    ));
                    continue;
                }
            }
        };
        let entry = Entry {
            id: format!("DPL-{}", number + 1),
            name,
            country: country::code_of(at(cells, country_at)),
            programmes: vec!["DPL".to_string()],
            listed,
            ..Entry::default()
        };
        imported.add(entry, *file, *line, &mut seen);
    }
    imported
}
