//! Exit codes (docs/reference.md, "Exit codes") and how an error becomes one clear line.

use crate::out::tell;

/// The process exit codes scripts can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Done = 0,
    Error = 1,
    Usage = 2,
    Budget = 3,
    Degraded = 4,
    Locked = 5,
}

impl From<cartograph_pipeline::docs::ExitReason> for Exit {
    fn from(reason: cartograph_pipeline::docs::ExitReason) -> Exit {
        use cartograph_pipeline::docs::ExitReason;
        match reason {
            ExitReason::Done => Exit::Done,
            ExitReason::Degraded => Exit::Degraded,
            ExitReason::Budget | ExitReason::Quota => Exit::Budget,
            ExitReason::Config => Exit::Usage,
            ExitReason::Stale | ExitReason::Failed => Exit::Error,
        }
    }
}

/// An error that carries the exit code it maps to.
#[derive(Debug)]
pub struct CodedError {
    pub exit: Exit,
    pub message: String,
}

impl std::fmt::Display for CodedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CodedError {}

pub fn coded(exit: Exit, message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(CodedError {
        exit,
        message: message.into(),
    })
}

/// Prints one line for the user (the cause chain only with `-v`) and picks the exit code.
pub fn report(error: &anyhow::Error, verbose: u8) -> Exit {
    let exit = error
        .chain()
        .find_map(|cause| cause.downcast_ref::<CodedError>().map(|coded| coded.exit))
        .or_else(|| {
            error.chain().find_map(|cause| {
                if cause
                    .downcast_ref::<cartograph_config::ConfigError>()
                    .is_some()
                {
                    Some(Exit::Usage)
                } else if cause
                    .downcast_ref::<cartograph_lock::LockError>()
                    .is_some_and(|lock| matches!(lock, cartograph_lock::LockError::Held { .. }))
                {
                    Some(Exit::Locked)
                } else {
                    None
                }
            })
        })
        .unwrap_or(Exit::Error);
    if verbose > 0 {
        tell!("error: {error:#}");
    } else {
        tell!("error: {error}");
    }
    exit
}
