//! Per-type rules (policy.rs): the paths that report, and the neighbouring paths that must
//! stay quiet, with exact rule ids and messages.

use ha_macros_core::{ast, check, facts, unsuppressed};
use proc_macro2::TokenStream;
use quote::quote;

mod common;
use common::diags;

/// `(rule id, message, help)` of every unsuppressed diagnostic.
fn diags_help(ts: TokenStream) -> Vec<(&'static str, String, String)> {
    let def: ast::StackDef = syn::parse2(ts).expect("parses");
    let checked = check::check(&def);
    unsuppressed(&def, checked.diags.clone())
        .into_iter()
        .map(|d| (d.rule.id, d.message, d.help))
        .collect()
}

macro_rules! st {
    ($($t:tt)*) => { quote!(stack S { name: "S${Suffix}" } $($t)*) };
}

fn d(id: &'static str, msg: &str) -> (&'static str, String) {
    (id, msg.to_owned())
}

/// A key, a role trusted by ECS tasks, a cluster and a Fargate task definition.
fn ecs_base() -> TokenStream {
    quote! {
        resource Cluster: ecs::Cluster {}
        resource Task: ecs::TaskDefinition {
            RequiresCompatibilities: ["FARGATE"],
            NetworkMode: "awsvpc",
            Cpu: "256",
            Memory: "512",
            ContainerDefinitions: [{ Name: "app", Image: "public.ecr.aws/nginx/nginx:latest" }],
        }
    }
}

