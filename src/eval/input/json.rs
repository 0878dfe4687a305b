//! JSON records read straight into [`Value`]s by a `DeserializeSeed` driven
//! by the record type: no intermediate `serde_json::Value` tree. Decimals
//! are read exactly from their text (`RawValue`), never through `f64`.
//!
//! Validation errors are raised from inside the visitors; serde_json only
//! lets them carry a message, so the structured error waits in the
//! context's `pending` slot and serde_json's position is used to locate it.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;
use std::sync::Arc;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::eval::input::schema::{RecordSchema, Schema};
use crate::eval::input::text::{self, quote, Problem};
use crate::eval::input::{codes, locate, InputId};
use crate::eval::value::{Money, Quantity, SetValue, Str, Value};
use crate::ir::{RecordId, Type};

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

/// Where an error points.
#[derive(Clone, Copy, Debug)]
enum Anchor {
    /// The token (value or key) that ends where serde_json stopped.
    Token,
    /// The object serde_json was closing.
    Object,
}

struct Pending {
    code: &'static str,
    message: String,
    path: Option<String>,
    anchor: Anchor,
}

/// Per-parse state shared by the seeds.
struct Ctx<'s> {
    schema: &'s Schema,
    strict: bool,
    pending: RefCell<Option<Pending>>,
    id: RefCell<Option<InputId>>,
}

impl Ctx<'_> {
    fn fail<E: de::Error>(
        &self,
        code: &'static str,
        message: String,
        path: &Path<'_>,
        anchor: Anchor,
    ) -> E {
        let path = path.render();
        *self.pending.borrow_mut() = Some(Pending {
            code,
            message,
            path,
            anchor,
        });
        E::custom("invalid input")
    }

    fn problem<E: de::Error>(&self, p: Problem, path: &Path<'_>) -> E {
        let message = format!("`{}` {}", path.render().unwrap_or_default(), p.detail);
        self.fail(p.code, message, path, Anchor::Token)
    }
}

/// A field path, as a chain of stack frames (free unless an error renders it).
#[derive(Clone, Copy)]
struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    seg: Seg<'a>,
}

#[derive(Clone, Copy)]
enum Seg<'a> {
    Root,
    Field(&'a str),
    Index(usize),
}

impl<'a> Path<'a> {
    fn child(&'a self, seg: Seg<'a>) -> Path<'a> {
        Path {
            parent: Some(self),
            seg,
        }
    }

    /// `end_user.kind`, `items[2].unit`; `None` at the root.
    fn render(&self) -> Option<String> {
        let mut segs = Vec::new();
        let mut p = Some(self);
        while let Some(node) = p {
            segs.push(node.seg);
            p = node.parent;
        }
        let mut out = String::new();
        for seg in segs.iter().rev() {
            match seg {
                Seg::Root => {}
                Seg::Field(name) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(name);
                }
                Seg::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        (!out.is_empty()).then_some(out)
    }
}

/// Reads JSON records of a program's record types.
pub struct JsonReader<'s> {
    schema: &'s Schema,
    strict: bool,
}

