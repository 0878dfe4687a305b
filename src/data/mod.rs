//! Reference data for checking Pol policies: ISO 3166-1 country codes,
//! ISO 4217 currency codes, units of quantity, and "did you mean" helpers
//! for diagnostics.

pub mod countries;
pub mod currencies;
pub mod near_miss;
pub mod suggest;
pub mod units;
