//! A record `load` (§12) as the checker leaves it for the constant pass:
//! which file, in which format, read as which collection.

use std::path::PathBuf;

use crate::ir::RecordId;

/// How the rows of a loaded file are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowFormat {
    /// A JSON array of objects.
    Json,
    /// RFC 4180 CSV with a header row.
    Csv,
    /// Tab-separated cells with a header row, never quoted.
    Tsv,
}

impl RowFormat {
    /// The format of a (lower-case) file extension, if it holds rows.
    pub fn of_extension(ext: &str) -> Option<RowFormat> {
        match ext {
            "json" => Some(RowFormat::Json),
            "csv" => Some(RowFormat::Csv),
            "tsv" => Some(RowFormat::Tsv),
            _ => None,
        }
    }

    /// `.json`, `.csv`, `.tsv`.
    pub fn name(self) -> &'static str {
        match self {
            RowFormat::Json => ".json",
            RowFormat::Csv => ".csv",
            RowFormat::Tsv => ".tsv",
        }
    }
}

/// The collection the rows make.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowShape {
    /// `list<R>`
    List,
    /// `set<R>`
    Set,
    /// `map<K, R> key "FIELD"`: keyed by the top-level field at this slot.
    Map {
        /// The key field's slot in R.
        key_slot: u32,
    },
}

/// A record load before the constant pass reads it.
#[derive(Clone, Debug)]
pub struct RowsLoad {
    /// The file on disk (resolved inside the package).
    pub path: PathBuf,
    /// The file as shown in diagnostics.
    pub display: String,
    /// How it is written.
    pub format: RowFormat,
    /// The row type R.
    pub record: RecordId,
    /// The collection made.
    pub shape: RowShape,
    /// `dated "FROM" until "TO"`: the columns of each row's window.
    pub dated: Option<(String, String)>,
    /// The key field's name (for messages).
    pub key_name: Option<String>,
}
