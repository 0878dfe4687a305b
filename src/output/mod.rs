//! Writing results: NDJSON exactly as §9, one JSON array, a table for
//! people, and `--explain`. Every format writes whole records into a byte
//! buffer, so worker threads can format their chunk in parallel and the
//! writer only copies bytes in input order.
//!
//! The formats read plain data only — [`Outcome`] and its trace, [`Value`],
//! input errors and the program's [`Catalog`] — and import nothing from
//! the evaluator (a test below reads the sources to keep it so).

pub mod escape;
pub mod explain;
pub mod json;
pub mod ndjson;
pub mod table;
pub mod write;

use crate::input::{InputError, InputId};
use crate::ir::RecordId;
use crate::lang::Date;
use crate::outcome::catalog::Catalog;
use crate::outcome::Outcome;
use crate::value::Value;

/// A record's result.
#[derive(Clone, Copy, Debug)]
pub enum Verdict<'a> {
    /// Evaluated: its outcome and value.
    Decided(&'a Outcome, &'a Value),
    /// It did not fit its type.
    Invalid(&'a [InputError]),
}

/// One record as the formats see it.
#[derive(Clone, Copy, Debug)]
pub struct RecordView<'a> {
    /// 1-based record number.
    pub number: u64,
    /// The record's `id`.
    pub id: Option<&'a InputId>,
    /// What became of it.
    pub result: Verdict<'a>,
    /// The record's input text, when the format has it (NDJSON line, JSON element).
    pub text: Option<&'a str>,
}

/// The context every format may need.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    /// The linked program as plain data.
    pub catalog: Catalog<'a>,
    /// The record type.
    pub record_type: RecordId,
    /// `--as-of`.
    pub as_of: Option<Date>,
    /// The input as named on the command line (for `--explain`).
    pub input_name: &'a str,
}

/// An output format.
pub trait Format: Sync {
    /// Written once before the first record.
    fn begin(&self, _out: &mut Vec<u8>) {}
    /// Whether the evaluator should record a [`crate::outcome::trace::Trace`]
    /// for this format (`--explain`).
    fn wants_trace(&self) -> bool {
        false
    }
    /// One record.
    fn record(&self, out: &mut Vec<u8>, view: &RecordView<'_>);
    /// Written once after the last record; `records` is how many there were.
    fn end(&self, _out: &mut Vec<u8>, _records: u64) {}
}

#[cfg(test)]
pub(crate) mod tests {
    use std::path::Path;

    use rustc_hash::FxHashMap;

    use crate::ir::EffectKind;
    use crate::outcome::catalog::{Catalog, RuleInfo};
    use crate::source::{SourceMap, Span};
    use crate::value::render::Names;
    use crate::value::Value;

    /// What a [`Catalog`] borrows, for format tests without an engine.
    pub(crate) struct Program {
        map: SourceMap,
        names: Names,
        path_types: FxHashMap<Span, crate::ir::Type>,
        rules: Vec<RuleInfo>,
    }

    impl Program {
        /// The catalog of this program.
        pub(crate) fn catalog(&self) -> Catalog<'_> {
            Catalog {
                rules: &self.rules,
                map: &self.map,
                names: &self.names,
                path_types: &self.path_types,
            }
        }
    }

    /// A program with one rule, `p.big` (deny, message "big").
    pub(crate) fn program() -> Program {
        let text = "policy p for r: R {\n  rule big { when r.x  deny \"big\" }\n}\n";
        let mut map = SourceMap::new();
        map.add("main.pol", "main.pol", text.to_string());
        let rules = vec![RuleInfo {
            full_name: "p.big".to_string(),
            at: "main.pol:2:3".to_string(),
            source: None,
            effect: EffectKind::Deny,
            static_message: Some("big".to_string()),
            for_each: None,
            keyword: Span::new(22, 26),
            conditions: vec![Span::new(33, 41)],
        }];
        let names = Names {
            enums: Vec::new(),
            records: Vec::new(),
        };
        Program {
            map,
            names,
            path_types: FxHashMap::default(),
            rules,
        }
    }

    /// A record value (its fields do not matter to the formats).
    pub(crate) fn record() -> Value {
        Value::record(vec![Value::str("T1")])
    }

    /// The `use` paths of every `.rs` file under `src/DIR` that name `module`.
    fn imports_of(dir: &str, module: &str) -> Vec<String> {
        let mut found = Vec::new();
        let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(dir)];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    let needle = format!("crate::{module}");
                    for (i, line) in text.lines().enumerate() {
                        let hit = line.match_indices(&needle).any(|(at, _)| {
                            // The module itself, not one whose name it begins.
                            !line[at + needle.len()..]
                                .starts_with(|c: char| c.is_alphanumeric() || c == '_')
                        });
                        if hit {
                            found.push(format!("{}:{}: {line}", path.display(), i + 1));
                        }
                    }
                }
            }
        }
        found
    }

    /// Issue 9: the evaluator and the output formats do not import each
    /// other (they share `value`, `input` and `outcome`), and those shared
    /// modules import neither.
    #[test]
    fn eval_and_output_do_not_import_each_other() {
        assert_eq!(imports_of("output", "eval"), Vec::<String>::new());
        assert_eq!(imports_of("eval", "output"), Vec::<String>::new());
        for shared in ["value", "input", "outcome", "ir"] {
            for stage in ["eval", "output", "driver", "tester", "cli"] {
                assert_eq!(
                    imports_of(shared, stage),
                    Vec::<String>::new(),
                    "{shared} → {stage}"
                );
            }
        }
    }
}
