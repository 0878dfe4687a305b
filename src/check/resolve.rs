//! Collecting declarations (§1): one package namespace across all files,
//! policy-local `const`/`def`, enum variants, record fields with their slots,
//! function signatures and constant annotations — everything later passes
//! look names up in. Declaration order and file order do not matter.

use rustc_hash::FxHashMap;

use crate::ast::{ConstDecl, Decl, DefDecl, Ident, PolicyItem};
use crate::builtins::Edition;
use crate::check::error::CheckError;
use crate::check::suggest::best as did_you_mean;
use crate::check::types::primitive;
use crate::check::{Checker, ConstSlot, FuncSlot, Item, PolicySlot, State};
use crate::ir::{RecordId, Type};
use crate::source::Span;

impl<'a> Checker<'a> {
    /// Fills the namespace, enums, records, signatures and policy subjects.
    pub(crate) fn collect(&mut self) {
        let files = self.files;
        for file in files {
            for decl in &file.decls {
                self.declare(decl);
            }
            for broken in &file.broken {
                self.recovered = true;
                if let Some(name) = &broken.name {
                    self.poisoned.insert(name.node.clone());
                }
            }
        }
        self.collect_members();
        self.flush_hit_records();
        self.collect_signatures();
    }

    fn declare(&mut self, decl: &'a Decl) {
        match decl {
            Decl::Enum(e) => {
                self.reserved_type_name(&e.name);
                let id = self.enums.len() as u32;
                self.enums.push(e);
                self.enum_names.push(e.name.node.clone());
                self.add_name(&e.name, Item::Enum(id));
            }
            Decl::Record(r) => {
                self.reserved_type_name(&r.name);
                let id = self.records.len() as u32;
                self.records.push(r);
                self.record_names.push(r.name.node.clone());
                self.add_name(&r.name, Item::Record(id));
            }
            Decl::Const(c) => {
                let item = self.new_const(c, None);
                self.add_name(&c.name, item);
            }
            Decl::Def(d) => {
                let item = self.new_func(d, None);
                self.add_name(&d.name, item);
            }
            Decl::Policy(p) => {
                let id = self.policies.len() as u32;
                self.policies.push(PolicySlot {
                    decl: p,
                    locals: FxHashMap::default(),
                    subject: None,
                    def: None,
                });
                self.add_name(&p.name, Item::Policy(id));
            }
            Decl::Test(_) => {}
        }
    }

    fn reserved_type_name(&mut self, name: &Ident) {
        if primitive(&name.node).is_some()
            || matches!(name.node.as_str(), "list" | "set" | "map" | "Hit")
        {
            self.report(CheckError::ReservedName {
                span: name.span,
                name: name.node.clone(),
                what: "type".into(),
                help: "choose another name".into(),
            });
        }
    }

    fn new_const(&mut self, decl: &'a ConstDecl, policy: Option<u32>) -> Item {
        let id = self.consts.len() as u32;
        self.consts.push(ConstSlot {
            decl,
            policy,
            annotated: None,
            state: State::Todo,
            ty: Type::Error,
            ir: None,
            frame: 0,
            deps: Vec::new(),
            as_of: None,
        });
        Item::Const(id)
    }

    fn new_func(&mut self, decl: &'a DefDecl, policy: Option<u32>) -> Item {
        if let Some(edition) = crate::builtins::reserved(&decl.name.node) {
            let help = match edition {
                Edition::First => "choose another name".to_string(),
                Edition::Second => format!(
                    "`{}` is a built-in name new in the second edition of Pol (§11); choose another name",
                    decl.name.node
                ),
            };
            self.report(CheckError::ReservedName {
                span: decl.name.span,
                name: decl.name.node.clone(),
                what: "function".into(),
                help,
            });
        }
        let id = self.funcs.len() as u32;
        self.funcs.push(FuncSlot {
            decl,
            policy,
            params: Vec::new(),
            ret: Type::Error,
            ir: None,
            frame: 0,
            deps: Vec::new(),
            as_of: None,
        });
        Item::Func(id)
    }

