//! Stack events, live progress and the root cause of a failure (pure functions).

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

/// One stack event, independent of the SDK types.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Event {
    /// Event id (unique).
    pub id: String,
    /// Logical id (the stack name for stack-level events).
    pub logical_id: String,
    /// Resource type (`AWS::CloudFormation::Stack` for stack-level events).
    pub resource_type: String,
    /// `CREATE_IN_PROGRESS`, `CREATE_FAILED`, ...
    pub status: String,
    /// Status reason, if any.
    pub reason: Option<String>,
}

impl Event {
    /// Whether this event is about the stack itself.
    pub fn is_stack(&self) -> bool {
        self.resource_type == "AWS::CloudFormation::Stack"
    }
}

/// Whether a stack status is final (no operation running).
pub fn is_terminal(status: &str) -> bool {
    !status.ends_with("_IN_PROGRESS")
}

/// Whether a final status means the last operation succeeded.
pub fn is_success(status: &str) -> bool {
    matches!(
        status,
        "CREATE_COMPLETE" | "UPDATE_COMPLETE" | "DELETE_COMPLETE" | "IMPORT_COMPLETE"
    )
}

/// Format seconds as `1m05s` / `12s`.
pub fn elapsed(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 60 {
        format!("{}m{:02}s", s / 60, s % 60)
    } else {
        format!("{s}s")
    }
}

/// Tracks which resources are done and which are in progress.
#[derive(Debug, Default)]
pub struct Progress {
    total: usize,
    done: BTreeSet<String>,
    running: BTreeMap<String, String>,
}

impl Progress {
    /// Progress over `total` resources.
    pub fn new(total: usize) -> Self {
        Progress {
            total,
            ..Default::default()
        }
    }

    /// Account for one event.
    pub fn apply(&mut self, e: &Event) {
        if e.is_stack() {
            return;
        }
        if e.status.ends_with("_IN_PROGRESS") {
            self.running.insert(e.logical_id.clone(), e.status.clone());
        } else {
            self.running.remove(&e.logical_id);
            self.done.insert(e.logical_id.clone());
        }
    }

    /// Resources finished so far.
    pub fn done(&self) -> usize {
        self.done.len()
    }

    /// `3/7 resources  12s  in progress: Queue, Topic`
    pub fn status_line(&self, took: Duration) -> String {
        let total = self.total.max(self.done.len());
        let mut s = format!("{}/{total} resources  {}", self.done.len(), elapsed(took));
        if !self.running.is_empty() {
            let names: Vec<&str> = self.running.keys().map(String::as_str).collect();
            s.push_str(&format!("  in progress: {}", names.join(", ")));
        }
        s
    }

    /// `[ 3/7   12s] Queue  AWS::SQS::Queue  CREATE_COMPLETE  reason`
    pub fn event_line(&self, e: &Event, took: Duration) -> String {
        let total = self.total.max(self.done.len());
        let mut s = format!(
            "[{:>3}/{:<3} {:>6}] {:<28} {:<32} {}",
            self.done.len(),
            total,
            elapsed(took),
            e.logical_id,
            e.resource_type,
            e.status
        );
        if let Some(r) = e.reason.as_deref().filter(|r| !r.is_empty()) {
            s.push_str(&format!("  {r}"));
        }
        s
    }
}

fn is_noise(reason: &str) -> bool {
    let r = reason.to_ascii_lowercase();
    r.contains("resource creation cancelled")
        || r.contains("resource update cancelled")
        || r.contains("resource deletion cancelled")
}

/// The first failed resource (chronological events), skipping cancellation noise; else the
/// first stack-level failure with a reason.
pub fn root_cause(events: &[Event]) -> Option<&Event> {
    let failed = |e: &&Event| e.status.ends_with("_FAILED");
    events
        .iter()
        .filter(failed)
        .find(|e| !e.is_stack() && !e.reason.as_deref().is_some_and(is_noise))
        .or_else(|| {
            events
                .iter()
                .filter(failed)
                .find(|e| e.is_stack() && e.reason.is_some())
        })
}

/// `Root cause: Queue (AWS::SQS::Queue) CREATE_FAILED: reason`
pub fn render_root_cause(e: &Event) -> String {
    format!(
        "Root cause: {} ({}) {}: {}",
        e.logical_id,
        e.resource_type,
        e.status,
        e.reason.as_deref().unwrap_or("no reason given")
    )
}
