//! The synth-only binary (`ha-stack synth`): the fast edit-loop path. It must write exactly
//! the template the library renders (ha-app's full CLI writes the same bytes: ha-app/tests).

use ha_synth::{StackApp, SynthContext};
use std::process::Command;

#[test]
fn binary_writes_the_library_template_byte_for_byte() {
    let dir = ha_testkit::fresh_dir("ha-stack-cli-same");
    let out = Command::new(env!("CARGO_BIN_EXE_ha-stack"))
        .args([
            "synth",
            "--suffix",
            "pr9",
            "--region",
            "eu-west-1",
            "--nat-gateways",
            "1",
        ])
        .arg("--out")
        .arg(&dir)
        .env_remove("ENVIRONMENT_SUFFIX")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.starts_with("Synthesized TapStackpr9: "), "{stdout}");
    let written = std::fs::read_to_string(dir.join("TapStackpr9.template.json")).unwrap();
    let ctx = SynthContext {
        suffix: "pr9".into(),
        suffix_source: "--suffix".into(),
        region: "eu-west-1".into(),
        region_source: "--region".into(),
    };
    let args = ha_stack::HaAppArgs {
        nat_gateways: Some(1),
        ..Default::default()
    };
    let lib = ha_stack::HaApp.synth(&ctx, &args).unwrap();
    assert_eq!(written, lib.template_json);
}

#[test]
fn binary_rejects_a_bad_suffix_with_exit_2_and_writes_nothing() {
    let dir = ha_testkit::fresh_dir("ha-stack-cli-bad");
    let out = Command::new(env!("CARGO_BIN_EXE_ha-stack"))
        .args(["synth", "--suffix", "Prod!"])
        .arg("--out")
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("error: synth failed: suffix `Prod!`"), "{err}");
    assert!(!dir.exists());
}
