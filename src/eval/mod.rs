//! The evaluator: a checked [`crate::ir::Program`] is linked into an
//! [`Engine`] (expressions compiled to [`node::Node`]s), then records read
//! by [`crate::input`] are decided rule by rule (§8) into a
//! [`crate::outcome::Outcome`]. The evaluator never renders: [`crate::driver`]
//! runs it over an input and hands each outcome to the output formats.

pub mod authorize;
pub mod compile;
pub mod engine;
pub mod error;
#[cfg(test)]
pub(crate) mod fail_closed_tests;
pub mod interp;
pub mod invariant;
pub mod link;
mod memo;
pub mod node;
pub mod ops;
pub mod rates;
pub mod rule;
pub mod screen;
pub mod strings;
pub mod trace;
pub mod usage;

pub use engine::Engine;
pub use link::link;
pub use rates::Rates;
