//! cfn-lint over the main variants (skipped when the venv is absent).

use ha_app::{render, Config};
use std::path::PathBuf;
use std::process::Command;

#[test]
fn cfn_lint_is_clean_for_every_variant() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let lint = root.join(".venv/bin/cfn-lint");
    if !lint.exists() {
        eprintln!("skipped: {} not found", lint.display());
        return;
    }
    let dir = root.join("target/tmp/ha-app-lint");
    std::fs::create_dir_all(&dir).unwrap();
    let mut prod = Config::new("prod");
    prod.nat_gateways = 1;
    prod.certificate_arn = Some("arn:aws:acm:us-east-1:111122223333:certificate/abc".into());
    prod.alarm_email = Some("ops@platform-demo.net".into());
    let mut files = Vec::new();
    for cfg in [Config::new("dev"), prod] {
        let path = dir.join(format!("TapStack{}.template.json", cfg.suffix));
        std::fs::write(&path, render(&cfg, "test").template.to_json_string()).unwrap();
        files.push(path);
    }
    let out = Command::new(&lint)
        // two regions: the template is region-agnostic (HasRoute53Metrics), and cfn-lint checks
        // both branches of every condition (with and without a certificate)
        .args(["--regions", "us-east-1", "eu-west-1", "--"])
        .args(&files)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "cfn-lint:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
