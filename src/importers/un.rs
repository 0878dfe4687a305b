//! UN Security Council consolidated list (`un-xml`): `<INDIVIDUALS>` and
//! `<ENTITIES>`, read as a stream with `quick-xml`. A person's name is
//! FIRST_NAME … FOURTH_NAME joined by spaces (line breaks inside names
//! become spaces); an alias of QUALITY `Low` (or `Very Low`) is weak, `Good`,
//! `a.k.a.` and `f.k.a.` are not; NAME_ORIGINAL_SCRIPT is added as an alias.
//! The id is REFERENCE_NUMBER (`QDi.001`), else DATAID. The country is the
//! first known NATIONALITY, else the first known address country.
//!
//! XML that stops being well-formed ends the import at that point (an XML
//! reader cannot resynchronise reliably): the entries read before it are
//! kept, the one in progress is reported and skipped.

use std::collections::HashMap;

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::importers::problem::{self, Problem};
use crate::importers::text::{clean, iso_date};
use crate::importers::{country, Entry, Imported, Inputs, Kind};
use crate::source::FileId;

/// One `<INDIVIDUAL>` or `<ENTITY>` while it is read.
#[derive(Default)]
struct Partial {
    line: usize,
    kind: Option<Kind>,
    names: [String; 4],
    data_id: String,
    reference: String,
    list_type: String,
    listed_on: String,
    original_script: String,
    nationalities: Vec<String>,
    address_countries: Vec<String>,
    aliases: Vec<(String, String)>,
    alias_quality: String,
    alias_name: String,
}

/// Reads the file.
pub fn import(inputs: &Inputs, (file, bytes): &(FileId, Vec<u8>)) -> Imported {
    let mut imported = Imported::default();
    let line_of = |offset: u64| -> usize {
        inputs.map.file(*file).map_or(1, |f| {
            f.lines
                .position(
                    &f.text,
                    usize::try_from(offset)
                        .unwrap_or(usize::MAX)
                        .min(f.text.len()),
                )
                .line
        })
    };
    let mut reader = Reader::from_reader(bytes.as_slice());
    let mut buf = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut current: Option<Partial> = None;
    let mut seen = HashMap::new();
    let mut saw_root = false;
    loop {
        let before = reader.buffer_position();
        let event = reader.read_event_into(&mut buf);
        match event {
            Err(e) => {
                let line = line_of(reader.error_position());
                imported.problems.push(Problem::at(
                    problem::UNREADABLE,
                    *file,
                    line,
                    1,
                    format!("the XML is malformed here: {e}"),
                    match &current {
                        Some(p) => format!("the entry that starts on line {} and everything after this point are skipped", p.line),
                        None => "everything after this point is skipped".to_string(),
                    },
                ));
                return imported;
            }
            Ok(Event::Eof) => break,
            Ok(Event::Start(start)) => {
                let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
                if path.is_empty() {
                    saw_root = name == "CONSOLIDATED_LIST";
                    if !saw_root {
                        imported.problems.push(Problem::at(
                            problem::WRONG_FORMAT,
                            *file,
                            line_of(before),
                            1,
                            format!("this is not the UN consolidated list: its root element is `{name}`, not `CONSOLIDATED_LIST`"),
                            "nothing is imported from this file; check the FORMAT argument and the file",
                        ));
                        return imported;
                    }
                }
                if name == "INDIVIDUAL" || name == "ENTITY" {
                    current = Some(Partial {
                        line: line_of(before),
                        kind: Some(if name == "INDIVIDUAL" {
                            Kind::Individual
                        } else {
                            Kind::Entity
                        }),
                        ..Partial::default()
                    });
                }
                path.push(name);
            }
            Ok(Event::Text(text)) => {
                if let (Some(p), Ok(text)) = (current.as_mut(), text.unescape()) {
                    leaf(p, &path, &text);
                }
            }
            Ok(Event::CData(text)) => {
                if let Some(p) = current.as_mut() {
                    leaf(p, &path, &String::from_utf8_lossy(&text));
                }
            }
            Ok(Event::End(_)) => {
                let name = path.pop().unwrap_or_default();
                if let Some(p) = current.as_mut() {
                    if name.ends_with("_ALIAS") {
                        let quality = clean(&std::mem::take(&mut p.alias_quality));
                        let alias = clean(&std::mem::take(&mut p.alias_name));
                        p.aliases.push((quality, alias));
                    }
                }
                if name == "INDIVIDUAL" || name == "ENTITY" {
                    if let Some(p) = current.take() {
                        finish(p, *file, &mut imported, &mut seen);
                    }
                }
            }
            Ok(_) => {}
        }
        buf.clear();
    }
    if let Some(p) = current {
        imported.problems.push(Problem::at(
            problem::UNREADABLE,
            *file,
            p.line,
            1,
            "the file ends inside this entry (a truncated file?)",
            "the entry is skipped; the entries before it are imported",
        ));
    } else if !saw_root {
        imported.problems.push(Problem::at(
            problem::WRONG_FORMAT,
            *file,
            1,
            1,
            "this is not the UN consolidated list: it has no `CONSOLIDATED_LIST` element",
            "nothing is imported from this file; check the FORMAT argument and the file",
        ));
    }
    imported
}

