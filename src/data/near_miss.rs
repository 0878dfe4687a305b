//! §16's near-miss test: is an unknown input key K a slip for the field F?
//!
//! One predicate, shared by every reader of keyed data (JSON input and
//! fixtures, CSV headers): K is a near-miss of F when F has 4 or more
//! characters and K equals F ignoring ASCII case and `_`/`-`, or their
//! optimal-string-alignment distance is 1 (F of 4–7 characters) or at most
//! 2 (F of 8 or more). Callers decide which fields are candidates (those
//! absent in the object) and which keys never are (the top-level `id`, map
//! keys).
//!
//! Cost: a length test rejects most pairs before any work; the distance is
//! computed only when the lengths are within the limit, and gives up as soon
//! as it exceeds the limit, so a hostile record of 100,000 unknown keys costs
//! a few comparisons per key and field.

use super::suggest::osa_within;

/// Fields this short are never near-miss targets (§16, §18): `id`, `hs`,
/// `qty` are too close to too many other keys.
const SHORTEST_TARGET: usize = 4;

/// The largest distance for a field of `len` characters (at least 4).
fn limit(len: usize) -> usize {
    if len >= 8 {
        2
    } else {
        1
    }
}

/// The bytes of `s` that count when case and `_`/`-` are ignored.
fn folded(s: &str) -> impl Iterator<Item = u8> + '_ {
    s.bytes()
        .filter(|b| *b != b'_' && *b != b'-')
        .map(|b| b.to_ascii_lowercase())
}

/// Whether the input key `key` is a near-miss of the field `field` (§16).
/// A key equal to the field is not (it is the field).
pub fn is_near_miss(key: &str, field: &str) -> bool {
    if key == field {
        return false;
    }
    let field_len = field.chars().count();
    if field_len < SHORTEST_TARGET {
        return false;
    }
    if folded(key).eq(folded(field)) {
        return true;
    }
    let limit = limit(field_len);
    // The distance is at least the difference of the lengths: most keys are
    // rejected here, before any allocation.
    if key.chars().count().abs_diff(field_len) > limit {
        return false;
    }
    osa_within(key, field, limit).is_some()
}

/// The first of `fields` (in their order) that `key` is a near-miss of.
pub fn near_miss_of<'a>(key: &str, fields: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    fields.into_iter().find(|f| is_near_miss(key, f))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_and_separators() {
        assert!(is_near_miss("Destination", "destination"));
        assert!(is_near_miss("end-user", "end_user"));
        assert!(is_near_miss("EndUser", "end_user"));
        assert!(is_near_miss("VALID_UNTIL", "validuntil"));
        assert!(!is_near_miss("destination", "destination"));
    }

    #[test]
    fn distance_by_field_length() {
        // 4–7 characters: distance 1.
        assert!(is_near_miss("nmae", "name"));
        assert!(is_near_miss("names", "name"));
        assert!(is_near_miss("valeu", "value"));
        assert!(!is_near_miss("nm", "name"));
        assert!(!is_near_miss("amont2", "amount"));
        assert!(!is_near_miss("naem_x", "name"));
        // 8 or more: distance 2.
        assert!(is_near_miss("destinaton", "destination"));
        assert!(is_near_miss("destnaton", "destination"));
        assert!(is_near_miss("quantiyt", "quantity"));
        assert!(!is_near_miss("dstnaton", "destination"));
        assert!(!is_near_miss("description", "destination"));
    }

    #[test]
    fn short_fields_never() {
        // §18: not even equal ignoring case.
        assert!(!is_near_miss("ID", "id"));
        assert!(!is_near_miss("Hs", "hs"));
        assert!(!is_near_miss("qtyy", "qty"));
        assert!(!is_near_miss("idd", "id"));
    }

    #[test]
    fn non_ascii_and_first_match() {
        assert!(is_near_miss("näme", "name"));
        assert!(!is_near_miss("ñäme", "name"));
        assert_eq!(
            near_miss_of("kinds", ["name", "kind", "kinds_x"]),
            Some("kind")
        );
        assert_eq!(near_miss_of("zzzz", ["name", "kind"]), None);
    }
}
