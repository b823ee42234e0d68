//! Error kinds and exit codes.
//!
//! | code | meaning |
//! |------|---------|
//! | 0    | success, or nothing to do (no changes, stack already gone) |
//! | 1    | the operation failed (CloudFormation rolled back, delete failed, leftovers) |
//! | 2    | bad input or preflight failure (region, credentials, endpoint, template, missing bootstrap) |
//! | 3    | blocked: stack busy with `--no-wait`, refused (protection), needs confirmation |
//! | 130  | interrupted (Ctrl-C); the CloudFormation operation keeps running |

/// A failure with a one-line, actionable message and a distinct exit code.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Failure {
    /// The CloudFormation operation failed (exit 1).
    #[error("{0}")]
    Failed(String),
    /// Bad input or preflight failure (exit 2).
    #[error("{0}")]
    Input(String),
    /// Blocked: busy, refused, or needs confirmation (exit 3).
    #[error("{0}")]
    Blocked(String),
    /// Interrupted by Ctrl-C (exit 130).
    #[error("{0}")]
    Interrupted(String),
}

impl Failure {
    /// The process exit code of this failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Failed(_) => 1,
            Failure::Input(_) => 2,
            Failure::Blocked(_) => 3,
            Failure::Interrupted(_) => 130,
        }
    }
}

/// Exit code for any error: a [`Failure`] anywhere in the chain decides, else 1.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    err.chain()
        .find_map(|e| e.downcast_ref::<Failure>())
        .map_or(1, Failure::exit_code)
}

/// Shorthand constructors returning `anyhow::Error`.
pub fn failed(msg: impl Into<String>) -> anyhow::Error {
    Failure::Failed(msg.into()).into()
}
/// Bad input / preflight (exit 2).
pub fn input(msg: impl Into<String>) -> anyhow::Error {
    Failure::Input(msg.into()).into()
}
/// Blocked (exit 3).
pub fn blocked(msg: impl Into<String>) -> anyhow::Error {
    Failure::Blocked(msg.into()).into()
}
/// Interrupted (exit 130).
pub fn interrupted(msg: impl Into<String>) -> anyhow::Error {
    Failure::Interrupted(msg.into()).into()
}