/// Text inside the element at the end of `path`.
fn leaf(p: &mut Partial, path: &[String], text: &str) {
    let [.., parent, name] = path else {
        return;
    };
    let slot = match (parent.as_str(), name.as_str()) {
        ("INDIVIDUAL" | "ENTITY", "FIRST_NAME") => p.names.get_mut(0),
        ("INDIVIDUAL" | "ENTITY", "SECOND_NAME") => p.names.get_mut(1),
        ("INDIVIDUAL" | "ENTITY", "THIRD_NAME") => p.names.get_mut(2),
        ("INDIVIDUAL" | "ENTITY", "FOURTH_NAME") => p.names.get_mut(3),
        ("INDIVIDUAL" | "ENTITY", "DATAID") => Some(&mut p.data_id),
        ("INDIVIDUAL" | "ENTITY", "REFERENCE_NUMBER") => Some(&mut p.reference),
        ("INDIVIDUAL" | "ENTITY", "UN_LIST_TYPE") => Some(&mut p.list_type),
        ("INDIVIDUAL" | "ENTITY", "LISTED_ON") => Some(&mut p.listed_on),
        ("INDIVIDUAL" | "ENTITY", "NAME_ORIGINAL_SCRIPT") => Some(&mut p.original_script),
        (alias, "QUALITY") if alias.ends_with("_ALIAS") => Some(&mut p.alias_quality),
        (alias, "ALIAS_NAME") if alias.ends_with("_ALIAS") => Some(&mut p.alias_name),
        ("NATIONALITY", "VALUE") => {
            p.nationalities.push(text.to_string());
            None
        }
        (address, "COUNTRY") if address.ends_with("_ADDRESS") => {
            p.address_countries.push(text.to_string());
            None
        }
        _ => None,
    };
    if let Some(slot) = slot {
        slot.push_str(text);
    }
}

/// A finished `<INDIVIDUAL>`/`<ENTITY>` as an entry, or a problem.
fn finish(p: Partial, file: FileId, imported: &mut Imported, seen: &mut HashMap<String, usize>) {
    let name = clean(
        &p.names
            .iter()
            .map(|n| clean(n))
            .collect::<Vec<_>>()
            .join(" "),
    );
    let mut id = clean(&p.reference);
    if id.is_empty() {
        id = clean(&p.data_id);
    }
    if id.is_empty() || name.is_empty() {
        imported.problems.push(Problem::at(
            problem::NO_ID_OR_NAME,
            file,
            p.line,
            1,
            format!(
                "this entry has no REFERENCE_NUMBER or DATAID and name (id `{id}`, name `{name}`)"
            ),
            "the entry is skipped",
        ));
        return;
    }
    let listed_on = clean(&p.listed_on);
    let listed = if listed_on.is_empty() {
        None
    } else {
        match iso_date(&listed_on) {
            Some(d) => Some(d),
            None => {
                imported.problems.push(Problem::at(
                    problem::BAD_DATE,
                    file,
                    p.line,
                    1,
                    format!("the LISTED_ON `{listed_on}` of entry `{id}` is not a date YYYY-MM-DD"),
                    "the entry is skipped",
                ));
                return;
            }
        }
    };
    let mut entry = Entry {
        id,
        name,
        kind: p.kind,
        listed,
        programmes: vec![clean(&p.list_type)],
        country: p
            .nationalities
            .iter()
            .chain(&p.address_countries)
            .find_map(|c| country::code_of(c)),
        ..Entry::default()
    };
    for (quality, alias) in p.aliases {
        if alias.is_empty() {
            continue;
        }
        if quality.eq_ignore_ascii_case("low") || quality.eq_ignore_ascii_case("very low") {
            imported.counts.weak += 1;
            entry.weak_aliases.push(alias);
        } else {
            imported.counts.aliases += 1;
            entry.aliases.push(alias);
        }
    }
    let original = clean(&p.original_script);
    if !original.is_empty() {
        imported.counts.derived += 1;
        entry.aliases.push(original);
    }
    imported.add(entry, file, p.line, seen);
}