#[test]
fn fargate_spot_needs_the_capacity_provider_association() {
    let base = ecs_base();
    let assoc = quote! {
        resource Assoc: ecs::ClusterCapacityProviderAssociations {
            Cluster: Ref(Cluster),
            CapacityProviders: ["FARGATE", "FARGATE_SPOT"],
            DefaultCapacityProviderStrategy: [{ CapacityProvider: "FARGATE", Weight: 1 }],
        }
    };
    let spot = quote! {
        Cluster: Ref(Cluster),
        TaskDefinition: Ref(Task),
        CapacityProviderStrategy: [{ CapacityProvider: "FARGATE", Weight: 1 }, { CapacityProvider: "FARGATE_SPOT", Weight: 3 }],
    };
    // The association is declared but the service does not wait for it.
    assert_eq!(
        diags_help(st! { #base #assoc resource Service: ecs::Service { #spot } }),
        vec![(
            "HA-A016",
            "service `Service` uses FARGATE_SPOT but does not depend on the cluster's capacity provider association".to_owned(),
            "add `#[depends_on(<the AWS::ECS::ClusterCapacityProviderAssociations>)]`".to_owned(),
        )]
    );
    // Depending on something else does not count.
    assert_eq!(
        ids(st! { #base #assoc #[depends_on(Task)] resource Service: ecs::Service { #spot } }),
        vec!["HA-A016"]
    );
    // Depending on the association is the fix.
    assert_eq!(
        diags(st! { #base #assoc #[depends_on(Assoc)] resource Service: ecs::Service { #spot } }),
        vec![]
    );
    // A `depends_on` argument that is not a logical id is reported by HA-S004 only, and the
    // association it sits next to still counts.
    assert_eq!(
        diags(
            st! { #base #assoc #[depends_on(Assoc, "Assoc")] resource Service: ecs::Service { #spot } }
        ),
        vec![d("HA-S004", "`depends_on` takes logical ids")]
    );
    // Without an association in the stack there is nothing to wait for.
    assert_eq!(
        diags(st! { #base resource Service: ecs::Service { #spot } }),
        vec![]
    );
    // FARGATE alone never needs it.
    assert_eq!(
        diags(st! { #base #assoc resource Service: ecs::Service {
            Cluster: Ref(Cluster),
            TaskDefinition: Ref(Task),
            CapacityProviderStrategy: [{ CapacityProvider: "FARGATE", Weight: 1 }],
        } }),
        vec![]
    );
}

fn ids(ts: TokenStream) -> Vec<&'static str> {
    diags(ts).into_iter().map(|(id, _)| id).collect()
}

#[test]
fn step_functions_aws_sdk_rds_needs_sdk_casing() {
    let out = diags_help(st! {
        resource Role: iam::Role {
            AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "states.amazonaws.com" }, Action: "sts:AssumeRole" }] },
        }
        resource Machine: stepfunctions::StateMachine {
            RoleArn: Role.Arn,
            Definition: {
                StartAt: "Stop",
                States: {
                    Stop: {
                        Type: "Task",
                        Resource: "arn:aws:states:::aws-sdk:rds:stopDBCluster",
                        Parameters: { DBClusterIdentifier: "orders", Options: [{ DBInstanceClass: "x" }] },
                        Next: "Start",
                    },
                    Start: {
                        Type: "Task",
                        Resource: "arn:aws:states:::aws-sdk:rds:startDBInstance",
                        DBInstanceIdentifier: "top-level",
                        Parameters: { DbInstanceIdentifier: "fine", TargetDBInstanceIdentifier: "t" },
                        End: true,
                    },
                    Other: {
                        Type: "Task",
                        Resource: "arn:aws:states:::aws-sdk:ec2:describeInstances",
                        Parameters: { DBClusterIdentifier: "not an rds task" },
                        End: true,
                    },
                },
            },
        }
    });
    let want: Vec<(&str, String, String)> = [
        ("DBClusterIdentifier", "DbClusterIdentifier"),
        ("DBInstanceClass", "DbInstanceClass"),
        ("DBInstanceIdentifier", "DbInstanceIdentifier"),
        ("TargetDBInstanceIdentifier", "TargetDbInstanceIdentifier"),
    ]
    .into_iter()
    .map(|(k, fix)| {
        (
            "HA-A018",
            format!("`{k}` in an aws-sdk:rds task"),
            format!("write `{fix}`"),
        )
    })
    .collect();
    assert_eq!(out, want);
    // No definition at all: nothing to look at.
    assert_eq!(
        diags(st! {
            resource Role: iam::Role {
                AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "states.amazonaws.com" }, Action: "sts:AssumeRole" }] },
            }
            resource Machine: stepfunctions::StateMachine { RoleArn: Role.Arn, DefinitionString: "{}" }
        }),
        vec![]
    );
    // JSON text, plain or as the text of a `Sub`, is read as well; text that does not parse as
    // values (a JSON escape Rust does not know) and a `Sub` without text are left alone.
    let text = |definition: TokenStream| {
        diags_help(st! {
            resource Role: iam::Role {
                AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "states.amazonaws.com" }, Action: "sts:AssumeRole" }] },
            }
            resource Machine: stepfunctions::StateMachine { RoleArn: Role.Arn, DefinitionString: #definition }
        })
    };
    let json = r#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:rds:describeDBClusters", "Parameters": {"DBClusterIdentifier": "x", "Nested": [{"DBInstanceIdentifier": "y"}]}, "End": true}}}"#;
    let found = |out: Vec<(&'static str, String, String)>| -> Vec<String> {
        out.into_iter()
            .filter(|(id, ..)| *id == "HA-A018")
            .map(|(_, m, _)| m)
            .collect()
    };
    let want = [
        "`DBClusterIdentifier` in an aws-sdk:rds task",
        "`DBInstanceIdentifier` in an aws-sdk:rds task",
    ];
    assert_eq!(found(text(quote!(#json))), want);
    assert_eq!(found(text(quote!(Sub(#json)))), want);
    assert_eq!(found(text(quote!(Sub(Ref(Role))))), Vec::<String>::new());
    let escaped = json.replace("\"x\"", "\"\\u00e9\"");
    assert_eq!(found(text(quote!(#escaped))), Vec::<String>::new());
}

#[test]
fn own_name_is_not_a_typed_reference() {
    // `LogGroupName` on a log group is the group's own name: it may come from anything.
    assert_eq!(
        diags(st! {
            resource Q: sqs::Queue { SqsManagedSseEnabled: true }
            resource Key: kms::Key { KeyPolicy: { Version: "2012-10-17" } }
            #[suppress(HA-N001, "the group is named after the queue on purpose")]
            resource Lg: logs::LogGroup { LogGroupName: Q.QueueName, KmsKeyId: Key.Arn }
        }),
        vec![]
    );
    // On another type it names a log group, and a queue is the wrong thing.
    assert_eq!(
        diags(st! {
            resource Q: sqs::Queue { SqsManagedSseEnabled: true }
            resource Vpc: ec2::Vpc { CidrBlock: "10.0.0.0/16" }
            resource Flow: ec2::FlowLog { LogGroupName: Q.QueueName, ResourceId: Ref(Vpc), ResourceType: "VPC", TrafficType: "ALL" }
        }),
        vec![d(
            "HA-G004",
            "`LogGroupName` of AWS::EC2::FlowLog expects AWS::Logs::LogGroup, but `Q` is AWS::SQS::Queue"
        )]
    );
}

#[test]
fn custom_resources_have_no_typed_references() {
    assert_eq!(
        diags(st! {
            resource Q: sqs::Queue { SqsManagedSseEnabled: true }
            resource C: custom::Thing { ServiceToken: "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:f", RoleArn: Q.Arn }
        }),
        vec![]
    );
}

#[test]
fn performance_insights_retention_is_reported_once() {
    let want = d(
        "HA-A008",
        "PerformanceInsightsRetentionPeriod 8 is not a valid retention",
    );
    let out = diags(st! {
        resource Cluster: rds::DbCluster { Engine: "aurora-postgresql", StorageEncrypted: true, PerformanceInsightsRetentionPeriod: 8 }
        resource Db: rds::DbInstance { DBClusterIdentifier: Ref(Cluster), DBInstanceClass: "db.r6g.large", Engine: "aurora-postgresql", PerformanceInsightsRetentionPeriod: 8 }
    });
    assert_eq!(out, vec![want.clone(), want]);
    // A value that is not a number, and other enumerated RDS settings, get the generic checks.
    let out = diags(st! {
        resource Cluster: rds::DbCluster { Engine: "aurora-postgresql", StorageEncrypted: true, PerformanceInsightsRetentionPeriod: "week", DatabaseInsightsMode: "fancy" }
    });
    assert_eq!(
        out,
        vec![
            d(
                "HA-S004",
                "`PerformanceInsightsRetentionPeriod` expects an integer, found a string"
            ),
            d(
                "HA-S005",
                "`fancy` is not an allowed value of `DatabaseInsightsMode` on AWS::RDS::DBCluster"
            ),
        ]
    );
}

#[test]
fn values_that_are_not_literals_are_left_alone() {
    // An engine, a monitoring interval or an engine version from a parameter: no rule can
    // tell, so none reports.
    assert_eq!(
        diags(st! {
            parameter Engine: String;
            parameter Interval: Number;
            parameter Version: String;
            resource Db: rds::DbInstance { Engine: Ref(Engine), DBInstanceClass: "db.t4g.micro", StorageEncrypted: true, MonitoringInterval: Ref(Interval) }
            resource Cluster: rds::DbCluster { Engine: "aurora-postgresql", EngineVersion: Ref(Version), StorageEncrypted: true, DatabaseInsightsMode: "standard" }
            resource Mysql: rds::DbCluster { Engine: "aurora-mysql", EngineVersion: "5.7.12", StorageEncrypted: true, BacktrackWindow: 3600 }
            resource Param: ssm::Parameter { Type: Ref(Engine), Value: "v" }
        }),
        vec![]
    );
}

#[test]
fn aurora_versions() {
    let ok = facts::AURORA_POSTGRES_SUPPORTED[0];
    assert_eq!(
        diags(st! {
            resource Cluster: rds::DbCluster { Engine: "aurora-postgresql", EngineVersion: #ok, StorageEncrypted: true }
        }),
        vec![]
    );
    let out = diags_help(st! {
        resource Cluster: rds::DbCluster { Engine: "aurora-postgresql", EngineVersion: "1.0", StorageEncrypted: true }
    });
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].0, "HA-A002");
    assert_eq!(
        out[0].1,
        "Aurora PostgreSQL `1.0` is deprecated or does not exist"
    );
    assert_eq!(
        out[0].2,
        format!(
            "use a supported version: {}",
            facts::AURORA_POSTGRES_SUPPORTED.join(", ")
        )
    );
}

#[test]
fn backup_vault_events() {
    let bad = facts::BACKUP_DEPRECATED_EVENTS[0];
    let key = quote!(resource Key: kms::Key { KeyPolicy: { Version: "2012-10-17" } });
    assert_eq!(
        diags(st! {
            #key
            parameter Ev: String;
            resource Topic: sns::Topic { KmsMasterKeyId: Key.Arn }
            resource Vault: backup::BackupVault {
                BackupVaultName: "vault-${Suffix}",
                EncryptionKeyArn: Key.Arn,
                Notifications: { SNSTopicArn: Ref(Topic), BackupVaultEvents: ["BACKUP_JOB_COMPLETED", Ref(Ev), #bad] },
            }
        }),
        vec![d(
            "HA-A009",
            &format!("vault event `{bad}` is deprecated and never sent")
        )]
    );
}

#[test]
fn ssm_parameters_lambda_runtimes_and_health_checks_that_are_fine() {
    assert_eq!(
        diags(st! {
            parameter Runtime: String;
            parameter Config: String;
            resource Plain: ssm::Parameter { Type: "String", Value: "v" }
            resource Role: iam::Role {
                AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] },
            }
            resource Function: lambda::Function { Role: Role.Arn, Runtime: Ref(Runtime), Handler: "index.handler", Code: { ZipFile: "x" } }
            resource Calculated: route53::HealthCheck { HealthCheckConfig: { Type: "CALCULATED", ChildHealthChecks: [] } }
            resource FromParam: route53::HealthCheck { HealthCheckConfig: Ref(Config) }
        }),
        vec![]
    );
}

#[test]
fn cloudtrail_bucket_order() {
    let bucket = quote! {
        resource TrailBucket: s3::Bucket { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] } }
        resource TrailBucketPolicy: s3::BucketPolicy { Bucket: Ref(TrailBucket), PolicyDocument: { Version: "2012-10-17" } }
        resource OtherPolicy: s3::BucketPolicy { Bucket: "elsewhere", PolicyDocument: { Version: "2012-10-17" } }
    };
    // Waiting for the bucket's policy is what the rule asks for.
    assert_eq!(
        diags(st! {
            #bucket
            #[depends_on(TrailBucketPolicy)]
            resource Trail: cloudtrail::Trail { S3BucketName: Ref(TrailBucket), IsLogging: true }
        }),
        vec![]
    );
    // Another bucket's policy does not order the trail after this bucket's.
    assert_eq!(
        diags(st! {
            #bucket
            #[depends_on(OtherPolicy)]
            resource Trail: cloudtrail::Trail { S3BucketName: Ref(TrailBucket), IsLogging: true }
        }),
        vec![d(
            "HA-A013",
            "trail `Trail` writes to `TrailBucket` but does not depend on that bucket's policy"
        )]
    );
    // A bucket outside the stack (a literal name or a pseudo parameter): nothing to order.
    assert_eq!(
        diags(st! {
            resource Literal: cloudtrail::Trail { S3BucketName: "logs-${Suffix}", IsLogging: true }
            resource Pseudo: cloudtrail::Trail { S3BucketName: Ref(AWS::StackName), IsLogging: true }
        }),
        vec![]
    );
}

#[test]
fn physical_names_inside_intrinsics() {
    assert_eq!(
        diags(st! {
            parameter P: String;
            resource A: sqs::Queue { SqsManagedSseEnabled: true, QueueName: Join("-", [Ref(P), "x"]) }
            resource B: sqs::Queue { SqsManagedSseEnabled: true, QueueName: Join("-", [Ref(P), "${Suffix}"]) }
        }),
        vec![d(
            "HA-N001",
            "physical name `QueueName` of AWS::SQS::Queue does not carry the environment suffix"
        )]
    );
}

#[test]
fn block_devices_behind_intrinsics_are_not_inspected() {
    assert_eq!(
        diags(st! {
            condition IsProd = Equals("a", "b");
            resource Vm: ec2::Instance {
                ImageId: "ami-12345678",
                BlockDeviceMappings: [
                    If(IsProd, { DeviceName: "/dev/xvda", Ebs: { Encrypted: false } }, NoValue),
                    { DeviceName: "/dev/xvdb", Ebs: { Encrypted: true } },
                    { DeviceName: "/dev/xvdc", Ebs: { Encrypted: false } },
                ],
            }
        }),
        vec![d("HA-P002", "EBS volume of `Vm` is not Encrypted")]
    );
}

#[test]
fn canaries_without_literal_runtime_or_name() {
    assert_eq!(
        diags(st! {
            parameter Runtime: String;
            resource Role: iam::Role {
                AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] },
            }
            resource Canary: synthetics::Canary {
                Name: Join("-", ["checkout", "${Suffix}"]),
                Code: { Handler: "index.handler", Script: "exports.handler = async () => {};" },
                ArtifactS3Location: "s3://bucket/canary",
                ExecutionRoleArn: Role.Arn,
                Schedule: { Expression: "rate(5 minutes)" },
                RuntimeVersion: Ref(Runtime),
            }
        }),
        vec![]
    );
}

#[test]
fn backup_plans() {
    let base = quote! {
        resource Key: kms::Key { KeyPolicy: { Version: "2012-10-17" } }
        resource Vault: backup::BackupVault { BackupVaultName: "vault-${Suffix}", EncryptionKeyArn: Key.Arn }
    };
    // A plan from a parameter has no rules to look at; 35 days is the longest continuous
    // retention; rules that are not continuous, or not objects, are not inspected.
    assert_eq!(
        diags(st! {
            #base
            parameter Doc: String;
            resource FromParam: backup::BackupPlan { BackupPlan: Ref(Doc) }
            resource Plan: backup::BackupPlan {
                BackupPlan: {
                    BackupPlanName: "plan",
                    BackupPlanRule: [
                        { RuleName: "pitr", TargetBackupVault: Ref(Vault), EnableContinuousBackup: true, Lifecycle: { DeleteAfterDays: 35 } },
                        { RuleName: "pitr-default", TargetBackupVault: Ref(Vault), EnableContinuousBackup: true },
                        { RuleName: "snap", TargetBackupVault: Ref(Vault), Lifecycle: { DeleteAfterDays: 400, MoveToColdStorageAfterDays: 30 } },
                        Ref(Doc),
                    ],
                },
            }
        }),
        vec![]
    );
}

#[test]
fn iam_statements_without_literal_actions() {
    assert_eq!(
        diags(st! {
            parameter Action: String;
            resource Role: iam::Role {
                AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] },
                Policies: [{
                    PolicyName: "p",
                    PolicyDocument: {
                        Version: "2012-10-17",
                        Statement: [
                            { Effect: "Allow", Action: Ref(Action), Resource: "arn:aws:s3:::b" },
                            { Effect: "Allow", NotAction: "iam:*", Resource: "arn:aws:s3:::b" },
                        ],
                    },
                }],
            }
        }),
        vec![]
    );
}

#[test]
fn typed_reference_with_the_wrong_attribute() {
    let role = quote! {
        resource Role: iam::Role {
            AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "states.amazonaws.com" }, Action: "sts:AssumeRole" }] },
        }
    };
    assert_eq!(
        diags_help(
            st! { #role resource Machine: stepfunctions::StateMachine { RoleArn: Role.RoleId, DefinitionString: "{}" } }
        ),
        vec![(
            "HA-G004",
            "`RoleArn` of AWS::StepFunctions::StateMachine needs `Role.Arn`, found `Role.RoleId`"
                .to_owned(),
            "write `Role.Arn`".to_owned(),
        )]
    );
    assert_eq!(
        diags(
            st! { #role resource Machine: stepfunctions::StateMachine { RoleArn: Ref(Role), DefinitionString: "{}" } }
        ),
        vec![d(
            "HA-G004",
            "`RoleArn` of AWS::StepFunctions::StateMachine needs `Role.Arn`, found `Ref(Role)`"
        )]
    );
}

/// HA-SEC001..HA-SEC005 report every path a public value can take (literal, `If` branch, list
/// element) and stay quiet on the legitimate forms.
#[test]
fn public_exposure_and_admin_policies() {
    let sec: Vec<(&'static str, String)> = diags(st! {
        condition IsProd = Equals("a", "b");
        resource Db: rds::DbInstance { DBInstanceClass: "db.t4g.micro", Engine: "postgres", StorageEncrypted: true, PubliclyAccessible: If(IsProd, false, true) }
        resource Sg: ec2::SecurityGroup {
            GroupDescription: "sg",
            SecurityGroupIngress: [
                { IpProtocol: "tcp", FromPort: 443, ToPort: 443, CidrIp: "0.0.0.0/0" },
                { IpProtocol: "tcp", FromPort: 5432, ToPort: 5432, CidrIp: "0.0.0.0/0" },
                { IpProtocol: "tcp", FromPort: 8000, ToPort: 9300, CidrIpv6: "::/0" },
                { IpProtocol: "tcp", FromPort: 20, ToPort: 30, CidrIp: "0.0.0.0/0" },
                { IpProtocol: "tcp", FromPort: 22, ToPort: 22, CidrIp: "10.0.0.0/8" },
                { IpProtocol: "udp", FromPort: 4000, ToPort: 5000, CidrIp: "0.0.0.0/0" },
                If(IsProd, { IpProtocol: "-1", CidrIp: "0.0.0.0/0" }, { IpProtocol: "tcp", FromPort: 80, ToPort: 80, CidrIp: "0.0.0.0/0" }),
            ],
        }
        resource Rdp: ec2::SecurityGroupIngress { GroupId: "sg-1", IpProtocol: "tcp", FromPort: 3389, ToPort: 3389, CidrIp: "0.0.0.0/0" }
        resource Odd: ec2::SecurityGroupIngress { GroupId: "sg-1", IpProtocol: "tcp", FromPort: 7000, CidrIp: "0.0.0.0/0" }
        resource Any: ec2::SecurityGroupIngress { GroupId: "sg-1", IpProtocol: "tcp", CidrIp: "0.0.0.0/0" }
        resource Bucket: s3::Bucket {
            BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] },
            AccessControl: "PublicRead",
            PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: If(IsProd, true, false), IgnorePublicAcls: true, RestrictPublicBuckets: true },
        }
        resource Policy: s3::BucketPolicy { Bucket: Ref(Bucket), PolicyDocument: { Statement: [
            { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" },
            { Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-1" } } },
            { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::b/*" },
        ] } }
        resource Key: kms::Key { EnableKeyRotation: true, KeyPolicy: { Statement: [{ Effect: "Allow", Principal: { AWS: ["*"] }, Action: "kms:Decrypt", Resource: "*" }] } }
        resource Quiet: s3::Bucket {
            BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] },
            AccessControl: If(IsProd, "Private", NoValue),
        }
        resource QuietPolicy: s3::BucketPolicy { Bucket: Ref(Quiet), PolicyDocument: { Statement: [
            { Effect: "Allow", Principal: { AWS: Admin.Arn }, Action: "s3:GetObject", Resource: "arn:aws:s3:::q/*" },
            { Effect: "Allow", Principal: If(IsProd, { Service: "logging.s3.amazonaws.com" }, "*"), Action: "s3:PutObject", Resource: "arn:aws:s3:::q/*" },
        ] } }
        resource Account: lambda::Permission { FunctionName: "f", Action: "lambda:InvokeFunction", Principal: Ref(AWS::AccountId) }
        resource Split: iam::Role {
            AssumeRolePolicyDocument: { Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] },
            ManagedPolicyArns: Split(",", "arn:aws:iam::aws:policy/ReadOnlyAccess"),
        }
        resource Joined: iam::Role {
            AssumeRolePolicyDocument: { Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] },
            ManagedPolicyArns: [Join("", ["arn:aws:iam::aws:policy/", "ReadOnlyAccess"])],
        }
        resource Fn: lambda::Permission { FunctionName: "f", Action: "lambda:InvokeFunction", Principal: "*" }
        resource Scoped: lambda::Permission { FunctionName: "f", Action: "lambda:InvokeFunction", Principal: "*", SourceAccount: "${AWS::AccountId}" }
        resource Admin: iam::Role {
            AssumeRolePolicyDocument: { Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] },
            ManagedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess", If(IsProd, "arn:aws:iam::aws:policy/PowerUserAccess", "arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess")],
        }
    })
    .into_iter()
    .filter(|(id, _)| id.starts_with("HA-SEC"))
    .collect();
    assert_eq!(
        sec,
        [
            d("HA-SEC001", "database `Db` is PubliclyAccessible"),
            d("HA-SEC002", "`Sg` opens port 5432 (PostgreSQL) to the whole internet (0.0.0.0/0)"),
            d("HA-SEC002", "`Sg` opens ports 8000-9300 (including 9200 OpenSearch) to the whole internet (::/0)"),
            d("HA-SEC002", "`Sg` opens ports 20-30 (including 22 SSH) to the whole internet (0.0.0.0/0)"),
            d("HA-SEC002", "`Sg` opens ports 4000-5000 to the whole internet (0.0.0.0/0)"),
            d("HA-SEC002", "`Sg` opens every port to the whole internet (0.0.0.0/0)"),
            d("HA-SEC002", "`Rdp` opens port 3389 (RDP) to the whole internet (0.0.0.0/0)"),
            d("HA-SEC002", "`Odd` opens port 7000 to the whole internet (0.0.0.0/0)"),
            d("HA-SEC002", "`Any` opens ports it does not bound to the whole internet (0.0.0.0/0)"),
            d("HA-SEC003", "bucket `Bucket` has the public ACL `PublicRead`"),
            d("HA-SEC003", "bucket `Bucket` switches the public access block flag BlockPublicPolicy off"),
            d("HA-SEC004", "the policy of `Policy` allows everyone (Principal \"*\") without a condition"),
            d("HA-SEC004", "the key policy of `Key` allows everyone (Principal \"*\") without a condition"),
            d("HA-SEC004", "the policy of `QuietPolicy` allows everyone (Principal \"*\") without a condition"),
            d("HA-SEC004", "permission `Fn` lets everyone invoke the function"),
            d("HA-SEC005", "`Admin` gets the AWS managed policy PowerUserAccess"),
            d("HA-SEC005", "`Admin` gets the AWS managed policy AdministratorAccess"),
        ]
    );
}

#[test]
fn dynamodb_key_schemas_are_checked_although_their_shape_is_free_form() {
    fn found(extra: proc_macro2::TokenStream) -> Vec<String> {
        let ts = quote::quote! {
            stack S { name: "S${Suffix}" }
            resource T: dynamodb::Table { BillingMode: "PAY_PER_REQUEST", SSESpecification: { SSEEnabled: true }, #extra }
        };
        let def: ha_macros_core::ast::StackDef = syn::parse2(ts).unwrap();
        ha_macros_core::unsuppressed(&def, ha_macros_core::check::check(&def).diags)
            .into_iter()
            .filter(|d| d.rule.id == "HA-S008")
            .map(|d| d.message)
            .collect()
    }
    // Legitimate: HASH then RANGE, definitions exactly the key attributes (table and index).
    assert!(found(quote::quote! {
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "sk", AttributeType: "S" }, { AttributeName: "g", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
        GlobalSecondaryIndexes: [{ IndexName: "ByG", KeySchema: [{ AttributeName: "g", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } }],
    })
    .is_empty());
    assert_eq!(
        found(quote::quote! {
            AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "extra", AttributeType: "S" }],
            KeySchema: [{ AttributeName: "pk" }, { KeyType: "HASH" }, { AttributeName: "x", KeyType: "RANGE" }],
            LocalSecondaryIndexes: [{ IndexName: "L", KeySchema: [{ AttributeName: "pk", KeyType: "RANGE" }], Projection: { ProjectionType: "ALL" } }],
        }),
        [
            "the key schema of table `T` has 3 entries",
            "key schema entry 1 of table `T` has no `KeyType`",
            "key schema entry 2 of table `T` has no `AttributeName`",
            "key schema entry 2 of table `T` is `HASH`; entry 2 must be `RANGE`",
            "key schema entry 1 of index `L` of table `T` is `RANGE`; entry 1 must be `HASH`",
            "attribute `extra` is defined but is no key of table `T` or its indexes",
            "key attribute `x` of table `T` is not in AttributeDefinitions",
        ]
    );
    // Values the macro cannot read (a Rust expression, a reference) are left to AWS.
    assert!(found(quote::quote! {
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "unused", AttributeType: "S" }],
        KeySchema: (key_schema()),
    })
    .is_empty());
    assert!(found(quote::quote! {
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "o", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, (other())],
        GlobalSecondaryIndexes: [{ IndexName: "I", KeySchema: [{ AttributeName: Ref(P), KeyType: "HASH" }] }],
    })
    .is_empty());
    assert!(found(quote::quote! {
        AttributeDefinitions: [(defs())],
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
    })
    .is_empty());
    assert!(found(quote::quote! {
        AttributeDefinitions: [{ AttributeName: Ref(P), AttributeType: "S" }],
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
    })
    .is_empty());
    assert!(
        found(quote::quote! { KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }] }).is_empty()
    );
}

#[test]
fn a_property_that_takes_an_arn_rejects_ref_of_a_type_whose_ref_is_a_name() {
    fn found(role: proc_macro2::TokenStream) -> Vec<(String, String)> {
        let ts = quote::quote! {
            stack S { name: "S${Suffix}" }
            resource Role: iam::Role { AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] } }
            resource Topic: sns::Topic { KmsMasterKeyId: "alias/aws/sns" }
            resource Vpc: ec2::Vpc { CidrBlock: "10.0.0.0/16" }
            resource Target: applicationautoscaling::ScalableTarget { ServiceNamespace: "ecs", ScalableDimension: "ecs:service:DesiredCount", ResourceId: "service/c/s", MinCapacity: 1, MaxCapacity: 2 }
            resource Fn: lambda::Function { Role: #role, Runtime: "python3.13", Handler: "i.h", Code: { ZipFile: "x" } }
        };
        let def: ha_macros_core::ast::StackDef = syn::parse2(ts).unwrap();
        ha_macros_core::unsuppressed(&def, ha_macros_core::check::check(&def).diags)
            .into_iter()
            .filter(|d| d.rule.id == "HA-G004")
            .map(|d| (d.message, d.help))
            .collect()
    }
    let bad = found(quote::quote!(Ref(Role)));
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert!(
        bad[0]
            .0
            .starts_with("`Role` of AWS::Lambda::Function takes an ARN (schema pattern `^arn:"),
        "{}",
        bad[0].0
    );
    assert!(
        bad[0]
            .0
            .ends_with("but `Ref(Role)` gives the AWS::IAM::Role `RoleName`"),
        "{}",
        bad[0].0
    );
    assert_eq!(bad[0].1, "write `Role.Arn`");
    // Through an If branch as well; the attribute, a parameter or a string are fine.
    assert_eq!(found(quote::quote!(If(C, Role.Arn, Ref(Role)))).len(), 1);
    assert!(found(quote::quote!(Role.Arn)).is_empty());
    assert!(found(quote::quote!("arn:aws:iam::123456789012:role/x")).is_empty());
    assert!(found(quote::quote!(Ref(AWS::NoValue))).is_empty());
    // A name that is no typed resource (undeclared here; a parameter alike) is not this rule's.
    assert!(found(quote::quote!(Ref(Undeclared))).is_empty());
    // A type whose Ref is already an ARN (an SNS topic's primary identifier is TopicArn) is
    // not this rule's business (the type check of HA-G004 handles wrong types where it knows
    // them).
    assert!(found(quote::quote!(Ref(Topic))).is_empty());
    // A type with no ARN attribute to suggest; a type identified by several properties (its
    // Ref is no single property) is left alone.
    let vpc = found(quote::quote!(Ref(Vpc)));
    assert_eq!(vpc[0].1, "pass the ARN of `Vpc`");
    assert!(found(quote::quote!(Ref(Target))).is_empty());
}

/// The rule catalogue and the per-type catalogue agree: every rule of `rules.rs` is reported
/// either by a structural pass of `check.rs` (listed here) or by an entry of
/// `policy::CATALOGUE`, so a rule added to one without the other fails here; and every entry
/// names rules and applies to types the registry has.
#[test]
fn every_rule_has_a_home_and_the_catalogue_names_real_types() {
    use ha_macros_core::{policy::CATALOGUE, rules};
    const STRUCTURAL: &[&str] = &[
        "HA-G001", "HA-G002", "HA-G003", "HA-G004", "HA-G005", "HA-G006", "HA-G007", "HA-S001",
        "HA-S002", "HA-S003", "HA-S004", "HA-S005", "HA-S006", "HA-S007", "HA-N002", "HA-P001",
        "HA-P003", "HA-P004", "HA-P005",
    ];
    let per_type: std::collections::BTreeSet<&str> = CATALOGUE
        .iter()
        .flat_map(|e| e.rules.iter().map(|r| r.id))
        .collect();
    for r in rules::ALL {
        assert!(
            per_type.contains(r.id) || STRUCTURAL.contains(&r.id),
            "{} is in rules.rs but no check reports it",
            r.id
        );
    }
    for id in per_type.iter().chain(STRUCTURAL) {
        assert!(rules::find(id).is_some(), "{id} is not in rules.rs");
    }
    for e in CATALOGUE {
        assert!(!e.rules.is_empty());
        for t in e.types {
            assert!(
                ha_registry::lookup(t).is_some(),
                "{t} is not a registry type"
            );
        }
    }
    // The per-type rules the HA-specific traps add, one entry each, keyed to their types.
    let types_of = |id: &str| -> Vec<&str> {
        CATALOGUE
            .iter()
            .filter(|e| e.rules.iter().any(|r| r.id == id))
            .flat_map(|e| e.types.iter().copied())
            .collect()
    };
    assert_eq!(types_of("HA-A001"), ["AWS::RDS::DBCluster"]);
    assert_eq!(types_of("HA-A013"), ["AWS::CloudTrail::Trail"]);
    assert_eq!(types_of("HA-A018"), ["AWS::StepFunctions::StateMachine"]);
}
