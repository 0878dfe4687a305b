//! The `DeserializeSeed`s that read JSON into [`Value`]s by type, and the
//! per-parse context they share (pending error, captured `id`, the scratch
//! stack records are built on).

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;
use std::sync::Arc;

use rustc_hash::FxHashSet;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::input::pair::{pair, IdSeed, Pair};
use crate::input::schema::{RecordSchema, Schema};
use crate::input::text::{self, quote, Problem};
use crate::input::unknown_keys::UnknownKeys;
use crate::input::{codes, locate, InputId};
use crate::ir::Type;
use crate::value::{Money, Quantity, SetValue, Str, Value};

/// Where an error points.
#[derive(Clone, Copy, Debug)]
pub(super) enum Anchor {
    /// The value at the path.
    Value,
    /// The n-th occurrence of the path's last key in its object.
    Key(u8),
    /// The object holding the path's last field (a missing field).
    Object,
}

/// Stands in a message for the number as written: serde hands a fraction,
/// an exponent or an integer beyond 64 bits over as a float, whose digits
/// are not the author's (`99999999999999999999` reads as `1e20`), so the
/// reader puts the number's own text in its place once the value is found
/// again in the record (`json.rs`).
pub(super) const RAW_NUMBER: &str = "\u{1}number\u{1}";

pub(super) struct Pending {
    pub(super) code: &'static str,
    pub(super) message: String,
    pub(super) path: Option<String>,
    pub(super) segs: Vec<locate::Seg>,
    pub(super) anchor: Anchor,
}

/// Per-parse state shared by the seeds.
pub(super) struct Ctx<'s> {
    pub(super) schema: &'s Schema,
    pub(super) strict: bool,
    /// `--lenient`: near-misses (§16) are unknown keys like any other.
    pub(super) lenient: bool,
    pub(super) pending: RefCell<Option<Pending>>,
    pub(super) id: RefCell<Option<InputId>>,
    /// Values of the records and lists being built (a stack: each nested
    /// value takes what it pushed before it returns).
    pub(super) scratch: &'s RefCell<Vec<Value>>,
    /// Build every field, observed by the rules or not (fixtures).
    pub(super) keep_all: bool,
}

impl Ctx<'_> {
    pub(super) fn fail<E: de::Error>(
        &self,
        code: &'static str,
        message: String,
        path: &Path<'_>,
        anchor: Anchor,
    ) -> E {
        *self.pending.borrow_mut() = Some(Pending {
            code,
            message,
            path: path.render(),
            segs: path.segments(),
            anchor,
        });
        E::custom("invalid input")
    }

    pub(super) fn problem<E: de::Error>(&self, p: Problem, path: &Path<'_>) -> E {
        let message = format!("`{}` {}", path.render().unwrap_or_default(), p.detail);
        self.fail(p.code, message, path, Anchor::Value)
    }
}

/// A field path, as a chain of stack frames (free unless an error renders it).
#[derive(Clone, Copy)]
pub(super) struct Path<'a> {
    pub(super) parent: Option<&'a Path<'a>>,
    pub(super) seg: Seg<'a>,
}

#[derive(Clone, Copy)]
pub(super) enum Seg<'a> {
    Root,
    Field(&'a str),
    Index(usize),
}

