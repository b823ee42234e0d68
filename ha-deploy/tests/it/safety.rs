//! Data safety, interrupts, concurrency, configuration, drift and validation findings,
//! replayed from recorded-shape responses. Each test asserts the exit code, the message and
//! the calls made (what was — and was not — deleted).

use crate::common::*;
use crate::replay::*;
use aws_smithy_http_client::test_util::ReplayEvent;

/// DescribeStacks with parameters (`Suffix=dev`, `Protected=<protected>`), termination
/// protection and drift status.
fn deployed(status: &str, protected: bool, termination: bool, drift: Option<&str>) -> ReplayEvent {
    let drift = drift.map_or(String::new(), |d| {
        format!("<DriftInformation><StackDriftStatus>{d}</StackDriftStatus></DriftInformation>")
    });
    cfn(
        "DescribeStacks",
        &format!("<Stacks><member><StackId>{STACK_ID}</StackId><StackName>ha-test-dev</StackName><CreationTime>2026-11-29T10:00:00Z</CreationTime><StackStatus>{status}</StackStatus><Parameters><member><ParameterKey>Suffix</ParameterKey><ParameterValue>dev</ParameterValue></member><member><ParameterKey>Protected</ParameterKey><ParameterValue>{protected}</ParameterValue></member></Parameters><EnableTerminationProtection>{termination}</EnableTerminationProtection>{drift}</member></Stacks>"),
    )
}

/// ListStackResources: (logical id, physical id, type, status, reason).
fn resources_status(list: &[(&str, &str, &str, &str, &str)]) -> ReplayEvent {
    let members: String = list
        .iter()
        .map(|(lid, pid, ty, st, reason)| format!("<member><LogicalResourceId>{lid}</LogicalResourceId><PhysicalResourceId>{pid}</PhysicalResourceId><ResourceType>{ty}</ResourceType><LastUpdatedTimestamp>2026-11-29T10:00:00Z</LastUpdatedTimestamp><ResourceStatus>{st}</ResourceStatus><ResourceStatusReason>{reason}</ResourceStatusReason></member>"))
        .collect();
    cfn(
        "ListStackResources",
        &format!("<StackResourceSummaries>{members}</StackResourceSummaries>"),
    )
}

/// ListChangeSets: (name, status, execution status).
fn change_sets(list: &[(&str, &str, &str)]) -> ReplayEvent {
    let members: String = list
        .iter()
        .map(|(n, st, ex)| format!("<member><StackId>{STACK_ID}</StackId><StackName>ha-test-dev</StackName><ChangeSetId>arn:cs:{n}</ChangeSetId><ChangeSetName>{n}</ChangeSetName><ExecutionStatus>{ex}</ExecutionStatus><Status>{st}</Status><CreationTime>2026-11-29T10:00:00Z</CreationTime></member>"))
        .collect();
    cfn(
        "ListChangeSets",
        &format!("<Summaries>{members}</Summaries>"),
    )
}

fn other_run() -> ReplayEvent {
    change_sets(&[
        ("manual-review", "CREATE_COMPLETE", "AVAILABLE"),
        ("ha-deploy-1-1", "CREATE_COMPLETE", "EXECUTE_COMPLETE"),
        ("ha-deploy-2-2", "CREATE_IN_PROGRESS", "UNAVAILABLE"),
    ])
}

fn not_imported() -> ReplayEvent {
    cfn_error(
        400,
        "ValidationError",
        "Export 'ha-test-dev-topic-arn' is not imported by any stack.",
    )
}

fn no_updates() -> ReplayEvent {
    cfn_error(400, "ValidationError", "No updates are to be performed.")
}

/// The parameters (key → value) of every `action` request, in order.
fn sent_parameters(r: &Run, action: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    r.bodies
        .iter()
        .filter(|b| b.split('&').any(|kv| kv == format!("Action={action}")))
        .map(|b| {
            let field = |n: &str, f: &str| {
                b.split('&')
                    .find_map(|kv| kv.strip_prefix(&format!("Parameters.member.{n}.{f}=")))
                    .map(String::from)
            };
            (1..)
                .map_while(|n| field(&n.to_string(), "ParameterKey").map(|k| (n, k)))
                .map(|(n, k)| {
                    (
                        k,
                        field(&n.to_string(), "ParameterValue").unwrap_or_default(),
                    )
                })
                .collect()
        })
        .collect()
}

fn has(r: &Run, action: &str) -> bool {
    r.actions.iter().any(|a| a == action)
}

const HINT: &str = "--suffix dev --region us-east-1";

// ---------------------------------------------------------------- deploy: protection as deployed

