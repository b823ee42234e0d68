//! CLI behaviour that needs no AWS: help, parsing, synth, graph, flag resolution, preflight.

use crate::common::*;

async fn cli(args: &[&str], vars: &[(&str, &str)]) -> (u8, String, std::path::PathBuf) {
    let dir = temp_dir("cli");
    let (_tx, rx) = tokio::sync::watch::channel(false);
    let (code, out) = run_cli(
        args,
        env(dir.clone(), vars, Some(static_creds()), rx),
        false,
        false,
        "",
    )
    .await;
    println!("$ ha-test {}\n{out}[exit {code}]", args.join(" "));
    (code, out, dir)
}

#[tokio::test]
async fn help_explains_verbs_flags_and_exit_codes() {
    let (code, out, _) = cli(&["--help"], &[]).await;
    assert_eq!(code, 0);
    for needle in [
        "Exit codes:",
        "130",
        "synth",
        "diff",
        "deploy",
        "destroy",
        "outputs",
        "graph",
        "drill",
        "approve",
        "reject",
        "bootstrap",
        "--suffix",
        "--region",
        "--profile",
        "--endpoint-url",
        "--yes",
        "--out",
        "Examples:",
        "watch",
        "drift",
        "  4    refused to protect data",
        "  5    lost contact with CloudFormation",
        "AWS_DEFAULT_REGION",
    ] {
        assert!(out.contains(needle), "missing {needle}");
    }
    let (code, out, _) = cli(&["deploy", "--help"], &[]).await;
    assert_eq!(code, 0);
    assert!(
        out.contains("--wait-timeout") && out.contains("--no-wait") && out.contains("--visibility")
    );
    assert!(out.contains("--remove-deletion-protection") && out.contains("--express"));
    let (code, out, _) = cli(&["destroy", "--help"], &[]).await;
    assert_eq!(code, 0);
    assert!(out.contains("--force") && out.contains("--delete-data"));
    let (code, out, _) = cli(&["approve", "--help"], &[]).await;
    assert_eq!(code, 0);
    assert!(
        out.contains("--execution") && out.contains("--suffix") && out.contains("--visibility")
    );
}

#[tokio::test]
async fn bad_arguments_exit_2() {
    let (code, out, _) = cli(&["deploy", "--bogus"], &[]).await;
    assert_eq!(code, 2);
    assert!(out.contains("--bogus"));
    let (code, _, _) = cli(&["deploy", "--wait-timeout", "soon"], &[]).await;
    assert_eq!(code, 2);
}

#[tokio::test]
async fn synth_writes_template_and_summary() {
    let (code, out, dir) = cli(&["synth", "--suffix", "pr7"], &[]).await;
    assert_eq!(code, 0);
    assert!(
        out.contains("Synthesized ha-test-pr7: 4 resources, 4 outputs,"),
        "{out}"
    );
    let t = std::fs::read_to_string(dir.join("out/ha-test-pr7.template.json")).unwrap();
    assert!(t.contains("ha-test-queue-${Suffix}"));
    let (code, out, dir) = cli(
        &["synth", "--big", "--out", "cdk.out"],
        &[("ENVIRONMENT_SUFFIX", "envs")],
    )
    .await;
    assert_eq!(code, 0);
    assert!(out.contains("over the 51200-byte inline limit"));
    assert!(dir.join("cdk.out/ha-test-envs.template.json").exists());
}

#[tokio::test]
async fn synth_failures_are_bad_input() {
    let (code, out, _) = cli(&["synth", "--fail-synth"], &[]).await;
    assert_eq!(code, 2);
    assert!(out.contains("error: synth failed: the app refused"));
    let (code, out, dir) = cli(&["synth"], &[]).await;
    assert_eq!(code, 0, "{out}");
    // --out pointing at a file cannot be created
    std::fs::write(dir.join("blocked"), "").unwrap();
    let (_tx, rx) = tokio::sync::watch::channel(false);
    let (code, out) = run_cli(
        &["graph", "--out", "blocked/x"],
        env(dir.clone(), &[], None, rx),
        false,
        false,
        "",
    )
    .await;
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("cannot create"));
    let (_tx, rx) = tokio::sync::watch::channel(false);
    std::fs::create_dir_all(dir.join("o/ha-test-dev.template.json")).unwrap();
    let (code, out) = run_cli(
        &["synth", "--out", "o"],
        env(dir, &[], None, rx),
        false,
        false,
        "",
    )
    .await;
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("cannot write"));
}