impl<'a> Path<'a> {
    pub(super) fn child(&'a self, seg: Seg<'a>) -> Path<'a> {
        Path {
            parent: Some(self),
            seg,
        }
    }

    /// The segments from the root, for locating the value in the text.
    pub(super) fn segments(&self) -> Vec<locate::Seg> {
        let mut out = Vec::new();
        let mut p = Some(self);
        while let Some(node) = p {
            match node.seg {
                Seg::Root => {}
                Seg::Field(name) => out.push(locate::Seg::Field(name.to_string())),
                Seg::Index(i) => out.push(locate::Seg::Index(i)),
            }
            p = node.parent;
        }
        out.reverse();
        out
    }

    /// `end_user.kind`, `items[2].unit`; `None` at the root.
    pub(super) fn render(&self) -> Option<String> {
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

#[derive(Clone, Copy)]
pub(super) struct Seed<'a> {
    pub(super) cx: &'a Ctx<'a>,
    pub(super) ty: &'a Type,
    pub(super) path: &'a Path<'a>,
    pub(super) top: bool,
    /// Build the value (else only validate it: no rule can read it).
    pub(super) keep: bool,
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        match self.ty.strip_optional() {
            Type::Decimal => {
                let raw: &'de RawValue = Deserialize::deserialize(d)?;
                decimal(self, raw.get())
                    .map(|d| {
                        if self.keep {
                            Value::Decimal(d)
                        } else {
                            Value::Zero
                        }
                    })
                    .or_else(|e| match e {
                        DecimalOr::Null => Ok(Value::Absent),
                        DecimalOr::Err(e) => Err(e),
                    })
            }
            // Integers from their text too: a number beyond 64 bits is
            // named as written, not as the float serde_json would make of it.
            Type::Int | Type::Duration => {
                let raw: &'de RawValue = Deserialize::deserialize(d)?;
                integer(self, raw.get())
            }
            _ => d.deserialize_any(Visit(self)),
        }
    }
}

/// An `int` or `duration` from the raw JSON text of a number.
fn integer<E: de::Error>(seed: Seed<'_>, raw: &str) -> Result<Value, E> {
    let integral = !raw.contains(['.', 'e', 'E']);
    match raw.as_bytes().first() {
        Some(b'n') => Ok(Value::Absent),
        Some(b'-' | b'0'..=b'9') if integral => match raw.parse::<i64>() {
            Ok(i) if matches!(seed.ty.strip_optional(), Type::Duration) => Ok(Value::Duration(i)),
            Ok(i) => Ok(Value::Int(i)),
            Err(_) => {
                let p = Problem {
                    code: codes::BAD_INTEGER,
                    detail: format!("is `{raw}`, which is outside the 64-bit integer range"),
                };
                Err(seed.cx.problem(p, seed.path))
            }
        },
        _ => Err(wrong(seed, found_raw(raw))),
    }
}

pub(super) enum DecimalOr<E> {
    Null,
    Err(E),
}

/// An exact decimal from the raw JSON text of a number or string.
pub(super) fn decimal<E: de::Error>(
    seed: Seed<'_>,
    raw: &str,
) -> Result<rust_decimal::Decimal, DecimalOr<E>> {
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

pub(super) fn found_raw(raw: &str) -> String {
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
        Type::Enum(_) => format!(
            "a variant of `{}` (a string)",
            schema.type_name(ty.strip_optional())
        ),
        Type::Record(_) => format!(
            "an object of type `{}`",
            schema.type_name(ty.strip_optional())
        ),
        Type::Map(..) => format!("an object (`{}`)", schema.type_name(ty.strip_optional())),
        other => format!("an array (`{}`)", schema.type_name(other)),
    }
}

