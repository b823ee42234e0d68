//! The links app's CLI (the real `links` binary) against the local endpoint: synth of both
//! stacks and the manifest, an app deploy in dependency order, the outputs and imports read
//! back through the SDK, a refused destroy of the data stack alone, and the app destroy in
//! reverse order.
//!
//! The local endpoint skips the API Gateway v2 and Cognito types (see the README): the API
//! stack deploys, but the outputs of those resources are dropped there, so this test reads
//! the outputs of the resources the endpoint creates.

use aws_sdk_cloudformation::Client;
use ha_testkit::LocalEndpoint;
use std::collections::BTreeMap;
use std::path::Path;

const REGION: &str = "us-east-1";

/// `links <args> --endpoint-url URL --no-validate` in `dir`, isolated from the user's AWS
/// setup: (exit code, stdout + stderr).
fn links(ep: &LocalEndpoint, dir: &Path, args: &[&str]) -> (i32, String) {
    let bin = env!("CARGO_BIN_EXE_links");
    ha_testkit::run_app(bin, dir, &ep.url, REGION, args, &["--no-validate"])
}

async fn cfn(ep: &LocalEndpoint) -> Client {
    let conf = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new(REGION))
        .endpoint_url(&ep.url)
        .credentials_provider(aws_credential_types::Credentials::new(
            "testing", "testing", None, None, "links",
        ))
        .load()
        .await;
    Client::new(&conf)
}

/// Status and outputs of a deployed stack; None when it does not exist.
async fn deployed(cfn: &Client, name: &str) -> Option<(String, BTreeMap<String, String>)> {
    let out = cfn.describe_stacks().stack_name(name).send().await.ok()?;
    let s = out.stacks().first()?;
    let outputs = s
        .outputs()
        .iter()
        .filter_map(|o| Some((o.output_key()?.to_owned(), o.output_value()?.to_owned())))
        .collect();
    Some((s.stack_status()?.as_str().to_owned(), outputs))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_stacks_deploy_in_order_and_the_data_stack_goes_last() {
    let Some(ep) = LocalEndpoint::start("links-example") else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("links-example-{}", ep.port));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let cfn = cfn(&ep).await;

    // synth: one template per stack and the manifest, the data stack first
    let (code, out) = links(&ep, &dir, &["synth", "--suffix", "lx"]);
    assert_eq!(code, 0, "{out}");
    let read = |f: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(dir.join("out").join(f)).unwrap()).unwrap()
    };
    let manifest = read("app.manifest.json");
    assert_eq!(manifest["stacks"][0]["name"], "links-data-lx");
    assert_eq!(manifest["stacks"][1]["name"], "links-api-lx");
    assert_eq!(
        manifest["stacks"][1]["dependsOn"],
        serde_json::json!(["links-data-lx"])
    );
    let data = read("links-data-lx.template.json");
    assert_eq!(
        data["Outputs"]["TableArn"]["Export"],
        serde_json::json!({"Name": "links-data-lx-TableArn"})
    );
    let api = read("links-api-lx.template.json");
    assert_eq!(
        api["Resources"]["AuditStream"]["Properties"]["EventSourceArn"],
        serde_json::json!({"Fn::ImportValue": "links-data-lx-StreamArn"})
    );

    // the app deploys the data stack, then the API
    let (code, out) = links(&ep, &dir, &["deploy", "--suffix", "lx", "--yes"]);
    assert_eq!(code, 0, "{out}");
    let data_at = out
        .find("Stack links-data-lx: CREATE_COMPLETE")
        .expect(&out);
    let api_at = out.find("Stack links-api-lx: CREATE_COMPLETE").expect(&out);
    assert!(data_at < api_at, "{out}");

    let (status, outputs) = deployed(&cfn, "links-data-lx").await.expect("data stack");
    assert_eq!(status, "CREATE_COMPLETE");
    assert_eq!(outputs["TableName"], "links-lx");
    assert!(
        outputs["TableArn"].ends_with(":table/links-lx"),
        "{outputs:?}"
    );
    assert!(
        outputs["StreamArn"].contains(":table/links-lx/stream/"),
        "{outputs:?}"
    );
    // Each stack's outputs in a file of its own (flat-outputs.json holds the last stack's).
    let saved = |f: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(dir.join("cfn-outputs").join(f)).unwrap())
            .unwrap()
    };
    assert_eq!(saved("links-data-lx.json")["TableName"], "links-lx");
    assert_eq!(
        saved("links-api-lx.json")["RedirectFunction"],
        "links-redirect-lx"
    );
    assert_eq!(saved("flat-outputs.json"), saved("links-api-lx.json"));
    let (status, outputs) = deployed(&cfn, "links-api-lx").await.expect("api stack");
    assert_eq!(status, "CREATE_COMPLETE");
    assert_eq!(outputs["RedirectFunction"], "links-redirect-lx");
    for export in [
        "links-data-lx-TableArn",
        "links-data-lx-StreamArn",
        "links-data-lx-TableName",
    ] {
        let imports = cfn.list_imports().export_name(export).send().await.unwrap();
        assert_eq!(imports.imports(), ["links-api-lx"], "{export}");
    }

    // the data stack alone cannot go while the API imports it: refused, nothing deleted
    let (code, out) = links(
        &ep,
        &dir,
        &[
            "destroy",
            "--suffix",
            "lx",
            "--stack",
            "links-data-lx",
            "--yes",
        ],
    );
    assert_eq!(code, 4, "{out}");
    assert!(out.contains("imported by links-api-lx"), "{out}");
    assert!(deployed(&cfn, "links-data-lx").await.is_some());

    // the app destroy: the API first, then the data stack
    let (code, out) = links(&ep, &dir, &["destroy", "--suffix", "lx", "--yes"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Destroy order: links-api-lx, links-data-lx"),
        "{out}"
    );
    assert!(deployed(&cfn, "links-api-lx").await.is_none());
    assert!(deployed(&cfn, "links-data-lx").await.is_none());
    std::fs::remove_dir_all(&dir).unwrap();
}
