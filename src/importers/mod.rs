//! `polc list import FORMAT FILE… -o OUT.csv`: official sanctions and
//! denied-party lists, in the formats their publishers use, turned into one
//! CSV that `load "x.csv" as list<R>` reads (§12). Each format has its own
//! file (`ofac.rs`, `un.rs`, `bis.rs`, `csl.rs`) that reads its quirks into
//! [`Entry`] values; `write.rs` renders them; `problem.rs` is what a bad row
//! becomes (a coded diagnostic naming file and line; the row is skipped, the
//! good rows still import); `country.rs` turns country names into ISO codes.

mod bis;
mod country;
mod csl;
mod ofac;
pub mod problem;
mod table;
mod text;
mod un;
pub mod write;

#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use crate::source::{FileId, SourceMap};

pub use problem::Problem;

/// The formats `polc list import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// US Treasury OFAC SDN list: `sdn.csv` (no header), then its `alt.csv`
    /// (optional: a list published without aliases still imports).
    #[value(name = "ofac-sdn")]
    OfacSdn,
    /// UN Security Council consolidated list (XML).
    #[value(name = "un-xml")]
    UnXml,
    /// US BIS Denied Persons List (tab-separated, quoted cells).
    #[value(name = "bis-dpl")]
    BisDpl,
    /// US Consolidated Screening List (CSV, aliases packed with `;`).
    #[value(name = "csl")]
    Csl,
}

impl Format {
    /// The files the format needs, in order, for usage messages.
    pub fn files_wanted(self) -> &'static str {
        match self {
            Format::OfacSdn => "sdn.csv, then optionally its alt.csv",
            Format::UnXml => "one XML file",
            Format::BisDpl => "one tab-separated file",
            Format::Csl => "one CSV file",
        }
    }

    /// Whether `n` input files suit the format.
    fn accepts(self, n: usize) -> bool {
        match self {
            Format::OfacSdn => n == 1 || n == 2,
            _ => n == 1,
        }
    }
}

/// What kind of party an entry is (the `type` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A natural person.
    Individual,
    /// A company, organisation, group.
    Entity,
    /// A ship.
    Vessel,
    /// An aeroplane.
    Aircraft,
}

impl Kind {
    /// The cell text.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Individual => "individual",
            Kind::Entity => "entity",
            Kind::Vessel => "vessel",
            Kind::Aircraft => "aircraft",
        }
    }
}

/// One listed party, as the output CSV holds it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Entry {
    /// The publisher's identifier (OFAC `ent_num`, UN reference number, …).
    pub id: String,
    /// The primary name as listed.
    pub name: String,
    /// Other names: the publisher's good-quality aliases, then derived ones.
    pub aliases: Vec<String>,
    /// Aliases the publisher marks as low quality (OFAC "weak", UN "Low").
    pub weak_aliases: Vec<String>,
    /// Individual, entity, vessel or aircraft, when the format says.
    pub kind: Option<Kind>,
    /// ISO 3166-1 alpha-2, when it can be determined.
    pub country: Option<&'static str>,
    /// The sanctions programmes or list names.
    pub programmes: Vec<String>,
    /// The listing date, `YYYY-MM-DD`, when the format gives it.
    pub listed: Option<String>,
}

impl Entry {
    /// Drops empty, repeated and name-equal aliases (keeping first
    /// occurrences, so the output stays in the publisher's order); a weak
    /// alias that is also a strong one is strong only.
    pub fn tidy(&mut self) {
        let mut seen: HashSet<String> = HashSet::new();
        seen.insert(self.name.clone());
        self.aliases
            .retain(|a| !a.is_empty() && seen.insert(a.clone()));
        self.weak_aliases
            .retain(|a| !a.is_empty() && seen.insert(a.clone()));
        let mut programmes = HashSet::new();
        self.programmes
            .retain(|p| !p.is_empty() && programmes.insert(p.clone()));
    }
}

/// Counts for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Entries written.
    pub entries: usize,
    /// Aliases the publisher lists (strong and weak), before tidying.
    pub aliases: usize,
    /// Of those, the weak ones.
    pub weak: usize,
    /// Aliases polc added (reordered names, names in original script).
    pub derived: usize,
}

/// The result of reading a format's files.
#[derive(Debug, Default)]
pub struct Imported {
    /// The entries, in the publisher's order.
    pub entries: Vec<Entry>,
    /// The skipped rows and other problems, in file order.
    pub problems: Vec<Problem>,
    /// For the summary.
    pub counts: Counts,
}

impl Imported {
    /// Adds an entry read at `line` of `file`, tidied; an id seen before is
    /// reported (E0464) and the entry skipped: two rows are never merged.
    fn add(
        &mut self,
        mut entry: Entry,
        file: FileId,
        line: usize,
        seen: &mut HashMap<String, usize>,
    ) {
        if let Some(first) = seen.get(&entry.id) {
            self.problems.push(Problem::at(
                problem::DUPLICATE_ID,
                file,
                line,
                1,
                format!(
                    "the id `{}` is listed twice (first on line {first})",
                    entry.id
                ),
                "the second row is skipped; correct the file or ask the publisher",
            ));
            return;
        }
        seen.insert(entry.id.clone(), line);
        entry.tidy();
        self.entries.push(entry);
    }
}

/// The input files, read: each is in `map` so problems can show their line.
pub struct Inputs {
    /// The files' texts, for diagnostics.
    pub map: SourceMap,
    /// Each file's id in `map` and its raw bytes.
    pub files: Vec<(FileId, Vec<u8>)>,
}

impl Inputs {
    /// Reads the files; `Err` names the one that cannot be read.
    pub fn read(paths: &[PathBuf]) -> Result<Inputs, String> {
        let mut map = SourceMap::new();
        let mut files = Vec::new();
        for path in paths {
            let bytes = std::fs::read(path)
                .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let id = map.add(path.display().to_string(), path.clone(), text);
            files.push((id, bytes));
        }
        Ok(Inputs { map, files })
    }
}

/// Reads `inputs` as `format`. `Err` is a usage message (wrong number of
/// files); bad rows are in [`Imported::problems`].
pub fn import(format: Format, inputs: &Inputs) -> Result<Imported, String> {
    if !format.accepts(inputs.files.len()) {
        return Err(format!(
            "`{}` reads {}, not {}",
            clap::ValueEnum::to_possible_value(&format)
                .map(|v| v.get_name().to_string())
                .unwrap_or_default(),
            format.files_wanted(),
            inputs.files.len()
        ));
    }
    let mut imported = match (format, inputs.files.as_slice()) {
        (Format::OfacSdn, [sdn]) => ofac::import(inputs, sdn, None),
        (Format::OfacSdn, [sdn, alt]) => ofac::import(inputs, sdn, Some(alt)),
        (Format::UnXml, [xml]) => un::import(inputs, xml),
        (Format::BisDpl, [tsv]) => bis::import(inputs, tsv),
        (Format::Csl, [csv]) => csl::import(inputs, csv),
        _ => return Err("unexpected number of files".into()),
    };
    imported.counts.entries = imported.entries.len();
    // Each format reports as it reads (OFAC: unreadable rows before bad
    // entries); people read problems in file and line order.
    imported.problems.sort_by_key(|p| (p.file, p.line));
    Ok(imported)
}
