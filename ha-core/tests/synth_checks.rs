//! Synth-time checks: suffix, physical names, template quotas.

use ha_core::synth::{check_limits, check_names, limits, validate_suffix};
use ha_core::{synth, Env, Json, Output, Parameter, Problem, Severity, Stack, Template};
use indexmap::IndexMap;
use serde_json::{json, Value};

fn stack(resources: &[(&str, &str, Value)]) -> Stack {
    let mut template = Template::default();
    for (id, ty, props) in resources {
        template.add_custom(id, ty, Json::from_rendered(props));
    }
    Stack {
        name: "Test".into(),
        template,
        tags: vec![],
        suppressions: vec![],
        imports: vec![],
    }
}

fn one(ty: &str, props: Value) -> Vec<Problem> {
    check_names(&stack(&[("R", ty, props)]))
}

fn errors(ps: &[Problem]) -> Vec<String> {
    ps.iter()
        .filter(|p| p.is_error())
        .map(ToString::to_string)
        .collect()
}

#[track_caller]
fn assert_error(ps: &[Problem], needle: &str) {
    let errs = errors(ps);
    assert!(
        errs.iter().any(|e| e.contains(needle)),
        "no error contains {needle:?}: {errs:#?}"
    );
}

#[track_caller]
fn assert_clean(ps: &[Problem]) {
    assert!(ps.is_empty(), "unexpected problems: {ps:#?}");
}

fn env(s: &str) -> Env {
    Env::new(s, "--suffix")
}

// ----- suffix ---------------------------------------------------------------------------------

#[test]
fn suffix_ok() {
    assert_clean(&validate_suffix(&env("dev")));
    assert_clean(&validate_suffix(&env("pr-1234")));
    assert_clean(&validate_suffix(&env("a234567890123456")));
}

#[test]
fn suffix_empty_names_its_source() {
    let ps = validate_suffix(&Env::new("", "HA_SUFFIX"));
    assert_eq!(ps.len(), 1);
    assert!(ps[0].to_string().contains("(from HA_SUFFIX)"), "{}", ps[0]);
    assert!(ps[0].fix.contains("set HA_SUFFIX"));
}

#[test]
fn suffix_too_long() {
    let ps = validate_suffix(&env("a2345678901234567"));
    assert_error(&ps, "17 characters, more than 16");
    assert_error(&ps, "ALB and target-group names");
}

#[test]
fn suffix_uppercase_and_symbols() {
    let ps = validate_suffix(&env("Dev_1"));
    assert_error(&ps, "contains `D`, `_`");
    assert!(ps[0].fix.contains("`dev1`"), "{}", ps[0].fix);
}

#[test]
fn suffix_hyphens() {
    assert_error(&validate_suffix(&env("-dev")), "starts or ends with `-`");
    assert_error(&validate_suffix(&env("dev-")), "starts or ends with `-`");
    let ps = validate_suffix(&env("a--b"));
    assert_error(&ps, "contains `--`");
    assert!(ps[0].fix.contains("`a-b`"));
}

// ----- names ----------------------------------------------------------------------------------

#[test]
fn s3_bucket_names() {
    assert_clean(&one("AWS::S3::Bucket", json!({"BucketName": "data-dev-1"})));
    assert_clean(&one(
        "AWS::S3::Bucket",
        json!({"BucketName": {"Fn::Sub": "data-dev-${AWS::AccountId}-${AWS::Region}"}}),
    ));
    let ps = one("AWS::S3::Bucket", json!({"BucketName": "Data_Dev"}));
    assert_error(&ps, "contains `D`, `_`");
    assert_error(&ps, "bucketnamingrules");
    assert_error(
        &one("AWS::S3::Bucket", json!({"BucketName": "ab"})),
        "fewer than the 3 required",
    );
    assert_error(
        &one("AWS::S3::Bucket", json!({"BucketName": "a".repeat(64)})),
        "64 characters, more than the 63",
    );
    assert_error(
        &one("AWS::S3::Bucket", json!({"BucketName": "-abc"})),
        "starts with a character other",
    );
    assert_error(
        &one("AWS::S3::Bucket", json!({"BucketName": "abc."})),
        "ends with a character other",
    );
    assert_error(
        &one("AWS::S3::Bucket", json!({"BucketName": "a..b"})),
        "contains `..`",
    );
    assert_error(
        &one("AWS::S3::Bucket", json!({"BucketName": "a.-b"})),
        "next to a `.`",
    );
    assert_error(
        &one("AWS::S3::Bucket", json!({"BucketName": "192.168.5.4"})),
        "IP address",
    );
    assert_clean(&one(
        "AWS::S3::Bucket",
        json!({"BucketName": "192.168.5.a"}),
    ));
    assert_error(
        &one("AWS::S3::Bucket", json!({"BucketName": "xn--abc"})),
        "reserved prefix `xn--`",
    );
    assert_error(
        &one("AWS::S3::Bucket", json!({"BucketName": "abc-s3alias"})),
        "reserved suffix `-s3alias`",
    );
}

