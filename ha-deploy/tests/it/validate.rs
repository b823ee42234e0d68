//! AWS's offline validator (`ha_deploy::validator`): the report's reading, the condition-blind
//! pack findings, where the interpreter comes from, and the verbs (synth warns, validate fails,
//! deploy refuses before any AWS call). Runs that need the real validator use the project's
//! `.venv` (skipped with a printed reason when it has no validator).

use crate::replay::{run_env, Run};
use ha_deploy::validator::{self, *};
use serde_json::json;
use std::path::{Path, PathBuf};

fn venv_python() -> Option<PathBuf> {
    let p = ha_testkit::workspace().join(".venv/bin/python");
    let ok = std::process::Command::new(&p)
        .args(["-c", "import cloudformation_validate"])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        println!(
            "SKIPPED: {} has no cloudformation-validate (scripts/setup-python.sh)",
            p.display()
        );
    }
    ok.then_some(p)
}

/// An executable shell script standing in for Python.
fn fake_python(tag: &str, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let p = crate::common::temp_dir(tag).join("python");
    std::fs::write(&p, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    p
}

/// A run that makes no AWS call (nothing to replay), with `vars` set.
async fn offline(args: &[&str], vars: &[(&str, &str)]) -> Run {
    run_env(args, vec![], vars, false, false, "", false).await
}

fn report(findings: serde_json::Value) -> String {
    json!({"validator": "cloudformation-validate 1.14.0", "pack": "cdk-preflight 1.9.1", "findings": findings}).to_string()
}

#[test]
fn pack_findings_that_cannot_see_conditions_become_warnings() {
    let tpl = json!({"Resources": {
        "Sub": {"Type": "AWS::SNS::Subscription", "Condition": "HasEmail", "Properties": {"Endpoint": ""}},
        "Listener": {"Type": "AWS::ElasticLoadBalancingV2::Listener", "Properties": {
            "SslPolicy": {"Fn::If": ["HasCert", "P", {"Ref": "AWS::NoValue"}]}, "Port": 80}},
        "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"MemorySize": 64000}},
        "Acked": {"Type": "AWS::Lambda::Function", "Properties": {"MemorySize": 64000},
                  "Metadata": {"HaSuppressions": [{"Rule": "HA-P002", "Reason": "other rule"}, {"Rule": "pf-lambda-memory-max", "Reason": "a quota raise is on file"}]}}
    }});
    let r = parse_report(&report(json!([
        {"rule": "pf-sns-subscription-endpoint", "severity": "error", "logical_id": "Sub", "path": "Resources/Sub/Properties/Endpoint", "message": "bad endpoint", "fix": "give one", "source": "pack", "conditions": {"HasEmail": true}},
        {"rule": "pf-elbv2-listener-sslpolicy-secure-only", "severity": "error", "logical_id": "Listener", "path": "Resources/Listener/Properties/SslPolicy", "message": "policy on HTTP", "fix": null, "source": "pack", "conditions": null},
        {"rule": "pf-elbv2-port", "severity": "error", "logical_id": "Listener", "path": "Resources/Listener/Properties/Port", "message": "port", "fix": null, "source": "pack", "conditions": {}},
        {"rule": "pf-lambda-memory-max", "severity": "error", "logical_id": "Fn", "path": "Resources/Fn/Properties/MemorySize", "message": "too much memory", "fix": "at most 10240", "source": "pack", "conditions": null},
        {"rule": "F3012", "severity": "error", "logical_id": "Sub", "path": "Resources/Sub/Properties/Endpoint", "message": "schema", "fix": null, "source": "validator", "conditions": {"HasEmail": true}},
        {"rule": "I9001", "severity": "info", "logical_id": null, "path": "Metadata", "message": "fyi", "fix": null, "source": "validator", "conditions": null},
        {"rule": "W1", "severity": "warning", "logical_id": null, "path": null, "message": "careful", "fix": null, "source": "pack", "conditions": null},
        {"rule": "pf-lambda-memory-max", "severity": "error", "logical_id": "Acked", "path": "Resources/Acked/Properties/MemorySize", "message": "too much memory", "fix": null, "source": "pack", "conditions": null},
        {"rule": "pf-output", "severity": "error", "logical_id": "O", "path": "Outputs/O/Value", "message": "output", "fix": null, "source": "pack", "conditions": null}
    ])), &tpl)
    .unwrap();
    let by_rule = |id: &str| {
        r.findings
            .iter()
            .find(|f| f.rule == id && f.logical_id.as_deref() != Some("Acked"))
            .unwrap()
    };
    // acknowledged on its resource with #[suppress(..)]: informational, with the reason
    let acked = r
        .findings
        .iter()
        .find(|f| f.logical_id.as_deref() == Some("Acked"))
        .unwrap();
    assert_eq!(acked.severity, Severity::Info);
    assert_eq!(
        acked.note.as_deref(),
        Some("acknowledged in the stack: a quota raise is on file")
    );
    // the conditional resource and the Fn::If property: warnings with the reason
    let sub = by_rule("pf-sns-subscription-endpoint");
    assert_eq!(sub.severity, Severity::Warning);
    assert_eq!(
        sub.note.as_deref(),
        Some("the pack ignores conditions: this applies only when HasEmail=true (lowered to a warning)")
    );
    let ssl = by_rule("pf-elbv2-listener-sslpolicy-secure-only");
    assert_eq!(ssl.severity, Severity::Warning);
    assert_eq!(
        ssl.note.as_deref(),
        Some("the pack reads both branches of the Fn::If in SslPolicy at once (lowered to a warning)")
    );
    // an unconditional property, and the built-in rules: errors stay errors
    assert_eq!(by_rule("pf-elbv2-port").severity, Severity::Error);
    assert_eq!(by_rule("pf-lambda-memory-max").severity, Severity::Error);
    assert_eq!(by_rule("pf-output").severity, Severity::Error);
    assert_eq!(by_rule("F3012").severity, Severity::Error);
    assert_eq!(r.count(Severity::Error), 4);
    assert_eq!(r.count(Severity::Warning), 3);
    assert_eq!(r.count(Severity::Info), 2);
    assert_eq!(
        r.findings[0].severity,
        Severity::Error,
        "most serious first"
    );

    let lines = render(&r, false, &Default::default());
    assert!(
        lines.contains(
            &"error: Resources/Fn/Properties/MemorySize: [pf-lambda-memory-max] too much memory"
                .to_owned()
        ),
        "{lines:?}"
    );
    assert!(lines.contains(&"    fix: at most 10240".to_owned()));
    assert!(
        lines.contains(&"warning: template: [W1] careful".to_owned()),
        "{lines:?}"
    );
    assert!(!lines.iter().any(|l| l.contains("I9001")));
    assert_eq!(
        lines.last().unwrap(),
        "Validated with cloudformation-validate 1.14.0 with the cdk-preflight 1.9.1 pack: 4 error(s), 3 warning(s), 2 info (shown with --verbose)"
    );
    let all = render(&r, true, &Default::default());
    assert!(
        all.contains(&"info: Metadata: [I9001] fyi".to_owned()),
        "{all:?}"
    );
    assert!(all.last().unwrap().ends_with("2 info"));
    assert!(
        all.contains(&"    note: acknowledged in the stack: a quota raise is on file".to_owned()),
        "{all:?}"
    );
}

#[test]
fn malformed_reports_are_bad_input() {
    let tpl = json!({});
    let e = parse_report("not json", &tpl).unwrap_err().to_string();
    assert!(e.starts_with("the validator's report is not JSON"), "{e}");
    let e = parse_report("{}", &tpl).unwrap_err().to_string();
    assert_eq!(e, "the validator's report has no `findings` list");
    let e = parse_report(&report(json!([{"severity": "fatal"}])), &tpl)
        .unwrap_err()
        .to_string();
    assert_eq!(e, "the validator reported an unknown severity `fatal`");
    // no pack, nothing found
    let r = parse_report(
        &json!({"validator": "v 1", "pack": null, "findings": []}).to_string(),
        &tpl,
    )
    .unwrap();
    assert_eq!(
        render(&r, false, &Default::default()),
        ["Validated with v 1: 0 error(s), 0 warning(s), 0 info"]
    );
}

#[test]
fn the_interpreter_comes_from_the_variable_then_the_nearest_venv() {
    let none = |_: &str| None;
    let root = crate::common::temp_dir("venv");
    let deep = root.join("a/b");
    std::fs::create_dir_all(&deep).unwrap();
    assert_eq!(python(&none, &deep), None);
    std::fs::create_dir_all(root.join(".venv/bin")).unwrap();
    std::fs::write(root.join(".venv/bin/python"), "").unwrap();
    assert_eq!(python(&none, &deep), Some(root.join(".venv/bin/python")));
    let var = |k: &str| (k == PYTHON_VAR).then(|| "/opt/py/bin/python".to_owned());
    assert_eq!(
        python(&var, &deep),
        Some(PathBuf::from("/opt/py/bin/python"))
    );
}

#[tokio::test]
async fn an_interpreter_that_cannot_validate_is_reported_not_trusted() {
    let t = "{\"Resources\": {}}";
    // missing interpreter, or none found
    let Outcome::Unavailable(why) =
        validator::run(Some(Path::new("/nonexistent/python")), t, "us-east-1")
            .await
            .unwrap()
    else {
        panic!()
    };
    assert!(why.starts_with("cannot run /nonexistent/python: "), "{why}");
    assert!(why.contains("scripts/setup-python.sh"), "{why}");
    let Outcome::Unavailable(why) = validator::run(None, t, "us-east-1").await.unwrap() else {
        panic!()
    };
    assert!(
        why.starts_with("no Python environment with AWS's offline validator was found"),
        "{why}"
    );
    // the wrapper's "not installed" exit code
    let p = fake_python(
        "py3",
        "cat >/dev/null; echo 'cloudformation-validate is not installed' >&2; exit 3",
    );
    let Outcome::Unavailable(why) = validator::run(Some(&p), t, "us-east-1").await.unwrap() else {
        panic!()
    };
    assert!(
        why.starts_with("cloudformation-validate is not installed ("),
        "{why}"
    );
    // a failing or killed validator is an error, never a pass
    let p = fake_python("py1", "cat >/dev/null; echo boom >&2; exit 1");
    let e = validator::run(Some(&p), t, "us-east-1")
        .await
        .unwrap_err()
        .to_string();
    assert_eq!(e, "the offline validator failed (exit 1): boom");
    let p = fake_python("py9", "kill -9 $$");
    let e = validator::run(Some(&p), t, "us-east-1")
        .await
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("the offline validator failed (exit by signal)"),
        "{e}"
    );
    let p = fake_python("py0", "cat >/dev/null; echo '{\"findings\": []}'");
    let Outcome::Report(r) = validator::run(Some(&p), t, "us-east-1").await.unwrap() else {
        panic!()
    };
    assert!(r.findings.is_empty());
    let e = validator::run(Some(&p), "{", "us-east-1")
        .await
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("the rendered template is not JSON"), "{e}");
}

