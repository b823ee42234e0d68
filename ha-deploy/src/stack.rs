//! CloudFormation operations shared by the verbs: describe, change sets, watching events.

use crate::aws::{explain, Clients, Identity};
use crate::console::Console;
use crate::diff::Change;
use crate::error::{blocked, failed, input, interrupted};
use crate::progress::{elapsed, is_terminal, render_root_cause, root_cause, Event, Progress};
use aws_sdk_cloudformation::types::{
    Capability, ChangeSetStatus, ChangeSetType, Parameter, Tag, TemplateStage,
};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use tokio::sync::watch;

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
    /// Delay between polls.
    pub poll: Duration,
    /// How long to wait for a busy stack / a running operation.
    pub wait_timeout: Duration,
    /// Fail instead of waiting for a busy stack.
    pub no_wait: bool,
    /// Execute without asking.
    pub yes: bool,
    /// Program name, for "run `<bin> bootstrap`" hints.
    pub bin: String,
    /// Directory where `cfn-outputs/` is written.
    pub cwd: PathBuf,
}

/// A stack as described by CloudFormation.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StackInfo {
    /// Stack id (ARN).
    pub id: String,
    /// Stack status.
    pub status: String,
    /// Outputs, sorted by key.
    pub outputs: BTreeMap<String, String>,
    /// Termination protection enabled.
    pub termination_protection: bool,
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
            .map(|st| st.as_str().to_string())
            .unwrap_or_default(),
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
        termination_protection: s.enable_termination_protection().unwrap_or(false),
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

/// Resolves on Ctrl-C; never when the interrupt channel is closed (no handler).
async fn wait_interrupt(rx: &watch::Receiver<bool>) {
    let mut rx = rx.clone();
    if rx.wait_for(|v| *v).await.is_err() {
        std::future::pending::<()>().await
    }
}

/// How a watched operation ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Watched {
    /// Final stack status (`DELETE_COMPLETE` when the stack is gone).
    pub status: String,
    /// Events seen while watching, oldest first.
    pub events: Vec<Event>,
}

/// Stream events and the status line until the stack reaches a final status.
pub async fn watch(
    ctx: &Ctx<'_>,
    stack: &str,
    marker: Option<String>,
    total: usize,
    resume_hint: &str,
) -> anyhow::Result<Watched> {
    let start = Instant::now();
    let mut progress = Progress::new(total);
    let mut marker = marker;
    let mut events = Vec::new();
    loop {
        let status = describe(ctx, stack)
            .await?
            .map_or_else(|| "DELETE_COMPLETE".to_string(), |s| s.status);
        for e in events_since(ctx, stack, marker.as_deref()).await? {
            progress.apply(&e);
            ctx.console.line(&progress.event_line(&e, start.elapsed()));
            marker = Some(e.id.clone());
            events.push(e);
        }
        if is_terminal(&status) {
            ctx.console.end_status();
            return Ok(Watched { status, events });
        }
        ctx.console.status(&progress.status_line(start.elapsed()));
        if start.elapsed() >= ctx.wait_timeout {
            ctx.console.end_status();
            return Err(blocked(format!(
                "timed out after {} waiting for stack {stack} ({status}); the operation is still running: {resume_hint}",
                elapsed(start.elapsed())
            )));
        }
        tokio::select! {
            _ = tokio::time::sleep(ctx.poll) => {}
            _ = wait_interrupt(&ctx.interrupt) => {
                ctx.console.end_status();
                return Err(interrupted(format!(
                    "interrupted: stopped watching stack {stack} ({status}); nothing was cancelled, the operation continues in CloudFormation. {resume_hint}"
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
    ctx.console
        .line(&format!("Stack {stack}: final status {}", w.status));
    failed(format!(
        "{what} of stack {stack} failed ({}){}",
        w.status,
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

/// Create a change set and wait until it is ready (or turns out to be empty).
pub async fn create_change_set(
    ctx: &Ctx<'_>,
    stack: &str,
    create: bool,
    template: &TemplateSource,
    parameters: &[(String, String)],
    tags: &[(String, String)],
) -> anyhow::Result<ChangeSetOutcome> {
    use aws_smithy_types::error::metadata::ProvideErrorMetadata;
    let name = format!(
        "ha-{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_millis()
    );
    let mut req = ctx
        .clients
        .cfn
        .create_change_set()
        .stack_name(stack)
        .change_set_name(&name)
        .change_set_type(if create {
            ChangeSetType::Create
        } else {
            ChangeSetType::Update
        })
        .capabilities(Capability::CapabilityIam)
        .capabilities(Capability::CapabilityNamedIam)
        .capabilities(Capability::CapabilityAutoExpand)
        .set_parameters(Some(
            parameters
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
            tags.iter()
                .map(|(k, v)| Tag::builder().key(k).value(v).build())
                .collect(),
        ));
    req = match template {
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
                delete_change_set(ctx, stack, &id).await;
                if is_no_changes(&reason) {
                    return Ok(ChangeSetOutcome::NoChanges);
                }
                return Err(failed(format!(
                    "the change set for {stack} failed: {reason}"
                )));
            }
            _ if start.elapsed() >= ctx.wait_timeout => {
                return Err(blocked(format!(
                    "timed out waiting for change set {id} of {stack} to be created"
                )))
            }
            _ => tokio::time::sleep(ctx.poll).await,
        }
    }
}

/// Execute a change set.
pub async fn execute_change_set(ctx: &Ctx<'_>, stack: &str, id: &str) -> anyhow::Result<()> {
    ctx.clients
        .cfn
        .execute_change_set()
        .stack_name(stack)
        .change_set_name(id)
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
        .send()
        .await
        .map_err(|e| explain("cloudformation:DeleteStack", None, e))?;
    watch(
        ctx,
        &info.id,
        marker,
        total,
        &format!("run `{} destroy` again to keep waiting", ctx.bin),
    )
    .await
    .and_then(|w| {
        if w.status == "DELETE_COMPLETE" {
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
    if is_terminal(&info.status) || info.status == "REVIEW_IN_PROGRESS" {
        return Ok(Some(info));
    }
    if ctx.no_wait {
        return Err(blocked(format!(
            "stack {name} is busy ({}): another operation is running; wait for it, or run `{} {verb}` without --no-wait to wait for it",
            info.status, ctx.bin
        )));
    }
    ctx.console.line(&format!(
        "Stack {name} is busy ({}); waiting for the running operation to finish (up to {})...",
        info.status,
        elapsed(ctx.wait_timeout)
    ));
    let marker = latest_event_id(ctx, &info.id).await?;
    let w = watch(
        ctx,
        &info.id,
        marker,
        0,
        &format!("run `{} {verb}` again to keep waiting", ctx.bin),
    )
    .await?;
    ctx.console.line(&format!(
        "Stack {name}: the running operation ended ({})",
        w.status
    ));
    describe(ctx, name).await
}
