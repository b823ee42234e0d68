//! Final snapshots: after a stack with `DeletionPolicy: Snapshot` databases is deleted, find
//! the snapshot CloudFormation took of each and print its name.

use crate::stack::{Ctx, StackResource};

/// The newest manual snapshot of a DB cluster or DB instance, if RDS lists one.
pub async fn latest_snapshot(ctx: &Ctx<'_>, r: &StackResource) -> Option<String> {
    let rds = &ctx.clients.rds;
    if r.kind == "AWS::RDS::DBCluster" {
        let out = rds
            .describe_db_cluster_snapshots()
            .db_cluster_identifier(&r.physical_id)
            .snapshot_type("manual")
            .send()
            .await
            .ok()?;
        out.db_cluster_snapshots()
            .iter()
            .max_by_key(|s| s.snapshot_create_time().map(|t| t.secs()))
            .and_then(|s| s.db_cluster_snapshot_identifier())
            .map(String::from)
    } else {
        let out = rds
            .describe_db_snapshots()
            .db_instance_identifier(&r.physical_id)
            .snapshot_type("manual")
            .send()
            .await
            .ok()?;
        out.db_snapshots()
            .iter()
            .max_by_key(|s| s.snapshot_create_time().map(|t| t.secs()))
            .and_then(|s| s.db_snapshot_identifier())
            .map(String::from)
    }
}

/// Print the final snapshot of every database deleted with `DeletionPolicy: Snapshot`.
pub async fn report(ctx: &Ctx<'_>, databases: &[(StackResource, Option<String>)]) {
    for (r, _) in databases
        .iter()
        .filter(|(_, p)| p.as_deref() == Some("Snapshot"))
    {
        match latest_snapshot(ctx, r).await {
            Some(name) => ctx.console.line(&format!(
                "Final snapshot of {} {}: {name}",
                r.kind, r.physical_id
            )),
            None => ctx.console.line(&format!(
                "warning: RDS lists no final snapshot of {} {} yet: check with `aws rds describe-db-cluster-snapshots --db-cluster-identifier {}` / `describe-db-snapshots --db-instance-identifier {}`",
                r.kind, r.physical_id, r.physical_id, r.physical_id
            )),
        }
    }
}
