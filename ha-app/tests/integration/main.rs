//! Integration checks of a TapStack deployed on **real AWS** (opt-in).
//!
//! ```sh
//! cargo run -p ha-app -- deploy --suffix dev --yes          # writes cfn-outputs/flat-outputs.json
//! HA_INTEGRATION_AWS=1 cargo test -p ha-app --test integration -- --nocapture
//! ```
//!
//! Reads `cfn-outputs/flat-outputs.json` from the current directory (cargo runs tests in
//! `ha-app/`; the workspace root is tried next, where `cargo run -p ha-app -- deploy` writes it).
//! Without `HA_INTEGRATION_AWS=1`, or without credentials, it prints why and passes.
//! The same checks run against the local endpoint from `tests/e2e_local.rs`.

mod checks;

use std::path::PathBuf;

fn outputs_file() -> Option<PathBuf> {
    let cwd = PathBuf::from("cfn-outputs/flat-outputs.json");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../cfn-outputs/flat-outputs.json");
    [cwd, root].into_iter().find(|p| p.exists())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deployed_stack_on_aws() {
    if std::env::var("HA_INTEGRATION_AWS").as_deref() != Ok("1") {
        println!("SKIPPED: set HA_INTEGRATION_AWS=1 (and AWS credentials) to check a stack deployed on AWS");
        return;
    }
    if std::env::var_os("AWS_ENDPOINT_URL").is_some() {
        println!("SKIPPED: AWS_ENDPOINT_URL is set; this test is for real AWS (tests/e2e_local.rs covers the local endpoint)");
        return;
    }
    let conf = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let creds = match conf.credentials_provider() {
        Some(p) => aws_credential_types::provider::ProvideCredentials::provide_credentials(&p)
            .await
            .map_err(|e| e.to_string()),
        None => Err("no credentials provider".to_owned()),
    };
    if let Err(e) = creds {
        println!("SKIPPED: HA_INTEGRATION_AWS=1 but no AWS credentials are available: {e}");
        return;
    }
    let Some(path) = outputs_file() else {
        panic!(
            "HA_INTEGRATION_AWS=1 but cfn-outputs/flat-outputs.json is missing (cwd {:?} and the workspace root): run `ha-app deploy` or `ha-app outputs` first",
            std::env::current_dir().unwrap_or_default()
        );
    };
    println!(
        "checking the stack described by {} in {:?}",
        path.display(),
        conf.region()
    );
    let outputs = checks::read_outputs(&path);
    checks::run_all(&conf, &outputs)
        .await
        .assert_ok("integration checks on AWS");
}
