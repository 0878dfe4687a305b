//! Hand-written reference implementation of the bench-5 rule set
//! (`benches/bench5/workload/bench5.pol`): the speed bound and the oracle for polc.
//!
//! Semantics follow the docstring and reference evaluator of
//! `benches/bench5/workload/gen_corpus.py`, and LANGUAGE.md §6 (`normalize`), §8 (decision
//! precedence, JSON encodings). None of the five rules can be indeterminate (no
//! arithmetic, no indexing), so the decision is never `review`.
//!
//! Input checks are those of §8 that cost little: required fields, JSON types, enum
//! variants, dates (real calendar dates), units, exact decimals, duplicated keys.
//! Countries and currencies are checked for shape only (two / three upper-case ASCII
//! letters), not against the ISO tables polc embeds.

// Every schema field is parsed, to validate records as polc must, but the rules read
// only some; and each bench binary uses a subset of the helpers.
#![expect(
    dead_code,
    reason = "fields parsed for validation only; helpers used by subsets"
)]

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::path::Path;

use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use unicode_normalization::UnicodeNormalization;

/// Full name of R1 (`deny`).
pub const R1: &str = "bench.r1_military_dual_use";
/// Full name of R2 (`require license`).
pub const R2: &str = "bench.r2_heavy_rare_earth_licence";
/// Full name of R3 (`report`, an obligation).
pub const R3: &str = "bench.r3_reexport_report";
/// Full name of R4 (`inspect`, an obligation).
pub const R4: &str = "bench.r4_transit_inspection";
/// Full name of R5 (`deny`).
pub const R5: &str = "bench.r5_denied_end_user";

/// `heavy_rare_earths` in bench5.pol.
const HEAVY: [&str; 7] = ["Sm", "Gd", "Tb", "Dy", "Lu", "Sc", "Y"];
/// `watch_transit` in bench5.pol.
const WATCH_TRANSIT: [Country; 5] = [
    Country(*b"HK"),
    Country(*b"SG"),
    Country(*b"AE"),
    Country(*b"TR"),
    Country(*b"MY"),
];

/// `PartyKind` in bench5.pol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PartyKind {
    /// `commercial`
    Commercial,
    /// `military`
    Military,
    /// `government`
    Government,
    /// `research`
    Research,
    /// `individual`
    Individual,
    /// `unknown`
    Unknown,
}

/// `EndUse` in bench5.pol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EndUse {
    /// `civilian`
    Civilian,
    /// `military`
    Military,
    /// `weapons`
    Weapons,
    /// `nuclear`
    Nuclear,
    /// `space`
    Space,
    /// `unknown`
    Unknown,
}

/// Unit of a `quantity` (§8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// grams
    G,
    /// kilograms
    Kg,
    /// tonnes
    T,
    /// pieces
    Pcs,
}

/// `Party` in bench5.pol.
#[derive(Debug, Deserialize)]
pub struct Party<'a> {
    /// `name: string`
    #[serde(borrow)]
    pub name: Text<'a>,
    /// `country: country`
    pub country: Country,
    /// `kind: PartyKind`
    pub kind: PartyKind,
}

/// `Item` in bench5.pol.
#[derive(Debug, Deserialize)]
pub struct Item<'a> {
    /// `code: string`
    #[serde(borrow)]
    pub code: Text<'a>,
    /// `hs: string`
    #[serde(borrow)]
    pub hs: Text<'a>,
    /// `material: string?`
    #[serde(borrow)]
    pub material: Option<Text<'a>>,
    /// `description: string`
    #[serde(borrow)]
    pub description: Text<'a>,
    /// `quantity: quantity`
    pub quantity: Quantity,
    /// `value: money`
    pub value: Money,
}

/// `quantity`: `{"value": DECIMAL, "unit": "g"|"kg"|"t"|"pcs"}`.
#[derive(Debug, Deserialize)]
pub struct Quantity {
    /// the number
    pub value: Amount,
    /// the unit
    pub unit: Unit,
}

/// `money`: `{"amount": DECIMAL, "currency": "USD"}`.
#[derive(Debug, Deserialize)]
pub struct Money {
    /// the number
    pub amount: Amount,
    /// the currency code
    pub currency: Currency,
}

