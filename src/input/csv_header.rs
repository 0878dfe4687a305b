//! §16 for CSV input: a header that is not a field path but a near-miss of
//! a field that has no column (`destinaton` when no `destination` column
//! exists; `end_user.knd` for `end_user.kind`) makes every record invalid,
//! reported at the header cell. Decided once, when the header is read. The
//! checker asks the same of a `.csv`/`.tsv` record load's header (E0141).

use crate::data::near_miss::is_near_miss;
use crate::input::schema::Schema;
use crate::ir::{RecordId, Type};

/// A near-miss header: its position among the columns, its text and the
/// field path it most likely means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NearMissHeader {
    /// Index of the column in the header.
    pub(crate) index: usize,
    /// The header as written.
    pub(crate) header: String,
    /// The field path it is a near-miss of.
    pub(crate) field: String,
}

/// The near-miss headers among `unknown` (index, header text), given the
/// slot paths of the columns that name fields.
pub(crate) fn near_miss_headers<'a>(
    schema: &Schema,
    record: RecordId,
    unknown: impl Iterator<Item = (usize, &'a str)>,
    fields: &[&[u32]],
) -> Vec<NearMissHeader> {
    let mut out = Vec::new();
    for (index, header) in unknown {
        let (prefix, key) = match header.rsplit_once('.') {
            Some((prefix, key)) => (Some(prefix), key),
            None => (None, header),
        };
        let Some((id, base)) = resolve_prefix(schema, record, prefix) else {
            continue;
        };
        let Some(rs) = schema.record(id) else {
            continue;
        };
        for (slot, field) in rs.fields.iter().enumerate() {
            if !is_near_miss(key, &field.name) {
                continue;
            }
            let Ok(slot) = u32::try_from(slot) else {
                continue;
            };
            let mut path = base.clone();
            path.push(slot);
            // Absent: no column names this field or a field inside it.
            if fields.iter().any(|f| f.starts_with(&path)) {
                continue;
            }
            out.push(NearMissHeader {
                index,
                header: header.to_string(),
                field: match prefix {
                    Some(p) => format!("{p}.{}", field.name),
                    None => field.name.clone(),
                },
            });
            break;
        }
    }
    out
}

/// The record type and slot path that a dotted prefix (`end_user`) names.
fn resolve_prefix(
    schema: &Schema,
    record: RecordId,
    prefix: Option<&str>,
) -> Option<(RecordId, Vec<u32>)> {
    let mut id = record;
    let mut path = Vec::new();
    let Some(prefix) = prefix else {
        return Some((id, path));
    };
    for part in prefix.split('.') {
        let rs = schema.record(id)?;
        let slot = rs.slot(part, 0)?;
        path.push(slot);
        match rs.fields.get(slot as usize)?.ty.strip_optional() {
            Type::Record(inner) => id = *inner,
            _ => return None,
        }
    }
    Some((id, path))
}
