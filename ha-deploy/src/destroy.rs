//! `destroy`: check everything first (protection as deployed, exports in use, production
//! data, databases without a final snapshot), show the plan, confirm, then act: unprotect,
//! empty the data stores, delete, verify.

use crate::app::SynthOutput;
use crate::aws::explain;
use crate::deploy::{apply, delete_failed_resources, render_blockers, DeployOptions};
use crate::error::{failed, refused};
use crate::protect::{confirm_typed, Protection};
use crate::stack::{
    delete_and_watch, deployed_template, describe, settle, stack_resources, wait_for_other_runs,
    Ctx, StackInfo, StackResource, StackStatus,
};
use crate::store::DataStore;
use serde_json::Value;
use std::collections::BTreeMap;

/// `destroy` options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DestroyOptions {
    /// Destroy a protected stack (switch its protection off first).
    pub force: bool,
    /// Delete the data of a protected (production) stack: object versions, recovery points,
    /// databases without a final snapshot.
    pub delete_data: bool,
}

/// Parameters with `overrides` replacing same-named entries (and appended otherwise).
pub fn merge_parameters(
    base: &[(String, String)],
    overrides: &[(String, String)],
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = base
        .iter()
        .map(|(k, v)| {
            let v = overrides
                .iter()
                .find(|(ok, _)| ok == k)
                .map_or(v, |(_, ov)| ov);
            (k.clone(), v.clone())
        })
        .collect();
    for (k, v) in overrides {
        if !base.iter().any(|(bk, _)| bk == k) {
            out.push((k.clone(), v.clone()));
        }
    }
    out
}

/// `DeletionPolicy` of every resource of a template (JSON; anything else gives none).
pub fn deletion_policies(template: &str) -> BTreeMap<String, String> {
    serde_json::from_str::<Value>(template)
        .ok()
        .and_then(|t| t.get("Resources").and_then(Value::as_object).cloned())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(id, r)| Some((id, r.get("DeletionPolicy")?.as_str()?.to_string())))
        .collect()
}

/// Whether a deletion policy keeps the resource.
pub fn keeps(policy: Option<&String>) -> bool {
    matches!(
        policy.map(String::as_str),
        Some("Retain" | "RetainExceptOnCreate")
    )
}

/// Resource types that are databases: deleting one without a final snapshot loses data.
pub const DATABASES: &[&str] = &["AWS::RDS::DBCluster", "AWS::RDS::DBInstance"];

/// Names of the exports of a stack (by stack id).
async fn exports_of(ctx: &Ctx<'_>, stack_id: &str) -> anyhow::Result<Vec<String>> {
    let mut names = Vec::new();
    let mut token = None;
    loop {
        let page = ctx
            .clients
            .cfn
            .list_exports()
            .set_next_token(token)
            .send()
            .await
            .map_err(|e| explain("cloudformation:ListExports", None, e))?;
        names.extend(
            page.exports()
                .iter()
                .filter(|e| e.exporting_stack_id() == Some(stack_id))
                .filter_map(|e| e.name())
                .map(String::from),
        );
        token = page.next_token().map(String::from);
        if token.is_none() {
            return Ok(names);
        }
    }
}

/// Stacks importing `export`; a warning (and none) when the endpoint cannot say.
async fn importers(ctx: &Ctx<'_>, export: &str) -> Vec<String> {
    use aws_smithy_types::error::metadata::ProvideErrorMetadata;
    match ctx
        .clients
        .cfn
        .list_imports()
        .export_name(export)
        .send()
        .await
    {
        Ok(out) => out.imports().to_vec(),
        Err(e) if e.message().is_some_and(|m| m.contains("is not imported")) => Vec::new(),
        Err(e) => {
            ctx.console.line(&format!(
                "warning: cannot check which stacks import {export}: {}",
                crate::aws::chain_text(&e)
            ));
            Vec::new()
        }
    }
}

/// One data store of the stack and what it holds.
struct Held<'s> {
    store: &'s dyn DataStore,
    id: String,
    kept: bool,
    items: usize,
}

/// Everything read before acting.
struct Survey<'s> {
    resources: Vec<StackResource>,
    held: Vec<Held<'s>>,
    exports: Vec<String>,
    databases: Vec<(StackResource, Option<String>)>,
}