/// `Reexport` in bench5.pol.
#[derive(Debug, Deserialize)]
pub struct Reexport {
    /// `intended: bool`
    pub intended: bool,
    /// `countries: list<country>`
    pub countries: Vec<Country>,
}

/// `License` in bench5.pol.
#[derive(Debug, Deserialize)]
pub struct License<'a> {
    /// `number: string`
    #[serde(borrow)]
    pub number: Text<'a>,
    /// `covers: set<string>` (membership is all the rules need, so repeats are harmless)
    #[serde(borrow)]
    pub covers: Vec<Text<'a>>,
    /// `valid_until: date`
    pub valid_until: Date,
}

/// `Transaction` in bench5.pol; strings borrow from the input line unless escaped.
#[derive(Debug, Deserialize)]
pub struct Transaction<'a> {
    /// `id: string`
    #[serde(borrow)]
    pub id: Text<'a>,
    /// `date: date`
    pub date: Date,
    /// `exporter: Party`
    #[serde(borrow)]
    pub exporter: Party<'a>,
    /// `consignee: Party`
    #[serde(borrow)]
    pub consignee: Party<'a>,
    /// `end_user: Party`
    #[serde(borrow)]
    pub end_user: Party<'a>,
    /// `end_use: EndUse`
    pub end_use: EndUse,
    /// `destination: country`
    pub destination: Country,
    /// `route: list<country>`
    pub route: Vec<Country>,
    /// `items: list<Item>`
    #[serde(borrow)]
    pub items: Vec<Item<'a>>,
    /// `reexport: Reexport?`
    pub reexport: Option<Reexport>,
    /// `licenses: list<License>`
    #[serde(borrow)]
    pub licenses: Vec<License<'a>>,
}

/// A JSON string, borrowed from the input line unless it holds escapes. (A bare
/// `Cow<'a, str>` borrows only as a direct field: inside `Option` or `Vec`, serde
/// always copies it.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text<'a>(pub Cow<'a, str>);

/// A `date`, packed as `year * 10000 + month * 100 + day` so that `<`/`>=` are date order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(pub u32);

/// A `country`: two upper-case ASCII letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country(pub [u8; 2]);

/// A currency code: three upper-case ASCII letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Currency(pub [u8; 3]);

/// An exact `decimal` read from a JSON number or a string holding a decimal numeral.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount(pub Decimal);

/// The two `load`ed lists of bench5.pol.
#[derive(Debug, Default)]
pub struct Lists {
    /// `dual_use`: control-list codes as written
    dual_use: HashSet<String>,
    /// `denied`: normalised names
    denied: HashSet<String>,
}

/// What bench5.pol decides for one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// `"deny"`, `"license_required"` or `"allow"`
    pub decision: &'static str,
    /// full names of the fired rules, sorted as bytes
    pub fired: Vec<&'static str>,
}

impl Lists {
    /// Reads `dual_use.txt` and `denied.txt` from `dir` (the `lists/` folder).
    pub fn load(dir: &Path) -> std::io::Result<Lists> {
        let dual_use = std::fs::read_to_string(dir.join("dual_use.txt"))?;
        let denied = std::fs::read_to_string(dir.join("denied.txt"))?;
        Ok(Lists::from_texts(&dual_use, &denied))
    }

    /// Builds the lists from file contents, as `load` reads a `.txt` (one value a line;
    /// blank lines and `#` comments skipped); denied names are normalised.
    pub fn from_texts(dual_use: &str, denied: &str) -> Lists {
        Lists {
            dual_use: txt_values(dual_use).map(str::to_owned).collect(),
            denied: txt_values(denied)
                .map(|n| normalize(n).into_owned())
                .collect(),
        }
    }

    /// Number of (distinct) entries in the dual-use and denied lists.
    pub fn sizes(&self) -> (usize, usize) {
        (self.dual_use.len(), self.denied.len())
    }
}

/// The values of a `load`ed `.txt`: its lines, less blank ones and `#` comments.
fn txt_values(text: &str) -> impl Iterator<Item = &str> {
    text.lines().filter(|l| {
        let t = l.trim_start();
        !t.is_empty() && !t.starts_with('#')
    })
}

