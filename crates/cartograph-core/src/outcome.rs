//! How a run ended: the outcome every layer names the same way, from a provider error to the
//! process exit code (docs/reference.md, "Exit codes").

use serde::Serialize;

/// Why a run ended the way it did. Variants are declared in order of precedence: when a run
/// meets several outcomes (a page degraded, then the budget ran out), the greatest one is the
/// run's, so `max` merges them. The JSON names (`done`, `degraded`, ...) are part of the
/// product's machine output and do not change.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExitReason {
    /// Everything asked for was done (exit 0).
    #[default]
    Done,
    /// Some file or page could not be written by a model and was written from facts or kept
    /// stale; it is retried on the next run (exit 4).
    Degraded,
    /// A phase's token budget or the run's cost cap was reached on purpose (exit 3).
    Budget,
    /// The provider account is out of credit or quota (exit 3).
    Quota,
    /// `--check`: the committed docs differ from what a run would write (exit 1).
    Stale,
    /// The configuration cannot work, found before or during a call (exit 2).
    Config,
    /// Something else failed, such as the cost ledger (exit 1).
    Failed,
}

impl ExitReason {
    pub fn as_str(self) -> &'static str {
        match self {
            ExitReason::Done => "done",
            ExitReason::Degraded => "degraded",
            ExitReason::Budget => "budget",
            ExitReason::Quota => "quota",
            ExitReason::Stale => "stale",
            ExitReason::Config => "config",
            ExitReason::Failed => "failed",
        }
    }

    /// The process exit code scripts act on (README, "Exit codes").
    pub fn exit_code(self) -> i32 {
        match self {
            ExitReason::Done => 0,
            ExitReason::Stale | ExitReason::Failed => 1,
            ExitReason::Config => 2,
            ExitReason::Budget | ExitReason::Quota => 3,
            ExitReason::Degraded => 4,
        }
    }

    /// Merges an outcome met later in the run: the one of higher precedence wins.
    pub fn merge(&mut self, other: ExitReason) {
        *self = (*self).max(other);
    }
}

impl std::fmt::Display for ExitReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
