//! What the record readers validate against: each record type's fields with
//! their types and default values, and enum variants by name.

use rustc_hash::FxHashMap;

use crate::ir::types::TypeDisplay;
use crate::ir::{RecordId, Type};
use crate::value::render::Names;
use crate::value::Value;

/// A field as the reader sees it.
#[derive(Clone, Debug)]
pub struct FieldSchema {
    /// Name.
    pub name: String,
    /// Declared type.
    pub ty: Type,
    /// Value for absent or `null` input, if the field has a default.
    pub default: Option<Value>,
}

/// A record type as the reader sees it.
#[derive(Clone, Debug)]
pub struct RecordSchema {
    /// Name.
    pub name: String,
    /// Fields by slot.
    pub fields: Vec<FieldSchema>,
    /// Field slots by name, for records too wide for a scan.
    by_name: FxHashMap<String, u32>,
    /// Whether the rules can observe each field (all true until set).
    observed: Vec<bool>,
}

/// Record layouts and enum variants of a program.
#[derive(Clone, Debug, Default)]
pub struct Schema {
    /// Record types by id.
    pub records: Vec<RecordSchema>,
    /// Enum variants (and their lookup) by id.
    pub enums: Vec<EnumSchema>,
    /// Enum and record names, for messages.
    pub names: Names,
}

/// An enum's variants.
#[derive(Clone, Debug)]
pub struct EnumSchema {
    /// Name.
    pub name: String,
    /// Variant names by index.
    pub variants: Vec<String>,
    by_name: FxHashMap<String, u32>,
}

/// Records with more fields than this look names up by hash.
const SCAN_LIMIT: usize = 16;

impl Schema {
    /// Builds the schema from names and computed defaults (`defaults[record][slot]`).
    pub fn new(names: &Names, enum_names: &[String], defaults: Vec<Vec<Option<Value>>>) -> Schema {
        let records = names
            .records
            .iter()
            .zip(defaults.into_iter().chain(std::iter::repeat_with(Vec::new)))
            .map(|((name, fields), defs)| {
                let fields: Vec<FieldSchema> = fields
                    .iter()
                    .enumerate()
                    .map(|(i, (fname, ty))| FieldSchema {
                        name: fname.clone(),
                        ty: ty.clone(),
                        default: defs.get(i).cloned().flatten(),
                    })
                    .collect();
                let by_name = fields
                    .iter()
                    .enumerate()
                    .map(|(i, f)| (f.name.clone(), i as u32))
                    .collect();
                RecordSchema {
                    name: name.clone(),
                    observed: vec![true; fields.len()],
                    fields,
                    by_name,
                }
            })
            .collect();
        let enums = names
            .enums
            .iter()
            .enumerate()
            .map(|(i, variants)| EnumSchema {
                name: enum_names.get(i).cloned().unwrap_or_default(),
                variants: variants.clone(),
                by_name: variants
                    .iter()
                    .enumerate()
                    .map(|(j, v)| (v.clone(), j as u32))
                    .collect(),
            })
            .collect();
        Schema {
            records,
            enums,
            names: names.clone(),
        }
    }

    /// Sets which fields the rules observe, `observed[record][slot]`.
    pub fn set_observed(&mut self, observed: Vec<Vec<bool>>) {
        for (r, o) in self.records.iter_mut().zip(observed) {
            if o.len() == r.fields.len() {
                r.observed = o;
            }
        }
    }

    /// The record type `id`.
    pub fn record(&self, id: RecordId) -> Option<&RecordSchema> {
        self.records.get(id.0 as usize)
    }

    /// How a type is named in messages (`PartyKind`, `list<Item>`).
    pub fn type_name(&self, ty: &Type) -> String {
        let enums: Vec<String> = self.enums.iter().map(|e| e.name.clone()).collect();
        let records: Vec<String> = self.records.iter().map(|r| r.name.clone()).collect();
        TypeDisplay {
            ty,
            enums: &enums,
            records: &records,
        }
        .to_string()
    }

    /// Whether a record type reaches a list or set field (CSV cannot carry one).
    pub fn has_collections(&self, id: RecordId) -> Option<String> {
        let mut seen = vec![false; self.records.len()];
        self.find_collection(id, &mut seen, "")
    }

    fn find_collection(&self, id: RecordId, seen: &mut [bool], prefix: &str) -> Option<String> {
        match seen.get_mut(id.0 as usize) {
            Some(s) if !*s => *s = true,
            _ => return None,
        }
        for f in &self.record(id)?.fields {
            let path = format!("{prefix}{}", f.name);
            match f.ty.strip_optional() {
                Type::List(_) | Type::Set(_) | Type::Map(..) => return Some(path),
                Type::Record(inner) => {
                    if let Some(p) = self.find_collection(*inner, seen, &format!("{path}.")) {
                        return Some(p);
                    }
                }
                _ => {}
            }
        }
        None
    }
}

impl RecordSchema {
    /// Whether the rules can observe field `slot`.
    pub fn observed(&self, slot: u32) -> bool {
        self.observed.get(slot as usize).copied().unwrap_or(true)
    }

    /// The slot of field `name`; `hint` is tried first (keys usually come in
    /// declaration order).
    pub fn slot(&self, name: &str, hint: usize) -> Option<u32> {
        if let Some(f) = self.fields.get(hint) {
            if f.name == name {
                return Some(hint as u32);
            }
        }
        if self.fields.len() > SCAN_LIMIT {
            return self.by_name.get(name).copied();
        }
        self.fields
            .iter()
            .position(|f| f.name == name)
            .map(|i| i as u32)
    }
}

impl EnumSchema {
    /// The index of variant `name` (case-sensitive).
    pub fn variant(&self, name: &str) -> Option<u32> {
        if self.variants.len() > SCAN_LIMIT {
            return self.by_name.get(name).copied();
        }
        self.variants
            .iter()
            .position(|v| v == name)
            .map(|i| i as u32)
    }

    /// "did you mean" for a misspelt variant.
    pub fn suggest(&self, name: &str) -> Option<&str> {
        crate::data::suggest::did_you_mean(name, self.variants.iter().map(String::as_str))
    }
}