impl Outcome {
    /// The obligations of the fired rules, in rule order (`"report"`, `"inspect"`).
    pub fn obligations(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.fired.iter().filter_map(|r| match *r {
            R3 => Some("report"),
            R4 => Some("inspect"),
            _ => None,
        })
    }
}

/// Evaluates the five rules of bench5.pol on one transaction.
pub fn evaluate(tx: &Transaction<'_>, lists: &Lists) -> Outcome {
    let heavy = |it: &Item<'_>| it.material.as_deref().is_some_and(|m| HEAVY.contains(&m));
    let r1 = tx.destination == Country(*b"JP")
        && (tx.end_user.kind == PartyKind::Military
            || matches!(tx.end_use, EndUse::Military | EndUse::Weapons))
        && tx.items.iter().any(|it| lists.dual_use.contains(&*it.code));
    let r2 = tx.items.iter().any(|it| {
        heavy(it)
            && !tx
                .licenses
                .iter()
                .any(|l| l.covers.contains(&it.code) && l.valid_until >= tx.date)
    });
    let r3 = tx.reexport.as_ref().is_some_and(|r| r.intended) && tx.items.iter().any(heavy);
    // tx.route[1..len(tx.route) - 1]: empty for routes of length 0, 1 or 2.
    let inner = tx.route.len().saturating_sub(2);
    let r4 = tx
        .route
        .iter()
        .skip(1)
        .take(inner)
        .any(|c| WATCH_TRANSIT.contains(c));
    let r5 = lists.denied.contains(normalize(&tx.end_user.name).as_ref());

    // The rule names already sort as bytes in r1..r5 order.
    let fired: Vec<&'static str> = [(r1, R1), (r2, R2), (r3, R3), (r4, R4), (r5, R5)]
        .into_iter()
        .filter_map(|(hit, name)| hit.then_some(name))
        .collect();
    let decision = if r1 || r5 {
        "deny"
    } else if r2 {
        "license_required"
    } else {
        "allow"
    };
    Outcome { decision, fired }
}

/// Parses one NDJSON line into a [`Transaction`] borrowing from it.
pub fn parse_line(line: &str) -> Result<Transaction<'_>, String> {
    serde_json::from_str(line).map_err(|e| format!("invalid record: {e}"))
}

/// Parses one NDJSON line and evaluates it.
pub fn evaluate_line(line: &str, lists: &Lists) -> Result<Outcome, String> {
    parse_line(line).map(|tx| evaluate(&tx, lists))
}

/// One line of the generator's `--expected` TSV, without the newline:
/// `id<TAB>decision<TAB>R1,R5<TAB>report,inspect`.
pub fn decision_line(id: &str, outcome: &Outcome) -> String {
    let tags: Vec<&str> = outcome.fired.iter().map(|r| short_tag(r)).collect();
    let obligations: Vec<&str> = outcome.obligations().collect();
    format!(
        "{id}\t{}\t{}\t{}",
        outcome.decision,
        tags.join(","),
        obligations.join(",")
    )
}

/// `bench.r1_military_dual_use` → `R1`, as the generator's TSV names rules.
fn short_tag(rule: &str) -> &'static str {
    match rule {
        R1 => "R1",
        R2 => "R2",
        R3 => "R3",
        R4 => "R4",
        R5 => "R5",
        _ => "?",
    }
}

/// Evaluates every non-blank line of `corpus` and compares it with the generator's
/// `expected_tsv`; returns the number of records, or the first difference.
pub fn check_against_expected(
    corpus: &Path,
    expected_tsv: &Path,
    lists: &Lists,
) -> Result<usize, String> {
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    let corpus_text = read(corpus)?;
    let expected_text = read(expected_tsv)?;
    let mut expected = expected_text.lines();
    let mut count = 0;
    for line in corpus_text.lines().filter(|l| !l.trim().is_empty()) {
        count += 1;
        let tx = parse_line(line).map_err(|e| format!("record {count}: {e}"))?;
        let got = decision_line(&tx.id, &evaluate(&tx, lists));
        match expected.next() {
            Some(want) if want == got => {}
            Some(want) => {
                return Err(format!(
                    "record {count}: expected `{want}`, oracle gave `{got}`"
                ))
            }
            None => return Err(format!("record {count}: no line left in the expected TSV")),
        }
    }
    match expected.next() {
        None => Ok(count),
        Some(extra) => Err(format!(
            "the expected TSV has more lines than the corpus's {count} records, next `{extra}`"
        )),
    }
}

