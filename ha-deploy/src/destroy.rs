//! `destroy`: protection check, empty buckets, delete recovery points, delete, verify.

use crate::app::SynthOutput;
use crate::aws::explain;
use crate::deploy::apply;
use crate::error::{blocked, failed};
use crate::stack::{delete_and_watch, describe, settle, Ctx};

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

/// `(type, physical id)` of every resource of the stack.
async fn stack_resources(ctx: &Ctx<'_>, stack: &str) -> anyhow::Result<Vec<(String, String)>> {
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
        out.extend(page.stack_resource_summaries().iter().filter_map(|r| {
            Some((
                r.resource_type()?.to_string(),
                r.physical_resource_id()?.to_string(),
            ))
        }));
        token = page.next_token().map(String::from);
        if token.is_none() {
            return Ok(out);
        }
    }
}

/// Physical ids of one resource type.
pub fn of_type(resources: &[(String, String)], kind: &str) -> Vec<String> {
    resources
        .iter()
        .filter(|(k, _)| k == kind)
        .map(|(_, id)| id.clone())
        .collect()
}

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

/// Whether a backup vault still exists.
async fn vault_exists(ctx: &Ctx<'_>, vault: &str) -> anyhow::Result<bool> {
    let result = ctx
        .clients
        .backup
        .describe_backup_vault()
        .backup_vault_name(vault)
        .send()
        .await;
    match result {
        Ok(_) => Ok(true),
        Err(e)
            if e.as_service_error()
                .is_some_and(|s| s.is_resource_not_found_exception()) =>
        {
            Ok(false)
        }
        Err(e) => Err(explain("backup:DescribeBackupVault", None, e)),
    }
}

/// Delete every object version and delete marker; returns how many were deleted.
pub async fn empty_bucket(ctx: &Ctx<'_>, bucket: &str) -> anyhow::Result<usize> {
    let mut deleted = 0;
    loop {
        let page = match ctx
            .clients
            .s3
            .list_object_versions()
            .bucket(bucket)
            .send()
            .await
        {
            Ok(p) => p,
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.meta().code() == Some("NoSuchBucket")) =>
            {
                return Ok(deleted)
            }
            Err(e) => return Err(explain("s3:ListObjectVersions", None, e)),
        };
        let ids: Vec<(String, Option<String>)> = page
            .versions()
            .iter()
            .map(|v| (v.key(), v.version_id()))
            .chain(
                page.delete_markers()
                    .iter()
                    .map(|m| (m.key(), m.version_id())),
            )
            .filter_map(|(k, v)| Some((k?.to_string(), v.map(String::from))))
            .collect();
        if ids.is_empty() {
            return Ok(deleted);
        }
        for (key, version) in ids {
            ctx.clients
                .s3
                .delete_object()
                .bucket(bucket)
                .key(key)
                .set_version_id(version)
                .send()
                .await
                .map_err(|e| explain("s3:DeleteObject", None, e))?;
            deleted += 1;
        }
    }
}

/// Delete every recovery point in a backup vault; returns how many.
pub async fn delete_recovery_points(ctx: &Ctx<'_>, vault: &str) -> anyhow::Result<usize> {
    let mut deleted = 0;
    let mut token = None;
    loop {
        let page = match ctx
            .clients
            .backup
            .list_recovery_points_by_backup_vault()
            .backup_vault_name(vault)
            .set_next_token(token)
            .send()
            .await
        {
            Ok(p) => p,
            Err(e) => {
                ctx.console.line(&format!(
                    "warning: cannot list recovery points of vault {vault}: {}",
                    crate::aws::chain_text(&e)
                ));
                return Ok(deleted);
            }
        };
        for rp in page.recovery_points() {
            if let Some(arn) = rp.recovery_point_arn() {
                ctx.clients
                    .backup
                    .delete_recovery_point()
                    .backup_vault_name(vault)
                    .recovery_point_arn(arn)
                    .send()
                    .await
                    .map_err(|e| explain("backup:DeleteRecoveryPoint", None, e))?;
                deleted += 1;
            }
        }
        token = page.next_token().map(String::from);
        if token.is_none() {
            return Ok(deleted);
        }
    }
}

