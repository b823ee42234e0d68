//! The CLI glue: flags → Config → SynthOutput.

use ha_app::{config::validate_domain, create_only, Config, HaApp, HaAppArgs};
use ha_deploy::app::{StackApp, SynthContext};

fn ctx(suffix: &str) -> SynthContext {
    SynthContext {
        suffix: suffix.into(),
        suffix_source: "--suffix".into(),
        region: "us-east-1".into(),
        region_source: "default".into(),
    }
}

#[test]
fn defaults() {
    let c = Config::new("dev");
    assert_eq!(c.nat_gateways, 3);
    assert!(!c.production);
    assert_eq!(c.domain, "ha-dev.platform-demo.net");
    assert_eq!(c.image, "public.ecr.aws/nginx/nginx:stable");
    assert_eq!(c.db_instance_class(), "db.t4g.medium");
    assert_eq!(c.desired_count(), 2);
    assert!(c.validate().is_ok());
    let p = Config::new("prod");
    assert!(p.production);
    assert_eq!(p.db_instance_class(), "db.r6g.large");
    assert_eq!(p.desired_count(), 3);
}

#[test]
fn synth_output_for_dev() {
    let out = HaApp.synth(&ctx("dev"), &HaAppArgs::default()).unwrap();
    assert_eq!(out.stack_name, "TapStackdev");
    assert!(!out.deletion_protected);
    assert!(out
        .parameters
        .contains(&("DeletionProtection".into(), "false".into())));
    assert!(out.parameters.contains(&("NatGateways".into(), "3".into())));
    assert!(out
        .parameters
        .contains(&("CertificateArn".into(), String::new())));
    assert_eq!(
        out.unprotect_parameters,
        vec![("DeletionProtection".to_string(), "false".to_string())]
    );
    assert!(out.tags.contains(&("Environment".into(), "dev".into())));
    assert!(out
        .create_only
        .get("AWS::RDS::DBCluster")
        .unwrap()
        .iter()
        .any(|p| p == "DBClusterIdentifier"));
    let v: serde_json::Value = serde_json::from_str(&out.template_json).unwrap();
    for (k, _) in &out.parameters {
        assert!(
            v["Parameters"].get(k).is_some(),
            "parameter {k} is declared"
        );
    }
}

#[test]
fn flags_override_config() {
    let args = HaAppArgs {
        nat_gateways: Some(1),
        production: true,
        domain: Some("shop.platform-demo.net".into()),
        image: Some("public.ecr.aws/nginx/nginx:mainline".into()),
        certificate_arn: Some("arn:aws:acm:us-east-1:111122223333:certificate/abc".into()),
        project: Some("shop".into()),
        owner: Some("bob".into()),
        cost_center: Some("cc-1".into()),
        alarm_email: Some("ops@platform-demo.net".into()),
    };
    let out = HaApp.synth(&ctx("stage"), &args).unwrap();
    assert!(out.deletion_protected);
    for (k, v) in [
        ("NatGateways", "1"),
        ("DomainName", "shop.platform-demo.net"),
        ("DeletionProtection", "true"),
        ("DbInstanceClass", "db.r6g.large"),
        ("AlarmEmail", "ops@platform-demo.net"),
        ("ContainerImage", "public.ecr.aws/nginx/nginx:mainline"),
    ] {
        assert!(out.parameters.contains(&(k.into(), v.into())), "{k}={v}");
    }
    for (k, v) in [
        ("Project", "shop"),
        ("Owner", "bob"),
        ("CostCenter", "cc-1"),
    ] {
        assert!(out.tags.contains(&(k.into(), v.into())));
    }
    let empty = HaAppArgs {
        certificate_arn: Some(String::new()),
        alarm_email: Some(String::new()),
        ..Default::default()
    };
    let cfg = empty.config("dev").unwrap();
    assert_eq!(cfg.certificate_arn, None);
    assert_eq!(cfg.alarm_email, None);
}

