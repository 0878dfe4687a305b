//! What the output needs to name and place the rules of an outcome, as
//! plain data: a [`RuleInfo`] per rule (built once by the linker and kept
//! in the engine, in the engine's rule order) and the sources, value names
//! and field-path types, lent as a [`Catalog`]. The output takes a
//! `Catalog`, never the engine, so it cannot evaluate.

use rustc_hash::FxHashMap;

use crate::ir::{EffectKind, Type};
use crate::source::{SourceMap, Span};
use crate::value::render::Names;

/// One rule as the output shows it.
#[derive(Clone, Debug)]
pub struct RuleInfo {
    /// `policy.rule`
    pub full_name: String,
    /// `path:line:column` of the `rule` keyword.
    pub at: String,
    /// The rule's `source`, else its policy's.
    pub source: Option<String>,
    /// The effect.
    pub effect: EffectKind,
    /// The message when it has no interpolation.
    pub static_message: Option<String>,
    /// `for x in E`: the span of E.
    pub for_each: Option<Span>,
    /// The `rule` keyword.
    pub keyword: Span,
    /// Each `when`/`unless` line, in order.
    pub conditions: Vec<Span>,
}

/// The linked program as the output formats read it (borrowed from the
/// engine; cheap to copy).
#[derive(Clone, Copy)]
pub struct Catalog<'a> {
    /// Rules by engine rule index (the `rule` of a case).
    pub rules: &'a [RuleInfo],
    /// The sources (for `at` locations and `--explain`).
    pub map: &'a SourceMap,
    /// Enum and record names for rendering values.
    pub names: &'a Names,
    /// The types of field paths, by span (for `--explain`).
    pub path_types: &'a FxHashMap<Span, Type>,
}

impl<'a> Catalog<'a> {
    /// Rule `rule` (`None`: a rule the engine does not have).
    pub fn rule(&self, rule: u32) -> Option<&'a RuleInfo> {
        self.rules.get(rule as usize)
    }
}