impl<'s> JsonReader<'s> {
    /// A reader; `strict` rejects unknown fields.
    pub fn new(schema: &'s Schema, strict: bool) -> JsonReader<'s> {
        JsonReader { schema, strict }
    }

    /// Parses `text` (one JSON value, nothing after it) as a value of `ty`.
    /// At the top level a record type also captures the record's `id`.
    pub fn parse(&self, text: &str, ty: &Type) -> Result<(Value, Option<InputId>), RawError> {
        let cx = Ctx {
            schema: self.schema,
            strict: self.strict,
            pending: RefCell::new(None),
            id: RefCell::new(None),
        };
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
                let offset = match p.anchor {
                    Anchor::Token => locate::token_start(text, at),
                    Anchor::Object => locate::enclosing_object(text, at.saturating_sub(1)),
                };
                RawError {
                    code: p.code,
                    message: p.message,
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

fn id_of_raw(t: &str) -> Option<InputId> {
    match t.as_bytes().first()? {
        b'"' => serde_json::from_str::<String>(t).ok().map(InputId::Str),
        b'-' | b'0'..=b'9' if !t.contains(['.', 'e', 'E']) => Some(InputId::Int(t.to_string())),
        _ => None,
    }
}

#[derive(Clone, Copy)]
struct Seed<'a> {
    cx: &'a Ctx<'a>,
    ty: &'a Type,
    path: &'a Path<'a>,
    top: bool,
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        match self.ty.strip_optional() {
            Type::Decimal => {
                let raw: &'de RawValue = Deserialize::deserialize(d)?;
                decimal(self, raw.get())
                    .map(Value::Decimal)
                    .or_else(|e| match e {
                        DecimalOr::Null => Ok(Value::Absent),
                        DecimalOr::Err(e) => Err(e),
                    })
            }
            _ => d.deserialize_any(Visit(self)),
        }
    }
}

enum DecimalOr<E> {
    Null,
    Err(E),
}

/// An exact decimal from the raw JSON text of a number or string.
fn decimal<E: de::Error>(seed: Seed<'_>, raw: &str) -> Result<rust_decimal::Decimal, DecimalOr<E>> {
    let cx = seed.cx;
    match raw.as_bytes().first() {
        Some(b'"') => {
            let s: Cow<'_, str> =
                serde_json::from_str(raw).map_err(|e| DecimalOr::Err(E::custom(e)))?;
            text::decimal(&s, false).map_err(|p| DecimalOr::Err(cx.problem(p, seed.path)))
        }
        Some(b'-' | b'0'..=b'9') => {
            text::decimal(raw, true).map_err(|p| DecimalOr::Err(cx.problem(p, seed.path)))
        }
        Some(b'n') => Err(DecimalOr::Null),
        _ => Err(DecimalOr::Err(wrong(seed, found_raw(raw)))),
    }
}

fn found_raw(raw: &str) -> String {
    match raw.as_bytes().first() {
        Some(b'{') => "an object".into(),
        Some(b'[') => "an array".into(),
        _ => format!("`{raw}`"),
    }
}

/// How a type is described in a wrong-type message.
fn expected(schema: &Schema, ty: &Type) -> String {
    match ty.strip_optional() {
        Type::Bool => "`true` or `false`".into(),
        Type::Int => "an integer".into(),
        Type::Decimal => "a decimal number".into(),
        Type::String => "a string".into(),
        Type::Date => "a date string (`YYYY-MM-DD`)".into(),
        Type::Duration => "an integer number of days".into(),
        Type::Country => "a country code string".into(),
        Type::Quantity => "a quantity object (`{\"value\": …, \"unit\": …}`)".into(),
        Type::Money => "a money object (`{\"amount\": …, \"currency\": …}`)".into(),
        Type::Enum(_) => format!("a `{}` string", schema.type_name(ty.strip_optional())),
        Type::Record(_) => format!("a `{}` object", schema.type_name(ty.strip_optional())),
        other => format!("an array (`{}`)", schema.type_name(other)),
    }
}

fn wrong<E: de::Error>(seed: Seed<'_>, found: String) -> E {
    let cx = seed.cx;
    let want = expected(cx.schema, seed.ty);
    match seed.path.render() {
        Some(path) => cx.fail(
            codes::WRONG_TYPE,
            format!("`{path}` should be {want}, found {found}"),
            seed.path,
            Anchor::Token,
        ),
        None => cx.fail(
            codes::NOT_AN_OBJECT,
            format!("a record must be {want}, found {found}"),
            seed.path,
            Anchor::Token,
        ),
    }
}

struct Visit<'a>(Seed<'a>);

impl<'de> Visitor<'de> for Visit<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&expected(self.0.cx.schema, self.0.ty))
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Value, E> {
        match self.0.ty.strip_optional() {
            Type::Bool => Ok(Value::Bool(b)),
            _ => Err(wrong(self.0, format!("`{b}`"))),
        }
    }

    fn visit_i64<E: de::Error>(self, i: i64) -> Result<Value, E> {
        match self.0.ty.strip_optional() {
            Type::Int => Ok(Value::Int(i)),
            Type::Duration => Ok(Value::Duration(i)),
            _ => Err(wrong(self.0, format!("`{i}`"))),
        }
    }

    fn visit_u64<E: de::Error>(self, u: u64) -> Result<Value, E> {
        match (self.0.ty.strip_optional(), i64::try_from(u)) {
            (Type::Int | Type::Duration, Ok(i)) => self.visit_i64(i),
            (Type::Int | Type::Duration, Err(_)) => {
                let p = Problem {
                    code: codes::BAD_INTEGER,
                    detail: format!("is `{u}`, which is outside the 64-bit integer range"),
                };
                Err(self.0.cx.problem(p, self.0.path))
            }
            _ => Err(wrong(self.0, format!("`{u}`"))),
        }
    }

    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Value, E> {
        Err(wrong(self.0, format!("`{f}`")))
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Value, E> {
        self.visit_str(s)
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Value, E> {
        let seed = self.0;
        let cx = seed.cx;
        let checked = match seed.ty.strip_optional() {
            Type::String => return Ok(Value::Str(Str::new(s))),
            Type::Date => text::date(s).map(Value::Date),
            Type::Country => text::country(s).map(Value::Country),
            Type::Enum(id) => text::variant(cx.schema, id.0, s).map(Value::Enum),
            _ => return Err(wrong(seed, format!("the string {}", quote(s)))),
        };
        checked.map_err(|p| cx.problem(p, seed.path))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Absent)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Absent)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let seed = self.0;
        let (elem, is_set) = match seed.ty.strip_optional() {
            Type::List(t) => (t.as_ref(), false),
            Type::Set(t) => (t.as_ref(), true),
            _ => return Err(wrong(seed, "an array".into())),
        };
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(4));
        loop {
            let here = seed.path.child(Seg::Index(items.len()));
            let s = Seed {
                cx: seed.cx,
                ty: elem,
                path: &here,
                top: false,
            };
            match seq.next_element_seed(s)? {
                None => break,
                Some(Value::Absent) if !elem.is_optional() => {
                    return Err(wrong(s, "`null`".into()))
                }
                Some(v) => items.push(v),
            }
        }
        Ok(if is_set {
            Value::Set(Arc::new(SetValue::from_values(items)))
        } else {
            Value::List(Arc::from(items))
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Value, A::Error> {
        let seed = self.0;
        match seed.ty.strip_optional() {
            Type::Record(id) => match seed.cx.schema.record(*id) {
                Some(rs) => record(seed, rs, map),
                None => Err(wrong(seed, "an object".into())),
            },
            Type::Money => pair(seed, map, ["amount", "currency"]).map(|(a, c)| match (a, c) {
                (Pair::Decimal(amount), Pair::Currency(currency)) => {
                    Value::Money(Money { amount, currency })
                }
                _ => Value::Absent,
            }),
            Type::Quantity => pair(seed, map, ["value", "unit"]).map(|(v, u)| match (v, u) {
                (Pair::Decimal(value), Pair::Unit(unit)) => {
                    Value::Quantity(Quantity { value, unit })
                }
                _ => Value::Absent,
            }),
            _ => Err(wrong(seed, "an object".into())),
        }
    }
}

/// Which fields of an object were given (records of any width).
enum Seen {
    Bits(u128),
    Wide(Vec<bool>),
}

impl Seen {
    fn new(n: usize) -> Seen {
        if n <= 128 {
            Seen::Bits(0)
        } else {
            Seen::Wide(vec![false; n])
        }
    }

    /// Marks `slot`; returns whether it was already marked.
    fn mark(&mut self, slot: usize) -> bool {
        match self {
            Seen::Bits(bits) => {
                let bit = 1u128 << slot;
                let was = *bits & bit != 0;
                *bits |= bit;
                was
            }
            Seen::Wide(v) => v
                .get_mut(slot)
                .map(|s| std::mem::replace(s, true))
                .unwrap_or(false),
        }
    }

    fn get(&self, slot: usize) -> bool {
        match self {
            Seen::Bits(bits) => *bits & (1u128 << slot) != 0,
            Seen::Wide(v) => v.get(slot).copied().unwrap_or(false),
        }
    }
}

enum Key {
    Known(u32),
    Id,
    Unknown(String),
}

struct KeySeed<'a> {
    rs: &'a RecordSchema,
    hint: usize,
    capture_id: bool,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Key;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = Key;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Key, E> {
        self.visit_str(s)
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Key, E> {
        Ok(match self.rs.slot(s, self.hint) {
            Some(slot) => Key::Known(slot),
            None if self.capture_id && s == "id" => Key::Id,
            None => Key::Unknown(s.to_string()),
        })
    }
}

struct IdSeed;

impl<'de> DeserializeSeed<'de> for IdSeed {
    type Value = Option<InputId>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<InputId>, D::Error> {
        let raw: &'de RawValue = Deserialize::deserialize(d)?;
        Ok(id_of_raw(raw.get()))
    }
}

/// Rejects or skips an unknown key (and a repeated one).
fn unknown<'de, A: MapAccess<'de>>(
    seed: Seed<'_>,
    map: &mut A,
    name: String,
    unknowns: &mut Vec<String>,
) -> Result<(), A::Error> {
    let here = seed.path.child(Seg::Field(&name));
    if unknowns.contains(&name) {
        let message = format!("`{}` is given twice", here.render().unwrap_or_default());
        return Err(seed
            .cx
            .fail(codes::DUPLICATE_KEY, message, &here, Anchor::Token));
    }
    if seed.cx.strict {
        let message = format!(
            "`{}` is not a field of `{}` (unknown fields are rejected with `--strict`)",
            here.render().unwrap_or_default(),
            seed.cx.schema.type_name(seed.ty.strip_optional())
        );
        return Err(seed
            .cx
            .fail(codes::UNKNOWN_FIELD, message, &here, Anchor::Token));
    }
    map.next_value::<IgnoredAny>()?;
    unknowns.push(name);
    Ok(())
}

fn record<'de, A: MapAccess<'de>>(
    seed: Seed<'_>,
    rs: &RecordSchema,
    mut map: A,
) -> Result<Value, A::Error> {
    let cx = seed.cx;
    let n = rs.fields.len();
    let mut slots: Vec<Value> = vec![Value::Absent; n];
    let mut seen = Seen::new(n);
    let mut unknowns: Vec<String> = Vec::new();
    let mut hint = 0;
    let capture_id = seed.top && rs.slot("id", 0).is_none();
    while let Some(key) = map.next_key_seed(KeySeed {
        rs,
        hint,
        capture_id,
    })? {
        match key {
            Key::Known(slot) => {
                let field = rs.fields.get(slot as usize);
                let (Some(field), Some(dst)) = (field, slots.get_mut(slot as usize)) else {
                    return Err(de::Error::custom("internal error: field slot"));
                };
                let here = seed.path.child(Seg::Field(&field.name));
                if seen.mark(slot as usize) {
                    let message = format!("`{}` is given twice", here.render().unwrap_or_default());
                    return Err(cx.fail(codes::DUPLICATE_KEY, message, &here, Anchor::Token));
                }
                let s = Seed {
                    cx,
                    ty: &field.ty,
                    path: &here,
                    top: false,
                };
                let v = map.next_value_seed(s)?;
                *dst = match v {
                    Value::Absent if !field.ty.is_optional() => match &field.default {
                        Some(d) => d.clone(),
                        None => {
                            let message = format!(
                                "`{}` is null, but a value of type `{}` is required",
                                here.render().unwrap_or_default(),
                                cx.schema.type_name(&field.ty)
                            );
                            return Err(cx.fail(
                                codes::MISSING_FIELD,
                                message,
                                &here,
                                Anchor::Token,
                            ));
                        }
                    },
                    v => v,
                };
                hint = slot as usize + 1;
            }
            Key::Id => {
                if let Some(id) = map.next_value_seed(IdSeed)? {
                    *cx.id.borrow_mut() = Some(id);
                }
            }
            Key::Unknown(name) => unknown(seed, &mut map, name, &mut unknowns)?,
        }
    }
    for (i, (field, dst)) in rs.fields.iter().zip(slots.iter_mut()).enumerate() {
        if seen.get(i) || field.ty.is_optional() {
            continue;
        }
        match &field.default {
            Some(d) => *dst = d.clone(),
            None => {
                let here = seed.path.child(Seg::Field(&field.name));
                let path = here.render().unwrap_or_default();
                let message = format!("missing required field `{path}`");
                return Err(cx.fail(codes::MISSING_FIELD, message, &here, Anchor::Object));
            }
        }
    }
    Ok(Value::Record(Arc::from(slots)))
}

/// The parts of a money or quantity object.
enum Pair {
    Missing,
    Decimal(rust_decimal::Decimal),
    Currency(crate::eval::value::Currency),
    Unit(crate::data::units::Unit),
}

struct PartSeed<'a> {
    seed: Seed<'a>,
    first: bool,
}

