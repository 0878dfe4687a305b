//! `as_of` (§12): where it may be read and what it needs. It is the date
//! a decision is made on, so it exists in rule lines, effect messages and
//! `def` bodies (a `def` that reads it is fine when a rule calls it); a
//! `const` initialiser or a test's `given` that needs it, directly or
//! through a `def`, is an error (E0338). A policy whose rules read it
//! needs its record's `date: date` (E0339), as §5's date lines do.

use crate::ast::Ident;
use crate::check::error::CheckError;
use crate::check::{Checker, Item};
use crate::source::Span;

/// Where a checked body stands.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Place {
    /// A rule of policy `p`.
    Rule(u32),
    /// A test's `given` record.
    Given,
}

/// A body that read `as_of` or called a `def`.
pub(crate) struct Site {
    place: Place,
    /// Its first direct read of `as_of`.
    read: Option<Span>,
    /// What it refers to (the `def`s may read `as_of`).
    deps: Vec<(Item, Span)>,
}

/// How a body needs `as_of`: the span in the body, and the `def` called
/// there with the span of its own read (`None`: read directly).
type Need = (Span, Option<(String, Span)>);

impl Checker<'_> {
    /// E0340: `as_of` is a reserved name (§12's "New words"): no
    /// declaration, parameter or binding may take it.
    pub(crate) fn not_as_of(&mut self, name: &Ident) {
        if name.node == "as_of" {
            self.report(CheckError::AsOfReserved { span: name.span });
        }
    }

    /// Keeps the body just checked by `in_fresh_ctx` for [`Checker::check_as_of`]
    /// when it may need `as_of`.
    pub(crate) fn note_as_of_site(&mut self, place: Place, deps: Vec<(Item, Span)>) {
        let read = self.fresh_as_of;
        if read.is_none() && !deps.iter().any(|(i, _)| matches!(i, Item::Func(_))) {
            return;
        }
        self.as_of_sites.push(Site { place, read, deps });
    }

    /// For each `def`, where it reads `as_of` (its own read, or its first
    /// call of a `def` that does), to a fixed point: recursion is reported
    /// elsewhere and only delays convergence here.
    fn defs_reading_as_of(&self) -> Vec<Option<Span>> {
        let mut reads: Vec<Option<Span>> = self.funcs.iter().map(|f| f.as_of).collect();
        loop {
            let mut changed = false;
            for (i, f) in self.funcs.iter().enumerate() {
                if reads.get(i).copied().flatten().is_some() {
                    continue;
                }
                let via = f.deps.iter().find_map(|(item, span)| match item {
                    Item::Func(g) => reads.get(*g as usize).copied().flatten().map(|_| *span),
                    _ => None,
                });
                if let (Some(span), Some(slot)) = (via, reads.get_mut(i)) {
                    *slot = Some(span);
                    changed = true;
                }
            }
            if !changed {
                return reads;
            }
        }
    }

    /// How a body with direct read `read` and references `deps` needs
    /// `as_of`, if it does.
    fn needs_as_of(
        &self,
        reads: &[Option<Span>],
        read: Option<Span>,
        deps: &[(Item, Span)],
    ) -> Option<Need> {
        if let Some(span) = read {
            return Some((span, None));
        }
        deps.iter().find_map(|(item, span)| {
            let Item::Func(g) = item else { return None };
            let inner = reads.get(*g as usize).copied().flatten()?;
            let name = self.funcs.get(*g as usize)?.decl.name.node.clone();
            Some((*span, Some((name, inner))))
        })
    }

    /// E0338 for constants and `given`s that need `as_of`; E0339 for a
    /// policy whose rules read it without a `date: date` to read.
    pub(crate) fn check_as_of(&mut self) {
        let reads = self.defs_reading_as_of();
        let mut errors = Vec::new();
        for c in &self.consts {
            if let Some(need) = self.needs_as_of(&reads, c.as_of, &c.deps) {
                errors.push((need, "a constant's initialiser"));
            }
        }
        let mut policies_done = Vec::new();
        let mut missing_date = Vec::new();
        for site in &self.as_of_sites {
            let Some(need) = self.needs_as_of(&reads, site.read, &site.deps) else {
                continue;
            };
            match site.place {
                Place::Given => errors.push((need, "a test's `given` record")),
                Place::Rule(p) => {
                    if policies_done.contains(&p) {
                        continue;
                    }
                    policies_done.push(p);
                    let subject = self.policies.get(p as usize).and_then(|s| s.subject);
                    if let Some(rid) = subject.filter(|r| !self.has_date_field(*r)) {
                        missing_date.push((need.0, rid));
                    }
                }
            }
        }
        for ((span, via), place) in errors {
            self.compile_time_as_of(span, via, place);
        }
        for (span, rid) in missing_date {
            self.as_of_needs_date(span, rid);
        }
    }

    fn compile_time_as_of(&mut self, span: Span, via: Option<(String, Span)>, place: &str) {
        let (read, elsewhere, what) = match via {
            None => match self.dated_reads.get(&span) {
                Some(name) => (
                    None,
                    Vec::new(),
                    format!("`{name}` is a dated collection: it reads `as_of`"),
                ),
                None => (None, Vec::new(), "`as_of` read here".to_string()),
            },
            Some((name, inner)) => {
                let (read, elsewhere) = self.secondary(
                    span,
                    inner,
                    format!("`{name}` needs `as_of` here"),
                    "needs `as_of` here",
                );
                (read, elsewhere, format!("`{name}` needs `as_of`"))
            }
        };
        self.report(CheckError::AsOfAtCompileTime {
            span,
            read,
            elsewhere,
            place: place.to_string(),
            what,
        });
    }

    fn as_of_needs_date(&mut self, span: Span, rid: crate::ir::RecordId) {
        let (record, record_span, elsewhere) = self.record_declared_here(span, rid);
        self.report(CheckError::AsOfNeedsDate {
            span,
            record_span,
            elsewhere,
            record,
        });
    }
}
