//! The checks of `stack!{}` on `proc_macro2` token streams: exact rule ids and messages.

use ha_macros_core::{ast, check, diag, facts, rules, unsuppressed};
use proc_macro2::Span;
use proc_macro2::TokenStream;
use quote::quote;

mod common;
use common::diags;

fn ids(ts: TokenStream) -> Vec<&'static str> {
    diags(ts).into_iter().map(|(id, _)| id).collect()
}

/// The body of a stack around some items.
macro_rules! st {
    ($($t:tt)*) => { quote!(stack S { name: "S${Suffix}" } $($t)*) };
}

fn parse_err(ts: TokenStream) -> String {
    match syn::parse2::<ast::StackDef>(ts) {
        Ok(_) => panic!("expected a parse error"),
        Err(e) => e.to_string(),
    }
}

const ENC: &str = "AES256";

#[test]
fn clean_stack_has_no_diagnostics() {
    let d = diags(st! {
        parameter Env: String { Default: "dev", AllowedValues: ["dev", "prod"], Description: "env" }
        condition IsProd = Equals(Ref(Env), "prod");
        mapping Sizes { dev: { Size: 1 }, prod: { Size: 2 } }
        resource Bucket: s3::Bucket { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: #ENC } }] } }
        output Name { Value: Ref(Bucket), Description: "the bucket", Export: "${AWS::StackName}-Bucket", Condition: IsProd }
    });
    assert_eq!(d, vec![]);
}

#[test]
fn references() {
    let d = diags(st! {
        condition C = Equals("a", "b");
        parameter P: String;
        resource Q: sqs::Queue { SqsManagedSseEnabled: true }
        output A { Value: Ref(Qu) }
        output B { Value: Qx.Arn }
        output D { Value: "${Qq}" }
        output E { Value: Ref(C) }
        output F { Value: P.Arn }
        output G { Value: Q.Nope }
        output H { Value: "${AWS::Regio}" }
        output I { Value: AWS::Regoin }
        output J { Value: GetAtt(Q, "Arn") }
        output K { Value: Ref(AWS::Region) }
        output L { Value: Sub("${Q.Arn}-${x}", { x: Ref(P) }) }
    });
    assert_eq!(
        d,
        vec![
            ("HA-G001", "`${AWS::Regio}` is not a pseudo parameter (did you mean `AWS::Region`?)".to_owned()),
            ("HA-G001", "`AWS::Regoin` is not a pseudo parameter (did you mean `AWS::Region`?)".to_owned()),
            ("HA-G001", "Ref to `Qu`, which is not declared in this stack (did you mean `Q`?)".to_owned()),
            ("HA-G001", "GetAtt to `Qx`, which is not declared in this stack (did you mean `Q`?)".to_owned()),
            ("HA-G001", "`${Qq}` in a string is a reference to `Qq`, which is not declared in this stack (did you mean `${Q}`?)".to_owned()),
            ("HA-S004", "`C` is a condition, not a resource or parameter".to_owned()),
            ("HA-G005", "`P` is a parameter; it has no attribute `Arn`".to_owned()),
            ("HA-G005", "AWS::SQS::Queue `Q` has no attribute `Nope`".to_owned()),
        ]
    );
}

#[test]
fn depends_on_rules() {
    let d = diags(st! {
        parameter P: String;
        resource A: sqs::Queue { SqsManagedSseEnabled: true }
        #[depends_on(P, Aa, "x")]
        resource B: sqs::Queue { SqsManagedSseEnabled: true }
    });
    assert_eq!(
        d,
        vec![
            ("HA-S004", "`depends_on` takes logical ids".to_owned()),
            (
                "HA-S004",
                "`P` is a parameter; DependsOn takes resources".to_owned()
            ),
            (
                "HA-G001",
                "DependsOn to `Aa`, which is not declared in this stack (did you mean `A`?)"
                    .to_owned()
            ),
        ]
    );
}

#[test]
fn cycles_name_every_member_and_edge() {
    let def: ast::StackDef = syn::parse2(st! {
        #[depends_on(C)] resource A: sqs::Queue { SqsManagedSseEnabled: true }
        #[depends_on(A)] resource B: sqs::Queue { SqsManagedSseEnabled: true }
        #[depends_on(B)] resource C: sqs::Queue { SqsManagedSseEnabled: true }
        #[depends_on(D)] resource D: sqs::Queue { SqsManagedSseEnabled: true }
    })
    .unwrap();
    let checked = check::check(&def);
    let cycles: Vec<&diag::Diag> = checked
        .diags
        .iter()
        .filter(|d| d.rule.id == "HA-G002")
        .collect();
    assert_eq!(cycles.len(), 2);
    let msgs: Vec<&str> = cycles.iter().map(|d| d.message.as_str()).collect();
    assert!(
        msgs.contains(&"circular dependency between resources: A -> B -> C"),
        "{msgs:?}"
    );
    assert!(
        msgs.contains(&"circular dependency between resources: D"),
        "{msgs:?}"
    );
    let abc = cycles
        .iter()
        .find(|d| d.message.ends_with("A -> B -> C"))
        .unwrap();
    let notes: Vec<&str> = abc.notes.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(
        notes,
        vec![
            "`A` refers to `C` here",
            "`B` refers to `A` here",
            "`C` refers to `B` here"
        ]
    );
    let text = abc.to_error().into_compile_error().to_string();
    assert!(
        text.contains("[HA-G002] note: `A` refers to `C` here"),
        "{text}"
    );
}

#[test]
fn duplicates() {
    let d = diags(st! {
        parameter X: String;
        resource X: sqs::Queue { SqsManagedSseEnabled: true, SqsManagedSseEnabled: true }
        condition C = Equals("a", "b");
        condition C = Equals("a", "c");
        output O { Value: "a" }
        output O { Value: "b" }
    });
    assert_eq!(
        d,
        vec![
            (
                "HA-G003",
                "logical id `X` is declared twice (this resource and an earlier declaration)"
                    .to_owned()
            ),
            ("HA-G003", "output `O` is declared twice".to_owned()),
            ("HA-G003", "condition `C` is declared twice".to_owned()),
        ]
    );
    // A property set twice is reported on a resource that is declared once.
    assert_eq!(
        diags(
            st! { resource Q: sqs::Queue { SqsManagedSseEnabled: true, SqsManagedSseEnabled: true } }
        ),
        vec![(
            "HA-G003",
            "property `SqsManagedSseEnabled` is set twice".to_owned()
        )]
    );
}

#[test]
fn stack_header() {
    assert_eq!(
        diags(quote!(stack S { name: "S" })),
        vec![(
            "HA-N002",
            "stack name \"S\" does not contain `${Suffix}`".to_owned()
        )]
    );
    assert_eq!(
        diags(quote!(stack S { description: "d" })),
        vec![("HA-N002", "stack `S` declares no stack name".to_owned())]
    );
    assert_eq!(
        diags(quote!(stack S { name: "S${Suffix}", tags: { Team: "x", Account: "123456789012" } })),
        vec![(
            "HA-P004",
            "\"123456789012\" hard-codes the account id `123456789012`".to_owned()
        )]
    );
    // A region in a tag is not a resource property: HA-P003 stays quiet (issue 7).
    assert_eq!(
        diags(quote!(stack S { name: "S${Suffix}", tags: { Region: "eu-west-1" } })),
        vec![]
    );
}

#[test]
fn outputs_and_conditions() {
    let d = diags(st! {
        condition C = And(Equals("a", "b"), Condition(Nope));
        output O { Description: "no value", Condition: "C", Other: 1 }
        output P { Value: If(Cx, "a", "b") }
    });
    assert_eq!(
        d,
        vec![
            ("HA-G001", "condition `Nope` is not declared".to_owned()),
            (
                "HA-S004",
                "a condition is named by an identifier, found a string".to_owned()
            ),
            ("HA-S002", "output `O` has no setting `Other`".to_owned()),
            ("HA-S003", "output `O` has no `Value`".to_owned()),
            (
                "HA-G001",
                "condition `Cx` is not declared (did you mean `C`?)".to_owned()
            ),
        ]
    );
}

#[test]
fn intrinsic_arity_and_kinds() {
    let d = diags(st! {
        mapping M { a: { b: "c" } }
        output A { Value: Ref() }
        output B { Value: Ref("x") }
        output C { Value: GetAtt() }
        output D { Value: GetAtt("x") }
        output E { Value: Sub() }
        output F { Value: Sub("x", "y") }
        output G { Value: Sub(1) }
        output H { Value: If("a") }
        output I { Value: Condition() }
        output J { Value: FindInMap(M) }
        output K { Value: FindInMap(Mm, "a", "b") }
        output L { Value: FindInMap("M", "a", "b") }
        output N { Value: Join(",") }
        output O { Value: Join(1, ["a"]) }
        output P { Value: Select(1) }
        output Q { Value: Cidr("10.0.0.0/16") }
        output R { Value: GetAZs("a", "b") }
        output S { Value: Base64() }
        output T { Value: And(Equals("a", "b")) }
        output U { Value: Frobnicate("x") }
        output V { Value: Joinn("x") }
        output W { Value: "${unclosed" }
        output X { Value: bare }
    });
    let got: Vec<String> = d.iter().map(|(id, m)| format!("{id} {m}")).collect();
    assert_eq!(
        got,
        vec![
            "HA-S004 `Ref` takes one logical id",
            "HA-S004 `Value` expects a logical id (`Ref(Bucket)`) or a pseudo parameter, found a string",
            "HA-S004 `GetAtt` takes `X.Attribute` or `X, \"Attribute\"`",
            "HA-S004 `Value` expects `X.Attribute`, found a string",
            "HA-S004 `Sub` takes a template string and an optional variable map",
            "HA-S004 `Value` expects a variable map `{ Name: value }`, found a string",
            "HA-S004 `Value` expects a string literal, found an integer",
            "HA-S004 `If` takes a condition name and two values",
            "HA-S004 `Condition` takes a condition name",
            "HA-S004 `FindInMap` takes a mapping name and two keys",
            "HA-G001 mapping `Mm` is not declared (did you mean `M`?)",
            "HA-S004 `Value` expects a mapping name, found a string",
            "HA-S004 `Join` takes a delimiter string and a value",
            "HA-S004 `Value` expects a delimiter string, found an integer",
            "HA-S004 `Select` takes two values",
            "HA-S004 `Cidr` takes a CIDR block, a count and a number of bits",
            "HA-S004 `GetAZs` takes an optional region",
            "HA-S004 `Base64` takes one value",
            "HA-S004 `And` takes 2 to 10 conditions",
            "HA-S004 `Frobnicate(..)` is not an intrinsic function",
            "HA-S004 `Joinn(..)` is not an intrinsic function (did you mean `Join`?)",
            "HA-S004 unclosed `${` in \"${unclosed\"",
            "HA-S004 bare name `bare` is not a value",
        ]
    );
}

#[test]
fn attributes_and_suppressions() {
    let d = diags(st! {
        #[deletion_policy(Retain)]
        #[update_replace_policy(Keep)]
        #[condition(Nope)]
        #[metadata({ Note: "us-west-2" })]
        #[frobnicate]
        #[suppress]
        #[suppress(HA-G001, "graph rules cannot be suppressed")]
        #[suppress(HA-X999, "no such rule at all")]
        #[suppress(Custom, "an identifier is not a rule id")]
        resource Q: sqs::Queue { SqsManagedSseEnabled: true }
    });
    let got: Vec<String> = d.iter().map(|(id, m)| format!("{id} {m}")).collect();
    assert_eq!(
        got,
        vec![
            "HA-P001 `deletion_policy(Retain)` on `Q` keeps the resource after the stack is gone",
            "HA-S005 `update_replace_policy` takes `Delete` or `Snapshot` (`Retain` and `RetainExceptOnCreate` are forbidden by HA-P001)",
            "HA-G001 condition `Nope` is not declared",
            "HA-P003 \"us-west-2\" hard-codes the region `us-west-2`",
            "HA-S002 unknown resource attribute `#[frobnicate]`",
            "HA-P005 `#[suppress]` needs a rule id and a reason",
            "HA-P005 rule HA-G001 (Reference to an undeclared resource, parameter or condition) cannot be suppressed",
            "HA-P005 `HA-X999` is not a rule id",
            "HA-P005 `Custom` is not a rule id",
        ]
    );
    // A suppression with a reason hides its rule; one without a reason is reported instead.
    assert_eq!(
        ids(
            st! { #[suppress(HA-P002, "encryption is added by a later stack")] resource Q: sqs::Queue {} }
        ),
        Vec::<&str>::new()
    );
    assert_eq!(
        diags(st! { #[suppress(HA-P002, "short")] resource Q: sqs::Queue {} }),
        vec![(
            "HA-P005",
            "suppression of `HA-P002` has no written reason".to_owned()
        )]
    );
    // Non-suppressible rules stay.
    assert_eq!(
        ids(
            st! { #[suppress(HA-S002, "testing a typo on purpose")] resource Q: sqs::Queue { SqsManagedSseEnabled: true, Nope: 1 } }
        ),
        vec!["HA-P005", "HA-S002"]
    );
}

#[test]
fn schema_values() {
    let d = diags(st! {
        resource T: sqs::Queue {
            SqsManagedSseEnabled: "yes",
            DelaySeconds: "ten",
            MaximumMessageSize: 1,
            QueueName: 5,
            Tags: { Key: "a" },
            RedrivePolicy: { deadLetterTargetArn: "x" },
        }
        resource L: logs::LogGroup { KmsKeyId: NoValue, RetentionInDays: true, LogGroupClass: "BIG" }
        resource K: kms::Key { KeySpec: 1, Description: (concat!("a", "b")), KeyPolicy: {} , PendingWindowInDays: 7, BypassPolicyLockoutSafetyCheck: 1, Tags: [{ Key: "a", Value: "b" }, "x"] }
        resource B: s3::Bucket { BucketEncryption: [], Tags: "x", MetricsConfigurations: [{ Id: "x", TagFilters: "y" }] }
    });
    let got: Vec<String> = d.iter().map(|(id, m)| format!("{id} {m}")).collect();
    assert_eq!(
        got,
        vec![
            "HA-S004 `SqsManagedSseEnabled` expects `true` or `false`, found a string",
            "HA-S004 `DelaySeconds` expects an integer, found a string",
            "HA-S006 `MaximumMessageSize` = 1 is outside 1024..=1048576",
            "HA-S004 `Tags` expects a list `[..]`, found an object",
            "HA-N001 physical name `QueueName` of AWS::SQS::Queue does not carry the environment suffix",
            "HA-S004 `RetentionInDays` expects one of the enumerated values, found a boolean",
            "HA-S005 `BIG` is not an allowed value of `LogGroupClass` on AWS::Logs::LogGroup",
            "HA-S005 `1` is not an allowed value of `KeySpec` on AWS::KMS::Key",
            "HA-S004 `BypassPolicyLockoutSafetyCheck` expects `true` or `false`, found an integer",
            "HA-S004 `Tags` expects an object `{ .. }`, found a string",
            "HA-S004 `BucketEncryption` expects an object `{ .. }`, found a list",
            "HA-S004 `Tags` expects a list `[..]`, found a string",
            "HA-S004 `MetricsConfigurations.TagFilters` expects a list `[..]`, found a string",
        ]
    );
}

#[test]
fn policy_rules() {
    let d = diags(st! {
        resource Key: kms::Key { KeyPolicy: {} }
        resource Role: iam::Role {
            AssumeRolePolicyDocument: {},
            RoleName: If(C, "a-${Suffix}", "b"),
            Policies: [{ PolicyName: "p", PolicyDocument: { Statement: [
                { Effect: "Deny", Action: "*", Resource: "*" },
                { Effect: "Allow", Action: ["*", "s3:GetObject"], Resource: ["*", (String::from("x"))] },
                "not a statement",
            ] } }, "not a policy"],
        }
        resource Mp: iam::ManagedPolicy { PolicyDocument: { Statement: [{ Effect: "Allow", Action: "ec2:*", Resource: "arn:aws:ec2:::x" }] } }
        resource Pol: iam::Policy { PolicyName: "p", PolicyDocument: "not an object" }
        resource Inst: ec2::Instance { ImageId: "ami-1", BlockDeviceMappings: [{ DeviceName: "/dev/xvda", Ebs: { VolumeSize: 8 } }, { DeviceName: "/dev/xvdb", Ebs: { Encrypted: true } }, { DeviceName: "/dev/xvdc", NoDevice: {} }] }
        resource Lt: ec2::LaunchTemplate { LaunchTemplateData: { BlockDeviceMappings: [{ DeviceName: "/dev/xvda", Ebs: { Encrypted: false } }] } }
        resource Db: rds::DbInstance { Engine: "postgres", DBInstanceClass: "db.t4g.micro", MonitoringRoleArn: Role.Arn, DatabaseInsightsMode: "advanced", PerformanceInsightsRetentionPeriod: 465 }
        resource Db2: rds::DbInstance { Engine: "postgres", DBInstanceClass: "db.t4g.micro", StorageEncrypted: true, MonitoringInterval: 0, EnablePerformanceInsights: true, DatabaseInsightsMode: "advanced", PerformanceInsightsRetentionPeriod: 465 }
        resource Cl: rds::DbCluster { Engine: "aurora-postgresql", EngineVersion: "99.1", KmsKeyId: Key.Arn }
        resource Cl2: rds::DbCluster { Engine: "aurora-postgresql", EngineVersion: "15.99", StorageEncrypted: true, PerformanceInsightsEnabled: true, DatabaseInsightsMode: "advanced", PerformanceInsightsRetentionPeriod: 731 }
        resource Tbl: dynamodb::Table { KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }] }
        resource Tbl2: dynamodb::Table { KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }], SSESpecification: { SSEEnabled: (true) }, BillingMode: "PROVISIONED", ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }
        resource Q: sqs::Queue { SqsManagedSseEnabled: (true), QueueName: Sub("q-${Suffix}") }
        resource Q2: sqs::Queue { KmsMasterKeyId: Ref(Key), QueueName: Join("-", ["q", "x"]) }
        resource Plan: backup::BackupPlan { BackupPlan: { BackupPlanName: "p", BackupPlanRule: [
            "x",
            { RuleName: "a", TargetBackupVault: "v", EnableContinuousBackup: false, Lifecycle: { DeleteAfterDays: 400 } },
            { RuleName: "b", TargetBackupVault: "v", EnableContinuousBackup: true, Lifecycle: { DeleteAfterDays: 30, MoveToColdStorageAfterDays: 10 } },
        ] } }
        resource Plan2: backup::BackupPlan { BackupPlan: { BackupPlanName: "p", BackupPlanRule: [] } }
        resource Canary: synthetics::Canary { Name: "c-${Suffix}-${AWS::Region}", Code: { Handler: "h" }, ArtifactS3Location: "s3://b", ExecutionRoleArn: Role.Arn, Schedule: { Expression: "rate(1 hour)" }, RuntimeVersion: "nodejs-7" }
        resource Fn: lambda::Function { Role: Role.Arn, Code: {}, Runtime: "python3.13" }
        resource Hc: route53::HealthCheck { HealthCheckConfig: { Type: "HTTP", RequestInterval: 10 } }
        resource Ssm: ssm::Parameter { Type: "String", Value: "v", Name: NoValue }
    });
    let got: Vec<String> = d.iter().map(|(id, m)| format!("{id} {m}")).collect();
    assert_eq!(
        got,
        vec![
            "HA-G001 condition `C` is not declared",
            "HA-S004 `Policies` expects an object `{ .. }`, found a string",
            "HA-N001 physical name `RoleName` of AWS::IAM::Role does not carry the environment suffix",
            "HA-IAM001 IAM action `*` grants every action",
            "HA-IAM002 IAM statement on `Resource: \"*\"`",
            "HA-IAM001 IAM action `ec2:*` grants every action",
            "HA-P002 EBS volume of `Inst` is not Encrypted",
            "HA-P002 EBS volume of `Lt` is not Encrypted",
            "HA-P002 instance `Db` is not StorageEncrypted",
            "HA-A008 advanced Database Insights needs Performance Insights on with 465 days of retention",
            "HA-A007 MonitoringRoleArn without a MonitoringInterval above 0",
            "HA-P002 cluster `Cl` is not StorageEncrypted",
            "HA-A002 Aurora PostgreSQL `99.1` is deprecated or does not exist",
            "HA-A002 Aurora PostgreSQL `15.99` is deprecated or does not exist",
            "HA-A008 advanced Database Insights needs Performance Insights on with 465 days of retention",
            "HA-P002 table `Tbl` does not enable SSESpecification",
            "HA-N001 physical name `QueueName` of AWS::SQS::Queue does not carry the environment suffix",
            "HA-S004 `BackupPlan.BackupPlanRule` expects an object `{ .. }`, found a string",
            "HA-A010 continuous backup cannot move to cold storage",
            "HA-A003 `nodejs-7` is not a Synthetics runtime name",
        ]
    );
}

#[test]
fn values_parse_with_kinds_and_spans() {
    let cases: Vec<(TokenStream, &str)> = vec![
        (quote!("s"), "a string"),
        (quote!(-3), "an integer"),
        (quote!(4), "an integer"),
        (quote!(-1.5), "a number"),
        (quote!(2.5), "a number"),
        (quote!(true), "a boolean"),
        (quote!([1, 2]), "a list"),
        (quote!({ "k": 1, j: 2 }), "an object"),
        (quote!(Ref(X)), "an intrinsic function"),
        (quote!(X.Arn.Sub), "an intrinsic function"),
        (quote!(AWS::Region), "an intrinsic function"),
        (quote!(Name), "a bare name"),
        (quote!((1 + 2)), "a Rust expression"),
        (quote!(concat!("a")), "a Rust expression"),
        (quote!(std::concat!("a")), "a Rust expression"),
    ];
    for (ts, kind) in cases {
        let v: ast::Val = syn::parse2(ts.clone()).unwrap_or_else(|e| panic!("{ts}: {e}"));
        assert_eq!(v.kind(), kind, "{ts}");
        let _ = v.span();
    }
    let v: ast::Val = syn::parse2(quote!(-1.5)).unwrap();
    assert!(matches!(v, ast::Val::Float(f, _) if f == -1.5));
    let v: ast::Val = syn::parse2(quote!(-3)).unwrap();
    assert!(matches!(v, ast::Val::Int(-3, _)));
}

#[test]
fn parse_errors() {
    assert_eq!(parse_err(quote!(stack S { nmae: "x" })), "unknown stack setting `nmae`: the stack header takes `name: \"...\"`, `description: \"...\"`, `tags: { Key: value }` and `imports: [OtherStack, ..]`");
    assert_eq!(
        parse_err(quote!(stack S { name: "a${Suffix}" } stack T { name: "b${Suffix}" })),
        "a `stack!{}` invocation declares one stack: remove this second `stack` header"
    );
    assert_eq!(parse_err(quote!(stack S { name: "a${Suffix}" } bucket B {})), "expected `stack`, `parameter`, `condition`, `mapping`, `resource`, `output`, `defaults`, `for`, `construct` or `use`, found `bucket`");
    assert_eq!(
        parse_err(quote!(stack S { name: "a${Suffix}" } #[depends_on(A)] output O { Value: 1 })),
        "`#[depends_on(..)]` goes on resources only; an output takes `#[suppress(RULE-ID, \"reason\")]` and no other attribute"
    );
    assert!(parse_err(quote!(resource B: s3::Bucket {}))
        .starts_with("missing `stack NAME { name: \"...${Suffix}\" }` header"));
    assert_eq!(parse_err(quote!(stack S { name: "a${Suffix}" } resource B s3::Bucket {})), "expected `:`: a resource is declared as `resource B: service::Type { Property: value, .. }`");
}

#[test]
fn full_syntax_parses() {
    let def: ast::StackDef = syn::parse2(quote! {
        stack S(config: &Config, n: u32) { name: "S${Suffix}", description: "d", tags: { A: "b" } }
        parameter Vpc: AWS::EC2::VPC::Id;
        parameter Size: Number { Default: 1 }
        #[suppress(my-rule-x, "a reason that is long")]
        #[suppress(HA-P002, "a reason that is long")]
        #[metadata]
        resource B: s3::Bucket {}
    })
    .unwrap();
    assert_eq!(def.header.args.len(), 2);
    assert_eq!(def.parameters[0].type_name, "AWS::EC2::VPC::Id");
    let attrs = &def.resources[0].attrs;
    assert!(matches!(&attrs[0].args[0], ast::Val::Str(s) if s.value() == "my-rule-x"));
    assert!(matches!(&attrs[1].args[0], ast::Val::Str(s) if s.value() == "HA-P002"));
    assert!(attrs[2].args.is_empty());
}

#[test]
fn facts_and_helpers() {
    assert_eq!(
        facts::find_region("arn:aws:s3:us-gov-west-1:x").as_deref(),
        Some("us-gov-west-1")
    );
    assert_eq!(
        facts::find_region("us-east-1a").as_deref(),
        Some("us-east-1")
    );
    assert_eq!(facts::find_region("bus-east-1"), None);
    // Every code of the toolkit's list is found, including the European Sovereign Cloud's.
    for r in ha_naming::KNOWN_REGIONS {
        assert_eq!(
            facts::find_region(&format!("arn:aws:s3:{r}:x")).as_deref(),
            Some(*r)
        );
    }
    assert_eq!(facts::find_region("us-east-x"), None);
    assert_eq!(
        facts::find_account("a 123456789012"),
        Some("123456789012".to_owned())
    );
    assert_eq!(facts::find_account("1234567890123"), None);
    assert!(facts::synthetics_runtime_deprecated("syn-1.0"));
    assert!(facts::synthetics_runtime_deprecated("syn-nodejs-2.2"));
    assert!(facts::synthetics_runtime_deprecated(
        "syn-python-selenium-5.1"
    ));
    assert!(!facts::synthetics_runtime_deprecated(
        "syn-python-selenium-7.0"
    ));
    assert!(!facts::synthetics_runtime_deprecated(
        "syn-nodejs-playwright-6.0"
    ));
    assert!(facts::synthetics_runtime_known("syn-nodejs-playwright-6.0"));
    assert!(facts::synthetics_runtime_known("syn-1.0"));
    assert!(!facts::synthetics_runtime_known("syn-nodejs-puppeteer-x"));
    assert_eq!(diag::distance("kitten", "sitting"), 3);
    assert_eq!(diag::nearest("Bukcet", ["Bucket", "Queue"]), Some("Bucket"));
    assert_eq!(diag::nearest("x", Vec::<&str>::new()), None);
    assert_eq!(
        diag::did_you_mean("Queeu", ["Queue"]),
        " (did you mean `Queue`?)"
    );
    assert_eq!(diag::did_you_mean("Zzzzzz", ["Queue"]), "");
    assert_eq!(
        rules::find("HA-P002").map(|r| r.title),
        Some("Encryption at rest missing or switched off")
    );
    assert!(rules::find("HA-NOPE").is_none());
    let names: Vec<String> = (0..14).map(|i| format!("n{i}")).collect();
    assert!(check::list_names(names.iter().map(String::as_str)).ends_with("`n11` and 2 more"));
    let d = diag::Diag::new(&rules::CYCLE, Span::call_site(), "m", "h")
        .in_resource(Some("A"))
        .note(Span::call_site(), "n");
    assert_eq!(
        d.text(),
        format!(
            "[HA-G002] m\n  = why: {}\n  = help: h",
            rules::CYCLE.rationale
        )
    );
    assert_eq!(d.resource.as_deref(), Some("A"));
    let def: ast::StackDef = syn::parse2(
        st! { resource B: s3::Bucket {} resource C: custom::Thing { ServiceToken: "x" } },
    )
    .unwrap();
    let checked = check::check(&def);
    let types = check::sorted_types(&checked.types);
    assert_eq!(types.get("B"), Some(&Some("AWS::S3::Bucket")));
    assert_eq!(types.get("C"), Some(&None));
    assert!(check::get(&def.resources[0].props, &[]).is_none());
}

#[test]
fn custom_and_unknown_types() {
    let d = diags(st! {
        resource C: custom::Thing { Value: Ref(Missing) }
        resource U: s3::Nope { Prop: Ref(Missing2) }
        output O { Value: U.Whatever }
    });
    let got: Vec<String> = d.iter().map(|(id, m)| format!("{id} {m}")).collect();
    assert_eq!(
        got,
        vec![
            "HA-S001 `s3::Nope` is not a resource type this toolkit knows",
            "HA-S003 custom resource `C` has no `ServiceToken`",
            "HA-G001 Ref to `Missing`, which is not declared in this stack",
            "HA-G001 Ref to `Missing2`, which is not declared in this stack",
        ]
    );
}

#[test]
fn mappings_and_parameter_settings_are_checked() {
    assert_eq!(
        diags(st! {
            parameter P: String { Defualt: "x", NoEcho: true }
            mapping M { a: { b: bare, c: "us-east-1" } }
            output O { Value: "${Missing.Arn}" }
        }),
        vec![
            ("HA-S002", "parameter `P` has no setting `Defualt` (did you mean `Default`?)".to_owned()),
            ("HA-S004", "bare name `bare` is not a value".to_owned()),
            ("HA-G001", "`${Missing.Arn}` in a string is a reference to `Missing`, which is not declared in this stack".to_owned()),
        ]
    );
}

#[test]
fn schema_checks_inside_nested_objects_and_maps() {
    let d = diags(st! {
        parameter P: String;
        resource B: s3::Bucket { BucketEncryption: { Foo: 1 } }
        resource Q: sqs::Queue { SqsManagedSseEnabled: true, QueueName: ["q-${Suffix}"] }
        resource A: cloudwatch::Alarm { ComparisonOperator: "GreaterThanThreshold", EvaluationPeriods: 1, Threshold: "high", MetricName: "m", Namespace: "n", Statistic: "Sum", Period: 60 }
        resource Key: kms::Key { KeyPolicy: { Version: "2012-10-17" } }
        resource V: backup::BackupVault { BackupVaultName: "v-${Suffix}", EncryptionKeyArn: Key.Arn, BackupVaultTags: { Team: "core", Owner: Ref(P), Bad: [1] } }
        resource W: backup::BackupVault { BackupVaultName: "w-${Suffix}", EncryptionKeyArn: Key.Arn, BackupVaultTags: ["core"] }
    });
    assert_eq!(
        d,
        vec![
            ("HA-S002", "`Foo` is not a property of AWS::S3::Bucket BucketEncryption".to_owned()),
            ("HA-S003", "AWS::S3::Bucket BucketEncryption requires `ServerSideEncryptionConfiguration`".to_owned()),
            ("HA-S004", "`QueueName` expects a string, found a list".to_owned()),
            ("HA-N001", "physical name `QueueName` of AWS::SQS::Queue does not carry the environment suffix".to_owned()),
            ("HA-S004", "`Threshold` expects a number, found a string".to_owned()),
            ("HA-S004", "`BackupVaultTags.Bad` expects a string, found a list".to_owned()),
            ("HA-S004", "`BackupVaultTags` expects a map `{ key: value }`, found a list".to_owned()),
        ]
    );
}

#[test]
fn string_lengths() {
    let d = diags(st! {
        resource P: ssm::Parameter { Type: "String", Value: "v", Name: "" }
        resource Q: ssm::Parameter { Type: "String", Value: "v", Name: "${Suffix}" }
    });
    assert_eq!(
        d,
        vec![
            (
                "HA-S006",
                "`Name` is 0 characters; the schema allows 1..=2048".to_owned()
            ),
            (
                "HA-N001",
                "physical name `Name` of AWS::SSM::Parameter does not carry the environment suffix"
                    .to_owned()
            ),
        ]
    );
}

#[test]
fn getatt_forms_and_types_without_attributes() {
    let def: ast::StackDef = syn::parse2(st! {
        resource Q: sqs::Queue { SqsManagedSseEnabled: true }
        resource Dash: cloudwatch::Dashboard { DashboardBody: "{}" }
        output A { Value: GetAtt(Q.Arn) }
        output B { Value: GetAtt(Q.Nope) }
        output C { Value: Dash.Name }
    })
    .unwrap();
    let checked = check::check(&def);
    let d: Vec<(&str, &str, &str)> = checked
        .diags
        .iter()
        .map(|d| (d.rule.id, d.message.as_str(), d.help.as_str()))
        .collect();
    assert_eq!(d.len(), 2, "{d:?}");
    assert_eq!(d[0].0, "HA-G005");
    assert!(
        d[0].1
            .starts_with("AWS::SQS::Queue `Q` has no attribute `Nope`"),
        "{d:?}"
    );
    assert_eq!(
        d[1],
        (
            "HA-G005",
            "AWS::CloudWatch::Dashboard `Dash` has no attribute `Name`",
            "attributes of AWS::CloudWatch::Dashboard: none"
        )
    );
}

#[test]
fn nearest_allowed_number_on_one_side() {
    let key = quote!(resource Key: kms::Key { KeyPolicy: { Version: "2012-10-17" } });
    let d = diags(st! {
        #key
        resource Low: logs::LogGroup { KmsKeyId: Key.Arn, RetentionInDays: 0 }
        resource High: logs::LogGroup { KmsKeyId: Key.Arn, RetentionInDays: 9999 }
    });
    assert_eq!(d.len(), 2, "{d:?}");
    assert!(d[0].1.ends_with("(nearest allowed: `1`)"), "{d:?}");
    assert!(d[1].1.ends_with("(nearest allowed: `3653`)"), "{d:?}");
}

#[test]
fn suppression_ids_with_numbers_after_a_dash() {
    // `HA-2` parses as one rule id (identifier and number joined by dashes).
    assert_eq!(
        diags(st! {
            #[suppress(HA-2, "a reason long enough")]
            resource Q: sqs::Queue { SqsManagedSseEnabled: true }
        }),
        vec![("HA-P005", "`HA-2` is not a rule id".to_owned())]
    );
}

#[test]
fn diagnostics_of_resources_outside_the_stack_are_never_suppressed() {
    let def: ast::StackDef = syn::parse2(st! {
        #[suppress(HA-P002, "kept for the comparison below")]
        resource Q: sqs::Queue {}
    })
    .unwrap();
    let mk = |res: &str| {
        diag::Diag::new(
            &rules::NO_ENCRYPTION,
            Span::call_site(),
            "m".to_owned(),
            "h",
        )
        .in_resource(Some(res))
    };
    let kept = unsuppressed(&def, vec![mk("Q"), mk("Ghost")]);
    assert_eq!(
        kept.iter()
            .map(|d| d.resource.as_deref())
            .collect::<Vec<_>>(),
        vec![Some("Ghost")]
    );
}

#[test]
fn condition_attribute_reads_only_an_identifier() {
    let def: ast::StackDef = syn::parse2(st! {
        condition C = Equals("a", "a");
        #[condition(C)] resource A: sqs::Queue { SqsManagedSseEnabled: true }
        #[condition("C")] resource B: sqs::Queue { SqsManagedSseEnabled: true }
        resource D: sqs::Queue { SqsManagedSseEnabled: true }
    })
    .unwrap();
    let names: Vec<Option<String>> = def
        .resources
        .iter()
        .map(|r| {
            ha_macros_core::model::ResourceAttrs::of(r)
                .condition
                .map(|c| c.to_string())
        })
        .collect();
    assert_eq!(names, [Some("C".to_owned()), None, None]);
}

#[test]
fn retain_through_a_condition_or_an_expression_is_forbidden_not_offered() {
    let got: Vec<String> = diags(st! {
        condition IsProd = Equals("a", "b");
        #[deletion_policy(If(IsProd, Retain, Delete))]
        #[update_replace_policy(If(IsProd, "RetainExceptOnCreate", [Snapshot]))]
        resource Q: sqs::Queue { SqsManagedSseEnabled: true }
        #[deletion_policy((policy()))]
        resource R: sqs::Queue { SqsManagedSseEnabled: true }
    })
    .into_iter()
    .map(|(id, m)| format!("{id} {m}"))
    .collect();
    assert_eq!(
        got,
        [
            "HA-P001 `deletion_policy` on `Q` can be `Retain` (inside If(..)), which keeps the resource after the stack is gone",
            "HA-S005 `deletion_policy` takes a literal `Delete` or `Snapshot`: a computed value cannot be checked at compile time (`Retain` and `RetainExceptOnCreate` are forbidden by HA-P001)",
            "HA-P001 `update_replace_policy` on `Q` can be `RetainExceptOnCreate` (inside If(..)), which keeps the resource after the stack is gone",
            "HA-S005 `update_replace_policy` takes a literal `Delete` or `Snapshot`: a computed value cannot be checked at compile time (`Retain` and `RetainExceptOnCreate` are forbidden by HA-P001)",
            "HA-S005 `deletion_policy` takes a literal `Delete` or `Snapshot`: a computed value cannot be checked at compile time (`Retain` and `RetainExceptOnCreate` are forbidden by HA-P001)",
        ]
    );
}

#[test]
fn outputs_are_not_dependency_or_reference_targets() {
    let got: Vec<String> = diags(st! {
        resource Q: sqs::Queue { SqsManagedSseEnabled: true }
        #[depends_on(QueueUrl)]
        resource P: sqs::Queue { SqsManagedSseEnabled: true, QueueName: Ref(QueueUrl) }
        output QueueUrl { Value: Ref(Q) }
    })
    .into_iter()
    .filter(|(id, _)| *id == "HA-G001")
    .map(|(id, m)| format!("{id} {m}"))
    .collect();
    assert_eq!(
        got,
        [
            "HA-G001 `QueueUrl` is an output; outputs cannot be depended on: DependsOn takes resources",
            "HA-G001 `QueueUrl` is an output; outputs cannot be referenced inside the stack",
        ]
    );
}

#[test]
fn suggestions_follow_the_intent() {
    let got: Vec<String> = diags(st! {
        resource Q: sqs::Queue { SqsManagedSseEnabled: true, QueueName: "q-${suffix}" }
        resource P: sqs::Queue { SqsManagedSseEnabled: true, QueueName: Q.Url }
    })
    .into_iter()
    .map(|(id, m)| format!("{id} {m}"))
    .collect();
    assert!(
        got.contains(&"HA-G001 `${suffix}` in a string is a reference to `suffix`, which is not declared in this stack (did you mean `${Suffix}`?)".to_owned()),
        "{got:?}"
    );
    assert!(
        got.contains(
            &"HA-G005 AWS::SQS::Queue `Q` has no attribute `Url` (did you mean `QueueUrl`?)"
                .to_owned()
        ),
        "{got:?}"
    );
    assert_eq!(
        diag::nearest("Url", ["Arn", "QueueName", "QueueUrl"]),
        Some("QueueUrl")
    );
    assert_eq!(diag::nearest("Aarn", ["Arn", "QueueUrl"]), Some("Arn"));
}

#[test]
fn a_stray_comma_or_semicolon_says_what_was_expected() {
    let cases = [
        (quote!(stack S { name: "S${Suffix}" } resource Q: sqs::Queue { A: 1,, }), "unexpected `,`: expected a field name (`Name: value`) here (remove the stray `,`)"),
        (quote!(stack S { name: "S${Suffix}" } resource Q: sqs::Queue { A: 1 } ;), "unexpected `;`: expected an item (`resource`, `parameter`, `condition`, `mapping`, `output`, `defaults`, `for`, `construct` or `use`) here (remove the stray `;`)"),
        (quote!(stack S { name: "S${Suffix}" } resource Q: sqs::Queue { A: [1,,2] }), "unexpected `,`: expected a value here (remove the stray `,`)"),
        (quote!(stack S { name: "S${Suffix}" } resource Q: sqs::Queue { A: ; }), "unexpected `;`: expected a value here (remove the stray `;`)"),
    ];
    for (ts, want) in cases {
        assert_eq!(parse_err(ts), want);
    }
}

#[test]
fn validator_rules_can_be_acknowledged_on_resources() {
    let got: Vec<String> = diags(st! {
        #[suppress(pf-sns-subscription-endpoint, "created only when the e-mail parameter is set")]
        #[suppress(W3030, "the value is checked by the handler at run time")]
        resource Q: sqs::Queue { SqsManagedSseEnabled: true }
        #[suppress(F3012, "outputs cannot carry the acknowledgement")]
        output Url { Value: Ref(Q) }
        #[suppress(pf-x_y, "an underscore is not in pack rule names")]
        #[suppress(X1234, "not a validator prefix letter")]
        resource P: sqs::Queue { SqsManagedSseEnabled: true }
    })
    .into_iter()
    .map(|(id, m)| format!("{id} {m}"))
    .collect();
    assert_eq!(
        got,
        [
            "HA-P005 `pf-x_y` is not a rule id",
            "HA-P005 `X1234` is not a rule id",
            "HA-P005 `F3012` is a rule of AWS's offline validator: it can be acknowledged on a resource only",
        ]
    );
    assert!(rules::is_validator_rule("E3012") && rules::is_validator_rule("I9001"));
    assert!(!rules::is_validator_rule("E301") && !rules::is_validator_rule("e3012"));
    assert!(!rules::is_validator_rule("pf-Upper") && !rules::is_validator_rule("HA-P002"));
}