impl<'de> DeserializeSeed<'de> for PartSeed<'_> {
    type Value = Pair;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Pair, D::Error> {
        let seed = self.seed;
        let raw: &'de RawValue = Deserialize::deserialize(d)?;
        if self.first {
            return match decimal(seed, raw.get()) {
                Ok(d) => Ok(Pair::Decimal(d)),
                Err(DecimalOr::Null) => Ok(Pair::Missing),
                Err(DecimalOr::Err(e)) => Err(e),
            };
        }
        let t = raw.get();
        if t == "null" {
            return Ok(Pair::Missing);
        }
        let is_money = matches!(seed.ty.strip_optional(), Type::Money);
        let s: Cow<'_, str> = match serde_json::from_str(t) {
            Ok(s) => s,
            Err(_) => {
                let what = if is_money { "currency code" } else { "unit" };
                let path = seed.path.render().unwrap_or_default();
                let message = format!("`{path}` should be a {what} string, found {}", found_raw(t));
                return Err(seed
                    .cx
                    .fail(codes::WRONG_TYPE, message, seed.path, Anchor::Token));
            }
        };
        let part = if is_money {
            text::currency(&s).map(Pair::Currency)
        } else {
            text::unit(&s).map(Pair::Unit)
        };
        part.map_err(|p| seed.cx.problem(p, seed.path))
    }
}

