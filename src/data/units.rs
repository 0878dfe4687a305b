//! Units of quantity that Pol accepts (`g`, `kg`, `t`, `pcs`, `l`, `m3`,
//! `bbl`), their dimensions and conversions, and a did-you-mean helper for
//! unit names.

use std::fmt;

use super::suggest::{edit_distance, max_suggestion_distance};

/// A unit of quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Gram (`g`).
    G,
    /// Kilogram (`kg`), 1000 g.
    Kg,
    /// Metric tonne (`t`), 1 000 000 g.
    T,
    /// Pieces (`pcs`), a count of items.
    Pcs,
    /// Litre (`l`).
    L,
    /// Cubic metre (`m3`), 1000 l.
    M3,
    /// Oil barrel (`bbl`), 158.987294928 l exactly (42 US gallons).
    Bbl,
}

/// What a unit measures; only quantities of the same dimension compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    /// Mass (`g`, `kg`, `t`).
    Mass,
    /// Number of items (`pcs`).
    Count,
    /// Volume (`l`, `m3`, `bbl`).
    Volume,
}

impl Dimension {
    /// The dimension's name in diagnostics.
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Mass => "mass",
            Dimension::Count => "count",
            Dimension::Volume => "volume",
        }
    }
}

/// The unit words as a diagnostic lists them.
pub const UNIT_WORDS: &str = "`g`, `kg`, `t`, `pcs`, `l`, `m3` or `bbl`";

impl Unit {
    /// Every unit, in the order of the enum.
    pub const ALL: [Unit; 7] = [
        Unit::G,
        Unit::Kg,
        Unit::T,
        Unit::Pcs,
        Unit::L,
        Unit::M3,
        Unit::Bbl,
    ];

    /// Parses a unit as written in Pol: exactly `"g"`, `"kg"`, `"t"`,
    /// `"pcs"`, `"l"`, `"m3"` or `"bbl"` (lower case only: `"L"` is not a
    /// unit, §15).
    pub fn parse(s: &str) -> Option<Unit> {
        match s {
            "g" => Some(Unit::G),
            "kg" => Some(Unit::Kg),
            "t" => Some(Unit::T),
            "pcs" => Some(Unit::Pcs),
            "l" => Some(Unit::L),
            "m3" => Some(Unit::M3),
            "bbl" => Some(Unit::Bbl),
            _ => None,
        }
    }