#[tokio::test]
async fn graph_writes_dot_and_svg() {
    let (code, out, dir) = cli(&["graph", "--with-custom"], &[]).await;
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Graph of ha-test-dev: 7 nodes, 3 edges"),
        "{out}"
    );
    let dot = std::fs::read_to_string(dir.join("out/ha-test-dev.dot")).unwrap();
    assert!(
        dot.contains("\"Echo\" -> \"Function\" [label=\"GetAtt Arn\"];"),
        "{dot}"
    );
    assert!(dot.contains("\"Param\" -> \"Topic\" [label=\"Ref\"];"));
    let svg = std::fs::read_to_string(dir.join("out/ha-test-dev.svg")).unwrap();
    assert!(svg.starts_with("<svg") || svg.contains("<svg"));
    assert!(
        out.contains("Service graph of ha-test-dev: 7 services, 3 edges → "),
        "{out}"
    );
    let dot = std::fs::read_to_string(dir.join("out/ha-test-dev.services.dot")).unwrap();
    for line in [
        "  \"Custom\" [shape=box, style=filled, fillcolor=lightyellow, fontsize=16, label=\"Custom ×1\"];",
        "  \"IAM\" [shape=box, style=filled, fillcolor=lightyellow, fontsize=16, label=\"IAM ×1\"];",
        "  \"Custom\" -> \"Lambda\" [label=\"1\", penwidth=1];",
        "  \"Lambda\" -> \"IAM\" [label=\"1\", penwidth=1];",
        "  \"SSM\" -> \"SNS\" [label=\"1\", penwidth=1];",
    ] {
        assert!(dot.contains(line), "missing {line} in {dot}");
    }
    let svg = std::fs::read_to_string(dir.join("out/ha-test-dev.services.svg")).unwrap();
    assert!(svg.contains("Lambda ×1"), "{svg}");
}

#[tokio::test]
async fn unknown_region_is_rejected_before_any_call() {
    let (code, out, _) = cli(&["deploy", "--region", "us-mars-1"], &[]).await;
    assert_eq!(code, 2);
    assert!(
        out.contains("unknown AWS region `us-mars-1` (from --region)"),
        "{out}"
    );
    let (code, out, _) = cli(&["synth"], &[("AWS_REGION", "xx-1")]).await;
    assert_eq!(code, 2);
    assert!(out.contains("(from AWS_REGION)"));
    let dir = temp_dir("regionfile");
    std::fs::create_dir_all(dir.join("lib")).unwrap();
    std::fs::write(dir.join("lib/AWS_REGION"), "nowhere-1\n").unwrap();
    let (_tx, rx) = tokio::sync::watch::channel(false);
    let (code, out) = run_cli(
        &["synth"],
        env(dir.clone(), &[], None, rx),
        false,
        false,
        "",
    )
    .await;
    assert_eq!(code, 2);
    assert!(out.contains("(from lib/AWS_REGION)"), "{out}");
    std::fs::write(dir.join("lib/AWS_REGION"), "eu-central-1\n").unwrap();
    let (_tx, rx) = tokio::sync::watch::channel(false);
    let (code, _) = run_cli(&["synth"], env(dir, &[], None, rx), false, false, "").await;
    assert_eq!(code, 0);
}

