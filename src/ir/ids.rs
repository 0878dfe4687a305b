//! Typed indexes into the program's tables (rust-analyzer's `la-arena`
//! idea): a constant index can never be used as a function index, nor a
//! rule's index within its policy as an index into all rules.

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);

        impl $name {
            /// The index as a `usize`, for `slice::get`.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id!(
    /// A constant: an index into `Program::consts`.
    ConstId
);
id!(
    /// A `def`: an index into `Program::functions`.
    DefId
);
id!(
    /// A local slot of a frame: the policy binding (slot 0 in rules), a `for`,
    /// quantifier or comprehension variable, or a `def` parameter.
    LocalSlot
);
id!(
    /// A policy: an index into `Program::policies`.
    PolicyId
);
id!(
    /// A rule's index within its policy's `rules` (not a position among all
    /// rules; see [`crate::ir::RuleId`] for a package-wide reference).
    RuleIndex
);
