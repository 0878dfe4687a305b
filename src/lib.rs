//! polc: the compiler and interpreter of Pol, a policy language for
//! export-control rules. The modules follow the pipeline:
//! syntax → AST → check → IR → eval → output, sharing plain data (`value`,
//! `input`, `outcome`) that none of them owns (see `src/README.md`).

pub mod ast;
pub mod builtins;
pub mod check;
pub mod cli;
pub mod confine;
pub mod csv;
pub mod data;
pub mod date;
pub mod diag;
pub mod driver;
pub mod eval;
pub mod fmt;
pub mod importers;
pub mod input;
pub mod ir;
pub mod lang;
pub mod outcome;
pub mod output;
pub mod package;
pub mod screen;
pub mod source;
pub mod stack;
pub mod syntax;
pub mod tester;
pub mod value;
