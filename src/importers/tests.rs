//! The importers on the real samples in `tests/importers/` (see its README).

use std::path::PathBuf;

use super::*;

fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/importers")
        .join(name)
}

fn run(format: Format, names: &[&str]) -> Imported {
    let paths: Vec<PathBuf> = names.iter().map(|n| sample(n)).collect();
    let inputs = Inputs::read(&paths).expect("samples are readable");
    import(format, &inputs).expect("right number of files")
}

/// Writes `text` to a fresh file under the temp dir and returns its path.
fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("polc-importers-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("temp file");
    path
}

fn run_paths(format: Format, paths: &[PathBuf]) -> Imported {
    let inputs = Inputs::read(paths).expect("readable");
    import(format, &inputs).expect("right number of files")
}

fn codes(imported: &Imported) -> Vec<(&'static str, usize)> {
    imported.problems.iter().map(|p| (p.code, p.line)).collect()
}

#[test]
fn ofac_2019_counts() {
    let imported = run(Format::OfacSdn, &["ofac_sdn_2019.csv", "ofac_alt_2019.csv"]);
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    // Every line of both files: the last line of each has no line break, so
    // `wc -l` (and the data README) says one fewer (7,378 and 9,681).
    assert_eq!(imported.counts.entries, 7379);
    assert_eq!(imported.counts.aliases, 9682);
    assert_eq!(imported.counts.weak, 2037);
    let first = imported.entries.first().expect("entries");
    assert_eq!(first.id, "36", "the first line is an entry, not a header");
    assert_eq!(first.name, "AEROCARIBBEAN AIRLINES");
    assert_eq!(first.aliases, vec!["AERO-CARIBBEAN"]);
    let last = imported.entries.last().expect("entries");
    assert_eq!(last.name, "MALKEVICH, Alexander Aleksandrovich");
    assert!(last
        .aliases
        .contains(&"Alexander Aleksandrovich MALKEVICH".to_string()));
    let bnc = imported
        .entries
        .iter()
        .find(|e| e.id == "306")
        .expect("306");
    assert_eq!(bnc.weak_aliases, vec!["BNC"]);
}

#[test]
fn un_counts() {
    let imported = run(Format::UnXml, &["un_consolidated.xml"]);
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    assert_eq!(imported.counts.entries, 1003);
    assert_eq!(imported.counts.aliases + imported.counts.weak, 2752);
    assert_eq!(imported.counts.weak, 615);
    assert_eq!(imported.counts.derived, 378);
    let first = imported.entries.first().expect("entries");
    assert_eq!(
        (first.id.as_str(), first.name.as_str()),
        ("CDi.001", "ERIC BADEGE")
    );
    assert_eq!(first.country, Some("CD"));
    assert_eq!(first.listed.as_deref(), Some("2012-12-31"));
}

#[test]
fn bis_and_csl_counts() {
    let bis = run(Format::BisDpl, &["bis_dpl.txt"]);
    assert!(bis.problems.is_empty(), "{:?}", bis.problems);
    assert_eq!(bis.counts.entries, 546);
    let csl = run(Format::Csl, &["csl_sample.csv"]);
    assert!(csl.problems.is_empty(), "{:?}", csl.problems);
    assert_eq!(csl.counts.entries, 13);
    let sme = csl
        .entries
        .iter()
        .find(|e| e.name == "SME BANK")
        .expect("SME BANK");
    assert!(sme.aliases.contains(&"JSC SME BANK".to_string()));
    assert_eq!(sme.country, Some("RU"));
}

#[test]
fn output_is_deterministic() {
    let a = write::render(&run(Format::UnXml, &["un_consolidated.xml"]).entries);
    let b = write::render(&run(Format::UnXml, &["un_consolidated.xml"]).entries);
    assert_eq!(a, b);
}

#[test]
fn ofac_quirks_crlf_bom_eof_mark_and_bad_rows() {
    let sdn = temp_file(
        "sdn.csv",
        b"\xef\xbb\xbf36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\
          x,\"NO NUMBER\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\
          37,\"SHORT ROW\",-0- \r\n\
          38,\"DOE, John\",individual,\"SDGT] [IRAN\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"nationality Iran; a.k.a. 'JD'.\"\r\n\
          36,\"AGAIN\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\x1a",
    );
    let alt = temp_file(
        "alt.csv",
        b"36,12,\"aka\",\"AERO-CARIBBEAN\",-0- \n99,13,\"aka\",\"NOBODY\",-0- \n38,14,\"weak aka\",\"JOHNNY\",-0-",
    );
    let imported = run_paths(Format::OfacSdn, &[sdn, alt]);
    assert_eq!(
        codes(&imported),
        vec![
            (problem::NO_ID_OR_NAME, 2),
            (problem::FIELD_COUNT, 3),
            (problem::DUPLICATE_ID, 5),
            (problem::ORPHAN_ALIAS, 2)
        ]
    );
    let ids: Vec<&str> = imported.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, vec!["36", "38"]);
    let doe = imported.entries.get(1).expect("38");
    assert_eq!(doe.aliases, vec!["John DOE"]);
    assert_eq!(doe.weak_aliases, vec!["JD", "JOHNNY"]);
    assert_eq!(doe.country, Some("IR"));
    assert_eq!(doe.programmes, vec!["SDGT", "IRAN"]);
    assert_eq!(doe.kind, Some(Kind::Individual));
}

