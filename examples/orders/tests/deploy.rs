//! The example app's CLI (the real `orders` binary, built from the one-line `main`) against the
//! local endpoint: synth, deploy, no-op, the protection of a production stack as deployed,
//! destroy; the end state is read back through the SDK.

use aws_sdk_cloudformation::Client;
use ha_testkit::LocalEndpoint;
use std::path::Path;

const REGION: &str = "us-east-1";

/// `orders <args> --endpoint-url URL` in `dir`, isolated from the user's AWS setup: (exit code,
/// stdout + stderr).
fn orders(ep: &LocalEndpoint, dir: &Path, args: &[&str]) -> (i32, String) {
    ha_testkit::run_app(
        env!("CARGO_BIN_EXE_orders"),
        dir,
        &ep.url,
        REGION,
        args,
        &[],
    )
}

async fn cfn(ep: &LocalEndpoint) -> Client {
    let conf = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new(REGION))
        .endpoint_url(&ep.url)
        .credentials_provider(aws_credential_types::Credentials::new(
            "testing", "testing", None, None, "example",
        ))
        .load()
        .await;
    Client::new(&conf)
}

/// (status, outputs, parameters) of a deployed stack; None when it does not exist.
async fn deployed(
    cfn: &Client,
    name: &str,
) -> Option<(String, Vec<String>, Vec<(String, String)>)> {
    let out = cfn.describe_stacks().stack_name(name).send().await.ok()?;
    let s = out.stacks().first()?;
    let status = s.stack_status()?.as_str().to_owned();
    let mut outputs: Vec<String> = s
        .outputs()
        .iter()
        .filter_map(|o| o.output_key().map(String::from))
        .collect();
    outputs.sort();
    let params = s
        .parameters()
        .iter()
        .map(|p| {
            (
                p.parameter_key().unwrap_or_default().to_owned(),
                p.parameter_value().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    Some((status, outputs, params))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_one_line_cli_deploys_protects_and_destroys() {
    let Some(ep) = LocalEndpoint::start("orders-example") else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("orders-example-{}", ep.port));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let cfn = cfn(&ep).await;

    // synth: the template the macro checked, written where the README says
    let (code, out) = orders(&ep, &dir, &["synth", "--suffix", "ex"]);
    assert_eq!(code, 0, "{out}");
    let tpl: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("out/Ordersex.template.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        tpl["Resources"]["Intake"]["Properties"]["RedrivePolicy"]["deadLetterTargetArn"],
        serde_json::json!({"Fn::GetAtt": ["DeadLetters", "Arn"]})
    );

    // deploy, then the same again: no change
    let (code, out) = orders(&ep, &dir, &["deploy", "--suffix", "ex", "--yes"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Stack Ordersex: CREATE_COMPLETE"), "{out}");
    let (status, outputs, params) = deployed(&cfn, "Ordersex").await.expect("deployed");
    assert_eq!(status, "CREATE_COMPLETE");
    assert_eq!(outputs, ["IntakeQueueUrl", "OrderTableName"]);
    assert!(
        params.contains(&("Stage".into(), "dev".into())),
        "{params:?}"
    );
    let flat = std::fs::read_to_string(dir.join("cfn-outputs/flat-outputs.json")).unwrap();
    assert!(flat.contains("\"OrderTableName\": \"orders-ex\""), "{flat}");
    let (code, out) = orders(&ep, &dir, &["deploy", "--suffix", "ex", "--yes"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("No changes: stack Ordersex is up to date."),
        "{out}"
    );

    // production as deployed: a plain destroy is refused and nothing is touched
    let (code, out) = orders(&ep, &dir, &["deploy", "--suffix", "prod", "--yes"]);
    assert_eq!(code, 0, "{out}");
    let (code, out) = orders(&ep, &dir, &["destroy", "--suffix", "prod", "--yes"]);
    assert_eq!(code, 4, "{out}");
    assert!(
        out.contains("stack Ordersprod is deletion-protected (as deployed: Stage=prod): destroy refused, nothing was changed. To delete it, rerun with --force"),
        "{out}"
    );
    let (status, _, params) = deployed(&cfn, "Ordersprod").await.expect("still there");
    assert_eq!(status, "CREATE_COMPLETE");
    assert!(
        params.contains(&("Stage".into(), "prod".into())),
        "{params:?}"
    );
    // the dedicated flag: protection off first (Stage=dev), then the delete
    let (code, out) = orders(
        &ep,
        &dir,
        &["destroy", "--suffix", "prod", "--yes", "--force"],
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Verified: stack Ordersprod is gone"), "{out}");
    assert!(deployed(&cfn, "Ordersprod").await.is_none());

    let (code, out) = orders(&ep, &dir, &["destroy", "--suffix", "ex", "--yes"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Verified: stack Ordersex is gone"), "{out}");
    assert!(deployed(&cfn, "Ordersex").await.is_none());
    std::fs::remove_dir_all(&dir).unwrap();
}
