//! CloudFormation operations shared by the verbs: describe, change sets, watching events,
//! prompts that Ctrl-C can abandon.

use crate::aws::{explain, is_transient, Clients, Identity};
use crate::console::{read_answer, Console};
use crate::diff::Change;
use crate::error::{blocked, failed, input, interrupted, lost};
use crate::progress::{elapsed, is_terminal, render_root_cause, root_cause, Event, Progress};
pub use aws_sdk_cloudformation::types::StackStatus;
use aws_sdk_cloudformation::types::{
    Capability, ChangeSetStatus, ChangeSetType, DeploymentConfig, DeploymentConfigMode,
    ExecutionStatus, Parameter, Tag, TemplateStage,
};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// Prefix of the change sets this runner creates; the rest of the name is the run id.
pub const CHANGE_SET_PREFIX: &str = "ha-deploy-";

/// Complete commands for the hints the runner prints: the program and the global flags as
/// this run resolved them, so a hint works when pasted into a new shell.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Hint {
    /// Program name.
    pub bin: String,
    /// Global flags as used (`--suffix x --region y ...`).
    pub flags: Vec<String>,
}

/// Quote a word for a POSIX shell when it needs it.
pub fn shell_word(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+%".contains(c));
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

impl Hint {
    /// `<bin> <verb> <flags>`.
    pub fn cmd(&self, verb: &str) -> String {
        let mut words = vec![self.bin.clone(), verb.to_string()];
        words.extend(self.flags.iter().map(|f| shell_word(f)));
        words.join(" ")
    }
}

/// Everything a verb needs at run time.
pub struct Ctx<'a> {
    /// SDK clients.
    pub clients: Clients,
    /// Who we are (from preflight).
    pub identity: Identity,
    /// Output and prompts.
    pub console: &'a Console,
    /// Becomes `true` on Ctrl-C.
    pub interrupt: watch::Receiver<bool>,
    /// Delay between polls (the longest one when `poll_ramp`).
    pub poll: Duration,
    /// Start polling fast and double up to `poll` (the default); `false` polls at exactly
    /// `poll` (an interval the user chose with `--poll-interval`).
    pub poll_ramp: bool,
    /// How long to wait for a busy stack / a running operation.
    pub wait_timeout: Duration,
    /// How long transient failures (network, throttling) are retried while watching.
    pub retry_window: Duration,
    /// Fail instead of waiting for a busy stack.
    pub no_wait: bool,
    /// Execute without asking.
    pub yes: bool,
    /// Complete commands for hints.
    pub hint: Hint,
    /// Identifies this run: the change-set name is `ha-deploy-<run id>`, and the run id is the
    /// client request token of every operation it starts.
    pub run_id: String,
    /// Directory where `cfn-outputs/` is written.
    pub cwd: PathBuf,
}

impl Ctx<'_> {
    /// The change-set name of this run.
    pub fn change_set_name(&self) -> String {
        format!("{CHANGE_SET_PREFIX}{}", self.run_id)
    }
}

/// A stack as described by CloudFormation.
#[derive(Debug, Clone, PartialEq)]
pub struct StackInfo {
    /// Stack id (ARN).
    pub id: String,
    /// Stack status.
    pub status: StackStatus,
    /// Outputs, sorted by key.
    pub outputs: BTreeMap<String, String>,
    /// Deployed parameter values.
    pub parameters: BTreeMap<String, String>,
    /// Termination protection enabled.
    pub termination_protection: bool,
    /// Drift status from the last drift detection (`DRIFTED`, `IN_SYNC`, ...), if any ran.
    pub drift: Option<String>,
}

fn is_missing(code: Option<&str>, message: Option<&str>) -> bool {
    code == Some("ValidationError") && message.unwrap_or("").contains("does not exist")
}