/// `normalize` of LANGUAGE.md §6: NFKC, lower case, trimmed, runs of white space
/// collapsed to one space. Borrows when the input is ASCII and already normal.
pub fn normalize(s: &str) -> Cow<'_, str> {
    if !s.is_ascii() {
        let lowered = s.nfkc().collect::<String>().to_lowercase();
        return Cow::Owned(lowered.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    // ASCII: NFKC is the identity; `char::is_whitespace` on ASCII is exactly this set
    // (note U+000B, which `u8::is_ascii_whitespace` leaves out).
    let ws = |b: u8| matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ');
    let bytes = s.as_bytes();
    let already_normal = !bytes
        .iter()
        .any(|&b| b.is_ascii_uppercase() || (ws(b) && b != b' '))
        && !s.starts_with(' ')
        && !s.ends_with(' ')
        && !s.contains("  ");
    if already_normal {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split(|c: char| c.is_ascii() && ws(c as u8)) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.make_ascii_lowercase();
    Cow::Owned(out)
}

// ---- scalar decoders (each accepts escaped as well as borrowed JSON strings) ----

/// Visits a JSON string and converts it with `parse`, naming `what` on failure.
struct StrVisitor<T>(&'static str, fn(&str) -> Option<T>);

impl<T> Visitor<'_> for StrVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        (self.1)(v).ok_or_else(|| E::custom(format_args!("expected {}, found `{v}`", self.0)))
    }
}

impl std::ops::Deref for Text<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(TextVisitor)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(StrVisitor("a date `YYYY-MM-DD`", parse_date))
    }
}

impl<'de> Deserialize<'de> for Country {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(StrVisitor("a country code", |s| upper_code(s).map(Country)))
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(StrVisitor("a currency code", |s| {
            upper_code(s).map(Currency)
        }))
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // The raw text keeps the number exact (no pass through f64).
        let raw = <&RawValue>::deserialize(d)?.get();
        let value = if raw.starts_with('"') {
            serde_json::from_str::<Cow<'_, str>>(raw)
                .ok()
                .filter(|s| is_decimal_numeral(s))
                .and_then(|s| Decimal::from_str_exact(&s).ok())
        } else if raw.contains(['e', 'E']) {
            Decimal::from_scientific(raw).ok()
        } else if raw.starts_with(['-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']) {
            Decimal::from_str_exact(raw).ok()
        } else {
            None
        };
        value.map(Amount).ok_or_else(|| {
            de::Error::custom(format_args!(
                "expected an exact decimal number, found `{raw}`"
            ))
        })
    }
}

/// `YYYY-MM-DD`, a real (proleptic Gregorian) calendar date.
fn parse_date(s: &str) -> Option<Date> {
    let b: &[u8; 10] = s.as_bytes().try_into().ok()?;
    let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *b else {
        return None;
    };
    let num = |ds: &[u8]| {
        ds.iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let (y, m, d) = (num(&[y0, y1, y2, y3])?, num(&[m0, m1])?, num(&[d0, d1])?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days)
        .contains(&d)
        .then_some(Date(y * 10000 + m * 100 + d))
}

/// A code of exactly `N` upper-case ASCII letters.
fn upper_code<const N: usize>(s: &str) -> Option<[u8; N]> {
    let b: [u8; N] = s.as_bytes().try_into().ok()?;
    b.iter().all(u8::is_ascii_uppercase).then_some(b)
}

/// `-?[0-9]+(\.[0-9]+)?`, the numerals a `decimal` string may hold.
fn is_decimal_numeral(s: &str) -> bool {
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let unsigned = s.strip_prefix('-').unwrap_or(s);
    match unsigned.split_once('.') {
        Some((int, frac)) => digits(int) && digits(frac),
        None => digits(unsigned),
    }
}
