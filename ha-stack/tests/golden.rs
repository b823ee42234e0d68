//! The HA template is pinned: the stack's source may be restructured (composition, `for`,
//! defaults), but what it synthesizes must stay the same for a development and a production
//! configuration: the same logical ids, types, properties, conditions and outputs (the order
//! of keys inside an object does not matter to CloudFormation and is not compared). An
//! intended change of the template is made by rerunning with `UPDATE_GOLDEN=1` and reviewing
//! the diff of `tests/golden/*.json`.

use ha_synth::{StackApp, SynthContext};

fn template(suffix: &str, region: &str, args: &ha_stack::HaAppArgs) -> String {
    let ctx = SynthContext {
        suffix: suffix.into(),
        suffix_source: "--suffix".into(),
        region: region.into(),
        region_source: "--region".into(),
    };
    ha_stack::HaApp.synth(&ctx, args).unwrap().template_json
}

fn compare(file: &str, got: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(file);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, got).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap();
    let (w, g): (serde_json::Value, serde_json::Value) = (
        serde_json::from_str(&want).unwrap(),
        serde_json::from_str(got).unwrap(),
    );
    // Section by section and id by id, so a difference names the resource.
    for section in [
        "Parameters",
        "Conditions",
        "Mappings",
        "Resources",
        "Outputs",
    ] {
        let (ws, gs) = (&w[section], &g[section]);
        let keys = |v: &serde_json::Value| -> Vec<String> {
            let mut k: Vec<String> = v
                .as_object()
                .map(|o| o.keys().cloned().collect())
                .unwrap_or_default();
            k.sort();
            k
        };
        assert_eq!(keys(ws), keys(gs), "{file}: logical ids of {section}");
        for k in keys(ws) {
            assert_eq!(ws[&k], gs[&k], "{file}: {section}.{k}");
        }
    }
    assert_eq!(w, g, "{file}: the templates differ outside their sections");
}

#[test]
fn development_template_is_unchanged() {
    let got = template("dev", "us-east-1", &ha_stack::HaAppArgs::default());
    compare("dev.json", &got);
}

#[test]
fn production_template_is_unchanged() {
    let args = ha_stack::HaAppArgs {
        production: true,
        nat_gateways: Some(3),
        certificate_arn: Some("arn:aws:acm:eu-west-1:111122223333:certificate/abcd-1234".into()),
        alarm_email: Some("ops@example.com".into()),
        ..Default::default()
    };
    let got = template("prod", "eu-west-1", &args);
    compare("prod.json", &got);
}
