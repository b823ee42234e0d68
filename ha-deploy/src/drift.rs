//! `drift`: run drift detection on the deployed stack and print each drifted resource with
//! its differing properties (expected → actual).

use crate::aws::explain;
use crate::error::{input, interrupted};
use crate::stack::{describe, wait_interrupt, Ctx};
use aws_sdk_cloudformation::types::{StackDriftDetectionStatus, StackResourceDriftStatus};
use std::time::Instant;

/// One drifted resource.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Drifted {
    /// Logical id.
    pub logical_id: String,
    /// Resource type.
    pub resource_type: String,
    /// `MODIFIED` or `DELETED`.
    pub status: String,
    /// `(property path, expected, actual, difference type)`.
    pub properties: Vec<(String, String, String, String)>,
}

/// `~ Queue (AWS::SQS::Queue) MODIFIED` and one indented line per property.
pub fn render(d: &Drifted) -> Vec<String> {
    let mut lines = vec![format!(
        "~ {} ({}) {}",
        d.logical_id, d.resource_type, d.status
    )];
    lines.extend(d.properties.iter().map(|(path, expected, actual, kind)| {
        format!("    {path}: {expected} → {actual} ({kind})")
    }));
    lines
}

async fn drifted(ctx: &Ctx<'_>, stack: &str) -> anyhow::Result<Vec<Drifted>> {
    let mut out = Vec::new();
    let mut token = None;
    loop {
        let page = ctx
            .clients
            .cfn
            .describe_stack_resource_drifts()
            .stack_name(stack)
            .stack_resource_drift_status_filters(StackResourceDriftStatus::Modified)
            .stack_resource_drift_status_filters(StackResourceDriftStatus::Deleted)
            .set_next_token(token)
            .send()
            .await
            .map_err(|e| explain("cloudformation:DescribeStackResourceDrifts", None, e))?;
        out.extend(page.stack_resource_drifts().iter().map(|d| {
            Drifted {
                logical_id: d.logical_resource_id().unwrap_or_default().to_string(),
                resource_type: d.resource_type().unwrap_or_default().to_string(),
                status: d
                    .stack_resource_drift_status()
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default(),
                properties: d
                    .property_differences()
                    .iter()
                    .map(|p| {
                        (
                            p.property_path().unwrap_or_default().to_string(),
                            p.expected_value().unwrap_or_default().to_string(),
                            p.actual_value().unwrap_or_default().to_string(),
                            p.difference_type()
                                .map(|t| t.as_str().to_string())
                                .unwrap_or_default(),
                        )
                    })
                    .collect(),
            }
        }));
        token = page.next_token().map(String::from);
        if token.is_none() {
            return Ok(out);
        }
    }
}

/// `drift`.
pub async fn drift(ctx: &Ctx<'_>, stack: &str) -> anyhow::Result<()> {
    if describe(ctx, stack).await?.is_none() {
        return Err(input(format!(
            "stack {stack} does not exist: nothing to check for drift"
        )));
    }
    let id = ctx
        .clients
        .cfn
        .detect_stack_drift()
        .stack_name(stack)
        .send()
        .await
        .map_err(|e| explain("cloudformation:DetectStackDrift", None, e))?
        .stack_drift_detection_id()
        .unwrap_or_default()
        .to_string();
    ctx.console
        .line(&format!("Detecting drift of stack {stack}..."));
    let start = Instant::now();
    let status = loop {
        let s = ctx
            .clients
            .cfn
            .describe_stack_drift_detection_status()
            .stack_drift_detection_id(&id)
            .send()
            .await
            .map_err(|e| explain("cloudformation:DescribeStackDriftDetectionStatus", None, e))?;
        if s.detection_status() != Some(&StackDriftDetectionStatus::DetectionInProgress)
            || start.elapsed() >= ctx.wait_timeout
        {
            break s;
        }
        tokio::select! {
            _ = tokio::time::sleep(ctx.poll) => {}
            _ = wait_interrupt(&ctx.interrupt) => {
                return Err(interrupted(format!("interrupted: drift detection {id} of {stack} continues in CloudFormation")));
            }
        }
    };
    if status.detection_status() != Some(&StackDriftDetectionStatus::DetectionComplete) {
        ctx.console.line(&format!(
            "warning: drift detection ended {}: {} (results may be partial)",
            status.detection_status().map_or("UNKNOWN", |d| d.as_str()),
            status
                .detection_status_reason()
                .unwrap_or("no reason given")
        ));
    }
    let list = drifted(ctx, stack).await?;
    for d in &list {
        for l in render(d) {
            ctx.console.line(&l);
        }
    }
    ctx.console.line(&format!(
        "Stack {stack}: {} ({} drifted resource(s)).",
        status
            .stack_drift_status()
            .map_or("UNKNOWN", |d| d.as_str()),
        list.len()
    ));
    Ok(())
}