/// Describe a stack; `None` when it does not exist.
pub async fn describe(ctx: &Ctx<'_>, name: &str) -> anyhow::Result<Option<StackInfo>> {
    use aws_smithy_types::error::metadata::ProvideErrorMetadata;
    let out = match ctx
        .clients
        .cfn
        .describe_stacks()
        .stack_name(name)
        .send()
        .await
    {
        Ok(o) => o,
        Err(e) if is_missing(e.code(), e.message()) => return Ok(None),
        Err(e) => return Err(explain("cloudformation:DescribeStacks", None, e)),
    };
    Ok(out.stacks().first().map(|s| StackInfo {
        id: s.stack_id().unwrap_or(name).to_string(),
        status: s
            .stack_status()
            .cloned()
            .unwrap_or(StackStatus::from("UNKNOWN")),
        outputs: s
            .outputs()
            .iter()
            .filter_map(|o| {
                Some((
                    o.output_key()?.to_string(),
                    o.output_value().unwrap_or_default().to_string(),
                ))
            })
            .collect(),
        parameters: s
            .parameters()
            .iter()
            .filter_map(|p| {
                Some((
                    p.parameter_key()?.to_string(),
                    p.parameter_value().unwrap_or_default().to_string(),
                ))
            })
            .collect(),
        termination_protection: s.enable_termination_protection().unwrap_or(false),
        drift: s
            .drift_information()
            .and_then(|d| d.stack_drift_status())
            .map(|d| d.as_str().to_string()),
    }))
}

/// Events newer than `marker`, oldest first (all events when `marker` is `None`).
pub async fn events_since(
    ctx: &Ctx<'_>,
    stack: &str,
    marker: Option<&str>,
) -> anyhow::Result<Vec<Event>> {
    use aws_smithy_types::error::metadata::ProvideErrorMetadata;
    let mut out = Vec::new();
    let mut token = None;
    'pages: for _ in 0..20 {
        let page = match ctx
            .clients
            .cfn
            .describe_stack_events()
            .stack_name(stack)
            .set_next_token(token)
            .send()
            .await
        {
            Ok(p) => p,
            Err(e) if is_missing(e.code(), e.message()) => break,
            Err(e) => return Err(explain("cloudformation:DescribeStackEvents", None, e)),
        };
        for e in page.stack_events() {
            let id = e.event_id().unwrap_or_default().to_string();
            if Some(id.as_str()) == marker {
                break 'pages;
            }
            out.push(Event {
                id,
                logical_id: e.logical_resource_id().unwrap_or_default().to_string(),
                resource_type: e.resource_type().unwrap_or_default().to_string(),
                status: e
                    .resource_status()
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default(),
                reason: e.resource_status_reason().map(String::from),
            });
        }
        token = page.next_token().map(String::from);
        if token.is_none() {
            break;
        }
    }
    out.reverse();
    Ok(out)
}

/// Id of the newest event (the marker for [`watch`]).
pub async fn latest_event_id(ctx: &Ctx<'_>, stack: &str) -> anyhow::Result<Option<String>> {
    use aws_smithy_types::error::metadata::ProvideErrorMetadata;
    match ctx
        .clients
        .cfn
        .describe_stack_events()
        .stack_name(stack)
        .send()
        .await
    {
        Ok(p) => Ok(p
            .stack_events()
            .first()
            .and_then(|e| e.event_id())
            .map(String::from)),
        Err(e) if is_missing(e.code(), e.message()) => Ok(None),
        Err(e) => Err(explain("cloudformation:DescribeStackEvents", None, e)),
    }
}

/// Resolves on Ctrl-C (at once when it already happened); never when the interrupt channel is
/// closed (no handler).
pub async fn wait_interrupt(rx: &watch::Receiver<bool>) {
    let mut rx = rx.clone();
    if rx.wait_for(|v| *v).await.is_err() {
        std::future::pending::<()>().await
    }
}

/// Whether Ctrl-C was pressed.
pub fn was_interrupted(ctx: &Ctx<'_>) -> bool {
    *ctx.interrupt.borrow()
}