#[test]
fn s3_worst_case_length_with_pseudo_parameters() {
    // 40 literal + 12 (account) + 14 (region) = 66 > 63.
    let name = format!("{}-${{AWS::AccountId}}-${{AWS::Region}}", "a".repeat(38));
    let ps = one("AWS::S3::Bucket", json!({"BucketName": {"Fn::Sub": name}}));
    assert_error(
        &ps,
        "can be (worst case, pseudo parameters at their longest) 66 characters",
    );
    assert_error(&ps, "shorten the name by 3 characters");
}

#[test]
fn unknown_references_skip_length_but_check_literals() {
    let long = format!("{}${{Other.Arn}}", "a".repeat(70));
    assert_clean(&one(
        "AWS::S3::Bucket",
        json!({"BucketName": {"Fn::Sub": long}}),
    ));
    let ps = one(
        "AWS::S3::Bucket",
        json!({"BucketName": {"Fn::Sub": "Bad-${Param}"}}),
    );
    assert_error(&ps, "contains `B`");
    assert_clean(&one(
        "AWS::S3::Bucket",
        json!({"BucketName": {"Ref": "Param"}}),
    ));
    assert_clean(&one(
        "AWS::S3::Bucket",
        json!({"BucketName": {"Fn::GetAtt": ["A", "B"]}}),
    ));
    assert_clean(&one("AWS::S3::Bucket", json!({})));
}

#[test]
fn s3_stack_name_may_be_uppercase() {
    let ps = one(
        "AWS::S3::Bucket",
        json!({"BucketName": {"Fn::Sub": "data-${AWS::StackName}"}}),
    );
    assert_eq!(ps.len(), 2, "{ps:#?}");
    assert_error(
        &ps,
        "can be (worst case, pseudo parameters at their longest) 133 characters",
    );
    assert_eq!(ps[1].severity, Severity::Warning);
    assert!(ps[1].message.contains("AWS::StackName"));
}

#[test]
fn alb_and_target_group_names() {
    let alb = "AWS::ElasticLoadBalancingV2::LoadBalancer";
    let tg = "AWS::ElasticLoadBalancingV2::TargetGroup";
    assert_clean(&one(alb, json!({"Name": "ha-alb-dev"})));
    assert_error(
        &one(alb, json!({"Name": "a".repeat(33)})),
        "more than the 32",
    );
    assert_error(
        &one(alb, json!({"Name": "internal-x"})),
        "starts with `internal-`",
    );
    assert_error(&one(alb, json!({"Name": "-x"})), "starts with `-`");
    assert_error(&one(tg, json!({"Name": "x-"})), "ends with `-`");
    assert_error(&one(tg, json!({"Name": "tg_x"})), "contains `_`");
    assert_error(&one(tg, json!({"Name": "tg_x"})), "API_CreateTargetGroup");
}

#[test]
fn canary_names() {
    let ty = "AWS::Synthetics::Canary";
    assert_clean(&one(ty, json!({"Name": "ha-canary-dev"})));
    assert_error(&one(ty, json!({"Name": "Canary"})), "contains `C`");
    let ps = one(ty, json!({"Name": "a".repeat(22)}));
    assert!(errors(&ps).is_empty());
    assert_eq!(ps[0].severity, Severity::Warning);
    assert!(ps[0].message.contains("first 21"));
    assert_error(
        &one(ty, json!({"Name": "a".repeat(256)})),
        "more than the 255",
    );
}