#[test]
fn un_truncated_keeps_the_entries_before() {
    let full = std::fs::read(sample("un_consolidated.xml")).expect("sample");
    let cut = full.get(..4000).expect("long enough");
    let imported = run_paths(Format::UnXml, &[temp_file("cut.xml", cut)]);
    assert!(!imported.entries.is_empty());
    assert_eq!(imported.problems.len(), 1);
    assert!(imported
        .problems
        .iter()
        .all(|p| p.code == problem::UNREADABLE));
}

#[test]
fn wrong_format_and_wrong_file_count() {
    let imported = run(Format::Csl, &["bis_dpl.txt"]);
    assert_eq!(codes(&imported), vec![(problem::WRONG_FORMAT, 1)]);
    assert!(imported.entries.is_empty());
    let un = run(Format::UnXml, &["csl_sample.csv"]);
    assert_eq!(
        un.problems.first().map(|p| p.code),
        Some(problem::WRONG_FORMAT)
    );
    let alone = run(Format::OfacSdn, &["ofac_sdn_2019.csv"]);
    assert_eq!((alone.counts.entries, alone.counts.aliases), (7379, 0));
    let three = [
        "ofac_sdn_2019.csv",
        "ofac_alt_2019.csv",
        "ofac_alt_2019.csv",
    ];
    let inputs = Inputs::read(&three.map(sample)).expect("readable");
    assert!(import(Format::OfacSdn, &inputs).is_err());
    let inputs =
        Inputs::read(&[sample("bis_dpl.txt"), sample("csl_sample.csv")]).expect("readable");
    assert!(import(Format::BisDpl, &inputs).is_err());
}

#[test]
fn un_bom_crlf_names_across_lines_and_weak_aliases() {
    let xml = b"\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<CONSOLIDATED_LIST><INDIVIDUALS>\n<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>ABU\n  BAKR</FIRST_NAME><SECOND_NAME>AL-\nBAGHDADI</SECOND_NAME>\
<UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE><REFERENCE_NUMBER>QDi.299</REFERENCE_NUMBER><LISTED_ON>2011-10-05</LISTED_ON>\
<NATIONALITY><VALUE>Iraq</VALUE></NATIONALITY>\
<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Ibrahim Awwad\n Ibrahim</ALIAS_NAME></INDIVIDUAL_ALIAS>\
<INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Abu Du&apos;a</ALIAS_NAME></INDIVIDUAL_ALIAS>\
<INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME></ALIAS_NAME></INDIVIDUAL_ALIAS>\
</INDIVIDUAL></INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>";
    let imported = run_paths(Format::UnXml, &[temp_file("lines.xml", xml)]);
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    let entry = imported.entries.first().expect("one entry");
    assert_eq!(entry.name, "ABU BAKR AL- BAGHDADI");
    assert_eq!(entry.aliases, vec!["Ibrahim Awwad Ibrahim"]);
    assert_eq!(entry.weak_aliases, vec!["Abu Du'a"]);
    assert_eq!(entry.country, Some("IQ"));
    assert_eq!(entry.listed.as_deref(), Some("2011-10-05"));
}

/// Every real sample's output loads in Pol as `list<Entry>` and checks clean.
#[test]
fn every_sample_output_loads_in_pol() {
    let dir = std::env::temp_dir().join(format!("polc-importers-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let samples: [(Format, &[&str], &str); 4] = [
        (
            Format::OfacSdn,
            &["ofac_sdn_2019.csv", "ofac_alt_2019.csv"],
            "ofac.csv",
        ),
        (Format::UnXml, &["un_consolidated.xml"], "un.csv"),
        (Format::BisDpl, &["bis_dpl.txt"], "dpl.csv"),
        (Format::Csl, &["csl_sample.csv"], "csl.csv"),
    ];
    let mut consts = String::new();
    for (format, files, out) in samples {
        let imported = run(format, files);
        write::write_atomically(&dir.join(out), &write::render(&imported.entries))
            .expect("written");
        let name = out.trim_end_matches(".csv");
        consts.push_str(&format!(
            "const {name}: list<Entry> = load \"{out}\" as list<Entry>\n"
        ));
    }
    let source = format!(
        "record Entry {{\n  id: string\n  name: string\n  aliases: list<string> = []\n  weak_aliases: list<string> = []\n  type: string?\n  country: country?\n  programme: list<string> = []\n  listed: date?\n}}\n{consts}"
    );
    std::fs::write(dir.join("main.pol"), source).expect("main.pol");
    let (_, _, diags) = crate::check::compile(std::slice::from_ref(&dir)).expect("package found");
    let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn csl_and_bis_with_bom_and_crlf() {
    let csl = std::fs::read_to_string(sample("csl_sample.csv")).expect("sample");
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(csl.replace('\n', "\r\n").into_bytes());
    let imported = run_paths(Format::Csl, &[temp_file("bom.csv", &bytes)]);
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    assert_eq!(imported.counts.entries, 13);
    let dpl = std::fs::read_to_string(sample("bis_dpl.txt")).expect("sample");
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(dpl.replace('\n', "\r\n").into_bytes());
    let imported = run_paths(Format::BisDpl, &[temp_file("bom.txt", &bytes)]);
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    assert_eq!(imported.counts.entries, 546);
    assert_eq!(
        imported.entries.first().map(|e| e.name.as_str()),
        Some("ADRIAN MANUEL HERNANDEZ")
    );
}