/// Ask a question and read one line; Ctrl-C abandons the prompt at once (exit 130, `what`
/// says what was left untouched).
pub async fn ask(ctx: &Ctx<'_>, question: &str, what: &str) -> anyhow::Result<String> {
    ctx.console.ask(question);
    let source = ctx.console.input();
    let (tx, rx) = tokio::sync::oneshot::channel();
    // A detached thread: a blocked read of the terminal must not keep the process alive.
    std::thread::spawn(move || tx.send(read_answer(&source)));
    tokio::select! {
        biased;
        _ = wait_interrupt(&ctx.interrupt) => {
            ctx.console.line("");
            Err(interrupted(format!("interrupted at the prompt: {what}")))
        }
        answer = rx => Ok(answer.unwrap_or_default()),
    }
}

/// A yes/no question; anything but `y`/`yes` (or end of input) is no.
pub async fn ask_yes(ctx: &Ctx<'_>, question: &str, what: &str) -> anyhow::Result<bool> {
    let answer = ask(ctx, &format!("{question} [y/N]"), what).await?;
    Ok(matches!(answer.to_ascii_lowercase().as_str(), "y" | "yes"))
}

/// How a watched operation ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Watched {
    /// Final stack status (`DELETE_COMPLETE` when the stack is gone).
    pub status: StackStatus,
    /// Events seen while watching, oldest first.
    pub events: Vec<Event>,
    /// How long it took.
    pub took: Duration,
}

/// The pause before poll number `round` (0-based) of one wait: 0.25 s, doubling up to `poll`.
/// A no-op change set or a small stack is then seen as soon as CloudFormation is done, while a
/// long operation is still polled at the configured interval.
pub fn ramp(poll: Duration, round: u32) -> Duration {
    Duration::from_millis(250)
        .saturating_mul(1u32 << round.min(16))
        .min(poll)
}

impl Ctx<'_> {
    /// The pause before poll number `round` of one wait.
    pub fn pause(&self, round: u32) -> Duration {
        if self.poll_ramp {
            ramp(self.poll, round)
        } else {
            self.poll
        }
    }
}

/// One poll of the stack: its status and the events since `marker`.
async fn poll_once(
    ctx: &Ctx<'_>,
    stack: &str,
    marker: Option<&str>,
) -> anyhow::Result<(StackStatus, Vec<Event>)> {
    let status = describe(ctx, stack)
        .await?
        .map_or(StackStatus::DeleteComplete, |s| s.status);
    let events = events_since(ctx, stack, marker).await?;
    Ok((status, events))
}

/// Stream events and the status line until the stack reaches a final status.
///
/// Transient failures (network, throttling) are retried with exponential backoff for
/// `ctx.retry_window`; then the run stops with exit 5 and the command that resumes watching.
pub async fn watch(
    ctx: &Ctx<'_>,
    stack: &str,
    marker: Option<String>,
    total: usize,
) -> anyhow::Result<Watched> {
    let resume = ctx.hint.cmd("watch");
    let start = Instant::now();
    let mut progress = Progress::new(total);
    let mut marker = marker;
    let mut events = Vec::new();
    let mut outage: Option<Instant> = None;
    let mut delay = ctx.poll;
    let mut status = StackStatus::from("UNKNOWN");
    let mut round = 0;
    loop {
        match poll_once(ctx, stack, marker.as_deref()).await {
            Ok((s, new)) => {
                if outage.take().is_some() {
                    ctx.console
                        .line("Reconnected to CloudFormation: watching again.");
                }
                delay = ctx.poll;
                status = s;
                for e in new {
                    progress.apply(&e);
                    ctx.console.line(&progress.event_line(&e, start.elapsed()));
                    marker = Some(e.id.clone());
                    events.push(e);
                }
                if is_terminal(status.as_str()) {
                    ctx.console.end_status();
                    return Ok(Watched {
                        status,
                        events,
                        took: start.elapsed(),
                    });
                }
                ctx.console.status(&progress.status_line(start.elapsed()));
            }
            Err(e) if is_transient(&e) => {
                let since = *outage.get_or_insert_with(Instant::now);
                if since.elapsed() >= ctx.retry_window {
                    ctx.console.end_status();
                    return Err(lost(format!(
                        "lost contact with CloudFormation for {} while watching stack {stack} ({e:#}); the operation continues in CloudFormation. Resume watching with `{resume}`",
                        elapsed(since.elapsed())
                    )));
                }
                ctx.console.line(&format!(
                    "warning: {e:#}; retrying in {} (the operation continues in CloudFormation)",
                    elapsed(delay)
                ));
                delay = (delay * 2).min(Duration::from_secs(30));
            }
            Err(e) => return Err(e),
        }
        if start.elapsed() >= ctx.wait_timeout {
            ctx.console.end_status();
            return Err(blocked(format!(
                "timed out after {} waiting for stack {stack} ({}); the operation is still running: resume watching with `{resume}`",
                elapsed(start.elapsed()),
                status.as_str()
            )));
        }
        let pause = if outage.is_some() {
            delay
        } else {
            ctx.pause(round)
        };
        round += 1;
        tokio::select! {
            _ = tokio::time::sleep(pause) => {}
            _ = wait_interrupt(&ctx.interrupt) => {
                ctx.console.end_status();
                return Err(interrupted(format!(
                    "interrupted: stopped watching stack {stack} ({}); nothing was cancelled, the operation continues in CloudFormation. Resume watching with `{resume}`",
                    status.as_str()
                )));
            }
        }
    }
}

