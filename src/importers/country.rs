//! Country names as the lists write them → ISO 3166-1 alpha-2 codes: the
//! English short names of `crate::data::countries` (any case), and the other
//! spellings found in the OFAC, UN and CSL samples. A name not known here
//! leaves the `country` cell empty rather than guessing.

use crate::data::countries::{accepted_codes, is_country};

/// Spellings the ISO short names do not cover.
const OTHER_NAMES: &[(&str, &str)] = &[
    ("bolivia", "BO"),
    ("british virgin islands", "VG"),
    ("burma", "MM"),
    ("china, hong kong special administrative region", "HK"),
    ("congo, democratic republic of the", "CD"),
    ("democratic people's republic of korea", "KP"),
    ("democratic republic of the congo", "CD"),
    ("iran", "IR"),
    ("iran (islamic republic of)", "IR"),
    ("korea, north", "KP"),
    ("north korea", "KP"),
    ("korea, south", "KR"),
    ("south korea", "KR"),
    ("kosovo", "XK"),
    ("laos", "LA"),
    ("macedonia, the former yugoslav republic of", "MK"),
    ("moldova", "MD"),
    ("palestinian", "PS"),
    ("state of palestine", "PS"),
    ("russia", "RU"),
    ("syria", "SY"),
    ("taiwan", "TW"),
    ("tanzania", "TZ"),
    ("united republic of tanzania", "TZ"),
    ("the gambia", "GM"),
    ("turkey", "TR"),
    ("türkiye", "TR"),
    ("united kingdom of great britain and northern ireland", "GB"),
    ("united states of america", "US"),
    ("venezuela", "VE"),
    ("vietnam", "VN"),
    ("viet nam", "VN"),
];

/// The code of a country name (or of a code already), if known.
pub fn code_of(name: &str) -> Option<&'static str> {
    let name = name.trim();
    if name.len() == 2 && is_country(name) {
        return accepted_codes().find(|(c, _)| *c == name).map(|(c, _)| *c);
    }
    let lower = name.to_lowercase();
    accepted_codes()
        .find(|(_, n)| n.to_lowercase() == lower)
        .map(|(c, _)| *c)
        .or_else(|| {
            OTHER_NAMES
                .iter()
                .find(|(n, _)| *n == lower)
                .map(|(_, c)| *c)
        })
}

#[cfg(test)]
mod tests {
    use super::code_of;

    #[test]
    fn names_and_codes() {
        assert_eq!(code_of("Iran (Islamic Republic of)"), Some("IR"));
        assert_eq!(code_of("CUBA"), Some("CU"));
        assert_eq!(code_of("Russian Federation"), Some("RU"));
        assert_eq!(code_of("Korea, North"), Some("KP"));
        assert_eq!(code_of("AM"), Some("AM"));
        assert_eq!(code_of("None Identified"), None);
        assert_eq!(code_of("na"), None);
    }
}
