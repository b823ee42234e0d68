//! End-to-end against the local endpoint (patched moto, `ha_testkit::LocalEndpoint`) on a free
//! loopback port.

use crate::common::*;
use std::path::Path;
use std::time::{Duration, Instant};

use ha_testkit::LocalEndpoint as Endpoint;

fn start() -> Option<Endpoint> {
    Endpoint::start("ha-deploy-e2e")
}

async fn cli(ep: &Endpoint, cwd: &Path, args: &[&str]) -> (u8, String) {
    cli_opts(ep, cwd, args, false).await
}

/// `interrupt`: Ctrl-C was pressed before the run starts.
async fn cli_opts(ep: &Endpoint, cwd: &Path, args: &[&str], interrupt: bool) -> (u8, String) {
    let (tx, rx) = tokio::sync::watch::channel(interrupt);
    let _tx = interrupt.then_some(tx);
    let mut full = vec!["--endpoint-url", ep.url.as_str()];
    full.extend_from_slice(args);
    let (code, out) = run_cli(
        &full,
        env(cwd.to_path_buf(), &[], Some(static_creds()), rx),
        false,
        false,
        "",
    )
    .await;
    println!("$ ha-test {}\n{out}[exit {code}]", args.join(" "));
    (code, out)
}

async fn cfn(ep: &Endpoint) -> aws_sdk_cloudformation::Client {
    let conf = (static_creds())(creds())
        .region(aws_config::Region::new("us-east-1"))
        .endpoint_url(&ep.url)
        .load()
        .await;
    aws_sdk_cloudformation::Client::new(&conf)
}

/// The deployed value of parameter `key` of `stack` (None: no such stack).
async fn deployed_parameter(ep: &Endpoint, stack: &str, key: &str) -> Option<String> {
    let out = cfn(ep)
        .await
        .describe_stacks()
        .stack_name(stack)
        .send()
        .await
        .ok()?;
    out.stacks()
        .first()?
        .parameters()
        .iter()
        .find(|p| p.parameter_key() == Some(key))
        .and_then(|p| p.parameter_value())
        .map(String::from)
}

async fn put(s3: &aws_sdk_s3::Client, bucket: &str, key: &str, body: &str) {
    s3.put_object()
        .bucket(bucket)
        .key(key)
        .body(body.as_bytes().to_vec().into())
        .send()
        .await
        .unwrap();
}