/// Print the root cause and the final status of a failed operation; return the error.
pub fn report_failure(ctx: &Ctx<'_>, stack: &str, w: &Watched, what: &str) -> anyhow::Error {
    let cause = root_cause(&w.events).map(render_root_cause);
    ctx.console.line("");
    if let Some(c) = &cause {
        ctx.console.line(c);
    }
    ctx.console.line(&format!(
        "Stack {stack}: final status {}",
        w.status.as_str()
    ));
    failed(format!(
        "{what} of stack {stack} failed ({}){}",
        w.status.as_str(),
        cause.map(|c| format!(" — {c}")).unwrap_or_default()
    ))
}

/// Where the change set reads the template from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateSource {
    /// Inline body (≤ 51,200 bytes).
    Body(String),
    /// S3 URL of the uploaded template.
    Url(String),
}

/// Result of creating a change set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeSetOutcome {
    /// Nothing to change (the change set, if any, was deleted).
    NoChanges,
    /// Ready to execute.
    Ready {
        /// Change set id (ARN).
        id: String,
        /// Resource changes.
        changes: Vec<Change>,
    },
}

fn is_no_changes(msg: &str) -> bool {
    msg.contains("didn't contain changes") || msg.contains("No updates are to be performed")
}

/// Delete a change set, warning (not failing) if that does not work.
pub async fn delete_change_set(ctx: &Ctx<'_>, stack: &str, id: &str) {
    if let Err(e) = ctx
        .clients
        .cfn
        .delete_change_set()
        .stack_name(stack)
        .change_set_name(id)
        .send()
        .await
    {
        ctx.console.line(&format!(
            "warning: could not delete change set {id}: {}",
            crate::aws::chain_text(&e)
        ));
    }
}

/// What a change set is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeSetRequest<'a> {
    /// Stack name.
    pub stack: &'a str,
    /// A CREATE change set (new stack) rather than UPDATE.
    pub create: bool,
    /// Template.
    pub template: &'a TemplateSource,
    /// Parameter values.
    pub parameters: &'a [(String, String)],
    /// Stack tags.
    pub tags: &'a [(String, String)],
    /// Express deployment (`DeploymentConfig` mode EXPRESS): done when configuration is applied.
    pub express: bool,
}