pub(super) fn wrong<E: de::Error>(seed: Seed<'_>, found: String) -> E {
    let cx = seed.cx;
    let want = expected(cx.schema, seed.ty);
    match seed.path.render() {
        Some(path) => cx.fail(
            codes::WRONG_TYPE,
            format!("`{path}` should be {want}, found {found}"),
            seed.path,
            Anchor::Value,
        ),
        None => cx.fail(
            codes::NOT_AN_OBJECT,
            format!("a record must be {want}, found {found}"),
            seed.path,
            Anchor::Value,
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

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Value, E> {
        Err(wrong(self.0, RAW_NUMBER.to_string()))
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Value, E> {
        self.visit_str(s)
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Value, E> {
        let seed = self.0;
        let cx = seed.cx;
        let checked = match seed.ty.strip_optional() {
            Type::String if seed.keep => return Ok(Value::Str(Str::new(s))),
            // Validated, not kept: no rule reads it.
            Type::String => return Ok(Value::Zero),
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
        let cx = seed.cx;
        let base = cx.scratch.borrow().len();
        let mut count = 0;
        loop {
            let here = seed.path.child(Seg::Index(count));
            let s = Seed {
                cx,
                ty: elem,
                path: &here,
                top: false,
                keep: seed.keep,
            };
            match seq.next_element_seed(s)? {
                None => break,
                Some(Value::Absent) if !elem.is_optional() => {
                    return Err(wrong(s, "`null`".into()))
                }
                Some(v) if seed.keep => cx.scratch.borrow_mut().push(v),
                Some(_) => {}
            }
            count += 1;
        }
        if !seed.keep {
            return Ok(Value::Zero);
        }
        let mut st = cx.scratch.borrow_mut();
        let items = st.drain(base..);
        Ok(if is_set {
            Value::Set(Arc::new(SetValue::from_values(items)))
        } else {
            Value::List(items.collect())
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
            Type::Map(k, v) => map_object(seed, k, v, map),
            _ => Err(wrong(seed, "an object".into())),
        }
    }
}

/// A `map<K, V>` field (§11): an object whose keys are K's text; a bad or
/// repeated key makes the record invalid. Its keys are never fields.
fn map_object<'de, A: MapAccess<'de>>(
    seed: Seed<'_>,
    kt: &Type,
    vt: &Type,
    mut map: A,
) -> Result<Value, A::Error> {
    let cx = seed.cx;
    let mut entries: Vec<(Value, Value)> = Vec::new();
    let mut seen: FxHashSet<String> = FxHashSet::default();
    while let Some(name) = map.next_key::<Cow<'de, str>>()? {
        let name = name.into_owned();
        let here = seed.path.child(Seg::Field(&name));
        if !seen.insert(name.clone()) {
            let message = format!("`{}` is given twice", here.render().unwrap_or_default());
            return Err(cx.fail(codes::DUPLICATE_KEY, message, &here, Anchor::Key(2)));
        }
        let key = text::map_key(cx.schema, kt, &name).map_err(|p| {
            let message = format!(
                "`{}`: the key {}",
                seed.path.render().unwrap_or_default(),
                p.detail
            );
            cx.fail(p.code, message, &here, Anchor::Key(1))
        })?;
        let s = Seed {
            cx,
            ty: vt,
            path: &here,
            top: false,
            keep: seed.keep,
        };
        let v = map.next_value_seed(s)?;
        if matches!(v, Value::Absent) {
            return Err(wrong(s, "`null`".into()));
        }
        if seed.keep {
            entries.push((key, v));
        }
    }
    if !seed.keep {
        return Ok(Value::Zero);
    }
    crate::value::MapValue::from_entries(entries)
        .map(|m| Value::Map(Arc::new(m)))
        .map_err(|_| de::Error::custom("internal error: a map key repeats"))
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

/// Rejects or skips an unknown key (and a repeated one).
pub(super) fn unknown<'de, A: MapAccess<'de>>(
    seed: Seed<'_>,
    map: &mut A,
    name: String,
    unknowns: &mut FxHashSet<String>,
) -> Result<(), A::Error> {
    let here = seed.path.child(Seg::Field(&name));
    if unknowns.contains(&name) {
        let message = format!("`{}` is given twice", here.render().unwrap_or_default());
        return Err(seed
            .cx
            .fail(codes::DUPLICATE_KEY, message, &here, Anchor::Key(2)));
    }
    if seed.cx.strict {
        let message = format!(
            "`{}` is not a field of `{}` (unknown fields are rejected with `--strict`)",
            here.render().unwrap_or_default(),
            seed.cx.schema.type_name(seed.ty.strip_optional())
        );
        return Err(seed
            .cx
            .fail(codes::UNKNOWN_FIELD, message, &here, Anchor::Key(1)));
    }
    map.next_value::<IgnoredAny>()?;
    unknowns.insert(name);
    Ok(())
}

fn record<'de, A: MapAccess<'de>>(
    seed: Seed<'_>,
    rs: &RecordSchema,
    mut map: A,
) -> Result<Value, A::Error> {
    let cx = seed.cx;
    let n = rs.fields.len();
    // The fields are built in place on the scratch stack, then moved into
    // one `Arc<[Value]>` allocation.
    let keep = seed.keep;
    let base = {
        let mut st = cx.scratch.borrow_mut();
        let base = st.len();
        if keep {
            st.resize(base + n, Value::Absent);
        }
        base
    };
    let mut seen = Seen::new(n);
    // Fields given a value (not `null`): the others are absent for §16.
    let mut given = Seen::new(n);
    let mut unknowns = UnknownKeys::default();
    let mut hint = 0;
    let capture_id = seed.top && rs.slot("id", 0).is_none();
    while let Some(key) = map.next_key_seed(KeySeed {
        rs,
        hint,
        capture_id,
    })? {
        match key {
            Key::Known(slot) => {
                let Some(field) = rs.fields.get(slot as usize) else {
                    return Err(de::Error::custom("internal error: field slot"));
                };
                let here = seed.path.child(Seg::Field(&field.name));
                if seen.mark(slot as usize) {
                    let message = format!("`{}` is given twice", here.render().unwrap_or_default());
                    return Err(cx.fail(codes::DUPLICATE_KEY, message, &here, Anchor::Key(2)));
                }
                let field_keep = keep && (cx.keep_all || rs.observed(slot));
                let s = Seed {
                    cx,
                    ty: &field.ty,
                    path: &here,
                    top: false,
                    keep: field_keep,
                };
                // Absent or null: the default if there is one (§4), else
                // absent when optional, else an error.
                let v = match map.next_value_seed(s)? {
                    Value::Absent => match &field.default {
                        Some(d) => d.clone(),
                        None if field.ty.is_optional() => Value::Absent,
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
                                Anchor::Value,
                            ));
                        }
                    },
                    v => {
                        given.mark(slot as usize);
                        v
                    }
                };
                if field_keep {
                    if let Some(dst) = cx.scratch.borrow_mut().get_mut(base + slot as usize) {
                        // The slot holds its `Absent` placeholder (a repeated
                        // key is an error above): nothing to drop.
                        std::mem::forget(std::mem::replace(dst, v));
                    }
                }
                hint = slot as usize + 1;
            }
            Key::Id => {
                if let Some(id) = map.next_value_seed(IdSeed)? {
                    *cx.id.borrow_mut() = Some(id);
                }
            }
            Key::Unknown(name) => {
                if !unknowns.note(rs, &name, !cx.lenient) {
                    let here = seed.path.child(Seg::Field(&name));
                    let message = format!("`{}` is given twice", here.render().unwrap_or_default());
                    return Err(cx.fail(codes::DUPLICATE_KEY, message, &here, Anchor::Key(2)));
                }
                map.next_value::<IgnoredAny>()?;
            }
        }
    }
    // A near-miss is an error also under `--strict` (§16), and says more
    // than "missing field" or "unknown field" would.
    if let Some((key, slot)) = unknowns.near_miss(|slot| !given.get(slot as usize)) {
        let field = rs.fields.get(slot as usize).map_or("", |f| f.name.as_str());
        let here = seed.path.child(Seg::Field(key));
        let message = format!(
            "`{}` is not a field of `{}`; did you mean `{field}`? (`{field}` is absent)",
            here.render().unwrap_or_default(),
            rs.name,
        );
        return Err(cx.fail(codes::NEAR_MISS, message, &here, Anchor::Key(1)));
    }
    if cx.strict {
        if let Some(key) = unknowns.first() {
            let here = seed.path.child(Seg::Field(key));
            let message = format!(
                "`{}` is not a field of `{}` (unknown fields are rejected with `--strict`)",
                here.render().unwrap_or_default(),
                rs.name,
            );
            return Err(cx.fail(codes::UNKNOWN_FIELD, message, &here, Anchor::Key(1)));
        }
    }
    for (i, field) in rs.fields.iter().enumerate() {
        if seen.get(i) || (field.ty.is_optional() && field.default.is_none()) {
            continue;
        }
        match &field.default {
            Some(d) => {
                if keep && (cx.keep_all || rs.observed(i as u32)) {
                    if let Some(dst) = cx.scratch.borrow_mut().get_mut(base + i) {
                        *dst = d.clone();
                    }
                }
            }
            None => {
                let here = seed.path.child(Seg::Field(&field.name));
                let path = here.render().unwrap_or_default();
                let message = format!("missing required field `{path}`");
                return Err(cx.fail(codes::MISSING_FIELD, message, &here, Anchor::Object));
            }
        }
    }
    if !keep {
        return Ok(Value::Zero);
    }
    let fields: Arc<[Value]> = cx.scratch.borrow_mut().drain(base..).collect();
    Ok(Value::Record(fields))
}
