//! `deploy` and `diff`: change sets, confirmation, execution, outputs.

use crate::app::SynthOutput;
use crate::diff::{
    confirmation_reasons, infer_replacements, json_diff, render_changes, render_paths, Change,
};
use crate::error::{blocked, failed, input, interrupted, refused};
use crate::outputs::{table, write_flat};
use crate::protect::{
    confirm_typed, lowered, parameter_changes, render_parameter_changes, Protection,
};
use crate::stack::{
    ask_yes, create_change_set, delete_and_watch, delete_change_set, deployed_template, describe,
    execute_change_set, latest_event_id, pending_runs, report_failure, settle, stack_resources,
    wait_for_other_runs, was_interrupted, watch, ChangeSetOutcome, ChangeSetRequest, Ctx,
    StackInfo, StackStatus, TemplateSource,
};
use crate::template::{parse, resources};
use sha2::{Digest, Sha256};

/// CloudFormation's limit for an inline `TemplateBody`.
pub use ha_synth::MAX_INLINE_TEMPLATE;

/// Name of the staging bucket for an account and region.
pub fn staging_bucket(account: &str, region: &str) -> String {
    format!("ha-cfn-staging-{account}-{region}")
}

/// S3 key of a template: content-addressed.
pub fn template_key(stack: &str, body: &str) -> String {
    let hash = Sha256::digest(body.as_bytes());
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    format!("templates/{stack}/{hex}.json")
}

/// Inline body when small enough, else upload to the staging bucket and use its URL.
pub async fn template_source(ctx: &Ctx<'_>, synth: &SynthOutput) -> anyhow::Result<TemplateSource> {
    let body = &synth.template_json;
    if body.len() <= MAX_INLINE_TEMPLATE {
        return Ok(TemplateSource::Body(body.clone()));
    }
    let bucket = staging_bucket(&ctx.identity.account, &ctx.clients.region);
    if ctx
        .clients
        .s3
        .head_bucket()
        .bucket(&bucket)
        .send()
        .await
        .is_err()
    {
        return Err(input(format!(
            "the template is {} bytes (over the {MAX_INLINE_TEMPLATE}-byte inline limit) and the staging bucket {bucket} does not exist or is not reachable: run `{}` first",
            body.len(),
            ctx.hint.cmd("bootstrap")
        )));
    }
    let key = template_key(&synth.stack_name, body);
    ctx.clients
        .s3
        .put_object()
        .bucket(&bucket)
        .key(&key)
        .body(body.clone().into_bytes().into())
        .content_type("application/json")
        .send()
        .await
        .map_err(|e| crate::aws::explain("s3:PutObject (template upload)", None, e))?;
    ctx.console.line(&format!(
        "Template is {} bytes: uploaded to s3://{bucket}/{key}",
        body.len()
    ));
    Ok(TemplateSource::Url(format!(
        "https://{bucket}.s3.{}.amazonaws.com/{key}",
        ctx.clients.region
    )))
}

/// How [`apply`] ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Applied {
    /// Nothing to change.
    NoChanges,
    /// The change set was executed and the stack reached this status.
    Done(StackStatus),
}

/// `deploy` options beyond the app's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DeployOptions {
    /// Lower the deletion protection of a protected stack on purpose (after a confirmation).
    pub remove_protection: bool,
    /// The protection change was already confirmed (destroy --force asked before).
    pub confirmed: bool,
    /// Express deployment (`DeploymentConfig` mode EXPRESS).
    pub express: bool,
}

/// `(logical id, type, reason)` of the resources of `stack` that failed to delete.
pub async fn delete_failed_resources(
    ctx: &Ctx<'_>,
    stack: &str,
) -> anyhow::Result<Vec<(String, String, String)>> {
    Ok(stack_resources(ctx, stack)
        .await?
        .into_iter()
        .filter(|r| r.status == "DELETE_FAILED")
        .map(|r| (r.logical_id, r.kind, r.reason))
        .collect())
}