#[tokio::test]
async fn deploy_over_a_protected_stack_is_refused_without_the_dedicated_flag() {
    let evs = || {
        vec![
            sts_ok(),
            deployed("UPDATE_COMPLETE", true, false, None),
            no_cs(),
        ]
    };
    // the command line says nothing about protection: the deployed stack decides
    let r = run(&["deploy"], evs()).await;
    assert_eq!(r.code, 4, "{}", r.out);
    assert!(
        r.out
            .contains("Parameters (1):\n  ~ Protected: true → false\n"),
        "{}",
        r.out
    );
    assert!(r.out.contains("error: stack ha-test-dev is deletion-protected as deployed (Protected=true); this deploy would lower it (Protected true → false)"), "{}", r.out);
    assert!(r.out.contains("pass --remove-deletion-protection"));
    assert_eq!(
        r.actions,
        ["GetCallerIdentity", "DescribeStacks", "ListChangeSets"]
    );
    // the flag alone is not enough without a terminal: it needs --yes
    let r = run(&["deploy", "--remove-deletion-protection"], evs()).await;
    assert_eq!(r.code, 3, "{}", r.out);
    assert!(r.out.contains("lower its deletion protection needs confirmation and stdin is not a terminal: rerun with --yes"), "{}", r.out);
    assert!(!has(&r, "CreateChangeSet"));
    // on a terminal the stack name must be typed
    let r = run_opts(
        &["deploy", "--remove-deletion-protection"],
        evs(),
        false,
        true,
        "prod\n",
        false,
    )
    .await;
    assert_eq!(r.code, 3, "{}", r.out);
    assert!(r
        .out
        .contains("Type the stack name (ha-test-dev) to lower its deletion protection: "));
    assert!(r
        .out
        .contains("not confirmed (`prod` is not `ha-test-dev`): nothing was changed"));
    assert!(!has(&r, "CreateChangeSet"));
    // the same protection as deployed: no refusal
    let r = run(
        &["deploy", "--protected"],
        vec![
            sts_ok(),
            deployed("UPDATE_COMPLETE", true, false, None),
            no_cs(),
            no_updates(),
            stack("UPDATE_COMPLETE", &[]),
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(!r.out.contains("Parameters ("), "{}", r.out);
}

#[tokio::test]
async fn lowering_protection_on_purpose_is_confirmed_then_applied() {
    let r = run_opts(
        &["deploy", "--remove-deletion-protection"],
        vec![
            sts_ok(),
            deployed("UPDATE_COMPLETE", true, false, None),
            no_cs(),
            create_cs(),
            describe_cs(
                "CREATE_COMPLETE",
                "",
                &[("Modify", "Queue", "AWS::SQS::Queue", "False")],
            ),
            get_template("{}"),
            events(&[("u0", "ha-test-dev", STK, "UPDATE_COMPLETE", "")]),
            empty("ExecuteChangeSet"),
            stack("UPDATE_COMPLETE", &[]),
            events(&[
                ("u2", "ha-test-dev", STK, "UPDATE_COMPLETE", ""),
                ("u1", "Queue", "AWS::SQS::Queue", "UPDATE_COMPLETE", ""),
                ("u0", "", "", "", ""),
            ]),
            stack("UPDATE_COMPLETE", &[("QueueArn", "arn:q")]),
        ],
        false,
        true,
        "ha-test-dev\ny\n",
        false,
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(r.out.contains("--remove-deletion-protection: this deploy lowers the protection of ha-test-dev (Protected true → false)."));
    assert!(r
        .out
        .contains("Stack ha-test-dev: UPDATE_COMPLETE in 0s (0 created, 1 updated, 0 deleted)."));
    assert_eq!(r.out.matches("Outputs:").count(), 1, "{}", r.out);
    assert!(has(&r, "ExecuteChangeSet"));
    let create = r
        .bodies
        .iter()
        .find(|b| b.contains("Action=CreateChangeSet"))
        .unwrap();
    assert!(create.contains("ChangeSetName=ha-deploy-"), "{create}");
    assert!(create.contains("ClientToken="), "{create}");
    let exec = r
        .bodies
        .iter()
        .find(|b| b.contains("Action=ExecuteChangeSet"))
        .unwrap();
    assert!(exec.contains("ClientRequestToken="), "{exec}");
}

#[tokio::test]
async fn deploy_on_a_half_deleted_stack_is_refused_with_the_blocker() {
    let r = run(
        &["deploy"],
        vec![
            sts_ok(),
            stack("DELETE_FAILED", &[]),
            no_cs(),
            resources_status(&[
                ("Topic", "arn:t", "AWS::SNS::Topic", "DELETE_COMPLETE", ""),
                (
                    "Bucket",
                    "bkt",
                    "AWS::S3::Bucket",
                    "DELETE_FAILED",
                    "The bucket you tried to delete is not empty",
                ),
            ]),
        ],
    )
    .await;
    assert_eq!(r.code, 4, "{}", r.out);
    assert!(r.out.contains(&format!("error: stack ha-test-dev is half deleted (DELETE_FAILED): deploying over it would not restore what is gone. Blocked by: Bucket (AWS::S3::Bucket): The bucket you tried to delete is not empty. Finish the deletion with `ha-test destroy {HINT}` first")), "{}", r.out);
    assert!(!r.out.contains("No changes"));
    assert!(!has(&r, "CreateChangeSet"));
}

#[tokio::test]
async fn deploy_warns_about_drift_and_express_sets_the_deployment_mode() {
    let r = run(
        &["deploy", "--express"],
        vec![
            sts_ok(),
            deployed("UPDATE_COMPLETE", false, false, Some("DRIFTED")),
            no_cs(),
            no_updates(),
            stack("UPDATE_COMPLETE", &[]),
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(r.out.contains(&format!("warning: stack ha-test-dev has drifted from its template (last drift detection): this deploy may overwrite changes made outside CloudFormation. Details: `ha-test drift {HINT}`")), "{}", r.out);
    let create = r
        .bodies
        .iter()
        .find(|b| b.contains("Action=CreateChangeSet"))
        .unwrap();
    assert!(create.contains("DeploymentConfig.Mode=EXPRESS"), "{create}");
}

// ---------------------------------------------------------------- destroy asks, checks, keeps data

/// A development stack with one empty bucket and one export nobody imports.
fn dev_destroy_head() -> Vec<ReplayEvent> {
    vec![
        sts_ok(),
        deployed("UPDATE_COMPLETE", false, false, None),
        no_cs(),
        resources_page(&[("Bucket", "bkt", "AWS::S3::Bucket")], None),
        get_template("{\"Resources\":{\"Bucket\":{\"Type\":\"AWS::S3::Bucket\"}}}"),
        exports_xml(&[(STACK_ID, "ha-test-dev-topic-arn")], None),
        cfn_error(400, "InvalidAction", "ListImports is not supported"),
        versions_xml(false),
    ]
}

#[tokio::test]
async fn destroy_asks_for_the_stack_name_or_yes() {
    let r = run(&["destroy"], dev_destroy_head()).await;
    assert_eq!(r.code, 3, "{}", r.out);
    assert!(r.out.contains("Destroy plan for stack ha-test-dev (account 123456789012, region us-east-1): delete 1 resource(s)."), "{}", r.out);
    assert!(r
        .out
        .contains("warning: cannot check which stacks import ha-test-dev-topic-arn"));
    assert!(r.out.contains("error: delete it needs confirmation and stdin is not a terminal: rerun with --yes to confirm; nothing was changed"), "{}", r.out);
    assert!(!has(&r, "DeleteStack"));

    let r = run_opts(
        &["destroy"],
        dev_destroy_head(),
        false,
        true,
        "ha-test\n",
        false,
    )
    .await;
    assert_eq!(r.code, 3, "{}", r.out);
    assert!(r
        .out
        .contains("Type the stack name (ha-test-dev) to delete it: "));
    assert!(!has(&r, "DeleteStack"));

    let mut evs = dev_destroy_head();
    evs.extend([
        versions_xml(false),
        events(&[]),
        empty("DeleteStack"),
        no_stack(),
        no_stack(),
        no_stack(),
        resp(404, ""),
        exports_xml(&[], None),
    ]);
    let r = run_opts(&["destroy"], evs, false, true, "ha-test-dev\n", false).await;
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(r
        .out
        .contains("Stack ha-test-dev: DELETE_COMPLETE in 0s (1 deleted)."));
    assert!(r.out.contains("Checked gone: bucket bkt, export ha-test-dev-topic-arn\nVerified: stack ha-test-dev is gone and nothing is left (1 data store(s), 1 export(s) checked)."), "{}", r.out);
    let delete = r
        .bodies
        .iter()
        .find(|b| b.contains("Action=DeleteStack"))
        .unwrap();
    assert!(delete.contains("ClientRequestToken="), "{delete}");
}

#[tokio::test]
async fn destroy_of_a_protected_stack_is_refused_from_what_is_deployed() {
    for (stack, why) in [
        (
            deployed("UPDATE_COMPLETE", true, false, None),
            "as deployed: Protected=true",
        ),
        (
            deployed("UPDATE_COMPLETE", false, true, None),
            "as deployed: termination protection",
        ),
    ] {
        let r = run(&["destroy", "--yes"], vec![sts_ok(), stack, no_cs()]).await;
        assert_eq!(r.code, 4, "{}", r.out);
        assert!(r.out.contains(&format!("error: stack ha-test-dev is deletion-protected ({why}): destroy refused, nothing was changed. To delete it, rerun with --force")), "{}", r.out);
        assert_eq!(
            r.actions,
            ["GetCallerIdentity", "DescribeStacks", "ListChangeSets"]
        );
    }
    let r = run(
        &["destroy", "--yes", "--protected"],
        vec![
            sts_ok(),
            deployed("UPDATE_COMPLETE", false, false, None),
            no_cs(),
        ],
    )
    .await;
    assert_eq!(r.code, 4, "{}", r.out);
    assert!(r.out.contains("(by the app's options)"), "{}", r.out);
}

/// A protected stack: a bucket with 2 versions, a retained bucket, a vault with a recovery
/// point, a database; an export nobody imports.
fn prod_destroy_head(db_policy: &str) -> Vec<ReplayEvent> {
    vec![
        sts_ok(),
        deployed("UPDATE_COMPLETE", true, true, None),
        no_cs(),
        resources_page(
            &[
                ("Bucket", "bkt", "AWS::S3::Bucket"),
                ("Logs", "logs", "AWS::S3::Bucket"),
                ("Vault", "vault-1", "AWS::Backup::BackupVault"),
                ("Db", "db1", "AWS::RDS::DBCluster"),
            ],
            Some("r2"),
        ),
        resources_page(&[("Topic", "arn:t", "AWS::SNS::Topic")], None),
        get_template(&format!("{{\"Resources\":{{\"Logs\":{{\"Type\":\"AWS::S3::Bucket\",\"DeletionPolicy\":\"Retain\"}},\"Db\":{{\"Type\":\"AWS::RDS::DBCluster\",\"DeletionPolicy\":\"{db_policy}\"}}}}}}")),
        exports_xml(
            &[("other-stack", "OtherExport"), (STACK_ID, "ha-test-dev-topic-arn")],
            Some("x2"),
        ),
        exports_xml(&[], None),
        not_imported(),
        versions_xml(true),
        json("{\"RecoveryPoints\":[{\"RecoveryPointArn\":\"arn:aws:backup:us-east-1:123456789012:recovery-point:rp1\"},{}],\"NextToken\":\"t2\"}"),
    ]
}

#[tokio::test]
async fn production_data_is_never_deleted_by_default() {
    let r = run(
        &["destroy", "--force", "--yes"],
        prod_destroy_head("Delete"),
    )
    .await;
    assert_eq!(r.code, 4, "{}", r.out);
    assert!(r.out.contains("error: production stack ha-test-dev holds data that destroy would delete: bucket bkt (2 object version(s) and delete marker(s)), backup vault vault-1 (1 recovery point(s)), AWS::RDS::DBCluster db1 (DeletionPolicy Delete: no final snapshot). Backups, object versions and databases of a protected stack are never deleted by default: pass --delete-data"), "{}", r.out);
    for a in [
        "DeleteObject",
        "DeleteStack",
        "CreateChangeSet",
        "UpdateTerminationProtection",
    ] {
        assert!(!has(&r, a), "{a}");
    }
    assert!(
        !r.actions.iter().any(|a| a.starts_with("DELETE")),
        "{:?}",
        r.actions
    );
    assert!(
        !r.actions.iter().any(|a| a.contains("logs")),
        "the retained bucket is not even listed"
    );
}

#[tokio::test]
async fn delete_data_removes_it_and_says_what_it_deleted() {
    let mut evs = prod_destroy_head("Snapshot");
    evs.extend([
        // unprotect: the update finds nothing else to change
        deployed("UPDATE_COMPLETE", true, true, None),
        no_cs(),
        no_updates(),
        deployed("UPDATE_COMPLETE", false, true, None),
        cfn("UpdateTerminationProtection", &format!("<StackId>{STACK_ID}</StackId>")),
        versions_xml(true),
        resp(204, ""),
        resp(204, ""),
        versions_xml(false),
        json("{\"RecoveryPoints\":[{\"RecoveryPointArn\":\"arn:aws:backup:us-east-1:123456789012:recovery-point:rp1\"},{}],\"NextToken\":\"t2\"}"),
        resp(200, ""),
        json("{\"RecoveryPoints\":[]}"),
        events(&[("d0", "ha-test-dev", STK, "UPDATE_COMPLETE", "")]),
        empty("DeleteStack"),
        stack("DELETE_IN_PROGRESS", &[]),
        events(&[
            ("d1", "Bucket", "AWS::S3::Bucket", "DELETE_IN_PROGRESS", ""),
            ("d0", "", "", "", ""),
        ]),
        no_stack(),
        no_stack(),
        resp(200, "<DescribeDBClusterSnapshotsResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"><DescribeDBClusterSnapshotsResult><DBClusterSnapshots><DBClusterSnapshot><DBClusterSnapshotIdentifier>db1-snapshot-old</DBClusterSnapshotIdentifier><SnapshotCreateTime>2026-01-01T10:00:00Z</SnapshotCreateTime></DBClusterSnapshot><DBClusterSnapshot><DBClusterSnapshotIdentifier>ha-test-dev-db-final</DBClusterSnapshotIdentifier><SnapshotCreateTime>2026-11-29T10:00:00Z</SnapshotCreateTime></DBClusterSnapshot></DBClusterSnapshots></DescribeDBClusterSnapshotsResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeDBClusterSnapshotsResponse>"),
        no_stack(),
        resp(404, ""),
        vault_not_found(),
        exports_xml(&[("other-stack", "OtherExport")], None),
    ]);
    let r = run(&["destroy", "--force", "--delete-data", "--yes"], evs).await;
    assert_eq!(r.code, 0, "{}", r.out);
    for line in [
        "Destroy plan for stack ha-test-dev (account 123456789012, region us-east-1): delete 5 resource(s), after switching its protection off (termination protection, Protected=true).",
        "  delete 2 object version(s) and delete marker(s) in bucket bkt",
        "  keep bucket logs (DeletionPolicy Retain): its contents are not touched",
        "  delete 1 recovery point(s) in backup vault vault-1",
        "  AWS::RDS::DBCluster db1: CloudFormation takes a final snapshot (DeletionPolicy Snapshot)",
        "--force: switching deletion protection off on ha-test-dev first...",
        "Termination protection of ha-test-dev switched off.",
        "Deleted 2 object version(s) and delete marker(s) in bucket bkt",
        "Deleted 1 recovery point(s) in backup vault vault-1",
        "Final snapshot of AWS::RDS::DBCluster db1: ha-test-dev-db-final",
        "Checked gone: bucket bkt, backup vault vault-1, export ha-test-dev-topic-arn\nVerified: stack ha-test-dev is gone and nothing is left (2 data store(s), 1 export(s) checked).",
    ] {
        assert!(r.out.contains(line), "missing {line:?} in {}", r.out);
    }
    assert!(
        !r.actions.iter().any(|a| a.contains("logs")),
        "{:?}",
        r.actions
    );
    // the one update (change set) before the delete sends the app's unprotect and delete-data
    // overrides
    let updates = sent_parameters(&r, "CreateChangeSet");
    assert_eq!(updates.len(), 1, "{:?}", r.bodies);
    assert_eq!(
        updates[0].get("Protected").map(String::as_str),
        Some("false")
    );
    assert_eq!(
        updates[0].get("DeleteData").map(String::as_str),
        Some("true")
    );
    assert_eq!(updates[0].get("Suffix").map(String::as_str), Some("dev"));
}

#[tokio::test]
async fn databases_without_snapshot_policies_and_missing_snapshots_are_reported() {
    // a development stack: deleted without a snapshot, but said so in the plan
    let r = run(
        &["destroy"],
        vec![
            sts_ok(),
            stack("UPDATE_COMPLETE", &[]),
            no_cs(),
            resources_page(
                &[
                    ("Db", "db1", "AWS::RDS::DBInstance"),
                    ("Kept", "db2", "AWS::RDS::DBInstance"),
                ],
                None,
            ),
            get_template("{\"Resources\":{\"Kept\":{\"DeletionPolicy\":\"Retain\"}}}"),
            exports_xml(&[], None),
        ],
    )
    .await;
    assert_eq!(r.code, 3, "{}", r.out);
    assert!(r.out.contains("  AWS::RDS::DBInstance db1: deleted WITHOUT a final snapshot\n  AWS::RDS::DBInstance db2: kept (DeletionPolicy Retain)\n"), "{}", r.out);
    // an instance with a snapshot policy, RDS lists none: a warning with the command to check
    let r = run(
        &["destroy", "--yes"],
        vec![
            sts_ok(),
            stack("UPDATE_COMPLETE", &[]),
            no_cs(),
            resources_page(&[("Db", "db1", "AWS::RDS::DBInstance")], None),
            get_template("{\"Resources\":{\"Db\":{\"DeletionPolicy\":\"Snapshot\"}}}"),
            exports_xml(&[], None),
            events(&[]),
            empty("DeleteStack"),
            no_stack(),
            no_stack(),
            resp(200, "<DescribeDBSnapshotsResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\"><DescribeDBSnapshotsResult><DBSnapshots><DBSnapshot><DBSnapshotIdentifier>db1-final</DBSnapshotIdentifier><SnapshotCreateTime>2026-11-29T10:00:00Z</SnapshotCreateTime></DBSnapshot></DBSnapshots></DescribeDBSnapshotsResult></DescribeDBSnapshotsResponse>"),
            no_stack(),
            exports_xml(&[], None),
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(
        r.out
            .contains("Final snapshot of AWS::RDS::DBInstance db1: db1-final"),
        "{}",
        r.out
    );
    let r = run(
        &["destroy", "--yes"],
        vec![
            sts_ok(),
            stack("UPDATE_COMPLETE", &[]),
            no_cs(),
            resources_page(&[("Db", "db1", "AWS::RDS::DBCluster")], None),
            get_template("not json"),
            exports_xml(&[], None),
            events(&[]),
            empty("DeleteStack"),
            no_stack(),
            no_stack(),
            no_stack(),
            exports_xml(&[], None),
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(r
        .out
        .contains("AWS::RDS::DBCluster db1: deleted WITHOUT a final snapshot"));
    let r = run(
        &["destroy", "--yes"],
        vec![
            sts_ok(),
            stack("UPDATE_COMPLETE", &[]),
            no_cs(),
            resources_page(&[("Db", "db1", "AWS::RDS::DBCluster")], None),
            get_template("{\"Resources\":{\"Db\":{\"DeletionPolicy\":\"Snapshot\"}}}"),
            exports_xml(&[], None),
            events(&[]),
            empty("DeleteStack"),
            no_stack(),
            no_stack(),
            resp(403, "<ErrorResponse><Error><Code>AccessDenied</Code><Message>no</Message></Error></ErrorResponse>"),
            no_stack(),
            exports_xml(&[], None),
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(
        r.out
            .contains("warning: RDS lists no final snapshot of AWS::RDS::DBCluster db1 yet"),
        "{}",
        r.out
    );
}

#[tokio::test]
async fn exports_in_use_stop_destroy_before_anything_is_deleted() {
    let r = run(
        &["destroy", "--yes"],
        vec![
            sts_ok(),
            stack("UPDATE_COMPLETE", &[]),
            no_cs(),
            resources_page(&[("Bucket", "bkt", "AWS::S3::Bucket")], None),
            get_template("{}"),
            exports_xml(&[(STACK_ID, "E1")], None),
            cfn(
                "ListImports",
                "<Imports><member>consumer-stack</member></Imports>",
            ),
        ],
    )
    .await;
    assert_eq!(r.code, 4, "{}", r.out);
    assert!(r.out.contains("error: stack exports are in use: E1 (imported by consumer-stack). Deleting the stack would fail after its data is gone: remove the imports first; nothing was changed"), "{}", r.out);
    assert!(!r
        .actions
        .iter()
        .any(|a| a.starts_with("GET") || a == "DeleteStack"));
}

#[tokio::test]
async fn destroy_finishes_a_half_deleted_stack_and_names_the_blocker() {
    let blocked = || {
        resources_status(&[
            ("Topic", "arn:t", "AWS::SNS::Topic", "DELETE_COMPLETE", ""),
            (
                "Bucket",
                "bkt",
                "AWS::S3::Bucket",
                "DELETE_FAILED",
                "The bucket you tried to delete is not empty",
            ),
        ])
    };
    let r = run(
        &["destroy", "--yes"],
        vec![
            sts_ok(),
            deployed("DELETE_FAILED", true, false, None),
            no_cs(),
            blocked(),
            blocked(),
            get_template("{}"),
            exports_xml(&[], None),
            versions_xml(true),
        ],
    )
    .await;
    // protected as deployed: --force first
    assert_eq!(r.code, 4, "{}", r.out);
    let r = run(
        &["destroy", "--yes", "--force", "--delete-data"],
        vec![
            sts_ok(),
            deployed("DELETE_FAILED", true, false, None),
            no_cs(),
            blocked(),
            blocked(),
            get_template("{}"),
            exports_xml(&[], None),
            versions_xml(true),
            versions_xml(true),
            resp(204, ""),
            resp(204, ""),
            versions_xml(false),
            events(&[]),
            empty("DeleteStack"),
            no_stack(),
            no_stack(),
            no_stack(),
            resp(404, ""),
            exports_xml(&[], None),
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(r.out.contains("Stack ha-test-dev is half deleted (DELETE_FAILED); the last delete was blocked by: Bucket (AWS::S3::Bucket): The bucket you tried to delete is not empty. Finishing it."), "{}", r.out);
    assert!(r.out.contains("Destroy plan for stack ha-test-dev (account 123456789012, region us-east-1): delete 1 resource(s)"), "{}", r.out);
    assert!(
        !has(&r, "CreateChangeSet"),
        "a DELETE_FAILED stack cannot be updated"
    );
    assert!(r.out.contains("Verified: stack ha-test-dev is gone"));
}

#[tokio::test]
async fn a_failed_delete_names_its_root_cause_and_leftovers_are_reported() {
    let head = || {
        vec![
            sts_ok(),
            stack("UPDATE_COMPLETE", &[]),
            no_cs(),
            resources_xml(),
            get_template("{}"),
            exports_xml(&[], None),
        ]
    };
    let mut evs = head();
    evs.extend([
        resp(
            404,
            "<Error><Code>NoSuchBucket</Code><Message>gone</Message></Error>",
        ),
        json_error(403, "AccessDeniedException"),
        resp(
            404,
            "<Error><Code>NoSuchBucket</Code><Message>gone</Message></Error>",
        ),
        json_error(403, "AccessDeniedException"),
        events(&[]),
        empty("DeleteStack"),
        stack("DELETE_FAILED", &[]),
        events(&[(
            "f1",
            "Bucket",
            "AWS::S3::Bucket",
            "DELETE_FAILED",
            "The bucket you tried to delete is not empty",
        )]),
    ]);
    let r = run(&["destroy", "--yes"], evs).await;
    assert_eq!(r.code, 1, "{}", r.out);
    assert!(r
        .out
        .contains("warning: cannot list recovery points of vault vault-1"));
    assert!(r.out.contains("Root cause: Bucket (AWS::S3::Bucket) DELETE_FAILED: The bucket you tried to delete is not empty"), "{}", r.out);

    let mut evs = head();
    evs.extend([
        versions_xml(false),
        json("{\"RecoveryPoints\":[]}"),
        versions_xml(false),
        json("{\"RecoveryPoints\":[]}"),
        events(&[]),
        empty("DeleteStack"),
        no_stack(),
        no_stack(),
        stack("CREATE_IN_PROGRESS", &[]),
        resp(200, ""),
        json("{\"BackupVaultName\":\"vault-1\"}"),
        exports_xml(&[(STACK_ID, "ha-test-dev-topic-arn")], None),
    ]);
    let r = run(&["destroy", "--yes"], evs).await;
    assert_eq!(r.code, 1, "{}", r.out);
    assert!(r.out.contains("error: stack ha-test-dev was deleted but these are left behind: stack ha-test-dev, bucket bkt, backup vault vault-1, export ha-test-dev-topic-arn"), "{}", r.out);
}

// ---------------------------------------------------------------- concurrency

#[tokio::test]
async fn another_runs_change_set_is_waited_for_or_refused_and_never_deleted() {
    let r = run(
        &["deploy", "--no-wait"],
        vec![sts_ok(), stack("UPDATE_COMPLETE", &[]), other_run()],
    )
    .await;
    assert_eq!(r.code, 3, "{}", r.out);
    assert!(r.out.contains(&format!("error: another run holds change set ha-deploy-2-2 (CREATE_IN_PROGRESS) on stack ha-test-dev: it may still execute it. Wait for that run, or run `ha-test deploy {HINT}` without --no-wait")), "{}", r.out);
    assert!(!has(&r, "DeleteChangeSet") && !has(&r, "CreateChangeSet"));

    let r = run(
        &["deploy", "--wait-timeout", "0s"],
        vec![sts_ok(), stack("UPDATE_COMPLETE", &[]), other_run()],
    )
    .await;
    assert_eq!(r.code, 3, "{}", r.out);
    assert!(r.out.contains("after waiting 0s: if that run is gone, delete its change set with `aws cloudformation delete-change-set --stack-name ha-test-dev --change-set-name ha-deploy-2-2`, then retry"), "{}", r.out);

    let r = run(
        &["destroy", "--yes"],
        vec![
            sts_ok(),
            stack("UPDATE_COMPLETE", &[]),
            other_run(),
            cfn(
                "ListChangeSets",
                "<Summaries></Summaries><NextToken>p2</NextToken>",
            ),
            no_cs(),
            stack("UPDATE_COMPLETE", &[]),
            no_cs(),
            resources_page(&[], None),
            get_template("{}"),
            exports_xml(&[], None),
            events(&[]),
            empty("DeleteStack"),
            no_stack(),
            no_stack(),
            no_stack(),
            exports_xml(&[], None),
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(r.out.contains("Waiting: another run holds change set ha-deploy-2-2 (CREATE_IN_PROGRESS) on stack ha-test-dev (up to 60m00s; it is never deleted by this run)..."), "{}", r.out);
    assert!(!has(&r, "DeleteChangeSet"));

    let r = run_opts(
        &["deploy"],
        vec![sts_ok(), stack("UPDATE_COMPLETE", &[]), other_run()],
        false,
        false,
        "",
        true,
    )
    .await;
    assert_eq!(r.code, 130, "{}", r.out);
    assert!(r.out.contains(
        "interrupted while waiting for another run on stack ha-test-dev: nothing was changed"
    ));
}

#[tokio::test]
async fn a_declined_create_keeps_a_stack_another_run_is_using() {
    let r = run(
        &["deploy", "--with-role"],
        vec![
            sts_ok(),
            no_stack(),
            create_cs(),
            describe_cs(
                "CREATE_COMPLETE",
                "",
                &[("Add", "Role", "AWS::IAM::Role", "")],
            ),
            empty("DeleteChangeSet"),
            stack("REVIEW_IN_PROGRESS", &[]),
            change_sets(&[("ha-deploy-3-3", "CREATE_COMPLETE", "AVAILABLE")]),
        ],
    )
    .await;
    assert_eq!(r.code, 3, "{}", r.out);
    assert_eq!(r.actions.last().unwrap(), "ListChangeSets");
    assert!(!has(&r, "DeleteStack"), "{:?}", r.actions);
}

// ---------------------------------------------------------------- interrupts

#[tokio::test]
async fn ctrl_c_before_execution_deletes_the_change_set_and_the_empty_stack() {
    let r = run_opts(
        &["deploy"],
        vec![
            sts_ok(),
            no_stack(),
            create_cs(),
            describe_cs(
                "CREATE_COMPLETE",
                "",
                &[("Add", "Topic", "AWS::SNS::Topic", "")],
            ),
            empty("DeleteChangeSet"),
            stack("REVIEW_IN_PROGRESS", &[]),
            no_cs(),
            empty("DeleteStack"),
        ],
        false,
        false,
        "",
        true,
    )
    .await;
    assert_eq!(r.code, 130, "{}", r.out);
    assert!(
        r.out
            .contains("error: interrupted before executing: change set ha-deploy-"),
        "{}",
        r.out
    );
    assert!(r
        .out
        .contains("deleted, never executed; nothing was changed"));
    assert!(has(&r, "DeleteChangeSet") && has(&r, "DeleteStack"));
    assert!(!has(&r, "ExecuteChangeSet"));
}

#[tokio::test]
async fn ctrl_c_while_the_change_set_is_created_deletes_it() {
    let r = run_opts(
        &["deploy"],
        vec![
            sts_ok(),
            stack("UPDATE_COMPLETE", &[]),
            no_cs(),
            create_cs(),
            describe_cs("CREATE_PENDING", "", &[]),
            empty("DeleteChangeSet"),
        ],
        false,
        false,
        "",
        true,
    )
    .await;
    assert_eq!(r.code, 130, "{}", r.out);
    assert!(
        r.out
            .contains("of ha-test-dev was being created: it was deleted and never executed"),
        "{}",
        r.out
    );
    assert_eq!(r.actions.last().unwrap(), "DeleteChangeSet");
}

#[tokio::test]
async fn ctrl_c_at_the_prompt_aborts_at_once() {
    let r = run_opts(
        &["deploy"],
        vec![
            sts_ok(),
            stack("UPDATE_COMPLETE", &[]),
            no_cs(),
            create_cs(),
            describe_cs(
                "CREATE_COMPLETE",
                "",
                &[("Modify", "Queue", "AWS::SQS::Queue", "True")],
            ),
            get_template("{}"),
            empty("DeleteChangeSet"),
        ],
        true,
        true,
        "y\n",
        true,
    )
    .await;
    assert_eq!(r.code, 130, "{}", r.out);
    assert!(
        r.out
            .contains("error: interrupted at the prompt: change set deleted, never executed"),
        "{}",
        r.out
    );
    assert!(!has(&r, "ExecuteChangeSet"));
    assert_eq!(r.actions.last().unwrap(), "DeleteChangeSet");
}

#[tokio::test]
async fn ctrl_c_while_watching_prints_the_complete_resume_command() {
    let r = run_opts(
        &["watch"],
        vec![
            sts_ok(),
            stack("UPDATE_IN_PROGRESS", &[]),
            events(&[(
                "w1",
                "ha-test-dev",
                STK,
                "UPDATE_IN_PROGRESS",
                "User Initiated",
            )]),
            stack("UPDATE_IN_PROGRESS", &[]),
            events(&[("w1", "", "", "", "")]),
        ],
        false,
        false,
        "",
        true,
    )
    .await;
    assert_eq!(r.code, 130, "{}", r.out);
    assert!(r.out.contains(&format!("nothing was cancelled, the operation continues in CloudFormation. Resume watching with `ha-test watch {HINT}`")), "{}", r.out);
}

// ---------------------------------------------------------------- transient failures while watching

#[tokio::test]
async fn throttling_while_watching_is_retried_then_watching_resumes() {
    let throttled = || cfn_error(400, "Throttling", "Rate exceeded");
    let r = run(
        &["watch"],
        vec![
            sts_ok(),
            stack("UPDATE_IN_PROGRESS", &[]),
            events(&[("w1", "ha-test-dev", STK, "UPDATE_IN_PROGRESS", "")]),
            throttled(),
            throttled(),
            throttled(),
            stack("UPDATE_COMPLETE", &[]),
            events(&[
                ("w2", "ha-test-dev", STK, "UPDATE_COMPLETE", ""),
                ("w1", "", "", "", ""),
            ]),
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(r.out.contains("warning: cloudformation:DescribeStacks failed: Throttling: Rate exceeded; retrying in 0s (the operation continues in CloudFormation)"), "{}", r.out);
    assert!(r
        .out
        .contains("Reconnected to CloudFormation: watching again."));
    assert!(r
        .out
        .contains("Stack ha-test-dev: UPDATE_COMPLETE after 0s more."));
}

#[tokio::test]
async fn a_lost_endpoint_stops_watching_with_exit_5_and_how_to_resume() {
    // the replay runs out: every further call is a dispatch failure (endpoint gone)
    let r = run(
        &["watch"],
        vec![
            sts_ok(),
            stack("UPDATE_IN_PROGRESS", &[]),
            events(&[("w1", "ha-test-dev", STK, "UPDATE_IN_PROGRESS", "")]),
        ],
    )
    .await;
    assert_eq!(r.code, 5, "{}", r.out);
    assert!(
        r.out.contains("warning: cannot reach the AWS endpoint"),
        "{}",
        r.out
    );
    assert!(
        r.out
            .contains("error: lost contact with CloudFormation for "),
        "{}",
        r.out
    );
    assert!(r.out.contains(&format!("the operation continues in CloudFormation. Resume watching with `ha-test watch {HINT}`")), "{}", r.out);
}

#[tokio::test]
async fn watch_reports_a_stack_at_rest_or_a_failed_operation() {
    let r = run(&["watch"], vec![sts_ok(), stack("UPDATE_COMPLETE", &[])]).await;
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(r
        .out
        .contains("Stack ha-test-dev is at rest (UPDATE_COMPLETE): no operation is running."));
    let r = run(
        &["watch"],
        vec![sts_ok(), stack("UPDATE_ROLLBACK_COMPLETE", &[])],
    )
    .await;
    assert_eq!(r.code, 1, "{}", r.out);
    assert!(r.out.contains(
        "error: the last operation on stack ha-test-dev did not succeed (UPDATE_ROLLBACK_COMPLETE)"
    ));
    let r = run(&["watch"], vec![sts_ok(), no_stack()]).await;
    assert_eq!(r.code, 2, "{}", r.out);
    assert!(r
        .out
        .contains("stack ha-test-dev does not exist: nothing to watch"));
    let r = run(
        &["watch"],
        vec![
            sts_ok(),
            stack("UPDATE_ROLLBACK_IN_PROGRESS", &[]),
            events(&[]),
            stack("UPDATE_ROLLBACK_COMPLETE", &[]),
            events(&[("w9", "Queue", "AWS::SQS::Queue", "UPDATE_FAILED", "bad")]),
        ],
    )
    .await;
    assert_eq!(r.code, 1, "{}", r.out);
    assert!(r
        .out
        .contains("Watching stack ha-test-dev (UPDATE_ROLLBACK_IN_PROGRESS)..."));
    assert!(r
        .out
        .contains("Root cause: Queue (AWS::SQS::Queue) UPDATE_FAILED: bad"));
}

// ---------------------------------------------------------------- configuration

#[tokio::test]
async fn region_follows_the_sdk_chain_and_is_printed_before_any_change() {
    let outputs = || vec![sts_ok(), stack("UPDATE_COMPLETE", &[])];
    let r = run_env(
        &["outputs"],
        outputs(),
        &[("AWS_DEFAULT_REGION", "eu-west-1")],
        false,
        false,
        "",
        false,
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(r.out.starts_with("Account 123456789012, region eu-west-1 (from AWS_DEFAULT_REGION), stack ha-test-dev (suffix dev from default)\n"), "{}", r.out);
    let home = temp_dir("home");
    std::fs::create_dir_all(home.join(".aws")).unwrap();
    std::fs::write(
        home.join(".aws/config"),
        "[default]\nregion = eu-central-1\n\n[profile  ops]\noutput = json\nregion=eu-north-1\n[profile empty]\nregion =\n",
    )
    .unwrap();
    let h = home.to_string_lossy().into_owned();
    let r = run_env(
        &["outputs"],
        outputs(),
        &[("HOME", &h)],
        false,
        false,
        "",
        false,
    )
    .await;
    assert!(
        r.out.contains("region eu-central-1 (from profile default)"),
        "{}",
        r.out
    );
    let r = run_env(
        &["outputs"],
        outputs(),
        &[("HOME", &h), ("AWS_PROFILE", "ops")],
        false,
        false,
        "",
        false,
    )
    .await;
    assert!(
        r.out.contains("region eu-north-1 (from profile ops)"),
        "{}",
        r.out
    );
    let cfg = home.join(".aws/config").to_string_lossy().into_owned();
    let r = run_env(
        &["outputs", "--profile", "empty"],
        outputs(),
        &[("AWS_CONFIG_FILE", &cfg)],
        false,
        false,
        "",
        false,
    )
    .await;
    assert!(
        r.out.contains("region us-east-1 (from default)"),
        "{}",
        r.out
    );
    let r = run_env(
        &["outputs", "--profile", "ops"],
        outputs(),
        &[("AWS_CONFIG_FILE", &cfg), ("AWS_REGION", "ap-south-1")],
        false,
        false,
        "",
        false,
    )
    .await;
    assert!(
        r.out.contains("region ap-south-1 (from AWS_REGION)"),
        "{}",
        r.out
    );
}

#[tokio::test]
async fn hints_are_complete_commands_and_errors_name_environment_suffix() {
    let r = run_env(
        &[
            "outputs",
            "--profile",
            "ops",
            "--endpoint-url",
            "http://127.0.0.1:9",
            "--region",
            "eu-west-1",
        ],
        vec![sts_ok(), no_stack()],
        &[("ENVIRONMENT_SUFFIX", "pr 9")],
        false,
        false,
        "",
        false,
    )
    .await;
    assert_eq!(r.code, 2, "{}", r.out);
    assert!(r.out.contains("error: stack ha-test-pr 9 does not exist: run `ha-test deploy --suffix 'pr 9' --region eu-west-1 --profile ops --endpoint-url http://127.0.0.1:9` first"), "{}", r.out);
    assert!(r.out.contains("note: the suffix `pr 9` came from ENVIRONMENT_SUFFIX (pass --suffix or unset it to target another stack)"));
}

// ---------------------------------------------------------------- drift

fn drift_status(status: &str, drift: &str, reason: &str) -> ReplayEvent {
    cfn("DescribeStackDriftDetectionStatus", &format!("<StackId>{STACK_ID}</StackId><StackDriftDetectionId>d-1</StackDriftDetectionId><StackDriftStatus>{drift}</StackDriftStatus><DetectionStatus>{status}</DetectionStatus><DetectionStatusReason>{reason}</DetectionStatusReason><Timestamp>2026-11-29T10:00:00Z</Timestamp>"))
}

/// (logical id, type, status, [(path, expected, actual)])
type DriftRow<'a> = (&'a str, &'a str, &'a str, &'a [(&'a str, &'a str, &'a str)]);

fn resource_drifts(list: &[DriftRow<'_>], next: Option<&str>) -> ReplayEvent {
    let members: String = list
        .iter()
        .map(|(lid, ty, st, props)| {
            let diffs: String = props.iter().map(|(p, e, a)| format!("<member><PropertyPath>{p}</PropertyPath><ExpectedValue>{e}</ExpectedValue><ActualValue>{a}</ActualValue><DifferenceType>NOT_EQUAL</DifferenceType></member>")).collect();
            format!("<member><StackId>{STACK_ID}</StackId><LogicalResourceId>{lid}</LogicalResourceId><ResourceType>{ty}</ResourceType><StackResourceDriftStatus>{st}</StackResourceDriftStatus><PropertyDifferences>{diffs}</PropertyDifferences><Timestamp>2026-11-29T10:00:00Z</Timestamp></member>")
        })
        .collect();
    cfn(
        "DescribeStackResourceDrifts",
        &format!(
            "<StackResourceDrifts>{members}</StackResourceDrifts>{}",
            next_token(next)
        ),
    )
}

#[tokio::test]
async fn drift_prints_drifted_resources_and_properties() {
    let r = run(
        &["drift"],
        vec![
            sts_ok(),
            stack("UPDATE_COMPLETE", &[]),
            cfn(
                "DetectStackDrift",
                "<StackDriftDetectionId>d-1</StackDriftDetectionId>",
            ),
            drift_status("DETECTION_IN_PROGRESS", "UNKNOWN", ""),
            drift_status("DETECTION_COMPLETE", "DRIFTED", ""),
            resource_drifts(
                &[(
                    "Queue",
                    "AWS::SQS::Queue",
                    "MODIFIED",
                    &[("/VisibilityTimeout", "30", "45")],
                )],
                Some("p2"),
            ),
            resource_drifts(&[("Topic", "AWS::SNS::Topic", "DELETED", &[])], None),
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(r.out.contains("Detecting drift of stack ha-test-dev...\n~ Queue (AWS::SQS::Queue) MODIFIED\n    /VisibilityTimeout: 30 → 45 (NOT_EQUAL)\n~ Topic (AWS::SNS::Topic) DELETED\nStack ha-test-dev: DRIFTED (2 drifted resource(s))."), "{}", r.out);

    let r = run(
        &["drift"],
        vec![
            sts_ok(),
            stack("UPDATE_COMPLETE", &[]),
            cfn(
                "DetectStackDrift",
                "<StackDriftDetectionId>d-1</StackDriftDetectionId>",
            ),
            drift_status(
                "DETECTION_FAILED",
                "IN_SYNC",
                "Failed to detect drift on resource [Echo]",
            ),
            resource_drifts(&[], None),
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(r.out.contains("warning: drift detection ended DETECTION_FAILED: Failed to detect drift on resource [Echo] (results may be partial)\nStack ha-test-dev: IN_SYNC (0 drifted resource(s))."), "{}", r.out);

    let r = run(&["drift"], vec![sts_ok(), no_stack()]).await;
    assert_eq!(r.code, 2);
    assert!(r
        .out
        .contains("stack ha-test-dev does not exist: nothing to check for drift"));

    let r = run_opts(
        &["drift"],
        vec![
            sts_ok(),
            stack("UPDATE_COMPLETE", &[]),
            cfn(
                "DetectStackDrift",
                "<StackDriftDetectionId>d-1</StackDriftDetectionId>",
            ),
            drift_status("DETECTION_IN_PROGRESS", "UNKNOWN", ""),
        ],
        false,
        false,
        "",
        true,
    )
    .await;
    assert_eq!(r.code, 130, "{}", r.out);
    assert!(r
        .out
        .contains("interrupted: drift detection d-1 of ha-test-dev continues in CloudFormation"));
}

// ---------------------------------------------------------------- validation findings

#[tokio::test]
async fn change_set_validation_findings_are_printed() {
    let r = run(
        &["deploy"],
        vec![
            sts_ok(),
            stack("UPDATE_COMPLETE", &[]),
            no_cs(),
            create_cs(),
            describe_cs("FAILED", "The following hook(s)/validation failed: [AWS::EarlyValidation::ResourceExistenceCheck]", &[]),
            cfn("DescribeEvents", "<OperationEvents><member><EventId>v1</EventId><LogicalResourceId>Bucket</LogicalResourceId><ResourceType>AWS::S3::Bucket</ResourceType><EventType>VALIDATION_ERROR</EventType><ValidationName>NAME_CONFLICT_VALIDATION</ValidationName><ValidationStatus>FAILED</ValidationStatus><ValidationStatusReason>Resource with name ha-test-bucket-dev already exists</ValidationStatusReason><ValidationPath>/Resources/Bucket/Properties/BucketName</ValidationPath></member><member><EventId>v2</EventId><LogicalResourceId>Queue</LogicalResourceId><ResourceType>AWS::SQS::Queue</ResourceType><ResourceStatusReason>Property VisibilityTimeout out of range</ResourceStatusReason></member><member><EventId>v3</EventId></member></OperationEvents>"),
            empty("DeleteChangeSet"),
        ],
    )
    .await;
    assert_eq!(r.code, 1, "{}", r.out);
    assert!(r.out.contains("error: the change set for ha-test-dev failed: The following hook(s)/validation failed: [AWS::EarlyValidation::ResourceExistenceCheck]\nvalidation findings (2):\n  Bucket (AWS::S3::Bucket) /Resources/Bucket/Properties/BucketName: Resource with name ha-test-bucket-dev already exists [NAME_CONFLICT_VALIDATION]\n  Queue (AWS::SQS::Queue): Property VisibilityTimeout out of range\n"), "{}", r.out);
    assert_eq!(r.actions.last().unwrap(), "DeleteChangeSet");
}

// ---------------------------------------------------------------- security-sensitive diff

#[tokio::test]
async fn diff_shows_security_sensitive_changes() {
    let r = run(&["diff", "--with-role"], vec![sts_ok(), no_stack()]).await;
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(r.out.contains("Security-sensitive changes (1):\n  + Role  IAM statement  Allow Principal {\"Service\":\"lambda.amazonaws.com\"} Action \"sts:AssumeRole\"\n"), "{}", r.out);
    let r = run(
        &["diff"],
        vec![
            sts_ok(),
            deployed("UPDATE_COMPLETE", false, false, None),
            get_template("{\"Resources\":{\"Role\":{\"Type\":\"AWS::IAM::Role\",\"Properties\":{\"AssumeRolePolicyDocument\":{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\"}}}}}}"),
            no_updates(),
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(r.out.contains("  - Role  IAM statement  Allow Principal \"*\" Action \"sts:AssumeRole\"  (!) open to the world\n"), "{}", r.out);
}

// ---------------------------------------------------------------- every new SDK error branch

#[tokio::test]
async fn new_sdk_error_branches_are_explained() {
    let denied = || cfn_error(403, "AccessDenied", "not allowed");
    check(vec![
        (
            &["deploy"],
            vec![sts_ok(), stack("UPDATE_COMPLETE", &[]), denied()],
            2,
            "error: access denied (cloudformation:ListChangeSets)",
        ),
        (
            &["deploy"],
            vec![sts_ok(), stack("DELETE_FAILED", &[]), no_cs(), denied()],
            2,
            "error: access denied (cloudformation:ListStackResources)",
        ),
        (
            &["destroy", "--yes"],
            vec![
                sts_ok(),
                stack("UPDATE_COMPLETE", &[]),
                no_cs(),
                resources_page(&[], None),
                get_template("{}"),
                denied(),
            ],
            2,
            "error: access denied (cloudformation:ListExports)",
        ),
        (
            &["destroy", "--yes"],
            vec![
                sts_ok(),
                stack("UPDATE_COMPLETE", &[]),
                no_cs(),
                resources_page(&[("B", "bkt", "AWS::S3::Bucket")], None),
                get_template("{}"),
                exports_xml(&[], None),
                s3_denied(),
            ],
            2,
            "error: access denied (s3:ListObjectVersions)",
        ),
        (
            &["destroy", "--yes"],
            vec![
                sts_ok(),
                stack("UPDATE_COMPLETE", &[]),
                no_cs(),
                resources_page(&[("B", "bkt", "AWS::S3::Bucket")], None),
                get_template("{}"),
                exports_xml(&[], None),
                versions_xml(true),
                versions_xml(true),
                s3_denied(),
            ],
            2,
            "error: access denied (s3:DeleteObject)",
        ),
        (
            &["destroy", "--yes"],
            vec![
                sts_ok(),
                stack("UPDATE_COMPLETE", &[]),
                no_cs(),
                resources_page(&[("V", "vault-1", "AWS::Backup::BackupVault")], None),
                get_template("{}"),
                exports_xml(&[], None),
                json("{\"RecoveryPoints\":[{\"RecoveryPointArn\":\"arn:rp\"}]}"),
                json("{\"RecoveryPoints\":[{\"RecoveryPointArn\":\"arn:rp\"}]}"),
                json_error(403, "AccessDeniedException"),
            ],
            2,
            "error: access denied (backup:DeleteRecoveryPoint)",
        ),
        (
            &["destroy", "--yes"],
            vec![
                sts_ok(),
                stack("UPDATE_COMPLETE", &[]),
                no_cs(),
                resources_page(&[("V", "vault-1", "AWS::Backup::BackupVault")], None),
                get_template("{}"),
                exports_xml(&[], None),
                json("{\"RecoveryPoints\":[]}"),
                json("{\"RecoveryPoints\":[]}"),
                events(&[]),
                empty("DeleteStack"),
                no_stack(),
                no_stack(),
                no_stack(),
                json_error(403, "AccessDeniedException"),
            ],
            2,
            "error: access denied (backup:DescribeBackupVault)",
        ),
        (
            &["destroy", "--yes", "--force"],
            vec![
                sts_ok(),
                deployed("UPDATE_COMPLETE", false, true, None),
                no_cs(),
                resources_page(&[], None),
                get_template("{}"),
                exports_xml(&[], None),
                denied(),
            ],
            2,
            "error: access denied (cloudformation:UpdateTerminationProtection)",
        ),
        (
            &["destroy", "--yes"],
            vec![
                sts_ok(),
                stack("UPDATE_COMPLETE", &[]),
                no_cs(),
                resources_page(&[], None),
                get_template("{}"),
                exports_xml(&[], None),
                no_stack(),
                cfn_error(400, "ValidationError", "Stack is being updated"),
            ],
            1,
            "error: cloudformation:DeleteStack failed: ValidationError: Stack is being updated",
        ),
        (
            &["destroy", "--yes"],
            vec![sts_ok(), stack("UPDATE_COMPLETE", &[]), no_cs(), denied()],
            2,
            "error: access denied (cloudformation:ListStackResources)",
        ),
        (
            &["destroy", "--yes"],
            vec![
                sts_ok(),
                stack("DELETE_IN_PROGRESS", &[]),
                events(&[]),
                no_stack(),
                no_stack(),
                no_stack(),
            ],
            0,
            "Stack ha-test-dev is gone: nothing to destroy.",
        ),
        (
            &["drift"],
            vec![sts_ok(), stack("UPDATE_COMPLETE", &[]), denied()],
            2,
            "error: access denied (cloudformation:DetectStackDrift)",
        ),
        (
            &["drift"],
            vec![
                sts_ok(),
                stack("UPDATE_COMPLETE", &[]),
                cfn(
                    "DetectStackDrift",
                    "<StackDriftDetectionId>d-1</StackDriftDetectionId>",
                ),
                denied(),
            ],
            2,
            "error: access denied (cloudformation:DescribeStackDriftDetectionStatus)",
        ),
        (
            &["drift"],
            vec![
                sts_ok(),
                stack("UPDATE_COMPLETE", &[]),
                cfn(
                    "DetectStackDrift",
                    "<StackDriftDetectionId>d-1</StackDriftDetectionId>",
                ),
                drift_status("DETECTION_COMPLETE", "IN_SYNC", ""),
                denied(),
            ],
            2,
            "error: access denied (cloudformation:DescribeStackResourceDrifts)",
        ),
        (
            &["drift", "--wait-timeout", "0s"],
            vec![
                sts_ok(),
                stack("UPDATE_COMPLETE", &[]),
                cfn("DetectStackDrift", ""),
                drift_status("DETECTION_IN_PROGRESS", "", ""),
                resource_drifts(&[], None),
            ],
            0,
            "warning: drift detection ended DETECTION_IN_PROGRESS",
        ),
    ])
    .await;
}

#[tokio::test]
async fn deploy_waits_for_another_run_then_goes_on() {
    let r = run(
        &["deploy"],
        vec![
            sts_ok(),
            stack("UPDATE_COMPLETE", &[]),
            other_run(),
            no_cs(),
            stack("UPDATE_COMPLETE", &[]),
            no_cs(),
            no_updates(),
            stack("UPDATE_COMPLETE", &[]),
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(r
        .out
        .contains("Waiting: another run holds change set ha-deploy-2-2"));
    assert!(r
        .out
        .contains("No changes: stack ha-test-dev is up to date."));
    assert!(!has(&r, "DeleteChangeSet"));
}

#[tokio::test]
async fn validation_findings_that_cannot_be_read_leave_the_reason() {
    let r = run(
        &["deploy"],
        vec![
            sts_ok(),
            stack("UPDATE_COMPLETE", &[]),
            no_cs(),
            create_cs(),
            describe_cs("FAILED", "boom", &[]),
            cfn_error(403, "AccessDenied", "no"),
            empty("DeleteChangeSet"),
        ],
    )
    .await;
    assert_eq!(r.code, 1, "{}", r.out);
    assert!(
        r.out
            .contains("error: the change set for ha-test-dev failed: boom\n"),
        "{}",
        r.out
    );
}

/// A context for calling plug-ins directly.
fn ctx_parts() -> (ha_deploy::aws::Clients, ha_deploy::console::Console) {
    let conf = aws_config::SdkConfig::builder()
        .behavior_version(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .build();
    let (console, _) = ha_deploy::console::Console::captured(false, false, "");
    (ha_deploy::aws::Clients::new(&conf, "us-east-1"), console)
}

#[tokio::test]
async fn plug_ins_refuse_verbs_they_do_not_have() {
    use ha_deploy::plugin::{NoPlugin, Plugin};
    let (clients, console) = ctx_parts();
    let (_tx, rx) = tokio::sync::watch::channel(false);
    let ctx = ha_deploy::stack::Ctx {
        clients,
        identity: ha_deploy::aws::Identity {
            account: "123456789012".into(),
            arn: "arn:aws:iam::123456789012:user/ci".into(),
        },
        console: &console,
        interrupt: rx,
        poll: std::time::Duration::from_secs(30),
        poll_ramp: true,
        wait_timeout: std::time::Duration::from_secs(1),
        retry_window: std::time::Duration::from_secs(1),
        no_wait: false,
        yes: false,
        hint: ha_deploy::stack::Hint::default(),
        run_id: ha_deploy::cli::run_id(),
        cwd: temp_dir("plugin"),
    };
    let stack = ha_deploy::app::SynthOutput::default();
    let m = clap::Command::new("x").get_matches_from(["x"]);
    let e = NoPlugin.run(&ctx, &stack, "bogus", &m).await.unwrap_err();
    assert_eq!(e.to_string(), "this app has no verb `bogus`");
    assert_eq!(ha_deploy::error::exit_code(&e), 2);
    assert!(NoPlugin.stores().is_empty() && NoPlugin.verbs().is_empty());
    let e = plugin().run(&ctx, &stack, "bogus", &m).await.unwrap_err();
    assert_eq!(e.to_string(), "this app has no verb `bogus`");
    assert_eq!(plugin().verbs().len(), 3);
    assert!(ctx.change_set_name().starts_with("ha-deploy-"));
    // the default ramps up to the interval; an interval the user chose is kept exactly
    let ms =
        |c: &ha_deploy::stack::Ctx<'_>| (0..3).map(|r| c.pause(r).as_millis()).collect::<Vec<_>>();
    assert_eq!(ms(&ctx), [250, 500, 1000]);
    let fixed = ha_deploy::stack::Ctx {
        poll_ramp: false,
        ..ctx
    };
    assert_eq!(ms(&fixed), [30_000, 30_000, 30_000]);
}