#[test]
fn simple_length_and_charset_rules() {
    let cases: &[(&str, &str, usize, &str)] = &[
        ("AWS::Lambda::Function", "FunctionName", 64, "fn!"),
        ("AWS::IAM::Role", "RoleName", 64, "role name"),
        ("AWS::SQS::Queue", "QueueName", 80, "q!"),
        ("AWS::SNS::Topic", "TopicName", 256, "t!"),
        ("AWS::DynamoDB::Table", "TableName", 255, "tab le"),
        ("AWS::Logs::LogGroup", "LogGroupName", 512, "/a b"),
        ("AWS::ECS::Cluster", "ClusterName", 255, "c.1"),
        ("AWS::ECS::Service", "ServiceName", 255, "s.1"),
        ("AWS::Events::EventBus", "Name", 256, "bus/x"),
        ("AWS::Events::Rule", "Name", 64, "rule/x"),
        (
            "AWS::StepFunctions::StateMachine",
            "StateMachineName",
            80,
            "sm x",
        ),
        ("AWS::Backup::BackupVault", "BackupVaultName", 50, "v.1"),
        ("AWS::SSM::Parameter", "Name", 2048, "p q"),
        ("AWS::CloudWatch::Alarm", "AlarmName", 255, ""),
        ("AWS::CloudWatch::CompositeAlarm", "AlarmName", 255, ""),
        ("AWS::SecretsManager::Secret", "Name", 512, "s ecret"),
        ("AWS::RDS::DBCluster", "DBClusterIdentifier", 63, "db_1"),
        ("AWS::RDS::DBInstance", "DBInstanceIdentifier", 63, "db_1"),
    ];
    for (ty, prop, max, bad) in cases {
        assert_clean(&one(ty, json!({ *prop: "abc" })));
        let ps = one(ty, json!({ *prop: "a".repeat(max + 1) }));
        assert_error(&ps, &format!("more than the {max} allowed"));
        assert_error(&ps, "https://docs.aws.amazon.com/");
        if !bad.is_empty() {
            assert_error(&one(ty, json!({ *prop: bad })), "contains");
        }
    }
    assert_error(
        &one("AWS::DynamoDB::Table", json!({"TableName": "ab"})),
        "fewer than the 3",
    );
    assert_error(
        &one("AWS::Backup::BackupVault", json!({"BackupVaultName": "a"})),
        "fewer than the 2",
    );
}

#[test]
fn fifo_names() {
    assert_clean(&one(
        "AWS::SQS::Queue",
        json!({"QueueName": "jobs-dev.fifo"}),
    ));
    assert_clean(&one(
        "AWS::SNS::Topic",
        json!({"TopicName": {"Fn::Sub": "t-${AWS::Region}.fifo"}}),
    ));
    assert_error(
        &one("AWS::SQS::Queue", json!({"QueueName": "jobs.dev"})),
        "`.` outside the `.fifo` suffix",
    );
    assert_error(
        &one(
            "AWS::SQS::Queue",
            json!({"QueueName": {"Fn::Sub": "a.b-${AWS::Region}"}}),
        ),
        "`.` outside",
    );
}

#[test]
fn rds_identifiers() {
    let ty = "AWS::RDS::DBCluster";
    assert_clean(&one(ty, json!({"DBClusterIdentifier": "ha-db-dev"})));
    assert_error(
        &one(ty, json!({"DBClusterIdentifier": "1db"})),
        "does not start with a letter",
    );
    assert_error(
        &one(ty, json!({"DBClusterIdentifier": "db--x"})),
        "contains `--`",
    );
    assert_error(
        &one(ty, json!({"DBClusterIdentifier": "db-"})),
        "ends with `-`",
    );
}

#[test]
fn event_bus_default() {
    assert_error(
        &one("AWS::Events::EventBus", json!({"Name": "default"})),
        "is `default`",
    );
}

