//! How a docs run ended, as the `exit_reason` of `docs --json` and the process exit code. Only
//! names outcomes; deciding them is the orchestrator's job.

use cartograph_llm::LlmError;
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

    /// The outcome a provider error stands for.
    pub fn of_llm_error(error: &LlmError) -> ExitReason {
        match error {
            LlmError::Offline {
                degraded: false, ..
            } => ExitReason::Done,
            LlmError::Offline { degraded: true, .. } => ExitReason::Degraded,
            LlmError::Budget { .. } => ExitReason::Budget,
            LlmError::Quota { .. } => ExitReason::Quota,
            LlmError::Config(_) => ExitReason::Config,
            LlmError::Ledger { .. } => ExitReason::Failed,
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

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_core::Phase;

    fn every_llm_error() -> Vec<LlmError> {
        vec![
            LlmError::Offline {
                degraded: false,
                reason: None,
            },
            LlmError::Offline {
                degraded: true,
                reason: Some("r".into()),
            },
            LlmError::Budget {
                phase: Phase::Run,
                detail: "d".into(),
            },
            LlmError::Quota {
                provider: "p".into(),
                detail: "d".into(),
            },
            LlmError::Config("c".into()),
            LlmError::Ledger {
                path: "l".into(),
                detail: "d".into(),
            },
        ]
    }

    #[test]
    fn provider_errors_map_to_the_exit_codes_the_provider_layer_gives_them() {
        // The provider layer states its own codes; going through `ExitReason` must agree with
        // it for every error, so the two never drift apart.
        for error in every_llm_error() {
            assert_eq!(
                ExitReason::of_llm_error(&error).exit_code(),
                error.exit_code(),
                "{error:?}"
            );
        }
    }

    #[test]
    fn precedence_quota_over_budget_over_degraded_over_done() {
        let mut reason = ExitReason::Done;
        reason.merge(ExitReason::Degraded);
        assert_eq!(reason, ExitReason::Degraded);
        reason.merge(ExitReason::Quota);
        reason.merge(ExitReason::Budget);
        assert_eq!(reason, ExitReason::Quota);
        reason.merge(ExitReason::Degraded);
        assert_eq!(reason, ExitReason::Quota);
        let mut budget = ExitReason::Budget;
        budget.merge(ExitReason::Done);
        assert_eq!(budget, ExitReason::Budget);
    }

    #[test]
    fn json_names_are_the_documented_ones() {
        for (reason, name) in [
            (ExitReason::Done, "done"),
            (ExitReason::Degraded, "degraded"),
            (ExitReason::Budget, "budget"),
            (ExitReason::Quota, "quota"),
            (ExitReason::Stale, "stale"),
        ] {
            assert_eq!(
                serde_json::to_value(reason).ok(),
                Some(serde_json::Value::String(name.into()))
            );
            assert_eq!(reason.as_str(), name);
        }
    }
}
