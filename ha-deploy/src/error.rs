//! Error kinds and exit codes.
//!
//! | code | meaning |
//! |------|---------|
//! | 0    | success, or nothing to do (no changes, stack already gone) |
//! | 1    | the operation failed (CloudFormation rolled back, delete failed, leftovers) |
//! | 2    | bad input or preflight failure (region, credentials, endpoint, template, missing bootstrap) |
//! | 3    | blocked: stack busy with `--no-wait` or another run's change set pending, needs confirmation, declined |
//! | 4    | refused to protect data: lowering protection, destroying a protected stack, deleting production data, exports in use, half-deleted stack |
//! | 5    | lost contact while watching (network, throttling) past the retry window; the operation continues in CloudFormation |
//! | 130  | interrupted (Ctrl-C); a change set not yet executed is deleted, a running operation keeps running |

/// A failure with a one-line, actionable message and a distinct exit code.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Failure {
    /// The CloudFormation operation failed (exit 1).
    #[error("{0}")]
    Failed(String),
    /// Bad input or preflight failure (exit 2).
    #[error("{0}")]
    Input(String),
    /// Blocked: busy, needs confirmation, declined (exit 3).
    #[error("{0}")]
    Blocked(String),
    /// Refused to protect data (exit 4).
    #[error("{0}")]
    Refused(String),
    /// Lost contact with CloudFormation while watching; the operation continues (exit 5).
    #[error("{0}")]
    Lost(String),
    /// Interrupted by Ctrl-C (exit 130).
    #[error("{0}")]
    Interrupted(String),
    /// A failure that may go away on retry (network, throttling, a 5xx): watching retries it;
    /// elsewhere it exits with the code of the failure it wraps.
    #[error("{0}")]
    Transient(Box<Failure>),
}

/// Every exit code with its meaning, in order (the help text and the docs list these).
pub const EXIT_CODES: &[(u8, &str)] = &[
    (0, "success, or nothing to do (no changes; stack already gone)"),
    (1, "the operation failed (rolled back, delete failed, resources left behind)"),
    (2, "bad input or preflight failure (arguments, region, credentials, endpoint, template, no staging bucket, synth error)"),
    (3, "blocked: stack busy with --no-wait or wait timed out, another run's change set pending, changes needing confirmation without a terminal and without --yes, declined"),
    (4, "refused to protect data: would lower deletion protection, destroy a protected stack without --force, delete production backups or object versions without --delete-data, delete exports other stacks import, or deploy over a half-deleted stack"),
    (5, "lost contact with CloudFormation while watching (network, throttling) beyond the retry window; the operation continues, resume with the printed `watch` command"),
    (130, "interrupted (Ctrl-C): an unexecuted change set is deleted; a running operation continues, resume with `watch`"),
];

impl Failure {
    /// The process exit code of this failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Failed(_) => 1,
            Failure::Input(_) => 2,
            Failure::Blocked(_) => 3,
            Failure::Refused(_) => 4,
            Failure::Lost(_) => 5,
            Failure::Interrupted(_) => 130,
            Failure::Transient(f) => f.exit_code(),
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
/// Refused to protect data (exit 4).
pub fn refused(msg: impl Into<String>) -> anyhow::Error {
    Failure::Refused(msg.into()).into()
}
/// Lost contact while watching (exit 5).
pub fn lost(msg: impl Into<String>) -> anyhow::Error {
    Failure::Lost(msg.into()).into()
}
/// Interrupted (exit 130).
pub fn interrupted(msg: impl Into<String>) -> anyhow::Error {
    Failure::Interrupted(msg.into()).into()
}
