//! End to end: the full HA stack (the same template that goes to AWS) deployed by the real
//! `ha-app` binary to the patched local CloudFormation endpoint (`local/moto_local.py`) on a free
//! loopback port, checked through the AWS SDK for Rust, updated, destroyed and verified gone.
//!
//! Flow: synth → bootstrap → deploy --yes (CREATE_COMPLETE) → every template output in
//! `cfn-outputs/flat-outputs.json` → integration checks (`tests/integration/checks.rs`) →
//! a simulated ECS blue/green switch (the production and test rules rewritten to green, as ECS
//! does) and the canaries' own log groups created (as Synthetics does) → redeploy unchanged
//! ("No changes") → `diff --image …:mainline` shows exactly that change → `deploy --image
//! …:mainline` → new image read back through ECS, and the rules still point where "ECS" left
//! them → destroy → nothing left, log groups included → the endpoint's `/ha-local/report`:
//! what was substituted, which custom resources ran, and what was NOT exercised locally.
//!
//! Skipped (with a printed reason) only when `.venv` or `local/moto_local.py` is missing.

#[path = "integration/checks.rs"]
mod checks;

use aws_config::SdkConfig;
use checks::Outputs;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SUFFIX: &str = "e2e";
const STACK: &str = "TapStacke2e";
const IMAGE_OLD: &str = "public.ecr.aws/nginx/nginx:stable";
const IMAGE_NEW: &str = "public.ecr.aws/nginx/nginx:mainline";
const REGION: &str = "us-east-1";

fn workspace() -> PathBuf {
    ha_testkit::workspace()
}

// ------------------------------------------------------------------------------- endpoint

use ha_testkit::LocalEndpoint as Endpoint;

/// SDK configuration for the endpoint (fake credentials, us-east-1).
async fn sdk(ep: &Endpoint) -> SdkConfig {
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new(REGION))
        .endpoint_url(&ep.url)
        .credentials_provider(aws_credential_types::Credentials::new(
            "testing", "testing", None, None, "e2e",
        ))
        .load()
        .await
}

// ------------------------------------------------------------------------------- CLI

/// Runs `ha-app <args> --suffix e2e --endpoint-url URL` in `dir` with fake credentials only
/// (every inherited `AWS_*` variable removed), bounded by a timeout. Returns (exit code, stdout+stderr).
async fn cli(ep: &Endpoint, dir: &Path, args: &[&str]) -> (i32, String) {
    let t = Instant::now();
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_ha-app"));
    cmd.current_dir(dir)
        .args(args)
        .args(["--suffix", SUFFIX, "--endpoint-url", &ep.url])
        .stdin(Stdio::null())
        .kill_on_drop(true);
    let (remove, set) = ha_testkit::isolated_aws_env(dir, REGION);
    for k in remove {
        cmd.env_remove(k);
    }
    cmd.envs(set);
    let o = tokio::time::timeout(Duration::from_secs(240), cmd.output())
        .await
        .unwrap_or_else(|_| panic!("`ha-app {}` did not finish in 240 s", args.join(" ")))
        .expect("run ha-app");
    let (code, text) = ha_testkit::combined(&o);
    println!(
        "$ ha-app {} [{:.1}s, exit {code}]",
        args.join(" "),
        t.elapsed().as_secs_f64()
    );
    for l in text.lines() {
        println!("  | {l}");
    }
    (code, text)
}

/// Lines of a section printed as `Header…:` followed by indented lines.
fn section<'a>(out: &'a str, header: &str) -> Vec<&'a str> {
    out.lines()
        .skip_while(|l| !l.contains(header))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .map(str::trim)
        .collect()
}

// ------------------------------------------------------------------------------- the test

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ha_stack_full_lifecycle_against_local_endpoint() {
    let Some(ep) = Endpoint::start("ha-app-e2e") else {
        return;
    };
    let t = Instant::now();
    tokio::time::timeout(Duration::from_secs(600), lifecycle(&ep))
        .await
        .expect("the end-to-end run took over 10 minutes");
    println!("end-to-end lifecycle: {:.1}s", t.elapsed().as_secs_f64());
}