#[tokio::test]
async fn validate_finds_a_planted_error_and_deploy_refuses_before_any_aws_call() {
    let Some(py) = venv_python() else { return };
    let py = py.to_string_lossy().into_owned();
    let vars = [("HA_VALIDATOR_PYTHON", py.as_str())];
    let r = offline(&["validate", "--invalid"], &vars).await;
    assert_eq!(r.code, 2, "{}", r.out);
    assert!(
        r.out.contains("error: Resources/Queue/Properties/VisibilityTimeout: [F3012] 'soon' is not of type 'integer'"),
        "{}",
        r.out
    );
    assert!(r.out.contains("error: the template of ha-test-dev has 1 error(s) that CloudFormation would reject (AWS's offline validator, region us-east-1)"), "{}", r.out);

    let r = offline(&["deploy", "--invalid", "--yes"], &vars).await;
    assert_eq!(r.code, 2, "{}", r.out);
    assert_eq!(r.requests, 0, "an invalid template never reaches AWS");
    assert!(r.out.contains("[F3012]"), "{}", r.out);

    // the clean template: no error, infos only with --verbose
    let r = offline(&["validate"], &vars).await;
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(r.out.contains("Validated with cloudformation-validate 1.14.0 with the cdk-preflight 1.9.1 pack: 0 error(s)"), "{}", r.out);
    assert!(!r.out.contains("info: "), "{}", r.out);
    let r = offline(&["validate", "-v"], &vars).await;
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(r.out.contains("info: "), "{}", r.out);

    // synth writes the template, then reports; --no-validate skips
    let r = offline(&["synth", "--invalid"], &vars).await;
    assert_eq!(r.code, 2, "{}", r.out);
    assert!(r.dir.join("out/ha-test-dev.template.json").exists());
    let r = offline(&["synth", "--invalid", "--no-validate"], &vars).await;
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(!r.out.contains("Validated"), "{}", r.out);
}