    fn add_name(&mut self, name: &Ident, item: Item) {
        self.not_as_of(name);
        if let Some(prev) = self.names.get(name.node.as_str()).copied() {
            let (first, elsewhere) = self.secondary(
                name.span,
                self.item_span(prev),
                format!("`{}` is first declared here", name.node),
                "first declared here",
            );
            self.report(CheckError::DuplicateName {
                span: name.span,
                first,
                elsewhere,
                name: name.node.clone(),
                scope: "enums, records, constants, functions and policies share one namespace across all files".into(),
            });
            return;
        }
        self.names.insert(name.node.clone(), item);
    }

    /// Whether `name` is declared by a declaration that did not parse: a
    /// lookup that fails for it reports nothing.
    pub(crate) fn is_poisoned(&self, name: &str) -> bool {
        self.poisoned.contains(name)
    }

    /// The name span of a declaration.
    pub(crate) fn item_span(&self, item: Item) -> Span {
        let span = match item {
            Item::Enum(i) => self.enums.get(i as usize).map(|d| d.name.span),
            Item::Record(i) => self.records.get(i as usize).map(|d| d.name.span),
            Item::Const(i) => self.consts.get(i as usize).map(|d| d.decl.name.span),
            Item::Func(i) => self.funcs.get(i as usize).map(|d| d.decl.name.span),
            Item::Policy(i) => self.policies.get(i as usize).map(|d| d.decl.name.span),
        };
        span.unwrap_or_default()
    }

    /// The name of a declaration.
    pub(crate) fn item_name(&self, item: Item) -> String {
        let name = match item {
            Item::Enum(i) => self.enums.get(i as usize).map(|d| &d.name.node),
            Item::Record(i) => self.records.get(i as usize).map(|d| &d.name.node),
            Item::Const(i) => self.consts.get(i as usize).map(|d| &d.decl.name.node),
            Item::Func(i) => self.funcs.get(i as usize).map(|d| &d.decl.name.node),
            Item::Policy(i) => self.policies.get(i as usize).map(|d| &d.decl.name.node),
        };
        name.cloned().unwrap_or_default()
    }

    /// Variants and fields, now that every type name is known.
    fn collect_members(&mut self) {
        for (id, decl) in self.enums.clone().into_iter().enumerate() {
            let mut map: FxHashMap<String, u32> = FxHashMap::default();
            for (i, v) in decl.variants.iter().enumerate() {
                if let Some(&prev) = map.get(&v.node) {
                    let first = decl
                        .variants
                        .get(prev as usize)
                        .map(|p| p.span)
                        .unwrap_or_default();
                    self.report(CheckError::DuplicateMember {
                        span: v.span,
                        first,
                        what: "variant".into(),
                        name: v.node.clone(),
                        owner: decl.name.node.clone(),
                    });
                    continue;
                }
                map.insert(v.node.clone(), i as u32);
                self.variant_owners
                    .entry(v.node.clone())
                    .or_default()
                    .push(id as u32);
            }
            self.variants.push(map);
        }
        for decl in self.records.clone() {
            let mut slots: FxHashMap<String, u32> = FxHashMap::default();
            let mut types = Vec::with_capacity(decl.fields.len());
            for (i, f) in decl.fields.iter().enumerate() {
                let ty = self.resolve_type(&f.ty);
                if let Some(&prev) = slots.get(&f.name.node) {
                    let first = decl
                        .fields
                        .get(prev as usize)
                        .map(|p| p.name.span)
                        .unwrap_or_default();
                    self.report(CheckError::DuplicateMember {
                        span: f.name.span,
                        first,
                        what: "field".into(),
                        name: f.name.node.clone(),
                        owner: decl.name.node.clone(),
                    });
                } else {
                    slots.insert(f.name.node.clone(), i as u32);
                }
                types.push((f.name.node.clone(), ty));
            }
            self.defaults.push(vec![(State::Todo, None); types.len()]);
            self.fields.push(types);
            self.field_slots.push(slots);
        }
    }

