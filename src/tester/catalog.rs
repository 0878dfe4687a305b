//! Names for output: which engine rule an `ir::RuleId` is, and how a case
//! of a rule is shown (`prc_listed.rare_earth_item (items[0])`).

use crate::eval::Engine;
use crate::ir::{Expr, ExprKind, Program, RuleId, Type};

/// Rule lookups shared by the runner, the golden files and coverage.
pub struct Catalog<'a> {
    program: &'a Program,
    engine: &'a Engine,
    /// `by_id[policy][rule]`: the rule's index in `engine.rules`.
    by_id: Vec<Vec<Option<u32>>>,
    /// For each engine rule, how its `for` elements are named (`items`).
    collections: Vec<Option<String>>,
}

impl<'a> Catalog<'a> {
    /// Indexes the rules of a linked program.
    pub fn new(program: &'a Program, engine: &'a Engine) -> Catalog<'a> {
        let mut by_id: Vec<Vec<Option<u32>>> = program
            .policies
            .iter()
            .map(|p| vec![None; p.rules.len()])
            .collect();
        let mut collections = Vec::with_capacity(engine.rules.len());
        for (i, r) in engine.rules.iter().enumerate() {
            if let Some(slot) = by_id
                .get_mut(r.policy.index())
                .and_then(|p| p.get_mut(r.index.index()))
            {
                *slot = Some(i as u32);
            }
            let def = program
                .policies
                .get(r.policy.index())
                .and_then(|p| p.rules.get(r.index.index()));
            let name = def
                .and_then(|d| d.for_each.as_ref())
                .map(|e| collection_name(program, engine, e));
            collections.push(name);
        }
        Catalog {
            program,
            engine,
            by_id,
            collections,
        }
    }

    /// The checked program.
    pub fn program(&self) -> &'a Program {
        self.program
    }

    /// The linked program.
    pub fn engine(&self) -> &'a Engine {
        self.engine
    }

    /// The engine index of a rule named in a test.
    pub fn engine_rule(&self, id: RuleId) -> Option<u32> {
        *self.by_id.get(id.policy.index())?.get(id.rule.index())?
    }

    /// The engine index of a rule by its full name (`policy.rule`).
    pub fn by_name(&self, full_name: &str) -> Option<u32> {
        // `engine.rules` is sorted by full name as bytes.
        self.engine
            .rules
            .binary_search_by(|r| r.full_name.as_bytes().cmp(full_name.as_bytes()))
            .ok()
            .map(|i| i as u32)
    }

    /// `policy.rule` of an engine rule.
    pub fn full_name(&self, rule: u32) -> &'a str {
        self.engine
            .rules
            .get(rule as usize)
            .map_or("?", |r| r.full_name.as_str())
    }

    /// `path:line:column` of an engine rule's `rule` keyword.
    pub fn at(&self, rule: u32) -> &'a str {
        self.engine
            .rules
            .get(rule as usize)
            .map_or("?", |r| r.at.as_str())
    }

    /// The element of a `for` rule (`items[0]`), or `None` for a plain case.
    pub fn element(&self, rule: u32, item: Option<u32>) -> Option<String> {
        let i = item?;
        let name = self
            .collections
            .get(rule as usize)
            .and_then(|c| c.as_deref())
            .unwrap_or("elements");
        Some(format!("{name}[{i}]"))
    }

    /// `policy.rule` or `policy.rule (items[0])`.
    pub fn case(&self, rule: u32, item: Option<u32>) -> String {
        match self.element(rule, item) {
            Some(e) => format!("{} ({e})", self.full_name(rule)),
            None => self.full_name(rule).to_string(),
        }
    }
}

/// How the elements of `for x in E` are named: the field path when `E` is
/// one read from the policy's record (`tx.items` → `items`), else `E`'s text.
fn collection_name(program: &Program, engine: &Engine, e: &Expr) -> String {
    let mut fields = Vec::new();
    let mut cur = e;
    loop {
        match &cur.kind {
            ExprKind::Field { base, slot, .. } => {
                let name = match base.ty.strip_optional() {
                    Type::Record(rid) => program
                        .records
                        .get(rid.0 as usize)
                        .and_then(|r| r.fields.get(*slot as usize))
                        .map(|f| f.name.as_str()),
                    _ => None,
                };
                let Some(name) = name else { break };
                fields.push(name);
                cur = base;
            }
            // Slot 0 of a rule's frame is the policy's binding.
            ExprKind::Local(crate::ir::LocalSlot(0)) if !fields.is_empty() => {
                fields.reverse();
                return fields.join(".");
            }
            _ => break,
        }
    }
    engine
        .map
        .slice(e.span)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