async fn survey<'s>(
    ctx: &Ctx<'_>,
    info: &StackInfo,
    stores: &'s [Box<dyn DataStore>],
    leaving: &[String],
) -> anyhow::Result<Survey<'s>> {
    let resources: Vec<StackResource> = stack_resources(ctx, &info.id)
        .await?
        .into_iter()
        .filter(|r| r.status != "DELETE_COMPLETE")
        .collect();
    let policies = deletion_policies(&deployed_template(ctx, &info.id).await?);
    let exports = exports_of(ctx, &info.id).await?;
    let mut in_use = Vec::new();
    for e in &exports {
        // Stacks destroyed before this one (the app's consumers) do not keep it.
        for s in importers(ctx, e).await {
            if !leaving.contains(&s) {
                in_use.push(format!("{e} (imported by {s})"));
            }
        }
    }
    if !in_use.is_empty() {
        return Err(refused(format!(
            "stack exports are in use: {}. Deleting the stack would fail after its data is gone: remove the imports first; nothing was changed",
            in_use.join(", ")
        )));
    }
    let mut held = Vec::new();
    for store in stores {
        for r in resources
            .iter()
            .filter(|r| r.kind == store.resource_type() && !r.physical_id.is_empty())
        {
            let kept = keeps(policies.get(&r.logical_id));
            let items = if kept {
                0
            } else {
                store.count(ctx, &r.physical_id).await?
            };
            held.push(Held {
                store: store.as_ref(),
                id: r.physical_id.clone(),
                kept,
                items,
            });
        }
    }
    let databases = resources
        .iter()
        .filter(|r| DATABASES.contains(&r.kind.as_str()))
        .map(|r| (r.clone(), policies.get(&r.logical_id).cloned()))
        .collect();
    Ok(Survey {
        resources,
        held,
        exports,
        databases,
    })
}

/// A destroy checked and shown, ready to act on.
struct Plan<'a, 's> {
    synth: &'a SynthOutput,
    opts: DestroyOptions,
    info: StackInfo,
    protection: Protection,
    protected: bool,
    survey: Survey<'s>,
}

/// `destroy` of one stack: check, show the plan, confirm (type the stack name), act.
pub async fn destroy(
    ctx: &Ctx<'_>,
    synth: &SynthOutput,
    opts: DestroyOptions,
    stores: &[Box<dyn DataStore>],
) -> anyhow::Result<()> {
    let Some(p) = plan(ctx, synth, opts, stores, &[]).await? else {
        return Ok(());
    };
    let action = if p.protected {
        "delete this PROTECTED stack"
    } else {
        "delete it"
    };
    confirm_typed(ctx, &synth.stack_name, action).await?;
    act(ctx, p).await
}

/// `destroy` of a whole app: `stacks` in destroy order (reverse dependency order). Every stack
/// is checked and its plan shown first (nothing is changed when a check fails), then one
/// confirmation for the app (type the first stack's name, or `--yes`), then each stack is
/// destroyed in order; the first failure stops the run.
pub async fn destroy_app(
    ctx: &Ctx<'_>,
    stacks: &[SynthOutput],
    opts: DestroyOptions,
    stores: &[Box<dyn DataStore>],
) -> anyhow::Result<()> {
    let names: Vec<String> = stacks.iter().map(|s| s.stack_name.clone()).collect();
    let mut plans = Vec::new();
    for (i, s) in stacks.iter().enumerate() {
        // Importers destroyed earlier in this run do not block a stack.
        if let Some(p) = plan(ctx, s, opts, stores, &names[..i]).await? {
            plans.push(p);
        }
    }
    let Some(first) = plans.first().map(|p| p.synth.stack_name.clone()) else {
        return Ok(());
    };
    let order: Vec<String> = plans.iter().map(|p| p.synth.stack_name.clone()).collect();
    ctx.console.line(&format!(
        "Destroy order: {} (dependents first).",
        order.join(", ")
    ));
    let action = format!("delete the {} stacks of this app", plans.len());
    confirm_typed(ctx, &first, &action).await?;
    for (i, p) in plans.into_iter().enumerate() {
        let r = act(ctx, p).await;
        crate::deploy::stop_on_failure(ctx.console, "destroy", "destroyed", &order, i, r)?;
    }
    Ok(())
}

