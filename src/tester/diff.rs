//! Comparing a golden file's lines with the actual NDJSON output, record
//! by record, and saying how each differing record differs: its decision
//! and fired rules, else the first JSON path where the two lines part.
//!
//! Lines are compared as JSON values (§17), after [`normalize`]: the `at`
//! key of `fired` entries and a trailing ` at PATH:LINE:COLUMN` of an
//! `errors[].message` are dropped (they move whenever a policy file is
//! edited), and a line without `authorizations` reads as `[]`.

use serde_json::Value as Json;

use crate::tester::catalog::Catalog;

/// One description per record that differs, in record order.
pub fn compare(catalog: &Catalog<'_>, expected: &[&str], actual: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for i in 0..expected.len().max(actual.len()) {
        let number = i + 1;
        match (expected.get(i), actual.get(i)) {
            (Some(e), Some(a)) if same(e, a) => {}
            (Some(e), Some(a)) => out.push(describe(catalog, number, e, a)),
            (Some(e), None) => out.push(format!(
                "record {number}: in the expected file ({}), but the records file has no record {number}",
                parse(e).map_or_else(|| "not valid JSON".to_string(), |j| decision(&j))
            )),
            (None, Some(a)) => out.push(format!(
                "record {number}: not in the expected file (got {})",
                parse(a).map_or_else(|| "?".to_string(), |j| decision(&j))
            )),
            (None, None) => {}
        }
    }
    out
}

/// Whether two lines are equal as normalized JSON values (as text when
/// one is not JSON).
fn same(expected: &str, actual: &str) -> bool {
    match (parse(expected), parse(actual)) {
        (Some(e), Some(a)) => e == a,
        _ => expected == actual,
    }
}

/// A line as a normalized JSON value.
fn parse(line: &str) -> Option<Json> {
    serde_json::from_str(line).ok().map(normalize)
}

/// Drops what a golden comparison ignores (§17): `fired[].at`, a trailing
/// ` at PATH:LINE:COLUMN` of `errors[].message`; adds `"authorizations":[]`
/// to an object without it.
pub fn normalize(mut line: Json) -> Json {
    let Json::Object(map) = &mut line else {
        return line;
    };
    if let Some(Json::Array(fired)) = map.get_mut("fired") {
        for f in fired {
            if let Json::Object(f) = f {
                f.remove("at");
            }
        }
    }
    if let Some(Json::Array(errors)) = map.get_mut("errors") {
        for e in errors {
            if let Some(Json::String(m)) = e.get_mut("message") {
                let cut = strip_position(m).len();
                m.truncate(cut);
            }
        }
    }
    map.entry("authorizations")
        .or_insert_with(|| Json::Array(Vec::new()));
    line
}

/// `message` without a trailing ` at PATH:LINE:COLUMN` (PATH non-empty,
/// LINE and COLUMN decimal).
fn strip_position(message: &str) -> &str {
    let Some((head, place)) = message.rsplit_once(" at ") else {
        return message;
    };
    let mut parts = place.rsplitn(3, ':');
    let column = parts.next().unwrap_or("");
    let line = parts.next().unwrap_or("");
    let path = parts.next().unwrap_or("");
    let number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if number(column) && number(line) && !path.is_empty() {
        head
    } else {
        message
    }
}

fn decision(j: &Json) -> String {
    j.get("decision")
        .and_then(Json::as_str)
        .unwrap_or("?")
        .to_string()
}

/// `record 3 (T3): expected deny, got review` with the fired rules of both,
/// or the first part that differs when decision and rules agree.
fn describe(catalog: &Catalog<'_>, number: usize, expected: &str, actual: &str) -> String {
    let Some(e) = parse(expected) else {
        return format!(
            "record {number}: the expected line is not valid JSON\n  expected: {expected}"
        );
    };
    let Some(a) = parse(actual) else {
        return format!(
            "record {number}: polc printed a line that is not JSON (a bug)\n  actual: {actual}"
        );
    };
    let id = match a.get("id") {
        Some(Json::String(s)) => format!(" ({s})"),
        Some(Json::Number(n)) => format!(" ({n})"),
        _ => String::new(),
    };
    let (de, da) = (decision(&e), decision(&a));
    let (fe, fa) = (fired(catalog, &e), fired(catalog, &a));
    if de != da || fe != fa {
        let head = if de == da {
            format!("record {number}{id}: {da} as expected, but other rules fired")
        } else {
            format!("record {number}{id}: expected {de}, got {da}")
        };
        return format!("{head}\n  expected fired: {fe}\n  actual fired:   {fa}");
    }
    // Keys in §9 order first (serde_json's maps are sorted), then any other.
    let keyed = [
        "record",
        "id",
        "decision",
        "fired",
        "obligations",
        "authorizations",
        "errors",
    ]
    .into_iter()
    .find_map(|key| match (e.get(key), a.get(key)) {
        (Some(x), Some(y)) => first_difference(x, y, key.to_string()),
        (None, None) => None,
        (x, y) => Some((key.to_string(), x, y)),
    });
    match keyed.or_else(|| first_difference(&e, &a, String::new())) {
        Some((path, x, y)) => {
            let show = |v: Option<&Json>| v.map_or_else(|| "(absent)".to_string(), Json::to_string);
            format!(
                "record {number}{id}: `{path}` differs\n  expected: {}\n  actual:   {}",
                show(x),
                show(y)
            )
        }
        None => format!(
            "record {number}{id}: the lines differ\n  expected: {expected}\n  actual:   {actual}"
        ),
    }
}

