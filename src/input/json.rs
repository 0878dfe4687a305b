//! JSON records read straight into [`Value`]s by a `DeserializeSeed` driven
//! by the record type: no intermediate `serde_json::Value` tree. Decimals
//! are read exactly from their text (`RawValue`), never through `f64`.
//!
//! Validation errors are raised from inside the visitors; serde_json only
//! lets them carry a message, so the structured error waits in the
//! context's `pending` slot and serde_json's position is used to locate it.

use std::cell::RefCell;

use serde::de::DeserializeSeed;
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::input::schema::Schema;
use crate::input::seed::{Anchor, Ctx, Path, Pending, Seed, Seg, RAW_NUMBER};
use crate::input::{codes, locate, InputId};
use crate::ir::{RecordId, Type};
use crate::value::Value;

/// An input error located by byte offset in the parsed text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawError {
    /// Code.
    pub code: &'static str,
    /// Message.
    pub message: String,
    /// Field path.
    pub path: Option<String>,
    /// Byte offset in the text.
    pub offset: usize,
}

/// Reads JSON records of a program's record types.
pub struct JsonReader<'s> {
    schema: &'s Schema,
    strict: bool,
    /// `--lenient`: near-misses (§16) are not errors.
    lenient: bool,
    /// Field values of records being built, reused across records.
    scratch: RefCell<Vec<Value>>,
    /// Build fields no rule observes too.
    keep_all: bool,
}

impl<'s> JsonReader<'s> {
    /// A reader for input records; `strict` rejects unknown fields. Fields
    /// no rule can observe (the linker marks them in the schema, from
    /// `eval/usage.rs`) are validated but not built.
    pub fn new(schema: &'s Schema, strict: bool) -> JsonReader<'s> {
        JsonReader {
            schema,
            strict,
            lenient: false,
            scratch: RefCell::new(Vec::with_capacity(256)),
            keep_all: false,
        }
    }

    /// A reader that builds every field, observed by the rules or not
    /// (for fixtures, whose values tests use whole).
    pub fn full(schema: &'s Schema, strict: bool) -> JsonReader<'s> {
        JsonReader {
            keep_all: true,
            ..JsonReader::new(schema, strict)
        }
    }

    /// The same reader, with near-misses (§16) ignored when `lenient`.
    pub fn lenient(self, lenient: bool) -> JsonReader<'s> {
        JsonReader { lenient, ..self }
    }

    /// Parses `text` (one JSON value, nothing after it) as a value of `ty`.
    /// At the top level a record type also captures the record's `id`.
    pub fn parse(&self, text: &str, ty: &Type) -> Result<(Value, Option<InputId>), RawError> {
        let cx = Ctx {
            schema: self.schema,
            strict: self.strict,
            lenient: self.lenient,
            pending: RefCell::new(None),
            id: RefCell::new(None),
            scratch: &self.scratch,
            keep_all: self.keep_all,
        };
        // An earlier record that failed may have left values behind.
        self.scratch.borrow_mut().clear();
        let root = Path {
            parent: None,
            seg: Seg::Root,
        };
        let mut de = serde_json::Deserializer::from_str(text);
        let seed = Seed {
            cx: &cx,
            ty,
            path: &root,
            top: true,
            keep: true,
        };
        let result = seed.deserialize(&mut de).and_then(|v| de.end().map(|()| v));
        match result {
            Ok(v) => {
                let id = cx.id.borrow_mut().take();
                Ok((v, id))
            }
            Err(e) => Err(self.locate(text, &e, cx.pending.borrow_mut().take())),
        }
    }

    /// Parses one record of type `record`.
    pub fn parse_record(
        &self,
        text: &str,
        record: RecordId,
    ) -> Result<(Value, Option<InputId>), RawError> {
        let (value, id) = self.parse(text, &Type::Record(record))?;
        if !matches!(value, Value::Record(_)) {
            // `null` reads as an absent value; a record must be an object.
            let name = self.schema.record(record).map_or("", |r| r.name.as_str());
            return Err(RawError {
                code: codes::NOT_AN_OBJECT,
                message: format!("a record must be an object of type `{name}`, found `null`"),
                path: None,
                offset: text.len() - text.trim_start().len(),
            });
        }
        let id = match id {
            Some(id) => Some(id),
            None => InputId::of_field(&value, self.id_slot(record)),
        };
        Ok((value, id))
    }

    /// The slot of a record type's `id` field.
    pub fn id_slot(&self, record: RecordId) -> Option<u32> {
        self.schema.record(record).and_then(|r| r.slot("id", 0))
    }

    fn locate(&self, text: &str, e: &serde_json::Error, pending: Option<Pending>) -> RawError {
        let at = locate::offset_of(text, e.line(), e.column());
        match pending {
            Some(p) => {
                // serde_json may have read past the value by the time the
                // error surfaces, so the value is found again by its path.
                let found = match p.anchor {
                    Anchor::Value => locate::value_at(text, &p.segs),
                    Anchor::Object => {
                        locate::value_at(text, p.segs.split_last().map_or(&[], |(_, rest)| rest))
                    }
                    Anchor::Key(n) => match p.segs.split_last() {
                        Some((locate::Seg::Field(key), parent)) => {
                            locate::key_at(text, parent, key, n)
                        }
                        _ => None,
                    },
                };
                let offset = found.unwrap_or_else(|| locate::token_start(text, at));
                let message = match p.message.contains(RAW_NUMBER) {
                    true => p.message.replace(RAW_NUMBER, &number_at(text, offset)),
                    false => p.message,
                };
                RawError {
                    code: p.code,
                    message,
                    path: p.path,
                    offset,
                }
            }
            None => {
                let full = e.to_string();
                let message = match full.rfind(" at line ") {
                    Some(i) => full.get(..i).unwrap_or(&full).to_string(),
                    None => full,
                };
                RawError {
                    code: codes::MALFORMED,
                    message: format!("not valid JSON: {message}"),
                    path: None,
                    offset: at.saturating_sub(1),
                }
            }
        }
    }
}

/// The JSON number that starts at `offset`, as written (quoted, shortened
/// when long).
fn number_at(text: &str, offset: usize) -> String {
    let rest = text.get(offset..).unwrap_or_default();
    let len = rest
        .bytes()
        .take_while(|b| b.is_ascii_digit() || b"+-.eE".contains(b))
        .count();
    match rest.get(..len) {
        Some(n) if !n.is_empty() && len <= 40 => format!("`{n}`"),
        Some(n) if !n.is_empty() => format!(
            "`{}…` (a number of {len} characters)",
            n.get(..30).unwrap_or(n)
        ),
        _ => "a number".to_string(),
    }
}

/// The top-level `id` of a record that could not be read: string or integer.
pub fn lenient_id(text: &str) -> Option<InputId> {
    #[derive(Deserialize)]
    struct IdOnly<'a> {
        #[serde(borrow)]
        id: Option<&'a RawValue>,
    }
    let raw = serde_json::from_str::<IdOnly<'_>>(text).ok()?.id?;
    id_of_raw(raw.get())
}

pub(super) fn id_of_raw(t: &str) -> Option<InputId> {
    match t.as_bytes().first()? {
        b'"' => serde_json::from_str::<String>(t).ok().map(InputId::Str),
        b'-' | b'0'..=b'9' if !t.contains(['.', 'e', 'E']) => Some(InputId::Int(t.to_string())),
        _ => None,
    }
}