/// Check one stack and print its destroy plan; `None` when there is nothing to destroy.
/// `leaving`: stacks destroyed before this one in the same run (their imports do not count).
async fn plan<'a, 's>(
    ctx: &Ctx<'_>,
    synth: &'a SynthOutput,
    opts: DestroyOptions,
    stores: &'s [Box<dyn DataStore>],
    leaving: &[String],
) -> anyhow::Result<Option<Plan<'a, 's>>> {
    let name = &synth.stack_name;
    let info = loop {
        let Some(info) = describe(ctx, name).await? else {
            ctx.console
                .line(&format!("Stack {name} does not exist: nothing to destroy."));
            return Ok(None);
        };
        let Some(info) = settle(ctx, name, info, "destroy").await? else {
            ctx.console
                .line(&format!("Stack {name} is gone: nothing to destroy."));
            return Ok(None);
        };
        if !wait_for_other_runs(ctx, name, "destroy").await? {
            break info;
        }
    };
    // 1. Protection as deployed (the command line can only add to it).
    let protection = Protection::read(&info, &synth.unprotect_parameters);
    let protected = protection.is_protected() || synth.deletion_protected;
    if protected && !opts.force {
        let how = if protection.is_protected() {
            format!("as deployed: {}", protection.describe())
        } else {
            "by the app's options".to_string()
        };
        return Err(refused(format!(
            "stack {name} is deletion-protected ({how}): destroy refused, nothing was changed. To delete it, rerun with --force (its backups and object versions are still kept unless you add --delete-data)"
        )));
    }
    if info.status == StackStatus::DeleteFailed {
        let blockers = delete_failed_resources(ctx, &info.id).await?;
        ctx.console.line(&format!(
            "Stack {name} is half deleted (DELETE_FAILED); the last delete was blocked by: {}. Finishing it.",
            render_blockers(&blockers)
        ));
    }
    // 2. Read everything; refuse before acting.
    let s = survey(ctx, &info, stores, leaving).await?;
    if protected && !opts.delete_data {
        let mut data: Vec<String> = s
            .held
            .iter()
            .filter(|h| !h.kept && h.items > 0)
            .map(|h| {
                format!(
                    "{} {} ({} {})",
                    h.store.noun(),
                    h.id,
                    h.items,
                    h.store.items()
                )
            })
            .collect();
        data.extend(
            s.databases
                .iter()
                .filter(|(_, p)| !keeps(p.as_ref()) && p.as_deref() != Some("Snapshot"))
                .map(|(r, _)| {
                    format!(
                        "{} {} (DeletionPolicy Delete: no final snapshot)",
                        r.kind, r.physical_id
                    )
                }),
        );
        if !data.is_empty() {
            return Err(refused(format!(
                "production stack {name} holds data that destroy would delete: {}. Backups, object versions and databases of a protected stack are never deleted by default: pass --delete-data to delete them (each deletion is listed), or keep them (DeletionPolicy Retain / Snapshot); nothing was changed",
                data.join(", ")
            )));
        }
    }
    // 3. The plan, then the confirmation.
    ctx.console.line(&format!(
        "Destroy plan for stack {name} (account {}, region {}): delete {} resource(s){}.",
        ctx.identity.account,
        ctx.clients.region,
        s.resources.len(),
        if protected {
            format!(
                ", after switching its protection off ({})",
                protection.describe()
            )
        } else {
            String::new()
        }
    ));
    for h in &s.held {
        if h.kept {
            ctx.console.line(&format!(
                "  keep {} {} (DeletionPolicy Retain): its contents are not touched",
                h.store.noun(),
                h.id
            ));
        } else if h.items > 0 {
            ctx.console.line(&format!(
                "  delete {} {} in {} {}",
                h.items,
                h.store.items(),
                h.store.noun(),
                h.id
            ));
        }
    }
    for (r, policy) in &s.databases {
        let what = match policy.as_deref() {
            Some("Snapshot") => "CloudFormation takes a final snapshot (DeletionPolicy Snapshot)",
            Some("Retain" | "RetainExceptOnCreate") => "kept (DeletionPolicy Retain)",
            _ => "deleted WITHOUT a final snapshot",
        };
        ctx.console
            .line(&format!("  {} {}: {what}", r.kind, r.physical_id));
    }
    Ok(Some(Plan {
        synth,
        opts,
        info,
        protection,
        protected,
        survey: s,
    }))
}