async fn lifecycle(ep: &Endpoint) {
    let dir = std::env::temp_dir().join(format!("ha-app-e2e-{}-{}", std::process::id(), ep.port));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    println!("working directory {}", dir.display());
    let conf = sdk(ep).await;

    // ---- synth: the template that goes to AWS, and the outputs it declares
    let (code, out) = cli(ep, &dir, &["synth"]).await;
    assert_eq!(code, 0, "synth failed:\n{out}");
    let tpl_path = dir.join(format!("out/{STACK}.template.json"));
    let template: Value =
        serde_json::from_str(&std::fs::read_to_string(&tpl_path).unwrap()).unwrap();
    let declared: BTreeSet<String> = template["Outputs"]
        .as_object()
        .expect("Outputs")
        .keys()
        .cloned()
        .collect();
    let resources = template["Resources"].as_object().expect("Resources");
    println!(
        "template: {} resources, {} outputs",
        resources.len(),
        declared.len()
    );

    // ---- bootstrap + deploy
    let (code, out) = cli(ep, &dir, &["bootstrap"]).await;
    assert_eq!(code, 0, "bootstrap failed:\n{out}");
    let (code, out) = cli(ep, &dir, &["deploy", "--yes"]).await;
    assert_eq!(code, 0, "deploy failed:\n{out}");
    assert!(
        out.contains(&format!("Stack {STACK}: CREATE_COMPLETE")),
        "no CREATE_COMPLETE in:\n{out}"
    );
    let cfn = aws_sdk_cloudformation::Client::new(&conf);
    let status = stack_status(&cfn).await;
    assert_eq!(status.as_deref(), Some("CREATE_COMPLETE"));
    let provisioned = cfn
        .describe_stack_resources()
        .stack_name(STACK)
        .send()
        .await
        .expect("describe_stack_resources")
        .stack_resources()
        .len();
    println!("stack resources provisioned: {provisioned}");

    // ---- flat outputs: every declared output, non-empty, no unresolved intrinsic
    let flat_path = dir.join("cfn-outputs/flat-outputs.json");
    assert!(
        flat_path.exists(),
        "{} was not written",
        flat_path.display()
    );
    let outputs: Outputs = checks::read_outputs(&flat_path);
    let got: BTreeSet<String> = outputs.keys().cloned().collect();
    let missing: Vec<&String> = declared.difference(&got).collect();
    assert!(
        missing.is_empty(),
        "outputs missing from flat-outputs.json: {missing:?}"
    );
    for key in [
        "VpcId",
        "AlbDnsName",
        "ClusterEndpoint",
        "SessionsTableName",
        "DataBucketName",
        "EventBusName",
        "AlarmTopicArn",
        "FailoverStateMachineArn",
        "HostedZoneId",
        "NameServers",
    ] {
        assert!(
            declared.contains(key),
            "the template no longer declares output {key}"
        );
    }
    for (k, v) in &outputs {
        assert!(
            !v.is_empty() && !v.contains("Fn::") && !v.contains("<moto") && !v.contains("${"),
            "output {k} is not a resolved value: {v:?}"
        );
    }
    assert_eq!(outputs["ParameterPath"], format!("/tap/{SUFFIX}"));
    println!(
        "flat outputs: all {} declared outputs present",
        declared.len()
    );

    // ---- the endpoint provisioned everything, and every custom resource answered SUCCESS
    let report = ep.report();
    let skipped = report["skipped_types_seen"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    assert!(
        skipped.is_empty(),
        "resource types the endpoint did not provision: {skipped:?}"
    );
    let failed_cr: Vec<&Value> = invocations(&report)
        .into_iter()
        .filter(|i| i["response_status"].as_str() != Some("SUCCESS"))
        .collect();
    assert!(
        failed_cr.is_empty(),
        "custom resources without SUCCESS: {failed_cr:#?}"
    );

    // ---- integration checks against the deployed stack
    let t = Instant::now();
    let r = checks::run_all(&conf, &outputs).await;
    println!("integration checks took {:.1}s", t.elapsed().as_secs_f64());
    r.assert_ok("integration checks (local endpoint)");

    // ---- what AWS does on its own after the first deploy: an ECS blue/green deployment moves
    // the rules' weights to green, and each canary's first run creates its Lambda log group
    let elb = aws_sdk_elasticloadbalancingv2::Client::new(&conf);
    let before = rule_weights(&elb).await;
    assert_eq!(
        before,
        BTreeMap::from([(80, BLUE_LIVE.to_vec()), (8080, BLUE_LIVE.to_vec())]),
        "the rules start on blue"
    );
    switch_rules_to_green(&elb).await;
    assert_eq!(
        rule_weights(&elb).await,
        green_live(),
        "the simulated switch took effect"
    );
    println!("simulated ECS blue/green switch: production and test rules now forward to green");
    for name in ["avail", "latency", "flow"] {
        boto3(
            ep,
            &format!("c('logs').create_log_group(logGroupName='{CANARY_LOGS}{name}-0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b')"),
        );
    }
    assert_eq!(log_groups(ep, CANARY_LOGS).len(), 3);

    // ---- redeploy unchanged
    let (code, out) = cli(ep, &dir, &["deploy", "--yes"]).await;
    assert_eq!(code, 0, "unchanged redeploy failed:\n{out}");
    assert!(
        out.contains("No changes"),
        "unchanged redeploy did not say No changes:\n{out}"
    );

    // ---- one change through a CLI flag: the container image
    let image_flag = ["--image", IMAGE_NEW];
    let (code, out) = cli(ep, &dir, &[&["diff"][..], &image_flag].concat()).await;
    assert_eq!(code, 0, "diff failed:\n{out}");
    let paths = section(&out, "Template changes (");
    assert_eq!(
        paths,
        vec![format!(
            "~ Parameters.ContainerImage.Default: \"{IMAGE_OLD}\" → \"{IMAGE_NEW}\""
        )],
        "the template diff must list exactly the image parameter:\n{out}"
    );
    let rows = section(&out, "resource change(s):");
    let changed: BTreeSet<&str> = rows
        .iter()
        .filter_map(|l| l.split_whitespace().nth(2))
        .collect();
    // as on AWS: the parameter change replaces the task definition (ContainerDefinitions is
    // createOnly: a new revision), and the service that refers to it (Ref(TaskDefinition)) is
    // modified in place (ResourceReference, Dynamic); nothing else changes
    assert_eq!(
        changed,
        BTreeSet::from(["TaskDefinition", "EcsService"]),
        "the change set must list exactly the task definition and its service:\n{out}"
    );
    let row = |id: &str| {
        rows.iter()
            .find(|l| l.split_whitespace().nth(2) == Some(id))
            .cloned()
            .unwrap_or_default()
    };
    let td = row("TaskDefinition");
    assert!(
        td.starts_with("~ Modify")
            && td.contains("(AWS::ECS::TaskDefinition)")
            && td.contains("[ContainerDefinitions]"),
        "TaskDefinition must be a Modify of ContainerDefinitions:\n{out}"
    );
    assert!(
        td.contains("REPLACEMENT: True") && !td.contains("inferred"),
        "the engine itself must report Replacement True for TaskDefinition:\n{out}"
    );
    let svc = row("EcsService");
    assert!(
        svc.starts_with("~ Modify")
            && svc.contains("(AWS::ECS::Service)")
            && svc.contains("[TaskDefinition]"),
        "EcsService must be a Modify of its TaskDefinition property:\n{out}"
    );
    assert!(
        !svc.contains("REPLACEMENT"),
        "EcsService must be updated in place, not replaced:\n{out}"
    );
    let (code, out) = cli(ep, &dir, &[&["deploy", "--yes"][..], &image_flag].concat()).await;
    assert_eq!(code, 0, "update failed:\n{out}");
    assert!(
        out.contains(&format!("Stack {STACK}: UPDATE_COMPLETE")),
        "no UPDATE_COMPLETE in:\n{out}"
    );
    assert_eq!(stack_status(&cfn).await.as_deref(), Some("UPDATE_COMPLETE"));
    let image = checks::service_image(&conf, &outputs)
        .await
        .expect("service image after the update");
    assert_eq!(
        image, IMAGE_NEW,
        "the ECS service must run the new image after the update"
    );
    let param = cfn
        .describe_stacks()
        .stack_name(STACK)
        .send()
        .await
        .unwrap()
        .stacks()
        .first()
        .and_then(|s| {
            s.parameters()
                .iter()
                .find(|p| p.parameter_key() == Some("ContainerImage"))
        })
        .and_then(|p| p.parameter_value().map(str::to_owned));
    assert_eq!(
        param.as_deref(),
        Some(IMAGE_NEW),
        "stack parameter ContainerImage"
    );
    // the stack update replaced the task definition and updated the service, and left the
    // rules ECS owns where the deployment put them (no traffic moved back to blue)
    assert_eq!(
        rule_weights(&elb).await,
        green_live(),
        "a stack update must never move production traffic"
    );
    println!("after the image update the rules still forward to green, where ECS left them");
    let (code, out) = cli(ep, &dir, &[&["diff"][..], &image_flag].concat()).await;
    assert_eq!(code, 0, "diff after the update failed:\n{out}");
    assert!(
        out.contains("no changes") && section(&out, "Template changes (").is_empty(),
        "diff after the update is not empty:\n{out}"
    );

    // ---- destroy, then nothing is left
    let (code, out) = cli(ep, &dir, &[&["destroy", "--yes"][..], &image_flag].concat()).await;
    assert_eq!(code, 0, "destroy failed:\n{out}");
    let left = leftovers(&conf, &outputs).await;
    assert!(
        left.is_empty(),
        "left behind after destroy:\n  {}",
        left.join("\n  ")
    );
    println!("destroy: stack and its resources verified gone through the SDK");
    let groups: Vec<String> = log_groups(ep, "")
        .into_iter()
        .filter(|g| {
            g.contains(&format!("-{SUFFIX}-"))
                || g.contains(&format!("/{SUFFIX}/"))
                || g.contains(&format!("cwsyn-{SUFFIX}"))
        })
        .collect();
    assert!(
        groups.is_empty(),
        "log groups left behind after destroy (canaries' included): {groups:?}"
    );
    println!("destroy: no log group of the stack is left (the canaries' cwsyn-* groups included)");
    let (code, out) = cli(ep, &dir, &["destroy", "--yes"]).await;
    assert_eq!(code, 0, "destroy of a missing stack must exit 0:\n{out}");

    // ---- what the endpoint did and did not do
    let report = ep.report();
    let crs = invocations(&report);
    for (logical, ty) in [
        ("DataBucketEmptier", "Delete"),
        ("ApiKeyParameter", "Create"),
        ("ApiKeyParameter", "Delete"),
        ("BackupVaultCleaner", "Delete"),
        ("CanaryLogCleaner", "Delete"),
    ] {
        assert!(
            crs.iter().any(|i| i["logical_id"] == logical
                && i["request_type"] == ty
                && i["response_status"] == "SUCCESS"),
            "custom resource {logical} {ty} did not run with SUCCESS: {crs:#?}"
        );
    }
    print_report(&report, &template, &r);
    let _ = std::fs::remove_dir_all(&dir);
}

// ------------------------------------------------------------------------------- blue/green

/// The canaries' Lambda log groups: `/aws/lambda/cwsyn-<canary name>-<uuid>`.
const CANARY_LOGS: &str = "/aws/lambda/cwsyn-e2e-";
/// (target group name, weight) of a rule forwarding to blue, as the template declares it.
const BLUE_LIVE: [(&str, i32); 2] = [("tap-e2e-blue", 100), ("tap-e2e-green", 0)];

fn green_live() -> BTreeMap<i32, Vec<(&'static str, i32)>> {
    let green = vec![("tap-e2e-blue", 0), ("tap-e2e-green", 100)];
    BTreeMap::from([(80, green.clone()), (8080, green)])
}

/// The priority-1 rule of each listener of the stack's ALB: listener port → rule ARN and its
/// forward weights by target group name.
async fn rules(
    elb: &aws_sdk_elasticloadbalancingv2::Client,
) -> BTreeMap<i32, (String, Vec<(String, i32)>)> {
    let lb = elb
        .describe_load_balancers()
        .names(format!("tap-{SUFFIX}-alb"))
        .send()
        .await
        .expect("describe_load_balancers");
    let lb_arn = lb.load_balancers()[0]
        .load_balancer_arn()
        .unwrap()
        .to_owned();
    let names: BTreeMap<String, String> = elb
        .describe_target_groups()
        .send()
        .await
        .expect("describe_target_groups")
        .target_groups()
        .iter()
        .map(|t| {
            (
                t.target_group_arn().unwrap().to_owned(),
                t.target_group_name().unwrap().to_owned(),
            )
        })
        .collect();
    let mut out = BTreeMap::new();
    let listeners = elb
        .describe_listeners()
        .load_balancer_arn(&lb_arn)
        .send()
        .await
        .expect("describe_listeners");
    for l in listeners.listeners() {
        let rules = elb
            .describe_rules()
            .listener_arn(l.listener_arn().unwrap())
            .send()
            .await
            .expect("describe_rules");
        for r in rules.rules().iter().filter(|r| r.priority() == Some("1")) {
            let weights = r.actions()[0]
                .forward_config()
                .map(|f| {
                    f.target_groups()
                        .iter()
                        .map(|t| {
                            (
                                names[t.target_group_arn().unwrap()].clone(),
                                t.weight().unwrap_or_default(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            out.insert(
                l.port().unwrap(),
                (r.rule_arn().unwrap().to_owned(), weights),
            );
        }
    }
    out
}

async fn rule_weights(
    elb: &aws_sdk_elasticloadbalancingv2::Client,
) -> BTreeMap<i32, Vec<(&'static str, i32)>> {
    rules(elb)
        .await
        .into_iter()
        .map(|(port, (_, w))| {
            let w = w
                .into_iter()
                .map(|(n, x)| {
                    (
                        if n.ends_with("blue") {
                            BLUE_LIVE[0].0
                        } else {
                            BLUE_LIVE[1].0
                        },
                        x,
                    )
                })
                .collect();
            (port, w)
        })
        .collect()
}

/// What ECS native blue/green does at the end of a deployment: both rules forward to green.
async fn switch_rules_to_green(elb: &aws_sdk_elasticloadbalancingv2::Client) {
    use aws_sdk_elasticloadbalancingv2::types::{
        Action, ActionTypeEnum, ForwardActionConfig, TargetGroupTuple,
    };
    let tgs = elb
        .describe_target_groups()
        .names(BLUE_LIVE[0].0)
        .names(BLUE_LIVE[1].0)
        .send()
        .await
        .expect("describe_target_groups");
    let arn = |suffix: &str| {
        tgs.target_groups()
            .iter()
            .find(|t| t.target_group_name().unwrap().ends_with(suffix))
            .and_then(|t| t.target_group_arn())
            .unwrap()
            .to_owned()
    };
    for (_, (rule, _)) in rules(elb).await {
        let forward = ForwardActionConfig::builder()
            .target_groups(
                TargetGroupTuple::builder()
                    .target_group_arn(arn("blue"))
                    .weight(0)
                    .build(),
            )
            .target_groups(
                TargetGroupTuple::builder()
                    .target_group_arn(arn("green"))
                    .weight(100)
                    .build(),
            )
            .build();
        elb.modify_rule()
            .rule_arn(rule)
            .actions(
                Action::builder()
                    .r#type(ActionTypeEnum::Forward)
                    .forward_config(forward)
                    .build(),
            )
            .send()
            .await
            .expect("modify_rule");
    }
}

/// Runs a boto3 snippet against the endpoint with the venv's Python (this test's Rust
/// dependencies have no CloudWatch Logs client); `c(service)` is a client. Returns stdout.
fn boto3(ep: &Endpoint, code: &str) -> String {
    let py = workspace().join(".venv/bin/python");
    let prelude = format!(
        "import boto3, json\nc = lambda s: boto3.client(s, region_name='{REGION}', endpoint_url='{}', aws_access_key_id='testing', aws_secret_access_key='testing')\n",
        ep.url
    );
    let out = Command::new(py)
        .arg("-c")
        .arg(prelude + code)
        .output()
        .expect("run the venv's python");
    assert!(
        out.status.success(),
        "boto3 snippet failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Log group names starting with `prefix`.
fn log_groups(ep: &Endpoint, prefix: &str) -> Vec<String> {
    let out = boto3(
        ep,
        &format!("print(json.dumps([g['logGroupName'] for p in c('logs').get_paginator('describe_log_groups').paginate() for g in p['logGroups'] if g['logGroupName'].startswith('{prefix}')]))"),
    );
    serde_json::from_str(out.trim()).expect("log group names")
}

async fn stack_status(cfn: &aws_sdk_cloudformation::Client) -> Option<String> {
    match cfn.describe_stacks().stack_name(STACK).send().await {
        Ok(d) => d
            .stacks()
            .first()
            .and_then(|s| s.stack_status())
            .map(|s| s.as_str().to_owned()),
        Err(e) => {
            let msg = aws_sdk_cloudformation::error::DisplayErrorContext(&e).to_string();
            assert!(msg.contains("does not exist"), "describe_stacks: {msg}");
            None
        }
    }
}

fn invocations(report: &Value) -> Vec<&Value> {
    report["custom_resource_invocations"]
        .as_array()
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

// ------------------------------------------------------------------------------- leftovers

/// Everything of the stack still found through the service APIs after destroy (empty = clean).
async fn leftovers(conf: &SdkConfig, o: &Outputs) -> Vec<String> {
    let mut left = Vec::new();
    let prefix = format!("tap-{SUFFIX}-");
    let mut note = |what: &str, found: Vec<String>| {
        if !found.is_empty() {
            left.push(format!("{what}: {found:?}"));
        }
    };
    let e = |what: &str, err: String| vec![format!("{what} failed: {err}")];

    let cfn = aws_sdk_cloudformation::Client::new(conf);
    let st = stack_status(&cfn).await;
    note(
        "stack",
        st.filter(|s| s != "DELETE_COMPLETE").into_iter().collect(),
    );

    let s3 = checks::s3_client(conf);
    note(
        "buckets",
        match s3.list_buckets().send().await {
            Ok(b) => b
                .buckets()
                .iter()
                .filter_map(|b| b.name())
                .filter(|n| n.starts_with(&prefix))
                .map(str::to_owned)
                .collect(),
            Err(x) => e("s3 list_buckets", x.to_string()),
        },
    );
    let ddb = aws_sdk_dynamodb::Client::new(conf);
    note(
        "tables",
        match ddb.list_tables().send().await {
            Ok(t) => t
                .table_names()
                .iter()
                .filter(|n| n.starts_with(&prefix))
                .cloned()
                .collect(),
            Err(x) => e("dynamodb list_tables", x.to_string()),
        },
    );
    match ddb
        .describe_table()
        .table_name(&o["SessionsTableName"])
        .send()
        .await
    {
        Ok(_) => note("sessions table", vec![o["SessionsTableName"].clone()]),
        Err(x)
            if x.as_service_error()
                .is_some_and(|s| s.is_resource_not_found_exception()) => {}
        Err(x) => note("sessions table", e("describe_table", x.to_string())),
    }
    let ssm = aws_sdk_ssm::Client::new(conf);
    note(
        "parameters",
        match ssm
            .get_parameters_by_path()
            .path(format!("/tap/{SUFFIX}"))
            .recursive(true)
            .send()
            .await
        {
            Ok(p) => p
                .parameters()
                .iter()
                .filter_map(|p| p.name().map(str::to_owned))
                .collect(),
            Err(x) => e("ssm get_parameters_by_path", x.to_string()),
        },
    );
    let sfn = aws_sdk_sfn::Client::new(conf);
    note(
        "state machines",
        match sfn.list_state_machines().send().await {
            Ok(l) => l
                .state_machines()
                .iter()
                .map(|s| s.name().to_owned())
                .filter(|n| n.starts_with(&prefix))
                .collect(),
            Err(x) => e("sfn list_state_machines", x.to_string()),
        },
    );
    let sns = aws_sdk_sns::Client::new(conf);
    note(
        "topics",
        match sns.list_topics().send().await {
            Ok(l) => l
                .topics()
                .iter()
                .filter_map(|t| t.topic_arn())
                .filter(|a| a.contains(&format!(":{prefix}")))
                .map(str::to_owned)
                .collect(),
            Err(x) => e("sns list_topics", x.to_string()),
        },
    );
    let sqs = aws_sdk_sqs::Client::new(conf);
    note(
        "queues",
        match sqs.list_queues().queue_name_prefix(&prefix).send().await {
            Ok(l) => l.queue_urls().to_vec(),
            Err(x) => e("sqs list_queues", x.to_string()),
        },
    );
    let ev = aws_sdk_eventbridge::Client::new(conf);
    note(
        "event buses",
        match ev.list_event_buses().name_prefix(&prefix).send().await {
            Ok(l) => l
                .event_buses()
                .iter()
                .filter_map(|b| b.name().map(str::to_owned))
                .collect(),
            Err(x) => e("events list_event_buses", x.to_string()),
        },
    );
    note(
        "archives",
        match ev.list_archives().name_prefix(&prefix).send().await {
            Ok(l) => l
                .archives()
                .iter()
                .filter_map(|a| a.archive_name().map(str::to_owned))
                .collect(),
            Err(x) => e("events list_archives", x.to_string()),
        },
    );
    let cw = aws_sdk_cloudwatch::Client::new(conf);
    note(
        "alarms",
        match cw
            .describe_alarms()
            .alarm_name_prefix(&prefix)
            .alarm_types(aws_sdk_cloudwatch::types::AlarmType::MetricAlarm)
            .alarm_types(aws_sdk_cloudwatch::types::AlarmType::CompositeAlarm)
            .send()
            .await
        {
            Ok(d) => d
                .metric_alarms()
                .iter()
                .filter_map(|a| a.alarm_name())
                .chain(d.composite_alarms().iter().filter_map(|a| a.alarm_name()))
                .map(str::to_owned)
                .collect(),
            Err(x) => e("cloudwatch describe_alarms", x.to_string()),
        },
    );
    let rds = aws_sdk_rds::Client::new(conf);
    note(
        "db clusters",
        match rds.describe_db_clusters().send().await {
            Ok(d) => d
                .db_clusters()
                .iter()
                .filter_map(|c| c.db_cluster_identifier())
                .filter(|n| n.starts_with(&prefix))
                .map(str::to_owned)
                .collect(),
            Err(x) => e("rds describe_db_clusters", x.to_string()),
        },
    );
    note(
        "db instances",
        match rds.describe_db_instances().send().await {
            Ok(d) => d
                .db_instances()
                .iter()
                .filter_map(|c| c.db_instance_identifier())
                .filter(|n| n.starts_with(&prefix))
                .map(str::to_owned)
                .collect(),
            Err(x) => e("rds describe_db_instances", x.to_string()),
        },
    );
    let elb = aws_sdk_elasticloadbalancingv2::Client::new(conf);
    note(
        "load balancers",
        match elb.describe_load_balancers().send().await {
            Ok(d) => d
                .load_balancers()
                .iter()
                .filter_map(|l| l.load_balancer_name())
                .filter(|n| n.starts_with(&prefix))
                .map(str::to_owned)
                .collect(),
            Err(x) => e("elbv2 describe_load_balancers", x.to_string()),
        },
    );
    note(
        "target groups",
        match elb.describe_target_groups().send().await {
            Ok(d) => d
                .target_groups()
                .iter()
                .filter_map(|l| l.target_group_name())
                .filter(|n| n.starts_with(&prefix))
                .map(str::to_owned)
                .collect(),
            Err(x) => e("elbv2 describe_target_groups", x.to_string()),
        },
    );
    let ecs = aws_sdk_ecs::Client::new(conf);
    note(
        "active ECS clusters",
        match ecs
            .describe_clusters()
            .clusters(&o["EcsClusterName"])
            .send()
            .await
        {
            Ok(d) => d
                .clusters()
                .iter()
                .filter(|c| c.status() == Some("ACTIVE"))
                .filter_map(|c| c.cluster_name().map(str::to_owned))
                .collect(),
            Err(x) => e("ecs describe_clusters", x.to_string()),
        },
    );
    let r53 = aws_sdk_route53::Client::new(conf);
    note(
        "hosted zones",
        match r53.list_hosted_zones().send().await {
            Ok(z) => z
                .hosted_zones()
                .iter()
                .filter(|z| z.name().trim_end_matches('.') == o["AppDomainName"])
                .map(|z| z.id().to_owned())
                .collect(),
            Err(x) => e("route53 list_hosted_zones", x.to_string()),
        },
    );
    note(
        "health checks",
        match r53.list_health_checks().send().await {
            Ok(h) => h
                .health_checks()
                .iter()
                .map(|h| h.id().to_owned())
                .filter(|id| *id == o["HealthCheckId"])
                .collect(),
            Err(x) => e("route53 list_health_checks", x.to_string()),
        },
    );
    left
}

// ------------------------------------------------------------------------------- report

/// Runtime behaviour of this stack that a local CloudFormation endpoint cannot exercise.
const NOT_EXERCISED: &[&str] = &[
    "ECS: no task ever runs (no image pull, no container, no ADOT sidecar); blue/green deployments, bake time, circuit breaker and deployment-alarm rollback never happen (only their effect on the listener rules is simulated, with ModifyRule)",
    "Synthetics: the three canaries are stored, never run (no artifacts, no SuccessPercent metric; their cwsyn-* log groups are created by the test, as a first run would)",
    "AWS Backup: no backup job runs, no recovery point exists (the vault cleaner deletes nothing); BackupSelection is recorded only",
    "Route 53: the health check is never evaluated, no DNS is served (alias record, delegation untested)",
    "ALB: no traffic, listener rules never route, target health checks never run, no access logs written",
    "CloudWatch: alarms are never evaluated; the composite alarm never fires, so the EventBridge failover trigger never starts the state machine",
    "Step Functions: the failover workflow is not executed (no approval round trip, no failoverDBCluster)",
    "Aurora: no database engine runs (no SQL connection, IAM auth, failover, PITR, Performance/Database Insights, enhanced monitoring)",
    "KMS: nothing is really encrypted (keys, rotation and key policies are stored only); IAM policies are not enforced",
    "CloudTrail / VPC flow logs: no events or flow records are delivered",
    "EventBridge: no event is routed to the orders queue, no retry/DLQ delivery, the archive stays empty",
    "DynamoDB: TTL never expires items, PITR has no restore points; S3 lifecycle rules never transition or expire objects",
    "Auto scaling: target tracking never scales the service; Cloud Map registers no instance",
];

fn print_report(report: &Value, template: &Value, checks: &checks::Report) {
    let resources = template["Resources"].as_object().unwrap();
    let mut by_type: BTreeMap<&str, usize> = BTreeMap::new();
    for r in resources.values() {
        *by_type
            .entry(r["Type"].as_str().unwrap_or("?"))
            .or_default() += 1;
    }
    let modelled = report["modelled_types"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let skipped = report["skipped_types_seen"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (ty, n) in &by_type {
        let how = if skipped.contains_key(*ty) {
            "NOT provisioned (skipped by the endpoint)".to_owned()
        } else if let Some(m) = modelled.get(*ty) {
            format!(
                "substituted by the endpoint ({})",
                m["backing"].as_str().unwrap_or("?")
            )
        } else if ty.starts_with("Custom::") {
            "custom resource (handler run locally, see below)".to_owned()
        } else {
            "moto's own model".to_owned()
        };
        groups.entry(how).or_default().push(format!("{ty} ×{n}"));
    }
    println!("\n================ local endpoint report (/ha-local/report) ================");
    println!("{} resources of {} types:", resources.len(), by_type.len());
    for (how, types) in &groups {
        println!("  {how} [{}]:", types.len());
        for t in types {
            println!("    {t}");
        }
    }
    let list = |k: &str| report[k].as_array().cloned().unwrap_or_default();
    println!(
        "recorded only (no backend, nothing can read it back): {:?}",
        list("recorded_only_types")
    );
    println!("stored but not acted on (recorded_only_properties):");
    for (k, v) in report["recorded_only_properties"]
        .as_object()
        .into_iter()
        .flatten()
    {
        let ty = k.split('.').next().unwrap_or(k);
        let mark = if by_type.contains_key(ty) {
            ""
        } else {
            " (type not in this stack)"
        };
        println!("  {k}: {}{mark}", v.as_str().unwrap_or_default());
    }
    println!("updates not applied: {:?}", list("updates_not_applied"));
    let dni = list("deletes_not_implemented");
    println!("deletes not implemented by the endpoint (DeleteStack skipped them; the load balancer delete removes them in moto): {}", dni.len());
    for d in &dni {
        println!(
            "  {} {}",
            d["type"].as_str().unwrap_or("?"),
            d["logical_id"].as_str().unwrap_or("?")
        );
    }
    let mut runs: BTreeMap<String, usize> = BTreeMap::new();
    for i in invocations(report) {
        let key = format!(
            "{} {} {} -> {}{}",
            i["logical_id"].as_str().unwrap_or("?"),
            i["resource_type"].as_str().unwrap_or(""),
            i["request_type"].as_str().unwrap_or("?"),
            i["response_status"].as_str().unwrap_or("no response"),
            if i["executed"].as_bool() == Some(false) {
                " (NOT executed)"
            } else {
                ""
            },
        );
        *runs.entry(key).or_default() += 1;
    }
    println!(
        "custom resources run ({} invocations):",
        invocations(report).len()
    );
    for (k, n) in &runs {
        println!(
            "  {k}{}",
            if *n > 1 {
                format!(" ×{n}")
            } else {
                String::new()
            }
        );
    }
    println!("integration assertions skipped locally (asserted on AWS only):");
    if checks.skipped.is_empty() {
        println!("  none");
    }
    for (what, why) in &checks.skipped {
        println!("  {what}: {why}");
    }
    println!("NOT exercised locally (deployed and read back only):");
    for l in NOT_EXERCISED {
        println!("  - {l}");
    }
    println!("==========================================================================\n");
}
