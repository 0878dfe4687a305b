//! ISO 4217 active currency codes with their minor units, and a
//! did-you-mean helper for currency codes.
//!
//! Source: ISO 4217 List One as published on 2024-06-25 (the list that adds
//! `ZWG` and no longer has `HRK`, `SLL` or `ZWL`).

use super::suggest::edit_distance;

/// Publication date of the ISO 4217 List One that the tables here follow.
pub const CURRENCY_TABLE_DATE: &str = "2024-06-25";

/// Active ISO 4217 codes that have a defined number of minor units (decimal
/// places), with that number, sorted by code. Codes whose minor unit is
/// "N.A." in ISO 4217 are in [`CURRENCIES_WITHOUT_MINOR_UNIT`] instead.
pub static CURRENCIES: &[(&str, u8)] = &[
    ("AED", 2),
    ("AFN", 2),
    ("ALL", 2),
    ("AMD", 2),
    ("ANG", 2),
    ("AOA", 2),
    ("ARS", 2),
    ("AUD", 2),
    ("AWG", 2),
    ("AZN", 2),
    ("BAM", 2),
    ("BBD", 2),
    ("BDT", 2),
    ("BGN", 2),
    ("BHD", 3),
    ("BIF", 0),
    ("BMD", 2),
    ("BND", 2),
    ("BOB", 2),
    ("BOV", 2),
    ("BRL", 2),
    ("BSD", 2),
    ("BTN", 2),
    ("BWP", 2),
    ("BYN", 2),
    ("BZD", 2),
    ("CAD", 2),
    ("CDF", 2),
    ("CHE", 2),
    ("CHF", 2),
    ("CHW", 2),
    ("CLF", 4),
    ("CLP", 0),
    ("CNY", 2),
    ("COP", 2),
    ("COU", 2),
    ("CRC", 2),
    ("CUC", 2),
    ("CUP", 2),
    ("CVE", 2),
    ("CZK", 2),
    ("DJF", 0),
    ("DKK", 2),
    ("DOP", 2),
    ("DZD", 2),
    ("EGP", 2),
    ("ERN", 2),
    ("ETB", 2),
    ("EUR", 2),
    ("FJD", 2),
    ("FKP", 2),
    ("GBP", 2),
    ("GEL", 2),
    ("GHS", 2),
    ("GIP", 2),
    ("GMD", 2),
    ("GNF", 0),
    ("GTQ", 2),
    ("GYD", 2),
    ("HKD", 2),
    ("HNL", 2),
    ("HTG", 2),
    ("HUF", 2),
    ("IDR", 2),
    ("ILS", 2),
    ("INR", 2),
    ("IQD", 3),
    ("IRR", 2),
    ("ISK", 0),
    ("JMD", 2),
    ("JOD", 3),
    ("JPY", 0),
    ("KES", 2),
    ("KGS", 2),
    ("KHR", 2),
    ("KMF", 0),
    ("KPW", 2),
    ("KRW", 0),
    ("KWD", 3),
    ("KYD", 2),
    ("KZT", 2),
    ("LAK", 2),
    ("LBP", 2),
    ("LKR", 2),
    ("LRD", 2),
    ("LSL", 2),
    ("LYD", 3),
    ("MAD", 2),
    ("MDL", 2),
    ("MGA", 2),
    ("MKD", 2),
    ("MMK", 2),
    ("MNT", 2),
    ("MOP", 2),
    ("MRU", 2),
    ("MUR", 2),
    ("MVR", 2),
    ("MWK", 2),
    ("MXN", 2),
    ("MXV", 2),
    ("MYR", 2),
    ("MZN", 2),
    ("NAD", 2),
    ("NGN", 2),
    ("NIO", 2),
    ("NOK", 2),
    ("NPR", 2),
    ("NZD", 2),
    ("OMR", 3),
    ("PAB", 2),
    ("PEN", 2),
    ("PGK", 2),
    ("PHP", 2),
    ("PKR", 2),
    ("PLN", 2),
    ("PYG", 0),
    ("QAR", 2),
    ("RON", 2),
    ("RSD", 2),
    ("RUB", 2),
    ("RWF", 0),
    ("SAR", 2),
    ("SBD", 2),
    ("SCR", 2),
    ("SDG", 2),
    ("SEK", 2),
    ("SGD", 2),
    ("SHP", 2),
    ("SLE", 2),
    ("SOS", 2),
    ("SRD", 2),
    ("SSP", 2),
    ("STN", 2),
    ("SVC", 2),
    ("SYP", 2),
    ("SZL", 2),
    ("THB", 2),
    ("TJS", 2),
    ("TMT", 2),
    ("TND", 3),
    ("TOP", 2),
    ("TRY", 2),
    ("TTD", 2),
    ("TWD", 2),
    ("TZS", 2),
    ("UAH", 2),
    ("UGX", 0),
    ("USD", 2),
    ("USN", 2),
    ("UYI", 0),
    ("UYU", 2),
    ("UYW", 4),
    ("UZS", 2),
    ("VED", 2),
    ("VES", 2),
    ("VND", 0),
    ("VUV", 0),
    ("WST", 2),
    ("XAF", 0),
    ("XCD", 2),
    ("XOF", 0),
    ("XPF", 0),
    ("YER", 2),
    ("ZAR", 2),
    ("ZMW", 2),
    ("ZWG", 2),
];

