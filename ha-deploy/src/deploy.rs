//! `deploy` and `diff`: change sets, confirmation, execution, outputs.

use crate::app::SynthOutput;
use crate::diff::{
    confirmation_reasons, infer_replacements, json_diff, render_changes, render_paths, Change,
};
use crate::error::{blocked, input};
use crate::outputs::{table, write_flat};
use crate::stack::{
    create_change_set, delete_and_watch, delete_change_set, deployed_template, describe,
    execute_change_set, latest_event_id, report_failure, settle, watch, ChangeSetOutcome, Ctx,
    StackInfo, TemplateSource,
};
use crate::template::{parse, resources};
use sha2::{Digest, Sha256};

/// CloudFormation's limit for an inline `TemplateBody`.
pub const MAX_INLINE_TEMPLATE: usize = 51_200;

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
            "the template is {} bytes (over the {MAX_INLINE_TEMPLATE}-byte inline limit) and the staging bucket {bucket} does not exist or is not reachable: run `{} bootstrap` first",
            body.len(),
            ctx.bin
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// Nothing to change.
    NoChanges,
    /// The change set was executed and the stack reached this status.
    Done(String),
}

/// The stack, ready for a change set: waits for busy stacks, replaces a ROLLBACK_COMPLETE one.
async fn prepare(ctx: &Ctx<'_>, name: &str, total: usize) -> anyhow::Result<Option<StackInfo>> {
    let Some(info) = describe(ctx, name).await? else {
        return Ok(None);
    };
    let Some(info) = settle(ctx, name, info, "deploy").await? else {
        return Ok(None);
    };
    let why = match info.status.as_str() {
        "ROLLBACK_COMPLETE" => "its first create failed and it cannot be updated",
        "REVIEW_IN_PROGRESS" => {
            "an earlier create change set was never executed; it holds no resources"
        }
        _ => return Ok(Some(info)),
    };
    ctx.console.line(&format!(
        "Stack {name} is in {} ({why}): deleting it and creating it again.",
        info.status
    ));
    delete_and_watch(ctx, &info, name, total).await?;
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

/// Create a change set for `synth` with `parameters`, show it, confirm, execute and watch.
pub async fn apply(
    ctx: &Ctx<'_>,
    synth: &SynthOutput,
    parameters: &[(String, String)],
) -> anyhow::Result<Applied> {
    let name = &synth.stack_name;
    let new_tpl = parse(&synth.template_json)?;
    let total = resources(&new_tpl).len();
    let existing = prepare(ctx, name, total).await?;
    let create = existing.is_none();
    let source = template_source(ctx, synth).await?;
    ctx.console.line(&format!(
        "{} stack {name} in {} (account {})...",
        if create { "Creating" } else { "Updating" },
        ctx.clients.region,
        ctx.identity.account
    ));
    let outcome = create_change_set(ctx, name, create, &source, parameters, &synth.tags).await?;
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
    if let Err(e) = confirm(ctx, name, &id, &changes).await {
        if create {
            // The CREATE change set left an empty REVIEW_IN_PROGRESS stack behind: remove it.
            let _ = ctx.clients.cfn.delete_stack().stack_name(name).send().await;
        }
        return Err(e);
    }
    let marker = if create {
        None
    } else {
        latest_event_id(ctx, name).await?
    };
    execute_change_set(ctx, name, &id).await?;
    let w = watch(
        ctx,
        name,
        marker,
        total,
        &format!(
            "run `{} deploy` again to wait for the running operation",
            ctx.bin
        ),
    )
    .await?;
    if crate::progress::is_success(&w.status) {
        ctx.console.line(&format!("Stack {name}: {}", w.status));
        Ok(Applied::Done(w.status))
    } else {
        Err(report_failure(ctx, name, &w, "deploy"))
    }
}

async fn confirm(ctx: &Ctx<'_>, name: &str, id: &str, changes: &[Change]) -> anyhow::Result<()> {
    let reasons = confirmation_reasons(changes);
    if reasons.is_empty() || ctx.yes {
        return Ok(());
    }
    let what = reasons.join(", ");
    if !ctx.console.is_interactive() {
        delete_change_set(ctx, name, id).await;
        return Err(blocked(format!(
            "these changes need confirmation ({what}) and stdin is not a terminal: rerun with --yes to approve them"
        )));
    }
    if !ctx.console.confirm(&format!(
        "These changes need confirmation ({what}). Deploy?"
    )) {
        delete_change_set(ctx, name, id).await;
        return Err(blocked(
            "deploy declined: nothing was changed (change set deleted)",
        ));
    }
    Ok(())
}

/// `deploy`: apply, then print outputs and write the flat outputs file.
pub async fn deploy(ctx: &Ctx<'_>, synth: &SynthOutput) -> anyhow::Result<()> {
    apply(ctx, synth, &synth.parameters).await?;
    show_outputs(ctx, &synth.stack_name).await
}

/// Print the outputs table and write `cfn-outputs/flat-outputs.json`.
pub async fn show_outputs(ctx: &Ctx<'_>, name: &str) -> anyhow::Result<()> {
    let Some(info) = describe(ctx, name).await? else {
        return Err(input(format!(
            "stack {name} does not exist: run `{} deploy` first",
            ctx.bin
        )));
    };
    ctx.console.line("Outputs:");
    for l in table(&info.outputs) {
        ctx.console.line(&format!("  {l}"));
    }
    let path = write_flat(&ctx.cwd, &info.outputs)?;
    ctx.console.line(&format!("Wrote {}", path.display()));
    Ok(())
}

/// `diff`: change set against the deployed stack plus a property-by-property template diff.
pub async fn diff(ctx: &Ctx<'_>, synth: &SynthOutput) -> anyhow::Result<()> {
    let name = &synth.stack_name;
    let new_tpl = parse(&synth.template_json)?;
    let existing = describe(ctx, name).await?;
    let deployed = existing
        .as_ref()
        .is_some_and(|s| s.status != "REVIEW_IN_PROGRESS" && s.status != "ROLLBACK_COMPLETE");
    let old_tpl = old_template(ctx, name, deployed).await?;
    if deployed {
        let source = template_source(ctx, synth).await?;
        match create_change_set(ctx, name, false, &source, &synth.parameters, &synth.tags).await? {
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
