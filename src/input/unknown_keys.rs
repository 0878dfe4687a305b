//! The keys of one JSON object that are not fields of its record type:
//! repeats (an error), the first one (an error with `--strict`) and the
//! near-misses of §16, decided when the object ends because only then is it
//! known which fields were absent.

use rustc_hash::FxHashSet;

use crate::data::near_miss::is_near_miss;
use crate::input::schema::RecordSchema;

/// What one object's unknown keys were.
#[derive(Default)]
pub(super) struct UnknownKeys {
    /// Every unknown key so far. A set, not a list: a record may hold
    /// 100,000 unknown keys, and each is checked for a repeat (a list made
    /// that quadratic: 17 s).
    seen: FxHashSet<String>,
    /// The first unknown key, for `--strict`.
    first: Option<String>,
    /// (key, field slot) for each key that is a near-miss of a field, in
    /// input order; whether the field was absent is decided at the end.
    near: Vec<(String, u32)>,
}

impl UnknownKeys {
    /// Notes the unknown key `name`; `false` if it was already given.
    /// With `near_misses`, the key is compared with every field of `rs`
    /// (a length test rejects almost every pair before any work).
    pub(super) fn note(&mut self, rs: &RecordSchema, name: &str, near_misses: bool) -> bool {
        if self.seen.contains(name) {
            return false;
        }
        if near_misses {
            for (slot, field) in rs.fields.iter().enumerate() {
                if is_near_miss(name, &field.name) {
                    if let Ok(slot) = u32::try_from(slot) {
                        self.near.push((name.to_string(), slot));
                    }
                }
            }
        }
        if self.first.is_none() {
            self.first = Some(name.to_string());
        }
        self.seen.insert(name.to_string());
        true
    }

    /// The first unknown key, if any.
    pub(super) fn first(&self) -> Option<&str> {
        self.first.as_deref()
    }

    /// The first key (in input order) that is a near-miss of a field for
    /// which `absent(slot)` holds, with that field's slot.
    pub(super) fn near_miss(&self, absent: impl Fn(u32) -> bool) -> Option<(&str, u32)> {
        self.near
            .iter()
            .find(|(_, slot)| absent(*slot))
            .map(|(key, slot)| (key.as_str(), *slot))
    }
}