/// Create this run's change set and wait until it is ready (or turns out to be empty).
/// Ctrl-C while it is being created deletes it (exit 130).
pub async fn create_change_set(
    ctx: &Ctx<'_>,
    r: &ChangeSetRequest<'_>,
) -> anyhow::Result<ChangeSetOutcome> {
    use aws_smithy_types::error::metadata::ProvideErrorMetadata;
    let stack = r.stack;
    let name = ctx.change_set_name();
    let mut req = ctx
        .clients
        .cfn
        .create_change_set()
        .stack_name(stack)
        .change_set_name(&name)
        .client_token(&ctx.run_id)
        .description(format!("ha-deploy run {}", ctx.run_id))
        .change_set_type(if r.create {
            ChangeSetType::Create
        } else {
            ChangeSetType::Update
        })
        .capabilities(Capability::CapabilityIam)
        .capabilities(Capability::CapabilityNamedIam)
        .capabilities(Capability::CapabilityAutoExpand)
        .set_parameters(Some(
            r.parameters
                .iter()
                .map(|(k, v)| {
                    Parameter::builder()
                        .parameter_key(k)
                        .parameter_value(v)
                        .build()
                })
                .collect(),
        ))
        .set_tags(Some(
            r.tags
                .iter()
                .map(|(k, v)| Tag::builder().key(k).value(v).build())
                .collect(),
        ));
    if r.express {
        req = req.deployment_config(
            DeploymentConfig::builder()
                .mode(DeploymentConfigMode::Express)
                .build(),
        );
    }
    req = match r.template {
        TemplateSource::Body(b) => req.template_body(b),
        TemplateSource::Url(u) => req.template_url(u),
    };
    let id = match req.send().await {
        Ok(o) => o.id().unwrap_or(&name).to_string(),
        Err(e) if is_no_changes(e.message().unwrap_or("")) => {
            return Ok(ChangeSetOutcome::NoChanges)
        }
        Err(e) if e.code() == Some("ValidationError") => {
            return Err(input(format!(
                "CloudFormation rejected the change set for {stack}: {}",
                e.message().unwrap_or("ValidationError")
            )))
        }
        Err(e) => return Err(explain("cloudformation:CreateChangeSet", None, e)),
    };
    let start = Instant::now();
    let mut round = 0;
    loop {
        let mut changes = Vec::new();
        let mut token = None;
        let (status, reason) = loop {
            let page = ctx
                .clients
                .cfn
                .describe_change_set()
                .stack_name(stack)
                .change_set_name(&id)
                .set_next_token(token)
                .send()
                .await
                .map_err(|e| explain("cloudformation:DescribeChangeSet", None, e))?;
            changes.extend(
                page.changes()
                    .iter()
                    .filter_map(|c| c.resource_change())
                    .map(|rc| Change {
                        action: rc
                            .action()
                            .map(|a| a.as_str().to_string())
                            .unwrap_or_default(),
                        logical_id: rc.logical_resource_id().unwrap_or_default().to_string(),
                        resource_type: rc.resource_type().unwrap_or_default().to_string(),
                        replacement: rc.replacement().map(|r| r.as_str().to_string()),
                        properties: rc
                            .details()
                            .iter()
                            .filter_map(|d| d.target().and_then(|t| t.name()).map(String::from))
                            .collect(),
                        inferred_replacement: Vec::new(),
                    }),
            );
            token = page.next_token().map(String::from);
            if token.is_none() {
                break (
                    page.status().cloned(),
                    page.status_reason().unwrap_or_default().to_string(),
                );
            }
        };
        match status {
            Some(ChangeSetStatus::CreateComplete) if changes.is_empty() => {
                delete_change_set(ctx, stack, &id).await;
                return Ok(ChangeSetOutcome::NoChanges);
            }
            Some(ChangeSetStatus::CreateComplete) => {
                for c in changes.iter_mut() {
                    c.properties.sort();
                    c.properties.dedup();
                }
                return Ok(ChangeSetOutcome::Ready { id, changes });
            }
            Some(ChangeSetStatus::Failed) => {
                if is_no_changes(&reason) {
                    delete_change_set(ctx, stack, &id).await;
                    return Ok(ChangeSetOutcome::NoChanges);
                }
                let findings = crate::validation::findings(ctx, stack, &id).await;
                delete_change_set(ctx, stack, &id).await;
                return Err(crate::validation::failure(stack, &reason, &findings));
            }
            _ if start.elapsed() >= ctx.wait_timeout => {
                return Err(blocked(format!(
                    "timed out waiting for change set {id} of {stack} to be created"
                )))
            }
            _ => {
                tokio::select! {
                    biased;
                    _ = wait_interrupt(&ctx.interrupt) => {
                        delete_change_set(ctx, stack, &id).await;
                        return Err(interrupted(format!(
                            "interrupted while change set {} of {stack} was being created: it was deleted and never executed",
                            name
                        )));
                    }
                    _ = tokio::time::sleep(ctx.pause(round)) => {}
                }
                round += 1;
            }
        }
    }
}