#[tokio::test]
async fn unreachable_endpoint_fails_preflight() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let (code, out, _) = cli(
        &["deploy", "--profile", "nope", "--endpoint-url", &url],
        &[],
    )
    .await;
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains(&format!(
            "cannot reach the AWS endpoint {url} (sts:GetCallerIdentity)"
        )),
        "{out}"
    );
    let (code, out, _) = cli(&["bootstrap"], &[("AWS_ENDPOINT_URL", &url)]).await;
    assert_eq!(code, 2, "{out}");
}

#[test]
fn process_env_builds() {
    let (_tx, rx) = tokio::sync::watch::channel(false);
    let e = ha_deploy::cli::Env::process(rx);
    assert!(e.cwd.is_absolute());
    let _ = (e.vars)("PATH");
}

#[tokio::test]
async fn ctrl_c_sets_the_interrupt_flag() {
    let (tx, rx) = tokio::sync::watch::channel(false);
    ha_deploy::app::forward_interrupt(async { Ok(()) }, tx).await;
    assert!(*rx.borrow());
    let (tx, rx) = tokio::sync::watch::channel(false);
    ha_deploy::app::forward_interrupt(async { Err(std::io::Error::other("no signals")) }, tx).await;
    assert!(!*rx.borrow());
}

#[test]
fn main_entry_point_reads_the_process_arguments() {
    // The test binary's own arguments are not a verb: clap refuses them with exit code 2.
    let code = ha_deploy::app::main(TestApp);
    assert_eq!(code, std::process::ExitCode::from(2));
}

#[tokio::test]
async fn two_stack_app_synth_writes_both_templates_and_the_manifest() {
    let (code, out, dir) = cli(
        &["synth", "--two-stacks", "--suffix", "t1", "--no-validate"],
        &[],
    )
    .await;
    assert_eq!(code, 0, "{out}");
    // Deploy order: the producer first although the app lists the consumer first.
    let net = out
        .find("Synthesized mx-net-t1: 1 resources, 1 outputs")
        .unwrap();
    let api = out
        .find("Synthesized mx-api-t1: 1 resources, 1 outputs")
        .unwrap();
    assert!(net < api, "{out}");
    assert!(
        out.contains("App manifest: 2 stack(s) in deploy order (mx-net-t1, mx-api-t1)"),
        "{out}"
    );
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out/app.manifest.json")).unwrap())
            .unwrap();
    assert_eq!(m["stacks"][0]["name"], "mx-net-t1");
    assert_eq!(m["stacks"][1]["template"], "mx-api-t1.template.json");
    assert_eq!(
        m["stacks"][1]["dependsOn"],
        serde_json::json!(["mx-net-t1"])
    );
    assert_eq!(m["stacks"][1]["tags"]["Project"], "mx");
    assert!(dir.join("out/mx-api-t1.template.json").is_file());
}

#[tokio::test]
async fn stack_selection_errors_need_no_aws() {
    // Unknown --stack: input error listing the app's stacks (deploy order).
    let (code, out, _) = cli(
        &[
            "deploy",
            "--two-stacks",
            "--suffix",
            "t2",
            "--stack",
            "mx-web-t2",
        ],
        &[],
    )
    .await;
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains(
            "error: --stack mx-web-t2: no such stack in this app; its stacks: mx-net-t2, mx-api-t2"
        ),
        "{out}"
    );
    // Verbs that act on one stack need --stack when the app has several.
    for verb in ["watch", "drift", "graph", "approve"] {
        let (code, out, _) = cli(&[verb, "--two-stacks", "--suffix", "t2"], &[]).await;
        assert_eq!(code, 2, "{verb}: {out}");
        assert!(
            out.contains(&format!(
                "error: {verb} acts on one stack and this app has 2: mx-net-t2, mx-api-t2; pass --stack NAME"
            )),
            "{verb}: {out}"
        );
    }
    // graph --stack picks one.
    let (code, out, _) = cli(
        &[
            "graph",
            "--two-stacks",
            "--suffix",
            "t2",
            "--stack",
            "mx-api-t2",
        ],
        &[],
    )
    .await;
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Graph of mx-api-t2: 1 nodes"), "{out}");
}
