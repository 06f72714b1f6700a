//! Test tiers: running them as one-shot containers, their reports and
//! their history.

pub mod history;
pub mod run;

pub use history::HistoryEntry;
pub use run::TierResult;