/// Active ISO 4217 codes whose minor unit is "N.A." (precious metals, bond
/// market units, SDR, SUCRE, ADB unit of account, `XTS` and `XXX`), sorted.
pub static CURRENCIES_WITHOUT_MINOR_UNIT: &[&str] = &[
    "XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XDR", "XPD", "XPT", "XSU", "XTS", "XUA", "XXX",
];

/// Common non-ISO spellings (upper case) and the ISO code they stand for.
static ALIASES: &[(&str, &str)] = &[
    ("CNH", "CNY"),
    ("EURO", "EUR"),
    ("EUROS", "EUR"),
    ("NIS", "ILS"),
    ("RENMINBI", "CNY"),
    ("RMB", "CNY"),
    ("RUR", "RUB"),
    ("YEN", "JPY"),
    ("YUAN", "CNY"),
];

/// The table's own copy of `code` if it is an active ISO 4217 code.
fn canonical(code: &str) -> Option<&'static str> {
    if let Ok(i) = CURRENCIES.binary_search_by(|(k, _)| (*k).cmp(code)) {
        return CURRENCIES.get(i).map(|(k, _)| *k);
    }
    CURRENCIES_WITHOUT_MINOR_UNIT
        .binary_search(&code)
        .ok()
        .and_then(|i| CURRENCIES_WITHOUT_MINOR_UNIT.get(i))
        .copied()
}

/// Whether `code` is an active ISO 4217 alphabetic code (case-sensitive:
/// `"USD"`, not `"usd"`), including fund, metal and special codes.
pub fn is_currency(code: &str) -> bool {
    canonical(code).is_some()
}

/// The number of minor units (decimal places) of an active currency code,
/// or `None` for unknown codes and codes whose minor unit is "N.A.".
pub fn minor_units(code: &str) -> Option<u8> {
    CURRENCIES
        .binary_search_by(|(k, _)| (*k).cmp(code))
        .ok()
        .and_then(|i| CURRENCIES.get(i))
        .map(|(_, units)| *units)
}

/// Suggests the active ISO 4217 code that `input` most likely means, or
/// `None`. Tried in order: the code in another case (`"usd"` → `"USD"`); a
/// common alias (`"RMB"` → `"CNY"`, `"YEN"` → `"JPY"`, `"EURO"` → `"EUR"`);
/// the only code at edit distance 1 (none if there are several). A valid
/// code suggests itself. Surrounding white space is ignored.
pub fn suggest_currency(input: &str) -> Option<&'static str> {
    let upper = input.trim().to_uppercase();
    if upper.is_empty() {
        return None;
    }
    if let Some(code) = canonical(&upper) {
        return Some(code);
    }
    if let Ok(i) = ALIASES.binary_search_by(|(k, _)| (*k).cmp(upper.as_str())) {
        return ALIASES.get(i).map(|(_, code)| *code);
    }
    let len = upper.chars().count();
    if !(2..=4).contains(&len) {
        return None;
    }
    let mut found = None;
    let all = CURRENCIES
        .iter()
        .map(|(k, _)| *k)
        .chain(CURRENCIES_WITHOUT_MINOR_UNIT.iter().copied());
    for code in all {
        if edit_distance(&upper, code) == 1 {
            if found.is_some() {
                return None;
            }
            found = Some(code);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_disjoint_and_well_formed() {
        assert!(CURRENCIES.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(CURRENCIES_WITHOUT_MINOR_UNIT
            .windows(2)
            .all(|w| w[0] < w[1]));
        assert!(ALIASES.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(CURRENCIES.len() + CURRENCIES_WITHOUT_MINOR_UNIT.len(), 179);
        for (code, units) in CURRENCIES {
            assert_eq!(code.len(), 3);
            assert!(code.bytes().all(|b| b.is_ascii_uppercase()));
            assert!(*units <= 4);
            assert!(!CURRENCIES_WITHOUT_MINOR_UNIT.contains(code));
        }
        for (alias, code) in ALIASES {
            assert!(!is_currency(alias));
            assert!(is_currency(code));
        }
    }

    #[test]
    fn membership_and_minor_units() {
        for code in [
            "USD", "EUR", "JPY", "CNY", "GBP", "CHF", "XAU", "XXX", "ZWG",
        ] {
            assert!(is_currency(code), "{code}");
        }
        for code in [
            "usd", "Usd", "", "US", "USDX", "HRK", "SLL", "ZWL", "DEM", "RMB",
        ] {
            assert!(!is_currency(code), "{code}");
        }
        assert_eq!(minor_units("USD"), Some(2));
        assert_eq!(minor_units("JPY"), Some(0));
        assert_eq!(minor_units("KWD"), Some(3));
        assert_eq!(minor_units("CLF"), Some(4));
        assert_eq!(minor_units("XAU"), None);
        assert_eq!(minor_units("usd"), None);
    }

    #[test]
    fn suggestions() {
        let cases = [
            ("USd", Some("USD")),
            ("usd", Some("USD")),
            ("USD", Some("USD")),
            (" eur ", Some("EUR")),
            ("RMB", Some("CNY")),
            ("rmb", Some("CNY")),
            ("YEN", Some("JPY")),
            ("Yen", Some("JPY")),
            ("EURO", Some("EUR")),
            ("euros", Some("EUR")),
            ("EUE", Some("EUR")),
            ("USE", None),
            ("JPYY", Some("JPY")),
            ("GPB", Some("GBP")),
            ("US", None),
            ("", None),
            ("DOLLARS", None),
        ];
        for (input, want) in cases {
            assert_eq!(suggest_currency(input), want, "{input:?}");
        }
    }
}
