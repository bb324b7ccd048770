//! How a docs run ended, as the `exit_reason` of `docs --json` and the process exit code. The
//! type lives in `cartograph-core` so that the provider layer names its errors' outcomes with
//! it; only deciding the outcome is the orchestrator's job.

pub use cartograph_core::ExitReason;

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_core::Phase;
    use cartograph_llm::LlmError;

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
                error.exit_reason().exit_code(),
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