/// `A (AWS::S3::Bucket): reason; B (...): reason`
pub fn render_blockers(blockers: &[(String, String, String)]) -> String {
    blockers
        .iter()
        .map(|(id, kind, reason)| format!("{id} ({kind}): {reason}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The stack, ready for a change set: waits for busy stacks and for other runs' change sets,
/// replaces a ROLLBACK_COMPLETE or abandoned REVIEW_IN_PROGRESS one, refuses a half-deleted one.
async fn prepare(ctx: &Ctx<'_>, name: &str) -> anyhow::Result<Option<StackInfo>> {
    let Some(info) = describe(ctx, name).await? else {
        return Ok(None);
    };
    let Some(info) = settle(ctx, name, info, "deploy").await? else {
        return Ok(None);
    };
    if wait_for_other_runs(ctx, name, "deploy").await? {
        return Box::pin(prepare(ctx, name)).await;
    }
    let why = match info.status {
        StackStatus::RollbackComplete => "its first create failed and it cannot be updated",
        StackStatus::ReviewInProgress => {
            "an earlier create change set was never executed; it holds no resources"
        }
        StackStatus::DeleteFailed => {
            let blockers = delete_failed_resources(ctx, &info.id).await?;
            return Err(refused(format!(
                "stack {name} is half deleted (DELETE_FAILED): deploying over it would not restore what is gone. Blocked by: {}. Finish the deletion with `{}` first",
                render_blockers(&blockers),
                ctx.hint.cmd("destroy")
            )));
        }
        _ => return Ok(Some(info)),
    };
    ctx.console.line(&format!(
        "Stack {name} is in {} ({why}): deleting it and creating it again.",
        info.status.as_str()
    ));
    delete_and_watch(ctx, &info, name, 0).await?;
    Ok(None)
}

/// Old template of a deployed stack (empty object for a new one).
async fn old_template(
    ctx: &Ctx<'_>,
    name: &str,
    exists: bool,
) -> anyhow::Result<serde_json::Value> {
    if !exists {
        return Ok(serde_json::json!({}));
    }
    let text = deployed_template(ctx, name).await?;
    Ok(serde_json::from_str(&text).unwrap_or_else(|_| serde_json::json!({})))
}

/// Print the parameter values that change against the deployed stack.
fn print_parameter_changes(ctx: &Ctx<'_>, info: &StackInfo, parameters: &[(String, String)]) {
    let changes = parameter_changes(&info.parameters, parameters);
    if !changes.is_empty() {
        ctx.console
            .line(&format!("Parameters ({}):", changes.len()));
        for l in render_parameter_changes(&changes) {
            ctx.console.line(&format!("  ~ {l}"));
        }
    }
}

/// Refuse (or, with `--remove-deletion-protection`, confirm) a deploy that lowers the
/// protection the deployed stack has; print every parameter that changes.
async fn check_protection(
    ctx: &Ctx<'_>,
    info: &StackInfo,
    synth: &SynthOutput,
    parameters: &[(String, String)],
    opts: DeployOptions,
) -> anyhow::Result<()> {
    let name = &synth.stack_name;
    print_parameter_changes(ctx, info, parameters);
    let protection = Protection::read(info, &synth.unprotect_parameters);
    let lower = lowered(&protection, parameters, &synth.unprotect_parameters);
    if lower.is_empty() {
        return Ok(());
    }
    let what: Vec<String> = lower
        .iter()
        .map(|(k, old, new)| format!("{k} {old} → {new}"))
        .collect();
    let what = what.join(", ");
    if !opts.remove_protection {
        return Err(refused(format!(
            "stack {name} is deletion-protected as deployed ({}); this deploy would lower it ({what}). Deploy it with the options it was deployed with (e.g. --production), or pass --remove-deletion-protection to lower the protection on purpose",
            protection.describe()
        )));
    }
    ctx.console.line(&format!(
        "--remove-deletion-protection: this deploy lowers the protection of {name} ({what})."
    ));
    if opts.confirmed {
        return Ok(());
    }
    confirm_typed(ctx, name, "lower its deletion protection").await
}

/// Delete this run's change set and, for a create, the empty REVIEW_IN_PROGRESS stack it
/// made — unless another run holds a change set on it too.
async fn discard(ctx: &Ctx<'_>, name: &str, id: &str, create: bool) {
    delete_change_set(ctx, name, id).await;
    if !create {
        return;
    }
    let empty = matches!(
        describe(ctx, name).await,
        Ok(Some(StackInfo {
            status: StackStatus::ReviewInProgress,
            ..
        }))
    );
    let alone = pending_runs(ctx, name).await.is_ok_and(|p| p.is_empty());
    if empty && alone {
        let _ = ctx
            .clients
            .cfn
            .delete_stack()
            .stack_name(name)
            .client_request_token(&ctx.run_id)
            .send()
            .await;
    }
}

/// `3 created, 1 updated, 0 deleted`
pub fn summary(changes: &[Change]) -> String {
    let n = |a: &str| changes.iter().filter(|c| c.action == a).count();
    format!(
        "{} created, {} updated, {} deleted",
        n("Add"),
        n("Modify") + n("Dynamic") + n("Import"),
        n("Remove")
    )
}

/// Create a change set for `synth` with `parameters`, show it, confirm, execute and watch.
pub async fn apply(
    ctx: &Ctx<'_>,
    synth: &SynthOutput,
    parameters: &[(String, String)],
    opts: DeployOptions,
) -> anyhow::Result<Applied> {
    let name = &synth.stack_name;
    let new_tpl = parse(&synth.template_json)?;
    let existing = prepare(ctx, name).await?;
    if let Some(info) = &existing {
        if info.drift.as_deref() == Some("DRIFTED") {
            ctx.console.line(&format!(
                "warning: stack {name} has drifted from its template (last drift detection): this deploy may overwrite changes made outside CloudFormation. Details: `{}`",
                ctx.hint.cmd("drift")
            ));
        }
        check_protection(ctx, info, synth, parameters, opts).await?;
    }
    let create = existing.is_none();
    let source = template_source(ctx, synth).await?;
    ctx.console.line(&format!(
        "{} stack {name} in {} (account {})...",
        if create { "Creating" } else { "Updating" },
        ctx.clients.region,
        ctx.identity.account
    ));
    let request = ChangeSetRequest {
        stack: name,
        create,
        template: &source,
        parameters,
        tags: &synth.tags,
        express: opts.express,
    };
    let outcome = create_change_set(ctx, &request).await?;
    let ChangeSetOutcome::Ready { id, mut changes } = outcome else {
        ctx.console
            .line(&format!("No changes: stack {name} is up to date."));
        return Ok(Applied::NoChanges);
    };
    let old_tpl = old_template(ctx, name, !create).await?;
    infer_replacements(&mut changes, &old_tpl, &new_tpl, &synth.create_only);
    ctx.console.line(&format!("Changes ({}):", changes.len()));
    for l in render_changes(&changes) {
        ctx.console.line(&format!("  {l}"));
    }
    let confirmed = confirm(ctx, &changes).await;
    if let Err(e) = confirmed {
        discard(ctx, name, &id, create).await;
        return Err(e);
    }
    if was_interrupted(ctx) {
        discard(ctx, name, &id, create).await;
        return Err(interrupted(format!(
            "interrupted before executing: change set {} deleted, never executed; nothing was changed",
            ctx.change_set_name()
        )));
    }
    let marker = if create {
        None
    } else {
        latest_event_id(ctx, name).await?
    };
    execute_change_set(ctx, name, &id).await?;
    let w = watch(ctx, name, marker, changes.len()).await?;
    if crate::progress::is_success(w.status.as_str()) {
        ctx.console.line(&format!(
            "Stack {name}: {} in {} ({}).",
            w.status.as_str(),
            crate::progress::elapsed(w.took),
            summary(&changes)
        ));
        Ok(Applied::Done(w.status))
    } else {
        Err(report_failure(ctx, name, &w, "deploy"))
    }
}

async fn confirm(ctx: &Ctx<'_>, changes: &[Change]) -> anyhow::Result<()> {
    let reasons = confirmation_reasons(changes);
    if reasons.is_empty() || ctx.yes {
        return Ok(());
    }
    let what = reasons.join(", ");
    if !ctx.console.is_interactive() {
        return Err(blocked(format!(
            "these changes need confirmation ({what}) and stdin is not a terminal: rerun with --yes to approve them"
        )));
    }
    let question = format!("These changes need confirmation ({what}). Deploy?");
    if !ask_yes(ctx, &question, "change set deleted, never executed").await? {
        return Err(blocked(
            "deploy declined: nothing was changed (change set deleted)",
        ));
    }
    Ok(())
}

/// `deploy`: apply, then print outputs and write the flat outputs file.
pub async fn deploy(ctx: &Ctx<'_>, synth: &SynthOutput, opts: DeployOptions) -> anyhow::Result<()> {
    apply(ctx, synth, &synth.parameters, opts).await?;
    show_outputs(ctx, &synth.stack_name).await
}

/// Print the outputs table and write `cfn-outputs/flat-outputs.json`.
pub async fn show_outputs(ctx: &Ctx<'_>, name: &str) -> anyhow::Result<()> {
    let Some(info) = describe(ctx, name).await? else {
        return Err(input(format!(
            "stack {name} does not exist: run `{}` first",
            ctx.hint.cmd("deploy")
        )));
    };
    ctx.console.line("Outputs:");
    for l in table(&info.outputs) {
        ctx.console.line(&format!("  {l}"));
    }
    let path = write_flat(&ctx.cwd, name, &info.outputs)?;
    ctx.console.line(&format!("Wrote {}", path.display()));
    Ok(())
}

/// `diff`: change set against the deployed stack plus a property-by-property template diff.
pub async fn diff(ctx: &Ctx<'_>, synth: &SynthOutput) -> anyhow::Result<()> {
    let name = &synth.stack_name;
    let new_tpl = parse(&synth.template_json)?;
    let existing = describe(ctx, name).await?;
    let deployed = existing.as_ref().is_some_and(|s| {
        !matches!(
            s.status,
            StackStatus::ReviewInProgress
                | StackStatus::RollbackComplete
                | StackStatus::DeleteFailed
        )
    });
    let old_tpl = old_template(ctx, name, deployed).await?;
    if let Some(info) = existing.as_ref().filter(|_| deployed) {
        print_parameter_changes(ctx, info, &synth.parameters);
        let source = template_source(ctx, synth).await?;
        let request = ChangeSetRequest {
            stack: name,
            create: false,
            template: &source,
            parameters: &synth.parameters,
            tags: &synth.tags,
            express: false,
        };
        match create_change_set(ctx, &request).await? {
            ChangeSetOutcome::NoChanges => ctx.console.line(&format!("Stack {name}: no changes.")),
            ChangeSetOutcome::Ready { id, mut changes } => {
                delete_change_set(ctx, name, &id).await;
                infer_replacements(&mut changes, &old_tpl, &new_tpl, &synth.create_only);
                ctx.console.line(&format!(
                    "Stack {name}: {} resource change(s):",
                    changes.len()
                ));
                for l in render_changes(&changes) {
                    ctx.console.line(&format!("  {l}"));
                }
            }
        }
    } else {
        let adds: Vec<Change> = resources(&new_tpl)
            .into_iter()
            .map(|r| Change {
                action: "Add".into(),
                logical_id: r.id,
                resource_type: r.kind,
                ..Default::default()
            })
            .collect();
        ctx.console.line(&format!(
            "Stack {name} is not deployed: {} resource(s) to add:",
            adds.len()
        ));
        for l in render_changes(&adds) {
            ctx.console.line(&format!("  {l}"));
        }
    }
    let security = crate::security::changes(&old_tpl, &new_tpl);
    if !security.is_empty() {
        ctx.console
            .line(&format!("Security-sensitive changes ({}):", security.len()));
        for l in crate::security::render(&security) {
            ctx.console.line(&format!("  {l}"));
        }
    }
    let paths = json_diff(&old_tpl, &new_tpl);
    if deployed {
        ctx.console
            .line(&format!("Template changes ({}):", paths.len()));
        for l in render_paths(&paths) {
            ctx.console.line(&format!("  {l}"));
        }
    }
    Ok(())
}

/// `watch`: follow the stack's running operation until it ends (after Ctrl-C or a lost
/// connection); a stack at rest reports its status.
pub async fn watch_verb(ctx: &Ctx<'_>, name: &str) -> anyhow::Result<()> {
    let Some(info) = describe(ctx, name).await? else {
        return Err(input(format!(
            "stack {name} does not exist: nothing to watch"
        )));
    };
    let w = if crate::progress::is_terminal(info.status.as_str()) {
        ctx.console.line(&format!(
            "Stack {name} is at rest ({}): no operation is running.",
            info.status.as_str()
        ));
        return if crate::progress::is_success(info.status.as_str()) {
            Ok(())
        } else {
            Err(failed(format!(
                "the last operation on stack {name} did not succeed ({})",
                info.status.as_str()
            )))
        };
    } else {
        ctx.console.line(&format!(
            "Watching stack {name} ({})...",
            info.status.as_str()
        ));
        let marker = latest_event_id(ctx, &info.id).await?;
        watch(ctx, &info.id, marker, 0).await?
    };
    if crate::progress::is_success(w.status.as_str()) {
        ctx.console.line(&format!(
            "Stack {name}: {} after {} more.",
            w.status.as_str(),
            crate::progress::elapsed(w.took)
        ));
        Ok(())
    } else {
        Err(report_failure(ctx, name, &w, "the operation"))
    }
}

/// Whether a stack in `status` holds its exports for other stacks to import: created and not
/// being (or failed to be) created, rolled back or deleted.
pub fn is_deployed(status: &StackStatus) -> bool {
    let s = status.as_str();
    (s == "CREATE_COMPLETE" || !s.starts_with("CREATE_"))
        && !s.starts_with("ROLLBACK_")
        && !s.starts_with("DELETE_")
        && s != "REVIEW_IN_PROGRESS"
        && s != "UNKNOWN"
}

/// Before deploying `synth` alone: every stack it depends on that is not deployed in this run
/// (`planned`) must be deployed already; else an input error naming the missing stack.
pub async fn check_dependencies(
    ctx: &Ctx<'_>,
    synth: &SynthOutput,
    planned: &[String],
) -> anyhow::Result<()> {
    for d in synth.depends_on.iter().filter(|d| !planned.contains(d)) {
        let status = describe(ctx, d).await?.map(|i| i.status);
        if let Some(msg) = missing_dependency(&synth.stack_name, d, status.as_ref()) {
            return Err(input(msg));
        }
    }
    Ok(())
}

/// Why stack `stack` cannot be deployed alone while its dependency `dep` is in `status`
/// (`None`: it does not exist); `None` when `dep` is deployed.
pub fn missing_dependency(stack: &str, dep: &str, status: Option<&StackStatus>) -> Option<String> {
    let now = match status {
        Some(s) if is_deployed(s) => return None,
        Some(s) => format!("is {}", s.as_str()),
        None => "does not exist".to_string(),
    };
    Some(format!(
        "stack {stack} imports exports of stack {dep}, which {now}: deploy {dep} first (--stack {dep}) or deploy the whole app (without --stack); nothing was changed"
    ))
}

/// `none` for an empty list, else the names comma-separated.
fn listed(names: &[String]) -> String {
    if names.is_empty() {
        "none".to_string()
    } else {
        names.join(", ")
    }
}

/// After stack `i` of `names` (an app run in order) ended with `result`: passes `Ok`; on an
/// error of a run of several stacks, first says which stacks were `done` and which were not
/// attempted, then returns the error unchanged (its exit code decides).
pub fn stop_on_failure(
    console: &crate::console::Console,
    verb: &str,
    done: &str,
    names: &[String],
    i: usize,
    result: anyhow::Result<()>,
) -> anyhow::Result<()> {
    let Err(e) = result else {
        return Ok(());
    };
    if names.len() > 1 {
        console.error(&format!(
            "App {verb} stopped at stack {}: {done}: {}; not attempted: {}.",
            names[i],
            listed(&names[..i]),
            listed(&names[i + 1..])
        ));
    }
    Err(e)
}