/// The first place where two JSON values differ: its path (`fired[0].at`)
/// and the two values there (`None`: absent on that side).
fn first_difference<'j>(
    e: &'j Json,
    a: &'j Json,
    path: String,
) -> Option<(String, Option<&'j Json>, Option<&'j Json>)> {
    match (e, a) {
        (Json::Object(x), Json::Object(y)) => {
            for (k, v) in x {
                let here = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                match y.get(k) {
                    Some(w) => {
                        if let Some(d) = first_difference(v, w, here) {
                            return Some(d);
                        }
                    }
                    None => return Some((here, Some(v), None)),
                }
            }
            let extra = y.iter().find(|(k, _)| !x.contains_key(*k))?;
            let here = if path.is_empty() {
                extra.0.clone()
            } else {
                format!("{path}.{}", extra.0)
            };
            Some((here, None, Some(extra.1)))
        }
        (Json::Array(x), Json::Array(y)) => {
            for i in 0..x.len().max(y.len()) {
                let here = format!("{path}[{i}]");
                match (x.get(i), y.get(i)) {
                    (Some(v), Some(w)) => {
                        if let Some(d) = first_difference(v, w, here) {
                            return Some(d);
                        }
                    }
                    (v, w) => return Some((here, v, w)),
                }
            }
            None
        }
        _ if e == a => None,
        _ => Some((path, Some(e), Some(a))),
    }
}

/// The fired cases of an NDJSON object as `p.r (items[0]), q.s`.
fn fired(catalog: &Catalog<'_>, j: &Json) -> String {
    let Some(list) = j.get("fired").and_then(Json::as_array) else {
        return "nothing".to_string();
    };
    let cases: Vec<String> = list
        .iter()
        .map(|f| {
            let rule = f.get("rule").and_then(Json::as_str).unwrap_or("?");
            let item = f
                .get("item")
                .and_then(Json::as_u64)
                .and_then(|i| u32::try_from(i).ok());
            match (catalog.by_name(rule), item) {
                (Some(idx), _) => catalog.case(idx, item),
                (None, Some(i)) => format!("{rule} ([{i}])"),
                (None, None) => rule.to_string(),
            }
        })
        .collect();
    if cases.is_empty() {
        "nothing".to_string()
    } else {
        cases.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(s: &str) -> Json {
        serde_json::from_str(s).unwrap()
    }

    #[test]
    fn a_line_without_authorizations_reads_as_empty() {
        let old = r#"{"record":1,"fired":[],"obligations":[],"errors":[]}"#;
        let new = r#"{"record":1,"fired":[],"obligations":[],"authorizations":[],"errors":[]}"#;
        assert!(same(old, new));
        let covered = r#"{"record":1,"fired":[],"obligations":[],"authorizations":[{"rule":"p.a"}],"errors":[]}"#;
        assert!(!same(old, covered));
        assert!(!same(new, new.replace("[]", "[1]").as_str()));
    }

    #[test]
    fn first_difference_names_the_path() {
        let e = json(r#"{"fired":[{"rule":"p.r","at":"a.pol:1:1"},{"rule":"p.s"}]}"#);
        let a = json(r#"{"fired":[{"rule":"p.r","at":"a.pol:2:1"},{"rule":"p.s"}]}"#);
        let (path, x, y) = first_difference(&e, &a, String::new()).unwrap();
        assert_eq!(path, "fired[0].at");
        assert_eq!(x.and_then(Json::as_str), Some("a.pol:1:1"));
        assert_eq!(y.and_then(Json::as_str), Some("a.pol:2:1"));
        assert!(first_difference(&e, &e, String::new()).is_none());
    }

    #[test]
    fn first_difference_sees_extra_and_missing_elements() {
        let e = json(r#"{"errors":[]}"#);
        let a = json(r#"{"errors":[{"rule":"p.r"}]}"#);
        let (path, x, y) = first_difference(&e, &a, String::new()).unwrap();
        assert_eq!(path, "errors[0]");
        assert!(x.is_none() && y.is_some());
        let (one, empty) = (json(r#"{"a":1}"#), json("{}"));
        let (path, x, y) = first_difference(&one, &empty, String::new()).unwrap();
        assert_eq!((path.as_str(), x.is_some(), y.is_none()), ("a", true, true));
    }

    #[test]
    fn normalizing_drops_positions_and_adds_authorizations() {
        let line = json(
            r#"{"fired":[{"rule":"p.r","at":"a.pol:1:1"}],"errors":[{"rule":"p.r","message":"division by zero at a.pol:3:9"},{"rule":"p.s","message":"met at noon"}]}"#,
        );
        let want = json(
            r#"{"fired":[{"rule":"p.r"}],"errors":[{"rule":"p.r","message":"division by zero"},{"rule":"p.s","message":"met at noon"}],"authorizations":[]}"#,
        );
        assert_eq!(normalize(line), want);
        assert!(same(
            r#"{"decision":"allow","authorizations":[]}"#,
            r#"{"decision":"allow"}"#
        ));
        assert!(!same(
            r#"{"decision":"allow","authorizations":[{"rule":"p.a"}]}"#,
            r#"{"decision":"allow"}"#
        ));
        assert_eq!(strip_position("x at dir/a b.pol:12:3"), "x");
        assert_eq!(strip_position("x at a.pol:12"), "x at a.pol:12");
        assert_eq!(strip_position("x at :1:2"), "x at :1:2");
    }
}
