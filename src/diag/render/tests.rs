//! The renderers on hostile input: huge columns and lines, spans at odd
//! offsets, labels in two files; and what the output must never contain.

use crate::diag::render::{frame, human, json, Style};
use crate::diag::{Diagnostic, Label, Note, Severity};
use crate::source::{SourceMap, Span};

fn diag(primary: Span, labels: Vec<Label>, notes: Vec<Note>) -> Diagnostic {
    Diagnostic {
        code: "E0102".into(),
        severity: Severity::Error,
        message: "cannot find `nope`".into(),
        primary: Some(Label {
            span: primary,
            message: Some("not in scope".into()),
        }),
        labels,
        notes,
        help: Some("check the spelling".into()),
    }
}

/// A map with one file, and the global span of `needle` in it.
fn one_file(text: String, needle: &str) -> (SourceMap, Span) {
    let lo = text.find(needle).unwrap_or(0) as u32;
    let mut map = SourceMap::new();
    map.add("w.pol", "w.pol", text);
    (map, Span::new(lo, lo + needle.len() as u32))
}

#[test]
fn a_label_at_column_70000_is_drawn_and_located() {
    let text = format!("const wide = {}nope\n", " ".repeat(70_000 - 1 - 13));
    let (map, span) = one_file(text, "nope");
    let d = diag(span, vec![], vec![]);
    let drawn = human(&d, &map, Style::plain());
    assert!(drawn.starts_with("error[E0102]: cannot find `nope`\n --> w.pol:1:70000\n"));
    assert!(drawn.contains("nope"), "{drawn}");
    assert!(drawn.lines().all(|l| l.chars().count() <= 100), "{drawn}");
    assert!(drawn.contains("= help: check the spelling"));
    let j = serde_json::to_value(json(&d, &map)).unwrap_or_default();
    assert_eq!(j["column"], 70_000);
    assert_eq!(j["end_column"], 70_004);
    assert_eq!(j["labels"][0]["column"], 70_000);
}

#[test]
fn a_one_megabyte_line_is_cut_around_its_label() {
    let text = format!(
        "const x = {}nope {}\n",
        "a + ".repeat(125_000),
        "+ 1".repeat(200_000)
    );
    assert!(text.len() > 1_000_000);
    let (map, span) = one_file(text, "nope");
    let d = diag(span, vec![], vec![]);
    let drawn = human(&d, &map, Style::plain());
    assert!(drawn.contains(" --> w.pol:1:500011\n"), "{drawn}");
    assert!(drawn.len() < 1_000, "{} bytes", drawn.len());
    assert!(drawn.contains("nope"));
    let labels = [Label {
        span,
        message: Some("here".into()),
    }];
    assert!(frame(&map, &labels, Style::plain(), 2).len() < 1_000);
    let j = serde_json::to_value(json(&d, &map)).unwrap_or_default();
    assert_eq!(j["column"], 500_011);
}

#[test]
fn the_header_agrees_with_the_line_index() {
    // Tabs and wide characters before the label: the header column counts
    // characters, as JSON does.
    let text = "a\n\tx = \"日本\" + é nope\n".to_string();
    let (map, span) = one_file(text, "nope");
    let d = diag(span, vec![], vec![]);
    let (_, line, column) = map.locate(span).unwrap_or_default();
    assert_eq!((line, column), (2, 15));
    assert!(human(&d, &map, Style::plain()).contains(" --> w.pol:2:15\n"));
    let j = serde_json::to_value(json(&d, &map)).unwrap_or_default();
    assert_eq!(
        (j["line"].as_u64(), j["column"].as_u64()),
        (Some(2), Some(15))
    );
}

#[test]
fn a_note_in_another_file_gets_its_own_snippet() {
    let mut map = SourceMap::new();
    map.add("main.pol", "main.pol", "record Party {}\n".to_string());
    let other = map.add("types.pol", "types.pol", "enum Party { a }\n".to_string());
    let start = map.file(other).map_or(0, |f| f.start);
    let note = Note {
        message: "`Party` is first declared here".into(),
        labels: vec![Label {
            span: Span::new(start + 5, start + 10),
            message: Some("first declared here".into()),
        }],
    };
    let d = diag(Span::new(7, 12), vec![], vec![note]);
    let drawn = human(&d, &map, Style::plain());
    let expected = "\
error[E0102]: cannot find `nope`
 --> main.pol:1:8
  |
1 | record Party {}
  |        ^^^^^ not in scope
  |
  = help: check the spelling
note: `Party` is first declared here
 --> types.pol:1:6
  |
1 | enum Party { a }
  |      ----- first declared here

";
    assert_eq!(drawn, expected);
    let j = serde_json::to_value(json(&d, &map)).unwrap_or_default();
    assert_eq!(j["labels"][1]["file"], "types.pol");
}

#[test]
fn no_span_panics() {
    // Every span over text with multi-byte characters, an empty last line
    // and a second file, including spans inside characters, across files
    // and past the end.
    let mut map = SourceMap::new();
    map.add("a.pol", "a.pol", "é𝄞\n\tb\r\n\n".to_string());
    map.add("b.pol", "b.pol", "日本".to_string());
    map.add("c.pol", "c.pol", String::new());
    let end = map.files().last().map_or(0, |(_, f)| f.end()) + 3;
    for lo in 0..end {
        for hi in lo..end {
            let second = Label {
                span: Span::new(hi, end),
                message: None,
            };
            let d = diag(Span::new(lo, hi), vec![second.clone()], vec![]);
            let _ = human(&d, &map, Style::plain());
            let _ = json(&d, &map);
            let _ = frame(&map, &[second], Style::plain(), 4);
        }
    }
}

#[test]
fn colour_only_when_asked() {
    let (map, span) = one_file("x = nope\n".to_string(), "nope");
    let d = diag(span, vec![], vec![]);
    assert!(!human(&d, &map, Style::plain()).contains('\x1b'));
    let coloured = Style {
        color: true,
        width: 100,
    };
    assert!(human(&d, &map, coloured).contains('\x1b'));
}

#[test]
fn a_diagnostic_without_a_place_is_a_header_and_help() {
    let map = SourceMap::new();
    let d = Diagnostic {
        primary: None,
        ..diag(Span::default(), vec![], vec![])
    };
    assert_eq!(
        human(&d, &map, Style::plain()),
        "error[E0102]: cannot find `nope`\n |\n = help: check the spelling\n\n"
    );
}

#[test]
fn renderers_draw_and_never_scrape_another_library_s_glyphs() {
    // miette's graphical glyphs (written as escapes so this file passes too).
    let glyphs = ["\u{d7}", "\u{261e}", concat!("Advi", "ce:")];
    for dir in ["src/diag", "src/output"] {
        let mut stack = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)];
        while let Some(path) = stack.pop() {
            if path.is_dir() {
                let entries = std::fs::read_dir(&path).into_iter().flatten();
                stack.extend(entries.filter_map(|e| e.ok().map(|e| e.path())));
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for g in glyphs {
                    assert!(!text.contains(g), "{} contains {g:?}", path.display());
                }
            }
        }
    }
}