/// Act on a checked plan: unprotect, empty the data stores, delete, verify.
async fn act(ctx: &Ctx<'_>, plan: Plan<'_, '_>) -> anyhow::Result<()> {
    let Plan {
        synth,
        opts,
        info,
        protection,
        protected: _,
        survey: s,
    } = plan;
    let name = &synth.stack_name;
    let mut info = info;
    if !protection.parameters.is_empty() && info.status != StackStatus::DeleteFailed {
        ctx.console.line(&format!(
            "--force: switching deletion protection off on {name} first..."
        ));
        let mut overrides = synth.unprotect_parameters.clone();
        if opts.delete_data {
            // --delete-data: let the template delete what it keeps by default (backups).
            overrides.extend(synth.delete_data_parameters.iter().cloned());
        }
        let params = merge_parameters(&synth.parameters, &overrides);
        let opts = DeployOptions {
            remove_protection: true,
            confirmed: true,
            express: false,
        };
        Box::pin(apply(ctx, synth, &params, opts)).await?;
        info = describe(ctx, name).await?.unwrap_or(info);
    }
    if info.termination_protection {
        ctx.clients
            .cfn
            .update_termination_protection()
            .stack_name(name)
            .enable_termination_protection(false)
            .send()
            .await
            .map_err(|e| explain("cloudformation:UpdateTerminationProtection", None, e))?;
        ctx.console
            .line(&format!("Termination protection of {name} switched off."));
    }
    for h in s.held.iter().filter(|h| !h.kept) {
        let n = h.store.empty(ctx, &h.id).await?;
        ctx.console.line(&format!(
            "Deleted {n} {} in {} {}",
            h.store.items(),
            h.store.noun(),
            h.id
        ));
    }
    ctx.console.line(&format!("Deleting stack {name}..."));
    let w = delete_and_watch(ctx, &info, name, s.resources.len()).await?;
    ctx.console.line(&format!(
        "Stack {name}: DELETE_COMPLETE in {} ({} deleted).",
        crate::progress::elapsed(w.took),
        s.resources.len()
    ));
    crate::snapshot::report(ctx, &s.databases).await;
    verify(ctx, name, &info.id, &s).await
}

/// After the delete: the stack, its data stores and its exports are gone.
async fn verify(ctx: &Ctx<'_>, name: &str, stack_id: &str, s: &Survey<'_>) -> anyhow::Result<()> {
    let mut left = Vec::new();
    let stack = describe(ctx, name).await?;
    if stack.is_some_and(|s| s.status != StackStatus::DeleteComplete) {
        left.push(format!("stack {name}"));
    }
    let gone: Vec<&Held> = s.held.iter().filter(|h| !h.kept).collect();
    for h in &gone {
        if h.store.exists(ctx, &h.id).await? {
            left.push(format!("{} {}", h.store.noun(), h.id));
        }
    }
    let remaining = exports_of(ctx, stack_id).await?;
    left.extend(remaining.iter().map(|e| format!("export {e}")));
    if !left.is_empty() {
        return Err(failed(format!(
            "stack {name} was deleted but these are left behind: {}",
            left.join(", ")
        )));
    }
    let checked: Vec<String> = gone
        .iter()
        .map(|h| format!("{} {}", h.store.noun(), h.id))
        .chain(s.exports.iter().map(|e| format!("export {e}")))
        .collect();
    if !checked.is_empty() {
        ctx.console
            .line(&format!("Checked gone: {}", checked.join(", ")));
    }
    ctx.console.line(&format!(
        "Verified: stack {name} is gone and nothing is left ({} data store(s), {} export(s) checked).",
        gone.len(),
        s.exports.len()
    ));
    Ok(())
}