enum PairName {
    First,
    Second,
    Other(String),
}

/// Matches the key of a money or quantity object without allocating.
struct PairKey([&'static str; 2]);

impl<'de> DeserializeSeed<'de> for PairKey {
    type Value = PairName;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<PairName, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for PairKey {
    type Value = PairName;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<PairName, E> {
        let [a, b] = self.0;
        Ok(if s == a {
            PairName::First
        } else if s == b {
            PairName::Second
        } else {
            PairName::Other(s.to_string())
        })
    }
}

/// Reads `{"amount": …, "currency": …}` or `{"value": …, "unit": …}`.
fn pair<'de, A: MapAccess<'de>>(
    seed: Seed<'_>,
    mut map: A,
    names: [&'static str; 2],
) -> Result<(Pair, Pair), A::Error> {
    let [first_name, second_name] = names;
    let (mut first, mut second) = (Pair::Missing, Pair::Missing);
    let (mut seen_first, mut seen_second) = (false, false);
    let mut unknowns = Vec::new();
    while let Some(key) = map.next_key_seed(PairKey(names))? {
        let is_first = match key {
            PairName::First => true,
            PairName::Second => false,
            PairName::Other(name) => {
                unknown(seed, &mut map, name, &mut unknowns)?;
                continue;
            }
        };
        let name = if is_first { first_name } else { second_name };
        let here = seed.path.child(Seg::Field(name));
        let seen = if is_first {
            &mut seen_first
        } else {
            &mut seen_second
        };
        if std::mem::replace(seen, true) {
            let message = format!("`{}` is given twice", here.render().unwrap_or_default());
            return Err(seed
                .cx
                .fail(codes::DUPLICATE_KEY, message, &here, Anchor::Token));
        }
        let part = map.next_value_seed(PartSeed {
            seed: Seed {
                path: &here,
                ..seed
            },
            first: is_first,
        })?;
        if is_first {
            first = part;
        } else {
            second = part;
        }
    }
    for (part, name) in [(&first, first_name), (&second, second_name)] {
        if matches!(part, Pair::Missing) {
            let here = seed.path.child(Seg::Field(name));
            let message = format!(
                "missing required field `{}`",
                here.render().unwrap_or_default()
            );
            return Err(seed
                .cx
                .fail(codes::MISSING_FIELD, message, &here, Anchor::Object));
        }
    }
    Ok((first, second))
}
