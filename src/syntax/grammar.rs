//! The pest parser generated from `grammar/pol.pest`.

#![allow(missing_docs)]

use pest_derive::Parser;

/// The generated parser; `Rule` names every grammar rule.
#[derive(Parser)]
#[grammar = "grammar/pol.pest"]
pub struct PolParser;
