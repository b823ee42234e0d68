//! Both synth paths write the same bytes: the full CLI (`ha-app synth`, linking the deploy
//! runner and the AWS SDK) and the synth-only path (`ha-stack synth`, whose `main` is
//! `ha_synth::main(HaApp)`, run here in-process through `ha_synth::run`).

use std::process::Command;

fn synth_both(name: &str, flags: &[&str]) -> (String, String) {
    let base = ha_testkit::fresh_dir(&format!("ha-app-paths-{name}"));
    let (full, fast) = (base.join("full"), base.join("fast"));
    // The full CLI also runs AWS's offline validator (tested below); the synth-only path
    // does not, so only the rendering is compared here.
    let out = Command::new(env!("CARGO_BIN_EXE_ha-app"))
        .args(["synth", "--no-validate"])
        .args(flags)
        .arg("--out")
        .arg(&full)
        .env_remove("ENVIRONMENT_SUFFIX")
        .env_remove("AWS_REGION")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = ha_testkit::synth_in_process(&ha_app::HaApp, "ha-stack", flags, &fast, &base);
    let full_stdout = String::from_utf8(out.stdout).unwrap();
    // The same summary line, apart from the output path.
    assert_eq!(
        stdout.replace(&fast.display().to_string(), "<out>"),
        full_stdout.replace(&full.display().to_string(), "<out>")
    );
    // The same files (the template and the app manifest), byte for byte; the template's text.
    let (a, b) = (ha_testkit::files(&full), ha_testkit::files(&fast));
    let names: Vec<&str> = a.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names.len(),
        2,
        "a template and the manifest in {}: {names:?}",
        full.display()
    );
    assert!(names.contains(&"app.manifest.json"), "{names:?}");
    let names_b: Vec<&str> = b.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, names_b, "the same file names");
    assert_eq!(a[0].1, b[0].1, "the same manifest");
    let template = |files: Vec<(String, Vec<u8>)>| {
        let bytes = files
            .into_iter()
            .find(|(n, _)| n.ends_with(".template.json"))
            .unwrap()
            .1;
        String::from_utf8(bytes).unwrap()
    };
    (template(a), template(b))
}

#[test]
fn dev_templates_are_identical() {
    let (full, fast) = synth_both("dev", &["--suffix", "dev"]);
    assert!(full.len() > 100_000, "the whole HA template");
    assert!(full == fast, "ha-app synth and ha-stack synth differ");
}

/// A production stack with HTTPS, in a region other than us-east-1.
const PROD_HTTPS_ELSEWHERE: &[&str] = &[
    "--suffix",
    "prod",
    "--region",
    "eu-central-1",
    "--certificate-arn",
    "arn:aws:acm:eu-central-1:111122223333:certificate/abc",
];

#[test]
fn production_https_templates_in_another_region_are_identical() {
    let flags = [PROD_HTTPS_ELSEWHERE, &["--nat-gateways", "2"]].concat();
    let (full, fast) = synth_both("prod", &flags);
    assert!(full.contains("\"DeletionProtection\""));
    assert!(full == fast, "ha-app synth and ha-stack synth differ");
}

/// AWS's offline validator and the deploy-failure pack accept the HA stack (no error) in the
/// development form and the production HTTPS form in another region, with no warning either: the
/// four findings of pack rules that cannot see conditions are acknowledged on their resources.
#[test]
fn the_ha_stack_passes_awss_offline_validator() {
    let python = ha_testkit::workspace().join(".venv/bin/python");
    let has_validator = Command::new(&python)
        .args(["-c", "import cloudformation_validate"])
        .status()
        .is_ok_and(|s| s.success());
    if !has_validator {
        println!("SKIPPED: no cloudformation-validate in .venv (scripts/setup-python.sh)");
        return;
    }
    for flags in [&["--suffix", "dev"][..], PROD_HTTPS_ELSEWHERE] {
        let out = Command::new(env!("CARGO_BIN_EXE_ha-app"))
            .arg("validate")
            .args(flags)
            .env("HA_VALIDATOR_PYTHON", &python)
            .env_remove("ENVIRONMENT_SUFFIX")
            .env_remove("AWS_REGION")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{flags:?}: {text}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            text.contains("Validated with cloudformation-validate 1.14.0 with the cdk-preflight 1.9.1 pack: 0 error(s)"),
            "{flags:?}: {text}"
        );
        assert!(!text.lines().any(|l| l.starts_with("error")), "{text}");
        // the pack's condition-blind findings are acknowledged in the stack source
        assert!(
            text.contains(": 0 error(s), 0 warning(s), "),
            "{flags:?}: {text}"
        );
    }
}