    /// Policy-local names, constant annotations, function signatures and
    /// policy subjects.
    fn collect_signatures(&mut self) {
        for p in 0..self.policies.len() {
            let Some(decl) = self.policies.get(p).map(|s| s.decl) else {
                continue;
            };
            let subject = self.resolve_record_name(&decl.subject);
            let mut locals: FxHashMap<String, Item> = FxHashMap::default();
            for item in &decl.items {
                let (name, new) = match item {
                    PolicyItem::Const(c) => (&c.name, self.new_const(c, Some(p as u32))),
                    PolicyItem::Def(d) => (&d.name, self.new_func(d, Some(p as u32))),
                    PolicyItem::Rule(_) => continue,
                };
                if let Some(&prev) = self.names.get(name.node.as_str()) {
                    let (first, elsewhere) = self.secondary(
                        name.span,
                        self.item_span(prev),
                        format!("package-level `{}` is declared here", name.node),
                        "package-level declaration",
                    );
                    self.report(CheckError::ShadowsPackageName {
                        span: name.span,
                        first,
                        elsewhere,
                        name: name.node.clone(),
                    });
                    // Uses in the policy keep meaning the package-level name.
                    continue;
                } else if let Some(&prev) = locals.get(name.node.as_str()) {
                    let first = Some(self.item_span(prev));
                    self.report(CheckError::DuplicateName {
                        span: name.span,
                        first,
                        elsewhere: Vec::new(),
                        name: name.node.clone(),
                        scope: format!(
                            "`const` and `def` names are unique within policy `{}`",
                            decl.name.node
                        ),
                    });
                    continue;
                }
                self.not_as_of(name);
                locals.insert(name.node.clone(), new);
            }
            if let Some(slot) = self.policies.get_mut(p) {
                slot.locals = locals;
                slot.subject = subject;
            }
        }
        for c in 0..self.consts.len() {
            let Some(ann) = self.consts.get(c).and_then(|s| s.decl.ty.as_ref()) else {
                continue;
            };
            let ty = self.resolve_type(ann);
            if let Some(slot) = self.consts.get_mut(c) {
                slot.annotated = Some(ty.clone());
                slot.ty = ty;
            }
        }
        for f in 0..self.funcs.len() {
            let Some(decl) = self.funcs.get(f).map(|s| s.decl) else {
                continue;
            };
            let params: Vec<(String, Type)> = decl
                .params
                .iter()
                .map(|p| (p.name.node.clone(), self.resolve_type(&p.ty)))
                .collect();
            let ret = self.resolve_type(&decl.ret);
            if let Some(slot) = self.funcs.get_mut(f) {
                slot.params = params;
                slot.ret = ret;
            }
        }
    }

    /// A name that must denote a record type (policy subject, construction).
    pub(crate) fn resolve_record_name(&mut self, name: &Ident) -> Option<RecordId> {
        match self.names.get(name.node.as_str()).copied() {
            Some(Item::Record(id)) => Some(RecordId(id)),
            Some(other) => {
                let what = match other {
                    Item::Enum(_) => "an enum",
                    Item::Const(_) => "a constant",
                    Item::Func(_) => "a function",
                    Item::Policy(_) => "a policy",
                    Item::Record(_) => "a record",
                };
                let help = did_you_mean(&name.node, self.record_names.iter().map(String::as_str))
                    .map(|s| format!("did you mean `{s}`?"));
                self.report(CheckError::NotARecord {
                    span: name.span,
                    name: name.node.clone(),
                    what: format!("this is {what}"),
                    help,
                });
                None
            }
            None if self.is_poisoned(&name.node) => None,
            None => {
                let help = did_you_mean(&name.node, self.record_names.iter().map(String::as_str))
                    .map(|s| format!("did you mean `{s}`?"));
                self.report(CheckError::UnknownType {
                    span: name.span,
                    name: name.node.clone(),
                    help,
                });
                None
            }
        }
    }
}