/// `destroy`.
pub async fn destroy(ctx: &Ctx<'_>, synth: &SynthOutput, force: bool) -> anyhow::Result<()> {
    let name = &synth.stack_name;
    let Some(info) = describe(ctx, name).await? else {
        ctx.console
            .line(&format!("Stack {name} does not exist: nothing to destroy."));
        return Ok(());
    };
    let Some(mut info) = settle(ctx, name, info, "destroy").await? else {
        ctx.console
            .line(&format!("Stack {name} is gone: nothing to destroy."));
        return Ok(());
    };
    if (synth.deletion_protected || info.termination_protection) && !force {
        return Err(blocked(format!(
            "stack {name} is deletion-protected (production): destroy refused. Rerun with --force to switch protection off and delete it"
        )));
    }
    if synth.deletion_protected && !synth.unprotect_parameters.is_empty() {
        ctx.console.line(&format!(
            "--force: switching deletion protection off on {name} first..."
        ));
        let params = merge_parameters(&synth.parameters, &synth.unprotect_parameters);
        apply(ctx, synth, &params).await?;
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
    let resources = stack_resources(ctx, &info.id).await?;
    let owned = Owned {
        buckets: of_type(&resources, "AWS::S3::Bucket"),
        vaults: of_type(&resources, "AWS::Backup::BackupVault"),
        exports: exports_of(ctx, &info.id).await?,
    };
    for b in &owned.buckets {
        let n = empty_bucket(ctx, b).await?;
        ctx.console.line(&format!(
            "Emptied bucket {b} ({n} object version(s) and delete marker(s))"
        ));
    }
    for v in &owned.vaults {
        let n = delete_recovery_points(ctx, v).await?;
        ctx.console.line(&format!(
            "Deleted {n} recovery point(s) in backup vault {v}"
        ));
    }
    let total = crate::template::resources(&crate::template::parse(&synth.template_json)?).len();
    ctx.console.line(&format!("Deleting stack {name}..."));
    delete_and_watch(ctx, &info, name, total).await?;
    verify(ctx, name, &info.id, &owned).await
}

/// What the stack owned before the delete: checked again afterwards.
struct Owned {
    buckets: Vec<String>,
    vaults: Vec<String>,
    exports: Vec<String>,
}

/// After the delete: the stack, its buckets, its backup vaults and its exports are gone.
async fn verify(ctx: &Ctx<'_>, name: &str, stack_id: &str, owned: &Owned) -> anyhow::Result<()> {
    let Owned {
        buckets,
        vaults,
        exports,
    } = owned;
    let mut left = Vec::new();
    let stack = describe(ctx, name).await?;
    if stack.is_some_and(|s| s.status != "DELETE_COMPLETE") {
        left.push(format!("stack {name}"));
    }
    for b in buckets {
        if ctx.clients.s3.head_bucket().bucket(b).send().await.is_ok() {
            left.push(format!("bucket {b}"));
        }
    }
    for v in vaults {
        if vault_exists(ctx, v).await? {
            left.push(format!("backup vault {v}"));
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
    let checked: Vec<String> = buckets
        .iter()
        .map(|b| format!("bucket {b}"))
        .chain(vaults.iter().map(|v| format!("backup vault {v}")))
        .chain(exports.iter().map(|e| format!("export {e}")))
        .collect();
    if !checked.is_empty() {
        ctx.console
            .line(&format!("Checked gone: {}", checked.join(", ")));
    }
    ctx.console.line(&format!(
        "Verified: stack {name} is gone and nothing is left ({} bucket(s), {} backup vault(s), {} export(s) checked).",
        buckets.len(),
        vaults.len(),
        exports.len()
    ));
    Ok(())
}