/// A change set of another run that may still be executed (pending review or being created).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingRun {
    /// Change-set name (`ha-deploy-<run id>`).
    pub name: String,
    /// Its status.
    pub status: String,
}

/// Change sets of other runs of this runner on `stack` that are being created or wait for
/// execution: while one exists, another run is between "create change set" and "execute".
pub async fn pending_runs(ctx: &Ctx<'_>, stack: &str) -> anyhow::Result<Vec<PendingRun>> {
    let mine = ctx.change_set_name();
    let mut out = Vec::new();
    let mut token = None;
    loop {
        let page = ctx
            .clients
            .cfn
            .list_change_sets()
            .stack_name(stack)
            .set_next_token(token)
            .send()
            .await
            .map_err(|e| explain("cloudformation:ListChangeSets", None, e))?;
        out.extend(
            page.summaries()
                .iter()
                .filter(|s| s.stack_name() == Some(stack) || s.stack_id() == Some(stack))
                .filter(|s| {
                    s.change_set_name()
                        .is_some_and(|n| n.starts_with(CHANGE_SET_PREFIX) && n != mine)
                })
                .filter(|s| {
                    matches!(
                        s.status(),
                        Some(ChangeSetStatus::CreatePending | ChangeSetStatus::CreateInProgress)
                    ) || (s.status() == Some(&ChangeSetStatus::CreateComplete)
                        && s.execution_status() == Some(&ExecutionStatus::Available))
                })
                .map(|s| PendingRun {
                    name: s.change_set_name().unwrap_or_default().to_string(),
                    status: s
                        .status()
                        .map(|x| x.as_str())
                        .unwrap_or_default()
                        .to_string(),
                }),
        );
        token = page.next_token().map(String::from);
        if token.is_none() {
            return Ok(out);
        }
    }
}

/// Wait while another run holds a change set on `stack` (or refuse with `--no-wait`);
/// returns whether it waited.
pub async fn wait_for_other_runs(ctx: &Ctx<'_>, stack: &str, verb: &str) -> anyhow::Result<bool> {
    let start = Instant::now();
    let mut said = false;
    loop {
        let pending = pending_runs(ctx, stack).await?;
        let Some(first) = pending.first() else {
            return Ok(said);
        };
        let what = format!(
            "another run holds change set {} ({}) on stack {stack}",
            first.name, first.status
        );
        if ctx.no_wait {
            return Err(blocked(format!(
                "{what}: it may still execute it. Wait for that run, or run `{}` without --no-wait to wait for it",
                ctx.hint.cmd(verb)
            )));
        }
        if start.elapsed() >= ctx.wait_timeout {
            return Err(blocked(format!(
                "{what} after waiting {}: if that run is gone, delete its change set with `aws cloudformation delete-change-set --stack-name {stack} --change-set-name {}`, then retry",
                elapsed(start.elapsed()),
                first.name
            )));
        }
        if !said {
            ctx.console.line(&format!(
                "Waiting: {what} (up to {}; it is never deleted by this run)...",
                elapsed(ctx.wait_timeout)
            ));
            said = true;
        }
        tokio::select! {
            _ = tokio::time::sleep(ctx.poll) => {}
            _ = wait_interrupt(&ctx.interrupt) => {
                return Err(interrupted(format!("interrupted while waiting for another run on stack {stack}: nothing was changed")));
            }
        }
    }
}

