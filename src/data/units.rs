//! Units of quantity that Pol accepts (`g`, `kg`, `t`, `pcs`), their
//! dimensions and conversions, and a did-you-mean helper for unit names.

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
}

/// What a unit measures; only quantities of the same dimension compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    /// Mass (`g`, `kg`, `t`).
    Mass,
    /// Number of items (`pcs`).
    Count,
}

impl Unit {
    /// Every unit, in the order of the enum.
    pub const ALL: [Unit; 4] = [Unit::G, Unit::Kg, Unit::T, Unit::Pcs];

    /// Parses a unit as written in Pol: exactly `"g"`, `"kg"`, `"t"` or
    /// `"pcs"` (lower case only).
    pub fn parse(s: &str) -> Option<Unit> {
        match s {
            "g" => Some(Unit::G),
            "kg" => Some(Unit::Kg),
            "t" => Some(Unit::T),
            "pcs" => Some(Unit::Pcs),
            _ => None,
        }
    }

    /// The unit as written in Pol (`"g"`, `"kg"`, `"t"`, `"pcs"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::G => "g",
            Unit::Kg => "kg",
            Unit::T => "t",
            Unit::Pcs => "pcs",
        }
    }

    /// What the unit measures.
    pub fn dimension(self) -> Dimension {
        match self {
            Unit::G | Unit::Kg | Unit::T => Dimension::Mass,
            Unit::Pcs => Dimension::Count,
        }
    }

    /// How many grams one of this unit is (`g` → 1, `kg` → 1000,
    /// `t` → 1 000 000), or `None` for units that are not masses.
    pub fn grams_factor(self) -> Option<u64> {
        match self {
            Unit::G => Some(1),
            Unit::Kg => Some(1_000),
            Unit::T => Some(1_000_000),
            Unit::Pcs => None,
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
        for bad in ["", "G", "KG", "Kg", "kgs", "T", "PCS", "pc", " kg", "kg "] {
            assert_eq!(Unit::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn dimensions_and_factors() {
        assert_eq!(Unit::G.dimension(), Dimension::Mass);
        assert_eq!(Unit::Kg.dimension(), Dimension::Mass);
        assert_eq!(Unit::T.dimension(), Dimension::Mass);
        assert_eq!(Unit::Pcs.dimension(), Dimension::Count);
        assert_eq!(Unit::G.grams_factor(), Some(1));
        assert_eq!(Unit::Kg.grams_factor(), Some(1000));
        assert_eq!(Unit::T.grams_factor(), Some(1_000_000));
        assert_eq!(Unit::Pcs.grams_factor(), None);
        for unit in Unit::ALL {
            assert_eq!(
                unit.grams_factor().is_some(),
                unit.dimension() == Dimension::Mass
            );
        }
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
            ("lb", None),
            ("x", None),
            ("", None),
            ("meters", None),
        ];
        for (input, want) in cases {
            assert_eq!(suggest_unit(input), want, "{input:?}");
        }
    }
}