#[test]
fn ssm_parameter_paths() {
    let ty = "AWS::SSM::Parameter";
    assert_clean(&one(ty, json!({"Name": "/ha/dev/db-endpoint"})));
    assert_clean(&one(
        ty,
        json!({"Name": {"Fn::Sub": "/ha/${AWS::Region}/x"}}),
    ));
    assert_error(
        &one(ty, json!({"Name": "/aws/x"})),
        "starts with `aws` or `ssm`",
    );
    assert_error(
        &one(ty, json!({"Name": "SSM-x"})),
        "starts with `aws` or `ssm`",
    );
    assert_error(
        &one(ty, json!({"Name": "ha/dev"})),
        "does not start with `/`",
    );
    assert_error(&one(ty, json!({"Name": "/ha//dev"})), "empty path segment");
    assert_error(&one(ty, json!({"Name": "/ha/dev/"})), "empty path segment");
    let deep = format!("/{}", vec!["a"; 16].join("/"));
    assert_error(
        &one(ty, json!({ "Name": deep })),
        "16 path segments, more than 15",
    );
}

#[test]
fn kms_aliases() {
    let ty = "AWS::KMS::Alias";
    assert_clean(&one(ty, json!({"AliasName": "alias/ha/dev"})));
    assert_error(
        &one(ty, json!({"AliasName": "ha-dev-key"})),
        "does not start with `alias/`",
    );
    assert_error(
        &one(ty, json!({"AliasName": "alias/aws/s3"})),
        "reserves for AWS managed keys",
    );
}

#[test]
fn hosted_zones() {
    let ty = "AWS::Route53::HostedZone";
    assert_clean(&one(ty, json!({"Name": "dev.example.com."})));
    assert_clean(&one(
        ty,
        json!({"Name": {"Fn::Sub": "${Param}.example.com"}}),
    ));
    assert_error(&one(ty, json!({"Name": "com"})), "single label");
    assert_error(&one(ty, json!({"Name": "a..com"})), "empty label");
    let long = format!("{}.com", "a".repeat(64));
    assert_error(&one(ty, json!({ "Name": long })), "longer than 63");
    let huge = vec!["a".repeat(60); 5].join(".");
    assert_error(&one(ty, json!({ "Name": huge })), "more than the 255");
}

#[test]
fn secret_random_suffix_warning() {
    let ps = one("AWS::SecretsManager::Secret", json!({"Name": "db-abcdef"}));
    assert_eq!(ps.len(), 1);
    assert_eq!(ps[0].severity, Severity::Warning);
    assert_clean(&one(
        "AWS::SecretsManager::Secret",
        json!({"Name": "db-secret-dev"}),
    ));
}

#[test]
fn collects_every_problem_of_every_resource() {
    let s = stack(&[
        ("A", "AWS::S3::Bucket", json!({"BucketName": "Bad_Name"})),
        ("B", "AWS::SQS::Queue", json!({"QueueName": "q".repeat(81)})),
        (
            "C",
            "AWS::Unchecked::Thing",
            json!({"Name": "anything goes"}),
        ),
    ]);
    let ps = check_names(&s);
    assert_eq!(ps.len(), 2, "{ps:#?}");
    assert!(ps[0]
        .input
        .contains("resource `A` (AWS::S3::Bucket) property BucketName `Bad_Name`"));
    assert!(ps[1].input.contains("resource `B`"));
}

// ----- limits ---------------------------------------------------------------------------------

fn queues(n: usize) -> Stack {
    let rs: Vec<(String, Value)> = (0..n).map(|i| (format!("Q{i}"), json!({}))).collect();
    let refs: Vec<(&str, &str, Value)> = rs
        .iter()
        .map(|(id, p)| (id.as_str(), "AWS::SQS::Queue", p.clone()))
        .collect();
    stack(&refs)
}

#[test]
fn limits_ok() {
    assert_clean(&check_limits(&queues(500)));
}

#[test]
fn limits_counts() {
    let mut s = queues(501);
    for i in 0..201 {
        s.template.outputs.insert(
            format!("O{i}"),
            Output {
                value: Json::from("x"),
                description: None,
                export_name: None,
                condition: None,
            },
        );
        s.template.parameters.insert(
            format!("P{i}"),
            Parameter {
                type_name: "String".into(),
                ..Parameter::default()
            },
        );
        s.template.mappings.insert(format!("M{i}"), IndexMap::new());
    }
    let big: IndexMap<String, IndexMap<String, Json>> = (0..201)
        .map(|i| {
            let second = (0..201).map(|j| (format!("k{j}"), Json::Int(j))).collect();
            (format!("t{i}"), second)
        })
        .collect();
    s.template.mappings.insert("Big".into(), big);
    let ps = check_limits(&s);
    assert_error(
        &ps,
        "Resources: 501 declared, more than CloudFormation's quota of 500",
    );
    assert_error(&ps, "Outputs: 201 declared");
    assert_error(&ps, "Parameters: 201 declared");
    assert_error(&ps, "Mappings: 202 declared");
    assert_error(&ps, "mapping `Big` top-level keys: 201 declared");
    assert_error(&ps, "mapping `Big.t0` attributes: 201 declared");
}