/// Execute a change set (this run's id as the client request token).
pub async fn execute_change_set(ctx: &Ctx<'_>, stack: &str, id: &str) -> anyhow::Result<()> {
    ctx.clients
        .cfn
        .execute_change_set()
        .stack_name(stack)
        .change_set_name(id)
        .client_request_token(&ctx.run_id)
        .send()
        .await
        .map_err(|e| explain("cloudformation:ExecuteChangeSet", None, e))?;
    Ok(())
}

/// The deployed (original) template text.
pub async fn deployed_template(ctx: &Ctx<'_>, stack: &str) -> anyhow::Result<String> {
    let out = ctx
        .clients
        .cfn
        .get_template()
        .stack_name(stack)
        .template_stage(TemplateStage::Original)
        .send()
        .await
        .map_err(|e| explain("cloudformation:GetTemplate", None, e))?;
    Ok(out.template_body().unwrap_or("{}").to_string())
}

/// Delete a stack and watch it go.
pub async fn delete_and_watch(
    ctx: &Ctx<'_>,
    info: &StackInfo,
    name: &str,
    total: usize,
) -> anyhow::Result<Watched> {
    let marker = latest_event_id(ctx, &info.id).await?;
    ctx.clients
        .cfn
        .delete_stack()
        .stack_name(&info.id)
        .client_request_token(&ctx.run_id)
        .send()
        .await
        .map_err(|e| explain("cloudformation:DeleteStack", None, e))?;
    watch(ctx, &info.id, marker, total).await.and_then(|w| {
        if w.status == StackStatus::DeleteComplete {
            Ok(w)
        } else {
            Err(report_failure(ctx, name, &w, "delete"))
        }
    })
}

/// Wait for a busy stack (or refuse with `--no-wait`); returns the settled stack.
pub async fn settle(
    ctx: &Ctx<'_>,
    name: &str,
    info: StackInfo,
    verb: &str,
) -> anyhow::Result<Option<StackInfo>> {
    if is_terminal(info.status.as_str()) || info.status == StackStatus::ReviewInProgress {
        return Ok(Some(info));
    }
    if ctx.no_wait {
        return Err(blocked(format!(
            "stack {name} is busy ({}): another operation is running; wait for it, or run `{}` without --no-wait to wait for it",
            info.status.as_str(),
            ctx.hint.cmd(verb)
        )));
    }
    ctx.console.line(&format!(
        "Stack {name} is busy ({}); waiting for the running operation to finish (up to {})...",
        info.status.as_str(),
        elapsed(ctx.wait_timeout)
    ));
    let marker = latest_event_id(ctx, &info.id).await?;
    let w = watch(ctx, &info.id, marker, 0).await?;
    ctx.console.line(&format!(
        "Stack {name}: the running operation ended ({})",
        w.status.as_str()
    ));
    describe(ctx, name).await
}

/// One resource of a deployed stack.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StackResource {
    /// Logical id.
    pub logical_id: String,
    /// Physical id (empty when none yet).
    pub physical_id: String,
    /// Resource type.
    pub kind: String,
    /// Resource status (`CREATE_COMPLETE`, `DELETE_FAILED`, ...).
    pub status: String,
    /// Status reason (empty when none).
    pub reason: String,
}

/// Every resource of the stack (all pages).
pub async fn stack_resources(ctx: &Ctx<'_>, stack: &str) -> anyhow::Result<Vec<StackResource>> {
    let mut out = Vec::new();
    let mut token = None;
    loop {
        let page = ctx
            .clients
            .cfn
            .list_stack_resources()
            .stack_name(stack)
            .set_next_token(token)
            .send()
            .await
            .map_err(|e| explain("cloudformation:ListStackResources", None, e))?;
        out.extend(page.stack_resource_summaries().iter().map(|r| {
            StackResource {
                logical_id: r.logical_resource_id().unwrap_or_default().to_string(),
                physical_id: r.physical_resource_id().unwrap_or_default().to_string(),
                kind: r.resource_type().unwrap_or_default().to_string(),
                status: r
                    .resource_status()
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default(),
                reason: r.resource_status_reason().unwrap_or_default().to_string(),
            }
        }));
        token = page.next_token().map(String::from);
        if token.is_none() {
            return Ok(out);
        }
    }
}