async fn s3(ep: &Endpoint) -> aws_sdk_s3::Client {
    let conf = (static_creds())(creds())
        .region(aws_config::Region::new("us-east-1"))
        .endpoint_url(&ep.url)
        .load()
        .await;
    aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&conf)
            .force_path_style(true)
            .build(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn full_lifecycle_against_local_endpoint() {
    let Some(ep) = start() else { return };
    tokio::time::timeout(Duration::from_secs(300), lifecycle(&ep))
        .await
        .expect("the end-to-end run took over 5 minutes");
}

async fn lifecycle(ep: &Endpoint) {
    let dir = temp_dir("e2e");
    let s3 = s3(ep).await;

    // bootstrap, twice (idempotent)
    let (code, out) = cli(ep, &dir, &["bootstrap"]).await;
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Created staging bucket ha-cfn-staging-123456789012-us-east-1"));
    let (code, out) = cli(ep, &dir, &["bootstrap"]).await;
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("exists"));

    // create
    let (code, out) = cli(ep, &dir, &["deploy", "--suffix", "e2e"]).await;
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Creating stack ha-test-e2e"), "{out}");
    assert!(out.contains("+ Add      Queue (AWS::SQS::Queue)"), "{out}");
    assert!(out.contains("Stack ha-test-e2e: CREATE_COMPLETE"), "{out}");
    let flat: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("cfn-outputs/flat-outputs.json")).unwrap(),
    )
    .unwrap();
    let keys: Vec<&String> = flat.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["BucketName", "ParamName", "QueueArn", "TopicArn"]);
    assert_eq!(flat["BucketName"], "ha-test-bucket-e2e");
    let (code, out) = cli(ep, &dir, &["outputs", "--suffix", "e2e"]).await;
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("flat-outputs.json"));

    // unchanged → no changes
    let t = Instant::now();
    let (code, out) = cli(ep, &dir, &["deploy", "--suffix", "e2e"]).await;
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("No changes: stack ha-test-e2e is up to date."),
        "{out}"
    );
    assert!(t.elapsed() < Duration::from_secs(10));

    // another run's change set pending on the stack: refused with --no-wait, and kept
    let body = cfn(ep)
        .await
        .get_template()
        .stack_name("ha-test-e2e")
        .send()
        .await
        .unwrap()
        .template_body()
        .unwrap()
        .to_string();
    cfn(ep)
        .await
        .create_change_set()
        .stack_name("ha-test-e2e")
        .change_set_name("ha-deploy-1-other")
        .template_body(body.replace("\"VisibilityTimeout\": 30", "\"VisibilityTimeout\": 31"))
        .parameters(
            aws_sdk_cloudformation::types::Parameter::builder()
                .parameter_key("Suffix")
                .parameter_value("e2e")
                .build(),
        )
        .send()
        .await
        .unwrap();
    let (code, out) = cli(ep, &dir, &["deploy", "--suffix", "e2e", "--no-wait"]).await;
    assert_eq!(code, 3, "{out}");
    assert!(
        out.contains("another run holds change set ha-deploy-1-other"),
        "{out}"
    );
    let other = cfn(ep)
        .await
        .describe_change_set()
        .stack_name("ha-test-e2e")
        .change_set_name("ha-deploy-1-other")
        .send()
        .await;
    assert!(other.is_ok(), "the other run's change set is kept");
    cfn(ep)
        .await
        .delete_change_set()
        .stack_name("ha-test-e2e")
        .change_set_name("ha-deploy-1-other")
        .send()
        .await
        .unwrap();

    // one property → diff shows exactly it → deploy updates it
    let (code, out) = cli(ep, &dir, &["diff", "--suffix", "e2e", "--visibility", "60"]).await;
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("~ Modify   Queue (AWS::SQS::Queue)"), "{out}");
    assert!(
        out.contains(
            "Template changes (1):\n  ~ Resources.Queue.Properties.VisibilityTimeout: 30 → 60\n"
        ),
        "{out}"
    );
    let (code, out) = cli(
        ep,
        &dir,
        &["deploy", "--suffix", "e2e", "--visibility", "60"],
    )
    .await;
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Stack ha-test-e2e: UPDATE_COMPLETE"), "{out}");
    let (code, out) = cli(ep, &dir, &["diff", "--suffix", "e2e", "--visibility", "60"]).await;
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Stack ha-test-e2e: no changes.") && out.contains("Template changes (0):"),
        "{out}"
    );

    // objects (versions + delete marker) in the stack's bucket, then destroy

    s3.put_bucket_versioning()
        .bucket("ha-test-bucket-e2e")
        .versioning_configuration(
            aws_sdk_s3::types::VersioningConfiguration::builder()
                .status(aws_sdk_s3::types::BucketVersioningStatus::Enabled)
                .build(),
        )
        .send()
        .await
        .unwrap();
    for body in ["one", "two"] {
        s3.put_object()
            .bucket("ha-test-bucket-e2e")
            .key("k")
            .body(body.as_bytes().to_vec().into())
            .send()
            .await
            .unwrap();
    }
    s3.delete_object()
        .bucket("ha-test-bucket-e2e")
        .key("k")
        .send()
        .await
        .unwrap();
    let (code, out) = cli(ep, &dir, &["destroy", "--suffix", "e2e"]).await;
    assert_eq!(code, 3, "destroy asks: {out}");
    assert!(
        out.contains("delete it needs confirmation and stdin is not a terminal: rerun with --yes"),
        "{out}"
    );
    assert!(deployed_parameter(ep, "ha-test-e2e", "Suffix")
        .await
        .is_some());
    let (code, out) = cli(ep, &dir, &["destroy", "--suffix", "e2e", "--yes"]).await;
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(
            "Deleted 3 object version(s) and delete marker(s) in bucket ha-test-bucket-e2e"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "Checked gone: bucket ha-test-bucket-e2e, export ha-test-e2e-topic-arn\nVerified: stack ha-test-e2e is gone and nothing is left (1 data store(s), 1 export(s) checked)."
        ),
        "{out}"
    );
    assert!(s3
        .head_bucket()
        .bucket("ha-test-bucket-e2e")
        .send()
        .await
        .is_err());
    let (code, out) = cli(ep, &dir, &["destroy", "--suffix", "e2e", "--yes"]).await;
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("does not exist: nothing to destroy"));

    // a template over 51,200 bytes goes through the staging bucket
    let (code, out) = cli(ep, &dir, &["deploy", "--suffix", "big", "--big"]).await;
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(
            "uploaded to s3://ha-cfn-staging-123456789012-us-east-1/templates/ha-test-big/"
        ),
        "{out}"
    );
    let (code, out) = cli(ep, &dir, &["destroy", "--suffix", "big", "--yes"]).await;
    assert_eq!(code, 0, "{out}");

    // deletion protection is read from the deployed stack, not from today's flags
    let (code, out) = cli(ep, &dir, &["deploy", "--suffix", "prod", "--protected"]).await;
    assert_eq!(code, 0, "{out}");
    let (code, out) = cli(ep, &dir, &["deploy", "--suffix", "prod"]).await;
    assert_eq!(code, 4, "a plain deploy must not lower protection: {out}");
    assert!(
        out.contains("stack ha-test-prod is deletion-protected as deployed (Protected=true); this deploy would lower it (Protected true → false)"),
        "{out}"
    );
    assert_eq!(
        deployed_parameter(ep, "ha-test-prod", "Protected")
            .await
            .as_deref(),
        Some("true")
    );
    let (code, out) = cli(ep, &dir, &["destroy", "--suffix", "prod", "--yes"]).await;
    assert_eq!(code, 4, "{out}");
    assert!(
        out.contains("stack ha-test-prod is deletion-protected (as deployed: Protected=true): destroy refused, nothing was changed"),
        "{out}"
    );
    put(&s3, "ha-test-bucket-prod", "orders.csv", "1,2,3").await;
    let (code, out) = cli(
        ep,
        &dir,
        &["destroy", "--suffix", "prod", "--force", "--yes"],
    )
    .await;
    assert_eq!(code, 4, "{out}");
    assert!(
        out.contains("production stack ha-test-prod holds data that destroy would delete: bucket ha-test-bucket-prod (1 object version(s) and delete marker(s))"),
        "{out}"
    );
    assert!(s3
        .get_object()
        .bucket("ha-test-bucket-prod")
        .key("orders.csv")
        .send()
        .await
        .is_ok());
    assert_eq!(
        deployed_parameter(ep, "ha-test-prod", "Protected")
            .await
            .as_deref(),
        Some("true")
    );
    let (code, out) = cli(
        ep,
        &dir,
        &[
            "destroy",
            "--suffix",
            "prod",
            "--force",
            "--delete-data",
            "--yes",
        ],
    )
    .await;
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("switching deletion protection off"), "{out}");
    assert!(
        out.contains(
            "Deleted 1 object version(s) and delete marker(s) in bucket ha-test-bucket-prod"
        ),
        "{out}"
    );
    assert!(
        out.contains("Verified: stack ha-test-prod is gone"),
        "{out}"
    );
    assert!(deployed_parameter(ep, "ha-test-prod", "Protected")
        .await
        .is_none());

    // Ctrl-C after the change set is created, before it executes: nothing is left
    let (code, out) = cli_opts(ep, &dir, &["deploy", "--suffix", "intr"], true).await;
    assert_eq!(code, 130, "{out}");
    assert!(
        out.contains("deleted, never executed; nothing was changed"),
        "{out}"
    );
    assert!(deployed_parameter(ep, "ha-test-intr", "Suffix")
        .await
        .is_none());

    // IAM change without a terminal and without --yes → refused, exit 3
    let (code, out) = cli(ep, &dir, &["deploy", "--suffix", "iam", "--with-role"]).await;
    assert_eq!(code, 3, "{out}");
    assert!(
        out.contains("need confirmation (Add Role (IAM))") && out.contains("--yes"),
        "{out}"
    );
    let (code, out) = cli(
        ep,
        &dir,
        &["deploy", "--suffix", "iam", "--with-role", "--yes"],
    )
    .await;
    assert_eq!(code, 0, "{out}");
    let (code, out) = cli(ep, &dir, &["destroy", "--suffix", "iam", "--yes"]).await;
    assert_eq!(code, 0, "{out}");

    // Lambda-backed custom resource (inline python), run by the patched endpoint.
    let (code, out) = cli(
        ep,
        &dir,
        &["deploy", "--suffix", "cr", "--with-custom", "--yes"],
    )
    .await;
    assert_eq!(code, 0, "{out}");
    let flat = std::fs::read_to_string(dir.join("cfn-outputs/flat-outputs.json")).unwrap();
    assert!(flat.contains("\"EchoValue\": \"echo-hello\""), "{flat}");
    let (code, out) = cli(
        ep,
        &dir,
        &["destroy", "--suffix", "cr", "--with-custom", "--yes"],
    )
    .await;
    assert_eq!(code, 0, "{out}");

    std::fs::remove_dir_all(&dir).unwrap();
}