#[test]
fn limits_logical_ids_and_description() {
    let long = "A".repeat(256);
    let mut s = stack(&[
        ("my-bucket", "AWS::S3::Bucket", json!({})),
        (&long, "AWS::S3::Bucket", json!({})),
        ("", "AWS::S3::Bucket", json!({})),
    ]);
    s.template
        .conditions
        .insert("Is_Prod".into(), Json::Bool(true));
    s.template.description = Some("d".repeat(1025));
    let ps = check_limits(&s);
    assert_error(&ps, "resource logical id `my-bucket`: contains `-`");
    assert_error(&ps, "256 characters, more than the 255 allowed");
    assert_error(&ps, "resource logical id ``: is empty");
    assert_error(&ps, "condition logical id `Is_Prod`: contains `_`");
    assert_error(
        &ps,
        "Description: is 1025 bytes, more than the 1024 allowed",
    );
}

#[test]
fn limits_empty_template() {
    assert_error(&check_limits(&stack(&[])), "no resources declared");
}

fn padded(bytes: usize) -> Stack {
    let mut s = stack(&[("Pad", "Custom::Pad", json!({"Pad": "x".repeat(bytes)}))]);
    s.name = "Pad".into();
    s
}

#[test]
fn limits_template_body_size() {
    let ps = check_limits(&padded(60_000));
    assert_eq!(ps.len(), 1);
    assert_eq!(ps[0].severity, Severity::Info);
    assert!(ps[0].message.contains("more than the 51200 allowed inline"));
    assert!(ps[0].fix.contains("S3"));
    assert_error(
        &check_limits(&padded(1_000_001)),
        "more than the 1000000 CloudFormation accepts even from S3",
    );
    assert_eq!(limits::MAX_INLINE_BODY_BYTES, 51_200);
}

// ----- synth ----------------------------------------------------------------------------------

#[test]
fn synth_ok_renders_the_template() {
    let s = stack(&[(
        "Bucket",
        "AWS::S3::Bucket",
        json!({"BucketName": "data-dev"}),
    )]);
    let out = synth(&s, &env("dev")).expect("valid");
    assert_eq!(out.json, s.template.to_json_string());
    assert_eq!(out.bytes, out.json.len());
    assert!(!out.needs_s3);
    assert_eq!(out.resource_count, 1);
    assert!(out.notes.is_empty());
}

#[test]
fn synth_big_template_needs_s3() {
    let out = synth(&padded(60_000), &env("dev")).expect("valid");
    assert!(out.needs_s3);
    assert_eq!(out.notes.len(), 1);
}

#[test]
fn synth_collects_every_error_one_per_line() {
    let s = stack(&[
        ("Bucket", "AWS::S3::Bucket", json!({"BucketName": "Data"})),
        (
            "Canary",
            "AWS::Synthetics::Canary",
            json!({"Name": "a".repeat(30)}),
        ),
    ]);
    let e = synth(&s, &env("Dev")).unwrap_err();
    assert_eq!(e.errors().count(), 2);
    let text = e.to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "synth failed with 2 errors:");
    assert!(
        lines[1].starts_with("error: the suffix `Dev` (from --suffix)"),
        "{text}"
    );
    assert!(lines[2].starts_with("error: resource `Bucket`"), "{text}");
    assert!(lines[3].starts_with("warning: resource `Canary`"), "{text}");
    assert_eq!(lines.len(), 4);
    let one = synth(&stack(&[]), &env("dev")).unwrap_err();
    assert!(one.to_string().starts_with("synth failed with 1 error:"));
    let _: &dyn std::error::Error = &one;
}
