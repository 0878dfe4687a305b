//! The evaluator: a checked [`crate::ir::Program`] is linked into an
//! [`Engine`] (constants computed, loaded data converted, expressions
//! compiled to [`node::Node`]s), then records read by [`input`] are decided
//! rule by rule (§8). The evaluator never renders: [`crate::driver`] runs
//! it over an input and hands each [`Outcome`] to [`crate::output`].

pub mod compile;
pub mod decision;
pub mod engine;
pub mod error;
#[cfg(test)]
pub(crate) mod fail_closed_tests;
pub mod input;
pub mod interp;
pub mod invariant;
pub mod link;
pub mod node;
pub mod ops;
pub mod rates;
pub mod render;
pub mod rule;
pub mod trace;
pub mod usage;
pub mod value;

pub use decision::{ErrorCase, FiredCase, Outcome};
pub use engine::Engine;
pub use link::link;
pub use rates::Rates;
pub use value::Value;
