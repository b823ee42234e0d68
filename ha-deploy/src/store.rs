//! Data stores: resources that hold data (S3 object versions, AWS Backup recovery points) that
//! CloudFormation cannot delete while they are not empty. `destroy` counts what each holds
//! before acting (production data is refused without `--delete-data`), empties them, and
//! checks afterwards that they are gone.
//!
//! The runner knows S3 buckets ([`S3Buckets`]); an app adds others through
//! [`crate::plugin::Plugins::stores`] (for example [`BackupVaults`]).

use crate::aws::explain;
use crate::stack::Ctx;
use std::future::Future;
use std::pin::Pin;

/// A boxed future borrowing from its arguments.
pub type BoxFut<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// A kind of resource that holds data.
pub trait DataStore {
    /// Resource type, e.g. `AWS::S3::Bucket`.
    fn resource_type(&self) -> &'static str;
    /// What one is called: `bucket`.
    fn noun(&self) -> &'static str;
    /// What it holds: `object version(s) and delete marker(s)`.
    fn items(&self) -> &'static str;
    /// How many items it holds (the first page: a lower bound).
    fn count<'a>(&'a self, ctx: &'a Ctx<'a>, id: &'a str) -> BoxFut<'a, anyhow::Result<usize>>;
    /// Delete every item; returns how many were deleted.
    fn empty<'a>(&'a self, ctx: &'a Ctx<'a>, id: &'a str) -> BoxFut<'a, anyhow::Result<usize>>;
    /// Whether it still exists (checked after the stack is deleted).
    fn exists<'a>(&'a self, ctx: &'a Ctx<'a>, id: &'a str) -> BoxFut<'a, anyhow::Result<bool>>;
}

/// S3 buckets: every object version and delete marker.
pub struct S3Buckets;

async fn list_versions(
    ctx: &Ctx<'_>,
    bucket: &str,
) -> anyhow::Result<Vec<(String, Option<String>)>> {
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
            return Ok(Vec::new())
        }
        Err(e) => return Err(explain("s3:ListObjectVersions", None, e)),
    };
    Ok(page
        .versions()
        .iter()
        .map(|v| (v.key(), v.version_id()))
        .chain(
            page.delete_markers()
                .iter()
                .map(|m| (m.key(), m.version_id())),
        )
        .filter_map(|(k, v)| Some((k?.to_string(), v.map(String::from))))
        .collect())
}

/// Delete every object version and delete marker; returns how many were deleted.
pub async fn empty_bucket(ctx: &Ctx<'_>, bucket: &str) -> anyhow::Result<usize> {
    let mut deleted = 0;
    loop {
        let ids = list_versions(ctx, bucket).await?;
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

impl DataStore for S3Buckets {
    fn resource_type(&self) -> &'static str {
        "AWS::S3::Bucket"
    }
    fn noun(&self) -> &'static str {
        "bucket"
    }
    fn items(&self) -> &'static str {
        "object version(s) and delete marker(s)"
    }
    fn count<'a>(&'a self, ctx: &'a Ctx<'a>, id: &'a str) -> BoxFut<'a, anyhow::Result<usize>> {
        Box::pin(async move { Ok(list_versions(ctx, id).await?.len()) })
    }
    fn empty<'a>(&'a self, ctx: &'a Ctx<'a>, id: &'a str) -> BoxFut<'a, anyhow::Result<usize>> {
        Box::pin(empty_bucket(ctx, id))
    }
    fn exists<'a>(&'a self, ctx: &'a Ctx<'a>, id: &'a str) -> BoxFut<'a, anyhow::Result<bool>> {
        Box::pin(async move { Ok(ctx.clients.s3.head_bucket().bucket(id).send().await.is_ok()) })
    }
}

/// AWS Backup vaults: their recovery points.
pub struct BackupVaults;

/// Recovery point ARNs of one page, with the next token; a vault that cannot be listed
/// (gone, or not provisioned by the endpoint) is reported once and counts as empty.
async fn recovery_points(
    ctx: &Ctx<'_>,
    vault: &str,
    token: Option<String>,
) -> (Vec<String>, Option<String>) {
    match ctx
        .clients
        .backup
        .list_recovery_points_by_backup_vault()
        .backup_vault_name(vault)
        .set_next_token(token)
        .send()
        .await
    {
        Ok(page) => (
            page.recovery_points()
                .iter()
                .filter_map(|rp| rp.recovery_point_arn().map(String::from))
                .collect(),
            page.next_token().map(String::from),
        ),
        Err(e) => {
            ctx.console.line(&format!(
                "warning: cannot list recovery points of vault {vault}: {}",
                crate::aws::chain_text(&e)
            ));
            (Vec::new(), None)
        }
    }
}

/// Delete every recovery point in a backup vault; returns how many.
pub async fn delete_recovery_points(ctx: &Ctx<'_>, vault: &str) -> anyhow::Result<usize> {
    let mut deleted = 0;
    let mut token = None;
    loop {
        let (arns, next) = recovery_points(ctx, vault, token).await;
        for arn in arns {
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
        token = next;
        if token.is_none() {
            return Ok(deleted);
        }
    }
}

/// Whether a backup vault still exists.
pub async fn vault_exists(ctx: &Ctx<'_>, vault: &str) -> anyhow::Result<bool> {
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

impl DataStore for BackupVaults {
    fn resource_type(&self) -> &'static str {
        "AWS::Backup::BackupVault"
    }
    fn noun(&self) -> &'static str {
        "backup vault"
    }
    fn items(&self) -> &'static str {
        "recovery point(s)"
    }
    fn count<'a>(&'a self, ctx: &'a Ctx<'a>, id: &'a str) -> BoxFut<'a, anyhow::Result<usize>> {
        Box::pin(async move { Ok(recovery_points(ctx, id, None).await.0.len()) })
    }
    fn empty<'a>(&'a self, ctx: &'a Ctx<'a>, id: &'a str) -> BoxFut<'a, anyhow::Result<usize>> {
        Box::pin(delete_recovery_points(ctx, id))
    }
    fn exists<'a>(&'a self, ctx: &'a Ctx<'a>, id: &'a str) -> BoxFut<'a, anyhow::Result<bool>> {
        Box::pin(vault_exists(ctx, id))
    }
}
