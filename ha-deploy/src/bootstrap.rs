//! `bootstrap`: the staging bucket for templates over the inline limit (idempotent).

use crate::aws::explain;
use crate::deploy::staging_bucket;
use crate::stack::Ctx;
use aws_sdk_s3::types::{
    AbortIncompleteMultipartUpload, BucketLifecycleConfiguration, BucketLocationConstraint,
    BucketVersioningStatus, CreateBucketConfiguration, ExpirationStatus, LifecycleRule,
    LifecycleRuleFilter, NoncurrentVersionExpiration, ObjectOwnership, OwnershipControls,
    OwnershipControlsRule, PublicAccessBlockConfiguration, ServerSideEncryption,
    ServerSideEncryptionByDefault, ServerSideEncryptionConfiguration, ServerSideEncryptionRule,
    VersioningConfiguration,
};

/// The TLS-only bucket policy.
pub fn tls_only_policy(bucket: &str) -> String {
    serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "DenyInsecureTransport",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": [format!("arn:aws:s3:::{bucket}"), format!("arn:aws:s3:::{bucket}/*")],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}}
        }]
    })
    .to_string()
}

/// Create (if needed) and configure the staging bucket.
pub async fn bootstrap(ctx: &Ctx<'_>) -> anyhow::Result<String> {
    let s3 = &ctx.clients.s3;
    let region = &ctx.clients.region;
    let bucket = staging_bucket(&ctx.identity.account, region);
    if s3.head_bucket().bucket(&bucket).send().await.is_ok() {
        ctx.console.line(&format!(
            "Staging bucket {bucket} exists; making sure it is configured..."
        ));
    } else {
        let mut req = s3.create_bucket().bucket(&bucket);
        if region != "us-east-1" {
            req = req.create_bucket_configuration(
                CreateBucketConfiguration::builder()
                    .location_constraint(BucketLocationConstraint::from(region.as_str()))
                    .build(),
            );
        }
        req.send()
            .await
            .map_err(|e| explain("s3:CreateBucket", None, e))?;
        ctx.console
            .line(&format!("Created staging bucket {bucket}"));
    }
    s3.put_public_access_block()
        .bucket(&bucket)
        .public_access_block_configuration(
            PublicAccessBlockConfiguration::builder()
                .block_public_acls(true)
                .ignore_public_acls(true)
                .block_public_policy(true)
                .restrict_public_buckets(true)
                .build(),
        )
        .send()
        .await
        .map_err(|e| explain("s3:PutPublicAccessBlock", None, e))?;
    s3.put_bucket_ownership_controls()
        .bucket(&bucket)
        .ownership_controls(
            OwnershipControls::builder()
                .rules(
                    OwnershipControlsRule::builder()
                        .object_ownership(ObjectOwnership::BucketOwnerEnforced)
                        .build()?,
                )
                .build()?,
        )
        .send()
        .await
        .map_err(|e| explain("s3:PutBucketOwnershipControls", None, e))?;
    s3.put_bucket_versioning()
        .bucket(&bucket)
        .versioning_configuration(
            VersioningConfiguration::builder()
                .status(BucketVersioningStatus::Enabled)
                .build(),
        )
        .send()
        .await
        .map_err(|e| explain("s3:PutBucketVersioning", None, e))?;
    s3.put_bucket_encryption()
        .bucket(&bucket)
        .server_side_encryption_configuration(
            ServerSideEncryptionConfiguration::builder()
                .rules(
                    ServerSideEncryptionRule::builder()
                        .apply_server_side_encryption_by_default(
                            ServerSideEncryptionByDefault::builder()
                                .sse_algorithm(ServerSideEncryption::Aes256)
                                .build()?,
                        )
                        .bucket_key_enabled(true)
                        .build(),
                )
                .build()?,
        )
        .send()
        .await
        .map_err(|e| explain("s3:PutBucketEncryption", None, e))?;
    let plain_http = ctx
        .clients
        .endpoint
        .as_deref()
        .is_some_and(|u| u.starts_with("http://"));
    if plain_http {
        // A deny-unless-TLS policy would lock this runner out of a plain-http local endpoint.
        ctx.console.line(
            "note: the endpoint is plain http (local): the TLS-only bucket policy is not applied there",
        );
    } else {
        s3.put_bucket_policy()
            .bucket(&bucket)
            .policy(tls_only_policy(&bucket))
            .send()
            .await
            .map_err(|e| explain("s3:PutBucketPolicy", None, e))?;
    }
    s3.put_bucket_lifecycle_configuration()
        .bucket(&bucket)
        .lifecycle_configuration(
            BucketLifecycleConfiguration::builder()
                .rules(
                    LifecycleRule::builder()
                        .id("expire-noncurrent-templates")
                        .status(ExpirationStatus::Enabled)
                        .filter(LifecycleRuleFilter::builder().prefix("").build())
                        .noncurrent_version_expiration(
                            NoncurrentVersionExpiration::builder()
                                .noncurrent_days(30)
                                .build(),
                        )
                        .abort_incomplete_multipart_upload(
                            AbortIncompleteMultipartUpload::builder()
                                .days_after_initiation(7)
                                .build(),
                        )
                        .build()?,
                )
                .build()?,
        )
        .send()
        .await
        .map_err(|e| explain("s3:PutBucketLifecycleConfiguration", None, e))?;
    ctx.console.line(&format!(
        "Staging bucket {bucket} ready: versioning, SSE-S3, public access blocked, bucket-owner-enforced, {}noncurrent versions expire after 30 days.",
        if plain_http { "" } else { "TLS-only policy, " }
    ));
    Ok(bucket)
}
