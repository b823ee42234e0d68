//! `ha-app`: the full CLI of the HA stack: the generic runner's verbs (synth, diff, deploy,
//! destroy, watch, drift, outputs, graph, bootstrap) plus this stack's own plug-in: the
//! failover verbs (`failover`, `approve`, `reject`: the state machine named by the stack output
//! `FailoverStateMachineArn`) and its AWS Backup vaults, which `destroy` counts before acting
//! and empties only when allowed.

use ha_deploy::stepfn::Approval;
use ha_deploy::store::{BackupVaults, DataStore};

/// The data stores of the HA stack besides its S3 buckets.
fn stores() -> Vec<Box<dyn DataStore>> {
    vec![Box::new(BackupVaults)]
}

fn main() -> std::process::ExitCode {
    let plugin = Approval {
        workflow: "failover",
        output_key: "FailoverStateMachineArn",
        stores,
    };
    ha_deploy::app::main_with(ha_app::HaApp, plugin)
}
