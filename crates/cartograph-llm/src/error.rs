//! The errors a caller of [`crate::LlmClient`] acts on. Every message is one line and never
//! holds a key: text that comes from a server is scrubbed of the provider's key and cut short
//! before it gets here.

use cartograph_core::{ExitReason, Phase};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LlmError {
    /// The chain reached the `offline` provider: the caller writes structural content.
    /// `degraded` is true when a real model was meant to answer and could not (it failed, its
    /// breaker was open, or no model of the chain could take the request); the run then ends
    /// with exit 4 and the file or page is retried next time.
    #[error("{}", offline_message(*.degraded, .reason.as_deref()))]
    Offline {
        degraded: bool,
        reason: Option<String>,
    },
    /// A phase's `budget_tokens` or the run's `max_cost_usd` would be exceeded: the caller
    /// stops spending on purpose (exit 3).
    #[error("budget reached in phase {phase}: {detail}")]
    Budget { phase: Phase, detail: String },
    /// The provider account is out of credit or quota: the run stops (exit 3).
    #[error("provider `{provider}` is out of credit or quota: {detail}")]
    Quota { provider: String, detail: String },
    /// Found before any call, or a request no configured limit can ever admit (exit 2).
    #[error("configuration: {0}")]
    Config(String),
    /// The ledger could not be written: the result of the call is not used (exit 1).
    #[error("cost ledger at `{path}`: {detail}")]
    Ledger { path: String, detail: String },
}

fn offline_message(degraded: bool, reason: Option<&str>) -> String {
    match (degraded, reason) {
        (true, Some(reason)) => {
            format!("no model could answer, degrading to structural content: {reason}")
        }
        (true, None) => "no model could answer, degrading to structural content".to_string(),
        (false, Some(reason)) => format!("offline: {reason}"),
        (false, None) => "offline: this phase uses no model".to_string(),
    }
}

impl LlmError {
    /// The outcome this error stands for when it ends a run, or a page.
    pub fn exit_reason(&self) -> ExitReason {
        match self {
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

    /// The process exit code docs/reference.md gives this error: its outcome's.
    pub fn exit_code(&self) -> i32 {
        self.exit_reason().exit_code()
    }

    /// True for the errors after which the run should stop making calls.
    pub fn stops_run(&self) -> bool {
        matches!(
            self,
            LlmError::Quota { .. } | LlmError::Config(_) | LlmError::Ledger { .. }
        )
    }
}

/// Makes server-supplied text safe for a one-line message: the key (if the server echoed it)
/// is replaced, control characters and newlines become spaces, and the text is cut short.
pub(crate) fn one_line(text: &str, secret: Option<&str>) -> String {
    const MAX_CHARS: usize = 300;
    let mut text = text.to_string();
    if let Some(secret) = secret.filter(|secret| !secret.is_empty()) {
        text = text.replace(secret, "[redacted]");
    }
    let mut line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if line.chars().count() > MAX_CHARS {
        line = line.chars().take(MAX_CHARS).collect::<String>() + "…";
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_scrubs_and_flattens() {
        let text = "bad key sk-SECRET\nsecond\tline";
        assert_eq!(
            one_line(text, Some("sk-SECRET")),
            "bad key [redacted] second line"
        );
        assert!(one_line(&"x".repeat(1000), None).chars().count() <= 301);
    }

    #[test]
    fn exit_codes() {
        assert_eq!(
            LlmError::Offline {
                degraded: true,
                reason: None
            }
            .exit_code(),
            4
        );
        assert_eq!(LlmError::Config("x".into()).exit_code(), 2);
        assert_eq!(
            LlmError::Quota {
                provider: "p".into(),
                detail: "d".into()
            }
            .exit_code(),
            3
        );
    }
}
