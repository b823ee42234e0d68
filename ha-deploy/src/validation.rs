//! Change-set validation findings: when CloudFormation's pre-deployment validation fails a
//! change set, `DescribeEvents` (by change set, failed events only) says which resource and
//! property failed which check; those are printed instead of a generic failure.

use crate::error::failed;
use crate::stack::Ctx;
use aws_sdk_cloudformation::types::EventFilter;

/// One failed validation of a change set.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Finding {
    /// Logical id of the resource.
    pub logical_id: String,
    /// Resource type.
    pub resource_type: String,
    /// Property path the check points at (`/Resources/X/Properties/Y`), if any.
    pub path: String,
    /// Name of the check, if any.
    pub check: String,
    /// What is wrong.
    pub message: String,
}

/// `Bucket (AWS::S3::Bucket) /Resources/Bucket/Properties/BucketName: message [check]`
pub fn render(f: &Finding) -> String {
    let mut s = format!("{} ({})", f.logical_id, f.resource_type);
    if !f.path.is_empty() {
        s.push_str(&format!(" {}", f.path));
    }
    s.push_str(&format!(": {}", f.message));
    if !f.check.is_empty() {
        s.push_str(&format!(" [{}]", f.check));
    }
    s
}

/// The failed events of a change set (empty when the endpoint does not offer
/// `DescribeEvents`, as the local endpoint does not).
pub async fn findings(ctx: &Ctx<'_>, stack: &str, change_set: &str) -> Vec<Finding> {
    let result = ctx
        .clients
        .cfn
        .describe_events()
        .stack_name(stack)
        .change_set_name(change_set)
        .filters(EventFilter::builder().failed_events(true).build())
        .send()
        .await;
    let Ok(out) = result else {
        return Vec::new();
    };
    out.operation_events()
        .iter()
        .filter(|e| e.validation_status_reason().is_some() || e.resource_status_reason().is_some())
        .map(|e| Finding {
            logical_id: e.logical_resource_id().unwrap_or_default().to_string(),
            resource_type: e.resource_type().unwrap_or_default().to_string(),
            path: e.validation_path().unwrap_or_default().to_string(),
            check: e.validation_name().unwrap_or_default().to_string(),
            message: e
                .validation_status_reason()
                .or(e.resource_status_reason())
                .unwrap_or_default()
                .to_string(),
        })
        .collect()
}

/// The error for a failed change set: the reason, then one line per finding.
pub fn failure(stack: &str, reason: &str, findings: &[Finding]) -> anyhow::Error {
    let mut msg = format!("the change set for {stack} failed: {reason}");
    if !findings.is_empty() {
        msg.push_str(&format!("\nvalidation findings ({}):", findings.len()));
        for f in findings {
            msg.push_str(&format!("\n  {}", render(f)));
        }
    }
    failed(msg)
}
