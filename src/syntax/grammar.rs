//! The pest parser generated from `grammar/pol.pest`.

#![expect(missing_docs, reason = "pest_derive generates `Rule` undocumented")]

use pest_derive::Parser;

/// The generated parser; `Rule` names every grammar rule.
#[derive(Parser)]
#[grammar = "grammar/pol.pest"]
pub struct PolParser;