#[tokio::test]
async fn without_the_validator_synth_warns_and_validate_fails() {
    let vars = [("HA_VALIDATOR_PYTHON", "/nonexistent/python")];
    let r = offline(&["synth"], &vars).await;
    assert_eq!(r.code, 0, "{}", r.out);
    assert!(
        r.out.contains(
            "warning: template of ha-test-dev not validated: cannot run /nonexistent/python"
        ),
        "{}",
        r.out
    );
    let r = offline(&["validate", "--no-validate"], &vars).await;
    assert_eq!(r.code, 2, "{}", r.out);
    assert!(
        r.out.contains("error: cannot run /nonexistent/python"),
        "{}",
        r.out
    );
}

#[test]
fn findings_point_at_the_rust_source_of_the_property_or_else_the_resource() {
    let tpl = json!({"Resources": {"Fn": {"Type": "AWS::Lambda::Function"}, "Sub": {"Type": "AWS::SNS::Subscription"}}});
    let r = parse_report(&report(json!([
        {"rule": "E1", "severity": "error", "logical_id": "Fn", "path": "Resources/Fn/Properties/MemorySize/Extra", "message": "m1", "fix": null, "source": "validator", "conditions": null},
        {"rule": "E2", "severity": "error", "logical_id": "Sub", "path": "Resources/Sub/Properties/Endpoint", "message": "m2", "fix": null, "source": "validator", "conditions": null},
        {"rule": "E3", "severity": "error", "logical_id": "Sub", "path": "Resources/Sub", "message": "m3", "fix": null, "source": "validator", "conditions": null},
        {"rule": "E4", "severity": "error", "logical_id": null, "path": "Outputs/X", "message": "m4", "fix": null, "source": "validator", "conditions": null},
    ])), &tpl)
    .unwrap();
    let sources: std::collections::BTreeMap<String, String> = [
        ("Fn", "stack.rs:3:5"),
        ("Fn.MemorySize", "stack.rs:4:9"),
        ("Sub", "stack.rs:9:14"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let lines = render(&r, false, &sources);
    let after = |rule: &str| {
        let i = lines
            .iter()
            .position(|l| l.contains(&format!("[{rule}]")))
            .unwrap();
        lines.get(i + 1).cloned().unwrap_or_default()
    };
    assert_eq!(
        after("E1"),
        "    --> stack.rs:4:9",
        "the property: {lines:#?}"
    );
    assert_eq!(
        after("E2"),
        "    --> stack.rs:9:14",
        "no property entry: the resource"
    );
    assert_eq!(
        after("E3"),
        "    --> stack.rs:9:14",
        "no property in the path: the resource"
    );
    assert!(
        !after("E4").starts_with("    -->"),
        "no logical id: no source line"
    );
}