/// Status of `stack` (None: no such stack).
async fn status(ep: &Endpoint, stack: &str) -> Option<String> {
    let out = cfn(ep)
        .await
        .describe_stacks()
        .stack_name(stack)
        .send()
        .await
        .ok()?;
    out.stacks()
        .first()?
        .stack_status()
        .map(|s| s.as_str().to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_stack_app_against_local_endpoint() {
    let Some(ep) = start() else { return };
    tokio::time::timeout(Duration::from_secs(120), two_stack_app(&ep))
        .await
        .expect("the two-stack run took over 2 minutes");
}

async fn two_stack_app(ep: &Endpoint) {
    let dir = temp_dir("e2e-multi");
    // The verb first, then the app's flags (they belong to the verb).
    let app = |verb: &[&'static str]| {
        let mut a = verb.to_vec();
        a.extend(["--two-stacks", "--suffix", "m1", "--no-validate"]);
        a
    };

    // deploy --stack of the consumer before its producer: refused, nothing created.
    let (code, out) = cli(ep, &dir, &app(&["deploy", "--stack", "mx-api-m1"])).await;
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("error: stack mx-api-m1 imports exports of stack mx-net-m1, which does not exist: deploy mx-net-m1 first (--stack mx-net-m1) or deploy the whole app (without --stack)"),
        "{out}"
    );
    assert_eq!(status(ep, "mx-api-m1").await, None);

    // The app: producer first, then the consumer (which resolves the import).
    let (code, out) = cli(ep, &dir, &app(&["deploy"])).await;
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("stacks mx-net-m1, mx-api-m1 (in this order) (suffix m1 from --suffix)"),
        "{out}"
    );
    let net = out.find("Stack mx-net-m1: CREATE_COMPLETE").expect(&out);
    let api = out.find("Stack mx-api-m1: CREATE_COMPLETE").expect(&out);
    assert!(net < api, "{out}");
    let imports = cfn(ep)
        .await
        .list_imports()
        .export_name("mx-m1-topic")
        .send()
        .await
        .unwrap();
    assert_eq!(imports.imports(), ["mx-api-m1"]);

    // One stack with its producer deployed: allowed (and up to date).
    let (code, out) = cli(ep, &dir, &app(&["deploy", "--stack", "mx-api-m1"])).await;
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("No changes: stack mx-api-m1 is up to date."),
        "{out}"
    );
    assert!(!out.contains("mx-net-m1"), "only the selected stack: {out}");

    // diff and outputs act on each stack in order.
    let (code, out) = cli(ep, &dir, &app(&["diff"])).await;
    assert_eq!(code, 0, "{out}");
    let net = out.find("Stack mx-net-m1: no changes.").expect(&out);
    let api = out.find("Stack mx-api-m1: no changes.").expect(&out);
    assert!(net < api, "{out}");
    let (code, out) = cli(ep, &dir, &app(&["outputs"])).await;
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("TopicArn") && out.contains("ParamName"),
        "{out}"
    );

    // The producer alone: refused while the consumer imports its export; nothing deleted.
    let (code, out) = cli(
        ep,
        &dir,
        &app(&["destroy", "--stack", "mx-net-m1", "--yes"]),
    )
    .await;
    assert_eq!(code, 4, "{out}");
    assert!(
        out.contains("stack exports are in use: mx-m1-topic (imported by mx-api-m1)"),
        "{out}"
    );
    assert_eq!(
        status(ep, "mx-net-m1").await.as_deref(),
        Some("CREATE_COMPLETE")
    );
    assert_eq!(
        status(ep, "mx-api-m1").await.as_deref(),
        Some("CREATE_COMPLETE")
    );

    // The app without --yes: one confirmation for the app, nothing deleted without it.
    let (code, out) = cli(ep, &dir, &app(&["destroy"])).await;
    assert_eq!(code, 3, "{out}");
    assert!(
        out.contains("Destroy order: mx-api-m1, mx-net-m1 (dependents first).")
            && out.contains("delete the 2 stacks of this app needs confirmation"),
        "{out}"
    );
    assert_eq!(
        status(ep, "mx-net-m1").await.as_deref(),
        Some("CREATE_COMPLETE")
    );

    // The app: consumer first, then the producer.
    let (code, out) = cli(ep, &dir, &app(&["destroy", "--yes"])).await;
    assert_eq!(code, 0, "{out}");
    let api = out.find("Verified: stack mx-api-m1 is gone").expect(&out);
    let net = out.find("Verified: stack mx-net-m1 is gone").expect(&out);
    assert!(api < net, "{out}");
    assert_eq!(status(ep, "mx-net-m1").await, None);
    assert_eq!(status(ep, "mx-api-m1").await, None);
    let (code, out) = cli(ep, &dir, &app(&["destroy", "--yes"])).await;
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Stack mx-api-m1 does not exist: nothing to destroy.")
            && out.contains("Stack mx-net-m1 does not exist: nothing to destroy."),
        "{out}"
    );

    // A failing stack stops the app run: the stacks before it stay deployed.
    let (code, out) = cli(ep, &dir, &app(&["deploy", "--broken-import"])).await;
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(
            "App deploy stopped at stack mx-api-m1: deployed: mx-net-m1; not attempted: none."
        ),
        "{out}"
    );
    assert_eq!(
        status(ep, "mx-net-m1").await.as_deref(),
        Some("CREATE_COMPLETE")
    );
    let (code, out) = cli(ep, &dir, &app(&["destroy", "--yes"])).await;
    assert_eq!(code, 0, "{out}");
    assert_eq!(status(ep, "mx-net-m1").await, None);

    // --stack with an unknown name, and watch without --stack, fail before any change.
    let (code, out) = cli(ep, &dir, &app(&["destroy", "--stack", "mx-db-m1", "--yes"])).await;
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains(
            "--stack mx-db-m1: no such stack in this app; its stacks: mx-net-m1, mx-api-m1"
        ),
        "{out}"
    );
    let (code, out) = cli(ep, &dir, &app(&["watch"])).await;
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains(
            "watch acts on one stack and this app has 2: mx-net-m1, mx-api-m1; pass --stack NAME"
        ),
        "{out}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