#[test]
fn invalid_values_are_rejected() {
    let bad = |f: &dyn Fn(&mut Config)| {
        let mut c = Config::new("dev");
        f(&mut c);
        c.validate().unwrap_err().to_string()
    };
    assert_eq!(
        bad(&|c| c.suffix = "Dev".into()),
        "suffix `Dev` contains `D`; only lowercase letters, digits and `-` are allowed, because S3 bucket and canary names derive from it; set the suffix to `dev`"
    );
    // The longest suffix is the stack's own bound, derived by stack!{} from its names: the
    // canary `${Suffix}-latency` stays within Synthetics' 21 characters up to 13.
    assert_eq!(ha_stack::HaStack::MAX_SUFFIX, 13);
    let long = bad(&|c| c.suffix = "abcdefghijklmn".into());
    assert!(long.starts_with("suffix `abcdefghijklmn` is 14 characters, more than 13: with a longer suffix, the AWS::Synthetics::Canary Name \"${Suffix}-latency\" can be 22 characters"), "{long}");
    assert!(
        long.ends_with("shorten the suffix to at most 13 characters"),
        "{long}"
    );
    // Hyphens are part of the grammar (not at the ends, not doubled).
    let mut c = Config::new("pr-12");
    assert!(c.validate().is_ok());
    c.suffix = "pr--12".into();
    assert!(c.validate().unwrap_err().to_string().contains("`--`"));
    assert!(bad(&|c| c.suffix = String::new()).contains("suffix"));
    assert!(bad(&|c| c.nat_gateways = 4).contains("nat-gateways"));
    assert!(bad(&|c| c.nat_gateways = 0).contains("nat-gateways"));
    assert!(bad(&|c| c.domain = "ha.example".into()).contains("reserved"));
    assert!(bad(&|c| c.certificate_arn = Some("nope".into())).contains("certificate"));
    assert!(bad(&|c| c.alarm_email = Some("ops".into())).contains("e-mail"));
    for e in [
        "ops@localhost",
        "@platform-demo.net",
        "ops@",
        "o ps@x.net",
        "ops@x.",
        "a@b@c.net",
    ] {
        assert!(
            bad(&|c| c.alarm_email = Some(e.into())).contains("e-mail"),
            "{e}"
        );
    }
    assert!(bad(&|c| c.image = " ".into()).contains("image"));
    assert!(HaApp.synth(&ctx("BAD"), &HaAppArgs::default()).is_err());
}

#[test]
fn domains() {
    assert!(validate_domain("ha-dev.platform-demo.net").is_ok());
    assert!(validate_domain("ha-dev.platform-demo.net.").is_ok());
    for d in [
        "com",
        "a.test",
        "a.invalid",
        "a.localhost",
        "b.example",
        "x.local",
        "UPPER.net",
        "-a.net",
        "a..net",
        "a.123",
    ] {
        assert!(validate_domain(d).is_err(), "{d}");
    }
    let long = format!("{}.net", "a".repeat(64));
    assert!(validate_domain(&long).is_err());
}

