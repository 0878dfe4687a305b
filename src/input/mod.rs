//! Reading records: JSON (one record, an array, NDJSON lines) and CSV,
//! straight into [`Value`]s laid out by slot and validated against the
//! record type (§8). A record that does not fit is *invalid*: it gets
//! [`InputError`]s naming the field path and the line and column, and the
//! run goes on.

pub mod csv;
pub(crate) mod csv_header;
pub mod json;
pub mod locate;
mod pair;
pub mod schema;
mod seed;
pub mod text;
mod unknown_keys;

use crate::value::Value;

/// One problem with one input record (E0400–E0449).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    /// Stable code, `E04..`.
    pub code: &'static str,
    /// One line, lowercase, user input in backticks.
    pub message: String,
    /// The field path (`end_user.kind`, `items[2].quantity.unit`), if any.
    pub path: Option<String>,
    /// 1-based line in the input file.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// The input error codes, with the title each one's doc file carries.
pub mod codes {
    /// A line (or file) that is not valid JSON.
    pub const MALFORMED: &str = "E0400";
    /// A record that is not a JSON object.
    pub const NOT_AN_OBJECT: &str = "E0401";
    /// A required field that is absent or `null`.
    pub const MISSING_FIELD: &str = "E0402";
    /// A value of the wrong JSON type.
    pub const WRONG_TYPE: &str = "E0403";
    /// A key given twice in one object.
    pub const DUPLICATE_KEY: &str = "E0404";
    /// A field the record type does not have (only with `--strict`).
    pub const UNKNOWN_FIELD: &str = "E0405";
    /// A string that names no variant of the enum.
    pub const UNKNOWN_VARIANT: &str = "E0410";
    /// Not an ISO 3166-1 alpha-2 code.
    pub const BAD_COUNTRY: &str = "E0411";
    /// Not a real `YYYY-MM-DD` date.
    pub const BAD_DATE: &str = "E0412";
    /// Not an ISO 4217 code.
    pub const BAD_CURRENCY: &str = "E0413";
    /// Not one of the unit words (`g`, `kg`, `t`, `pcs`, `l`, `m3`, `bbl`).
    pub const BAD_UNIT: &str = "E0414";
    /// Not an exact decimal numeral within range.
    pub const BAD_DECIMAL: &str = "E0415";
    /// An integer outside the 64-bit range.
    pub const BAD_INTEGER: &str = "E0416";
    /// A CSV row whose number of cells differs from the header's.
    pub const CSV_ROW: &str = "E0420";
    /// A CSV row the tokenizer cannot read (quotes, UTF-8).
    pub const CSV_MALFORMED: &str = "E0421";
    /// A key that is not a field but a near-miss of an absent one (§16).
    pub const NEAR_MISS: &str = "E0422";
    /// A CSV header that is a near-miss of a field without a column (§16).
    pub const NEAR_MISS_HEADER: &str = "E0423";
}

/// A record's `id` for output: the top-level `id` if it is a JSON string or integer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputId {
    /// A string id.
    Str(String),
    /// An integer id (kept as written).
    Int(String),
}

/// A record as read: its value or why it is invalid, and its id.
#[derive(Debug)]
pub struct Parsed {
    /// The record (a `Value::Record`) or its problems.
    pub value: Result<Value, Vec<InputError>>,
    /// The top-level `id`.
    pub id: Option<InputId>,
}

impl InputId {
    /// The id of a parsed record value whose type has an `id` field at `slot`.
    pub fn of_field(value: &Value, slot: Option<u32>) -> Option<InputId> {
        match value.field(slot?)? {
            Value::Str(s) => Some(InputId::Str(s.as_str().to_string())),
            Value::Int(i) => Some(InputId::Int(i.to_string())),
            _ => None,
        }
    }
}