    /// The unit as written in Pol.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::G => "g",
            Unit::Kg => "kg",
            Unit::T => "t",
            Unit::Pcs => "pcs",
            Unit::L => "l",
            Unit::M3 => "m3",
            Unit::Bbl => "bbl",
        }
    }

    /// What the unit measures.
    pub fn dimension(self) -> Dimension {
        match self {
            Unit::G | Unit::Kg | Unit::T => Dimension::Mass,
            Unit::Pcs => Dimension::Count,
            Unit::L | Unit::M3 | Unit::Bbl => Dimension::Volume,
        }
    }

    /// How many of the dimension's base unit one of this unit is, an
    /// integer so that conversions and comparisons can be exact: grams for
    /// mass (`kg` → 1000), pieces for count, nanolitres for volume (the
    /// largest unit that makes the barrel, 158.987294928 l, whole:
    /// `l` → 10^9, `m3` → 10^12, `bbl` → 158 987 294 928).
    pub fn base_factor(self) -> u64 {
        match self {
            Unit::G | Unit::Pcs => 1,
            Unit::Kg => 1_000,
            Unit::T => 1_000_000,
            Unit::L => 1_000_000_000,
            Unit::M3 => 1_000_000_000_000,
            Unit::Bbl => 158_987_294_928,
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Other spellings (lower case) of the units, sorted.
static ALIASES: &[(&str, Unit)] = &[
    ("barrel", Unit::Bbl),
    ("barrels", Unit::Bbl),
    ("bbls", Unit::Bbl),
    ("cbm", Unit::M3),
    ("gm", Unit::G),
    ("gms", Unit::G),
    ("gram", Unit::G),
    ("gramme", Unit::G),
    ("grammes", Unit::G),
    ("grams", Unit::G),
    ("kgs", Unit::Kg),
    ("kilo", Unit::Kg),
    ("kilogram", Unit::Kg),
    ("kilogramme", Unit::Kg),
    ("kilogrammes", Unit::Kg),
    ("kilograms", Unit::Kg),
    ("kilos", Unit::Kg),
    ("kl", Unit::M3),
    ("liter", Unit::L),
    ("liters", Unit::L),
    ("litre", Unit::L),
    ("litres", Unit::L),
    ("lt", Unit::L),
    ("ltr", Unit::L),
    ("m^3", Unit::M3),
    ("metric ton", Unit::T),
    ("metric tons", Unit::T),
    ("pc", Unit::Pcs),
    ("pce", Unit::Pcs),
    ("pces", Unit::Pcs),
    ("piece", Unit::Pcs),
    ("pieces", Unit::Pcs),
    ("ton", Unit::T),
    ("tonne", Unit::T),
    ("tonnes", Unit::T),
    ("tons", Unit::T),
    ("unit", Unit::Pcs),
    ("units", Unit::Pcs),
];

/// Units of other systems (lower case) that are one edit from a Pol unit
/// but mean something else: suggesting `l` for `ml` or `lb` would be wrong
/// by a factor, so they get no suggestion.
static FOREIGN: &[&str] = &[
    "cc", "cl", "dl", "gal", "lb", "lbs", "meter", "meters", "metre", "metres", "mg", "ml", "oz",
];

/// Suggests the Pol unit that `s` most likely means, or `None`: the unit in
/// another case (`"KG"` → `"kg"`), a common spelling (`"kilograms"` →
/// `"kg"`, `"tonnes"` → `"t"`, `"pieces"` → `"pcs"`), or a near miss of one
/// of those (`"kilogrmas"` → `"kg"`) when all the closest spellings name the
/// same unit. A valid unit suggests itself. Surrounding white space and a
/// trailing `.` are ignored.
pub fn suggest_unit(s: &str) -> Option<&'static str> {
    let trimmed = s.trim();
    let trimmed = trimmed.strip_suffix('.').unwrap_or(trimmed).trim_end();
    let lower = trimmed.to_lowercase();
    if let Some(unit) = Unit::parse(&lower) {
        return Some(unit.as_str());
    }
    if let Ok(i) = ALIASES.binary_search_by(|(k, _)| (*k).cmp(lower.as_str())) {
        return ALIASES.get(i).map(|(_, unit)| unit.as_str());
    }
    if FOREIGN.contains(&lower.as_str()) {
        return None;
    }
    let threshold = max_suggestion_distance(lower.chars().count());
    let spellings = Unit::ALL
        .iter()
        .map(|u| (u.as_str(), *u))
        .chain(ALIASES.iter().copied());
    let mut best: Option<(usize, Option<Unit>)> = None;
    for (spelling, unit) in spellings {
        let distance = edit_distance(&lower, spelling);
        if distance > threshold {
            continue;
        }
        best = match best {
            Some((d, _)) if d < distance => best,
            Some((d, found)) if d == distance => Some((d, found.filter(|f| *f == unit))),
            _ => Some((distance, Some(unit))),
        };
    }
    best.and_then(|(_, unit)| unit).map(Unit::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_print() {
        for unit in Unit::ALL {
            assert_eq!(Unit::parse(unit.as_str()), Some(unit));
            assert_eq!(unit.to_string(), unit.as_str());
        }
        for bad in [
            "", "G", "KG", "Kg", "kgs", "T", "PCS", "pc", " kg", "kg ", "L", "M3", "BBL", "ml",
        ] {
            assert_eq!(Unit::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn dimensions_and_factors() {
        assert_eq!(Unit::G.dimension(), Dimension::Mass);
        assert_eq!(Unit::Kg.dimension(), Dimension::Mass);
        assert_eq!(Unit::T.dimension(), Dimension::Mass);
        assert_eq!(Unit::Pcs.dimension(), Dimension::Count);
        assert_eq!(Unit::Kg.base_factor(), 1000);
        assert_eq!(Unit::T.base_factor(), 1_000_000);
        assert_eq!(Unit::Bbl.dimension(), Dimension::Volume);
        // 1 m3 = 1000 l; 1 bbl = 158.987294928 l.
        assert_eq!(Unit::M3.base_factor(), 1000 * Unit::L.base_factor());
        assert_eq!(
            rust_decimal::Decimal::from(Unit::Bbl.base_factor())
                / rust_decimal::Decimal::from(Unit::L.base_factor()),
            "158.987294928".parse::<rust_decimal::Decimal>().unwrap()
        );
    }

    #[test]
    fn aliases_are_sorted_and_not_units() {
        assert!(ALIASES.windows(2).all(|w| w[0].0 < w[1].0));
        for (alias, _) in ALIASES {
            assert_eq!(Unit::parse(alias), None);
            assert_eq!(alias.to_lowercase(), *alias);
        }
    }

    #[test]
    fn suggestions() {
        let cases = [
            ("kg", Some("kg")),
            ("KG", Some("kg")),
            ("Kg", Some("kg")),
            ("G", Some("g")),
            ("T", Some("t")),
            ("PCS", Some("pcs")),
            ("kgs", Some("kg")),
            ("kilogram", Some("kg")),
            ("Kilograms", Some("kg")),
            ("tonne", Some("t")),
            ("tonnes", Some("t")),
            ("ton", Some("t")),
            ("tons", Some("t")),
            ("gram", Some("g")),
            ("grams", Some("g")),
            ("piece", Some("pcs")),
            ("pieces", Some("pcs")),
            ("pc", Some("pcs")),
            ("pcs.", Some("pcs")),
            (" kg ", Some("kg")),
            ("units", Some("pcs")),
            ("kilogrmas", Some("kg")),
            ("peices", Some("pcs")),
            ("tonns", Some("t")),
            ("L", Some("l")),
            ("M3", Some("m3")),
            ("litres", Some("l")),
            ("barrels", Some("bbl")),
            ("lb", None),
            ("ml", None),
            ("ltrs", Some("l")),
            ("x", None),
            ("", None),
            ("meters", None),
        ];
        for (input, want) in cases {
            assert_eq!(suggest_unit(input), want, "{input:?}");
        }
    }
}