#[test]
fn create_only_rejects_bad_json_and_skips_unknown_types() {
    assert!(create_only("not json").is_err());
    let m =
        create_only(r#"{"Resources":{"C":{"Type":"Custom::X"},"B":{"Type":"AWS::S3::Bucket"}}}"#)
            .unwrap();
    assert_eq!(m.len(), 1);
    assert!(m["AWS::S3::Bucket"].contains(&"BucketName".to_string()));
}

#[test]
fn cli_parses_app_flags() {
    use clap::Parser;
    #[derive(clap::Parser)]
    struct Cli {
        #[command(flatten)]
        app: HaAppArgs,
    }
    let c =
        Cli::try_parse_from(["x", "--nat-gateways", "2", "--production", "--owner", "o"]).unwrap();
    assert_eq!(c.app.nat_gateways, Some(2));
    assert!(c.app.production);
    assert!(Cli::try_parse_from(["x", "--nat-gateways", "4"]).is_err());
}

#[test]
fn binary_synthesizes_the_template() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("ha-app-bin");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ha-app"))
        .args(["synth", "--suffix", "bin1", "--nat-gateways", "2", "--out"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(dir.join("TapStackbin1.template.json")).unwrap();
    assert!(text.contains("tap-bin1-aurora"));
}

#[test]
fn synth_time_checks_reject_a_bad_suffix_naming_its_source() {
    let cfg = ha_app::config::Config::new("dev");
    let stack = ha_app::render(&cfg, "--suffix");
    let bad = ha_core::Env::new("Dev_1", "ENVIRONMENT_SUFFIX");
    let err =
        ha_app::checked_json(&stack, &bad).expect_err("an uppercase suffix with `_` is rejected");
    let text = err.to_string();
    assert!(text.contains("ENVIRONMENT_SUFFIX"), "{text}");
    assert!(text.contains("Dev_1"), "{text}");
    let ok = ha_core::Env::new("dev", "--suffix");
    let json =
        ha_app::checked_json(&stack, &ok).expect("the default stack passes the synth checks");
    assert_eq!(json, stack.template.to_json_string());
}

#[test]
fn readme_architecture_picture_is_the_stacks_own_service_graph() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("ha-app-graph");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ha-app"))
        .args(["graph", "--suffix", "dev", "--out"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dot = std::fs::read_to_string(dir.join("TapStackdev.services.dot")).unwrap();
    let picture = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../docs/architecture.svg"
    ))
    .unwrap();
    let labels: Vec<&str> = dot
        .lines()
        .filter_map(|l| l.split_once("label=\""))
        .map(|(_, rest)| rest.split('"').next().unwrap_or(""))
        .collect();
    assert!(
        labels.len() > 20,
        "service graph has {} labels",
        labels.len()
    );
    for label in labels {
        assert!(
            picture.contains(label),
            "docs/architecture.svg lacks `{label}`: regenerate it with `cargo run -p ha-app -- graph` and copy out/TapStackdev.services.svg"
        );
    }
}

/// Issue 10 item 10: the interface the runner uses. Development stacks delete their backups
/// with the stack; production keeps them unless the runner sends the explicit override.
#[test]
fn backups_survive_a_production_destroy_unless_explicitly_deleted() {
    let dev = HaApp.synth(&ctx("dev"), &HaAppArgs::default()).unwrap();
    assert!(dev
        .parameters
        .contains(&("DeleteBackupsOnDestroy".into(), "true".into())));
    let prod = HaApp.synth(&ctx("prod"), &HaAppArgs::default()).unwrap();
    assert!(prod
        .parameters
        .contains(&("DeleteBackupsOnDestroy".into(), "false".into())));
    assert!(Config::new("dev").delete_backups_on_destroy());
    assert!(!Config::new("prod").delete_backups_on_destroy());
    assert_eq!(
        Config::delete_backups_parameters(),
        vec![("DeleteBackupsOnDestroy".to_string(), "true".to_string())]
    );
    // `destroy --delete-data` sends exactly this override (ha-deploy's safety tests prove the
    // runner puts delete_data_parameters into the update before the delete)
    assert_eq!(
        prod.delete_data_parameters,
        vec![("DeleteBackupsOnDestroy".to_string(), "true".to_string())]
    );
    // the forced destroy of a protected stack only lifts deletion protection, never backups
    assert!(!prod
        .unprotect_parameters
        .iter()
        .any(|(k, _)| k == "DeleteBackupsOnDestroy"));
}

#[test]
fn alarm_email_check_matches_the_parameter_pattern() {
    for good in ["ops@platform-demo.net", "a.b+c@x.y.org"] {
        assert!(ha_app::config::is_email(good), "{good}");
    }
    for bad in [
        "",
        "ops",
        "ops@host",
        "@x.net",
        "ops@x.",
        "ops@.",
        "a b@x.net",
    ] {
        assert!(!ha_app::config::is_email(bad), "{bad}");
    }
}

/// Issue 10 item 8: the template does not depend on the region it is synthesized for; the
/// region-specific part (Route 53 metrics) is a condition CloudFormation evaluates.
#[test]
fn synth_is_the_same_template_in_every_region() {
    let mut eu = ctx("dev");
    eu.region = "eu-west-1".into();
    let us = HaApp.synth(&ctx("dev"), &HaAppArgs::default()).unwrap();
    let other = HaApp.synth(&eu, &HaAppArgs::default()).unwrap();
    assert_eq!(us.template_json, other.template_json);
    let v: serde_json::Value = serde_json::from_str(&us.template_json).unwrap();
    assert_eq!(
        v["Conditions"]["HasRoute53Metrics"],
        serde_json::json!({ "Fn::Equals": [{ "Ref": "AWS::Region" }, "us-east-1"] })
    );
}
