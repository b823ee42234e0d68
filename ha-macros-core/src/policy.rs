//! Per-type rules: encryption at rest, naming, IAM, and the AWS traps of late 2026
//! (see shared/AWS-FACTS.md), plus typed references.

use crate::ast::{Key, ResourceDef, Val};
use crate::facts;
use crate::model::{get, Findings, Reference, ResourceAttrs, Target};
use crate::rules;
use ha_registry::{ResourceType, Shape};
use proc_macro2::Span;

/// Properties that hold a physical name, per type (one table for the toolkit: `ha_naming`).
pub use ha_naming::PHYSICAL_NAMES;

/// What a reference in a property must point at: (property path suffix, allowed types,
/// required attribute — `None` accepts `Ref` and any attribute).
const TYPED_REFS: &[(&str, &[&str], Option<&str>)] = &[
    (
        "AliasTarget.HostedZoneId",
        &["AWS::ElasticLoadBalancingV2::LoadBalancer"],
        Some("CanonicalHostedZoneID"),
    ),
    (
        "AliasTarget.DNSName",
        &["AWS::ElasticLoadBalancingV2::LoadBalancer"],
        Some("DNSName"),
    ),
    ("DeadLetterConfig.Arn", &["AWS::SQS::Queue"], Some("Arn")),
    ("KmsKeyId", KMS, None),
    ("KMSKeyId", KMS, None),
    ("KmsMasterKeyId", KMS, None),
    ("KMSMasterKeyId", KMS, None),
    ("KMSMasterKeyID", KMS, None),
    ("KmsKeyArn", KMS, None),
    ("KmsKeyIdentifier", KMS, None),
    ("EncryptionKeyArn", &["AWS::KMS::Key"], Some("Arn")),
    ("TargetKeyId", &["AWS::KMS::Key"], None),
    ("RoleArn", &["AWS::IAM::Role"], Some("Arn")),
    ("ExecutionRoleArn", &["AWS::IAM::Role"], Some("Arn")),
    ("TaskRoleArn", &["AWS::IAM::Role"], Some("Arn")),
    ("MonitoringRoleArn", &["AWS::IAM::Role"], Some("Arn")),
    ("IamRoleArn", &["AWS::IAM::Role"], Some("Arn")),
    ("DeliverLogsPermissionArn", &["AWS::IAM::Role"], Some("Arn")),
    ("CloudWatchLogsRoleArn", &["AWS::IAM::Role"], Some("Arn")),
    (
        "CloudWatchLogsLogGroupArn",
        &["AWS::Logs::LogGroup"],
        Some("Arn"),
    ),
    ("VpcId", &["AWS::EC2::VPC"], None),
    ("SubnetId", &["AWS::EC2::Subnet"], None),
    ("SubnetIds", &["AWS::EC2::Subnet"], None),
    ("Subnets", &["AWS::EC2::Subnet"], None),
    ("SecurityGroupIds", &["AWS::EC2::SecurityGroup"], None),
    ("SecurityGroups", &["AWS::EC2::SecurityGroup"], None),
    ("VpcSecurityGroupIds", &["AWS::EC2::SecurityGroup"], None),
    ("SourceSecurityGroupId", &["AWS::EC2::SecurityGroup"], None),
    (
        "DestinationSecurityGroupId",
        &["AWS::EC2::SecurityGroup"],
        None,
    ),
    ("TopicArn", &["AWS::SNS::Topic"], None),
    ("SNSTopicArn", &["AWS::SNS::Topic"], None),
    (
        "TargetGroupArn",
        &["AWS::ElasticLoadBalancingV2::TargetGroup"],
        None,
    ),
    (
        "AlternateTargetGroupArn",
        &["AWS::ElasticLoadBalancingV2::TargetGroup"],
        None,
    ),
    (
        "LoadBalancerArn",
        &["AWS::ElasticLoadBalancingV2::LoadBalancer"],
        None,
    ),
    (
        "ListenerArn",
        &["AWS::ElasticLoadBalancingV2::Listener"],
        None,
    ),
    (
        "ProductionListenerRule",
        &["AWS::ElasticLoadBalancingV2::ListenerRule"],
        None,
    ),
    (
        "TestListenerRule",
        &["AWS::ElasticLoadBalancingV2::ListenerRule"],
        None,
    ),
    ("HostedZoneId", &["AWS::Route53::HostedZone"], None),
    ("HealthCheckId", &["AWS::Route53::HealthCheck"], None),
    ("Cluster", &["AWS::ECS::Cluster"], None),
    ("TaskDefinition", &["AWS::ECS::TaskDefinition"], None),
    ("DBClusterIdentifier", &["AWS::RDS::DBCluster"], None),
    ("DBSubnetGroupName", &["AWS::RDS::DBSubnetGroup"], None),
    (
        "DBClusterParameterGroupName",
        &["AWS::RDS::DBClusterParameterGroup"],
        None,
    ),
    (
        "DBParameterGroupName",
        &["AWS::RDS::DBParameterGroup"],
        None,
    ),
    ("S3BucketName", &["AWS::S3::Bucket"], None),
    ("Bucket", &["AWS::S3::Bucket"], None),
    ("Queues", &["AWS::SQS::Queue"], None),
    ("Topics", &["AWS::SNS::Topic"], None),
    (
        "StateMachineArn",
        &["AWS::StepFunctions::StateMachine"],
        None,
    ),
    ("EventBusName", &["AWS::Events::EventBus"], None),
    ("LogGroupName", &["AWS::Logs::LogGroup"], None),
    ("TargetBackupVault", &["AWS::Backup::BackupVault"], None),
    ("BackupVaultName", &["AWS::Backup::BackupVault"], None),
    ("BackupPlanId", &["AWS::Backup::BackupPlan"], None),
    (
        "NamespaceId",
        &["AWS::ServiceDiscovery::PrivateDnsNamespace"],
        None,
    ),
    (
        "RegistryArn",
        &["AWS::ServiceDiscovery::Service"],
        Some("Arn"),
    ),
    (
        "ScalingTargetId",
        &["AWS::ApplicationAutoScaling::ScalableTarget"],
        None,
    ),
    ("NatGatewayId", &["AWS::EC2::NatGateway"], None),
    ("RouteTableId", &["AWS::EC2::RouteTable"], None),
    ("RouteTableIds", &["AWS::EC2::RouteTable"], None),
    ("InternetGatewayId", &["AWS::EC2::InternetGateway"], None),
    ("AllocationId", &["AWS::EC2::EIP"], Some("AllocationId")),
    (
        "ServiceToken",
        &["AWS::Lambda::Function", "AWS::SNS::Topic"],
        None,
    ),
];

const KMS: &[&str] = &["AWS::KMS::Key", "AWS::KMS::Alias"];

/// Property names whose value is another resource's own name, not a reference — they are
/// only typed on the types listed (e.g. `LogGroupName` is the log group's own name on
/// `AWS::Logs::LogGroup`).
fn own_name(type_name: &str, prop: &str) -> bool {
    PHYSICAL_NAMES
        .iter()
        .any(|(t, p)| *t == type_name && *p == prop)
}

/// Checks that a reference points at a resource of the type its property expects.
pub(crate) fn check_reference_type(
    c: &mut dyn Findings<'_>,
    r: &Reference,
    target: &'static ResourceType,
) {
    let Some(from) = r.from.as_deref() else {
        return;
    };
    let Some(Target::Resource(_, Some(from_type))) = c.target(from) else {
        return;
    };
    let joined = r.path.join(".");
    // Only direct values of the property: a reference inside a `Join`/`Sub` string is text.
    let Some((suffix, allowed, attr)) = TYPED_REFS
        .iter()
        .find(|(suffix, _, _)| joined == *suffix || joined.ends_with(&format!(".{suffix}")))
    else {
        return;
    };
    if r.path.len() == 1 && own_name(from_type.name, suffix) {
        return;
    }
    if !allowed.contains(&target.name) {
        c.report(
            &rules::WRONG_REFERENCE_TYPE,
            r.span,
            format!(
                "`{joined}` of {} expects {}, but `{}` is {}",
                from_type.name,
                allowed.join(" or "),
                r.to,
                target.name
            ),
            format!("refer to a resource of type {} here", allowed.join(" or ")),
        );
        return;
    }
    if let Some(want) = attr {
        if r.attribute.as_deref() != Some(*want) {
            let got = r
                .attribute
                .as_ref()
                .map_or_else(|| format!("Ref({})", r.to), |a| format!("{}.{a}", r.to));
            c.report(
                &rules::WRONG_REFERENCE_TYPE,
                r.span,
                format!(
                    "`{joined}` of {} needs `{}.{want}`, found `{got}`",
                    from_type.name, r.to
                ),
                format!("write `{}.{want}`", r.to),
            );
        }
    }
}

/// Enumerated values that a rule of this module reports with a more precise message, so the
/// generic "not an allowed value" check stays quiet about them.
pub(crate) fn enum_covered(type_name: &str, path: &[String], value: &str) -> bool {
    match (type_name, path) {
        ("AWS::SSM::Parameter", [p]) if p == "Type" => value == "SecureString",
        ("AWS::RDS::DBInstance" | "AWS::RDS::DBCluster", [p])
            if p == "PerformanceInsightsRetentionPeriod" =>
        {
            value.parse::<i64>().is_ok()
        }
        _ => false,
    }
}

fn str_of(v: Option<&Val>) -> Option<String> {
    match v? {
        Val::Str(s) => Some(s.value()),
        _ => None,
    }
}

/// A boolean, written as one or as the string CloudFormation coerces (a parameter's value is
/// always a string).
fn bool_of(v: Option<&Val>) -> Option<bool> {
    match v? {
        Val::Bool(b, _) => Some(*b),
        Val::Str(s) => s.value().parse().ok(),
        _ => None,
    }
}

fn int_of(v: Option<&Val>) -> Option<i64> {
    match v? {
        Val::Int(n, _) => Some(*n),
        _ => None,
    }
}

/// One entry of the per-type catalogue: the rules its check reports, the registry types it
/// applies to (empty: every typed resource) and the check. The checks see the stack only
/// through [`Findings`]; `Checker` runs them for every resource and again for every variant
/// of it (`indirection.rs`).
pub struct Entry {
    /// The catalogue rules (`rules.rs`) the check may report.
    pub rules: &'static [&'static rules::Rule],
    /// The types it applies to; empty for all.
    pub types: &'static [&'static str],
    /// The check.
    pub check: fn(&mut dyn Findings<'_>, &ResourceDef, &'static ResourceType),
}

/// Every per-type rule, in the order their findings are reported for one resource. Adding a
/// rule: its id and rationale in `rules.rs`, its function and its row here.
pub const CATALOGUE: &[Entry] = &[
    Entry {
        rules: &[&rules::NAME_WITHOUT_SUFFIX, &rules::NAME_LIMITS],
        types: &[],
        check: physical_names,
    },
    Entry {
        rules: &[&rules::NO_ENCRYPTION],
        types: &[],
        check: encryption_at_rest,
    },
    Entry {
        rules: &[
            &rules::BACKTRACK_POSTGRES,
            &rules::AURORA_VERSION,
            &rules::MONITORING_PAIR,
            &rules::PERFORMANCE_INSIGHTS,
        ],
        types: &["AWS::RDS::DBCluster"],
        check: |c, res, _| check_aurora_cluster(c, res),
    },
    Entry {
        rules: &[
            &rules::AURORA_INSTANCE_SETTING,
            &rules::NO_ENCRYPTION,
            &rules::MONITORING_PAIR,
            &rules::PERFORMANCE_INSIGHTS,
        ],
        types: &["AWS::RDS::DBInstance"],
        check: |c, res, _| check_db_instance(c, res),
    },
    Entry {
        rules: &[&rules::BACKUP_EVENTS],
        types: &["AWS::Backup::BackupVault"],
        check: backup_vault_events,
    },
    Entry {
        rules: &[&rules::NO_ENCRYPTION],
        types: &["AWS::EC2::Instance"],
        check: |c, res, _| {
            check_block_devices(
                c,
                get(&res.props, &["BlockDeviceMappings"]),
                &res.ident.to_string(),
            )
        },
    },
    Entry {
        rules: &[&rules::NO_ENCRYPTION],
        types: &["AWS::EC2::LaunchTemplate"],
        check: |c, res, _| {
            let devices = get(&res.props, &["LaunchTemplateData", "BlockDeviceMappings"]);
            check_block_devices(c, devices, &res.ident.to_string());
        },
    },
    Entry {
        rules: &[&rules::SECURE_STRING],
        types: &["AWS::SSM::Parameter"],
        check: secure_string,
    },
    Entry {
        rules: &[&rules::SYNTHETICS_RUNTIME],
        types: &["AWS::Synthetics::Canary"],
        check: |c, res, _| check_canary(c, &res.props),
    },
    Entry {
        rules: &[&rules::LAMBDA_RUNTIME],
        types: &["AWS::Lambda::Function"],
        check: lambda_runtime,
    },
    Entry {
        rules: &[&rules::CONTINUOUS_BACKUP],
        types: &["AWS::Backup::BackupPlan"],
        check: |c, res, _| check_backup_plan(c, &res.props),
    },
    Entry {
        rules: &[
            &rules::ECS_CONTROLLER,
            &rules::ECS_LAUNCH_TYPE,
            &rules::SPOT_ASSOCIATION,
        ],
        types: &["AWS::ECS::Service"],
        check: |c, res, _| check_ecs_service(c, res),
    },
    Entry {
        rules: &[&rules::TRAIL_ORDER],
        types: &["AWS::CloudTrail::Trail"],
        check: trail_order,
    },
    Entry {
        rules: &[&rules::HEALTH_CHECK_INTERVAL],
        types: &["AWS::Route53::HealthCheck"],
        check: health_check_interval,
    },
    Entry {
        rules: &[&rules::RDS_SDK_CASING],
        types: &["AWS::StepFunctions::StateMachine"],
        check: rds_sdk_casing,
    },
    Entry {
        rules: &[&rules::BILLING_MODE],
        types: &["AWS::DynamoDB::Table"],
        check: billing_mode,
    },
    Entry {
        rules: &[&rules::KEY_SCHEMA],
        types: &["AWS::DynamoDB::Table"],
        check: |c, res, _| check_key_schemas(c, &res.props, &res.ident.to_string()),
    },
    Entry {
        rules: &[&rules::WRONG_REFERENCE_TYPE],
        types: &[],
        check: |c, res, t| check_arn_values(c, &res.props, t.properties, t.name, ""),
    },
    Entry {
        rules: &[&rules::WILDCARD_ACTION, &rules::WILDCARD_RESOURCE],
        types: &[],
        check: |c, res, t| check_iam(c, &res.props, t.name),
    },
    Entry {
        rules: &[
            &rules::PUBLIC_DATABASE,
            &rules::OPEN_INGRESS,
            &rules::PUBLIC_BUCKET,
            &rules::PUBLIC_POLICY,
            &rules::ADMIN_POLICY,
        ],
        types: &[],
        check: |c, res, t| check_exposure(c, res, t.name),
    },
];

/// Runs the catalogue's checks that apply to the resource's type.
pub(crate) fn check_resource(
    c: &mut dyn Findings<'_>,
    res: &ResourceDef,
    t: &'static ResourceType,
) {
    for e in CATALOGUE
        .iter()
        .filter(|e| e.types.is_empty() || e.types.contains(&t.name))
    {
        (e.check)(c, res, t);
    }
}

/// HA-N001 (and HA-N003 through `check_name`): physical names carry the suffix.
fn physical_names(c: &mut dyn Findings<'_>, res: &ResourceDef, t: &'static ResourceType) {
    for (ty, prop) in PHYSICAL_NAMES {
        if *ty != t.name {
            continue;
        }
        if let Some(v) = get(&res.props, &[prop]) {
            check_name(c, v, t, prop);
        }
    }
}

/// HA-P002 from its data table (encryption.rs), with the AWS page of each setting.
fn encryption_at_rest(c: &mut dyn Findings<'_>, res: &ResourceDef, t: &'static ResourceType) {
    let Some(e) = crate::encryption::at_rest(t.name) else {
        return;
    };
    let message = match crate::encryption::evaluate(&e.needs, &res.props) {
        crate::encryption::Outcome::Encrypted => return,
        crate::encryption::Outcome::Missing => e.missing,
        crate::encryption::Outcome::Off => e.off.unwrap_or(e.missing),
    };
    let what = message.replace("{id}", &res.ident.to_string());
    c.report(&rules::NO_ENCRYPTION, res.ident.span(), what, e.help);
}

/// HA-A009: vault notification events AWS Backup no longer sends.
fn backup_vault_events(c: &mut dyn Findings<'_>, res: &ResourceDef, _: &'static ResourceType) {
    let Some(Val::List(events, _)) = get(&res.props, &["Notifications", "BackupVaultEvents"])
    else {
        return;
    };
    for e in events {
        if let Val::Str(s) = e {
            if facts::BACKUP_DEPRECATED_EVENTS.contains(&s.value().as_str()) {
                c.report(
                    &rules::BACKUP_EVENTS,
                    s.span(),
                    format!("vault event `{}` is deprecated and never sent", s.value()),
                    "use `BACKUP_JOB_COMPLETED` and filter the state in the subscriber",
                );
            }
        }
    }
}

/// HA-A005: `AWS::SSM::Parameter` cannot create a SecureString.
fn secure_string(c: &mut dyn Findings<'_>, res: &ResourceDef, _: &'static ResourceType) {
    if let Some(Val::Str(s)) = get(&res.props, &["Type"]) {
        if s.value() == "SecureString" {
            c.report(&rules::SECURE_STRING, s.span(), "AWS::SSM::Parameter cannot create a SecureString parameter".into(), "use `custom::SecureStringParameter` (the handler in handlers/ creates it with your KMS key) or Secrets Manager");
        }
    }
}

/// HA-A004: runtimes Lambda blocks (an error) or has announced dates for (a warning).
fn lambda_runtime(c: &mut dyn Findings<'_>, res: &ResourceDef, _: &'static ResourceType) {
    let Some(Val::Str(s)) = get(&res.props, &["Runtime"]) else {
        return;
    };
    let rt = s.value();
    let next = facts::LAMBDA_RUNTIMES
        .iter()
        .find(|r| r.name == rt)
        .and_then(|r| r.successor)
        .unwrap_or("a supported runtime");
    match facts::lambda_runtime(&rt) {
        facts::Dated::Blocked { since } => c.report(
            &rules::LAMBDA_RUNTIME,
            s.span(),
            format!("Lambda refuses to create functions on runtime `{rt}` since {since}"),
            format!("use `{next}`"),
        ),
        facts::Dated::Announced { what } => c.warn(
            &rules::LAMBDA_RUNTIME,
            s.span(),
            format!("Lambda runtime `{rt}` is {what}"),
            format!("move to `{next}`"),
        ),
        facts::Dated::Fine => {}
    }
}

/// HA-A013: a trail is created after the policy of the bucket it writes to.
fn trail_order(c: &mut dyn Findings<'_>, res: &ResourceDef, _: &'static ResourceType) {
    let bucket = match get(&res.props, &["S3BucketName"]) {
        Some(Val::Call(f, args)) if f == "Ref" => match args.first() {
            Some(Val::Ident(i)) => i.to_string(),
            _ => return,
        },
        _ => return,
    };
    let is_its_policy = |d: &syn::Ident| matches!(c.target(&d.to_string()), Some(Target::Resource(r, Some(t))) if t.name == "AWS::S3::BucketPolicy" && matches!(get(&r.props, &["Bucket"]), Some(Val::Call(f, a)) if f == "Ref" && matches!(a.first(), Some(Val::Ident(i)) if *i == bucket)));
    if !ResourceAttrs::of(res)
        .depends_on
        .into_iter()
        .any(is_its_policy)
    {
        let id = &res.ident;
        c.report(
            &rules::TRAIL_ORDER,
            id.span(),
            format!(
                "trail `{id}` writes to `{bucket}` but does not depend on that bucket's policy"
            ),
            format!("add `#[depends_on(<the AWS::S3::BucketPolicy of {bucket}>)]`"),
        );
    }
}

/// HA-A014: Route 53 checks every 10 or 30 seconds.
fn health_check_interval(c: &mut dyn Findings<'_>, res: &ResourceDef, _: &'static ResourceType) {
    let Some(Val::Int(n, span)) = get(&res.props, &["HealthCheckConfig", "RequestInterval"]) else {
        return;
    };
    if *n != 10 && *n != 30 {
        c.report(
            &rules::HEALTH_CHECK_INTERVAL,
            *span,
            format!("RequestInterval {n} is not supported"),
            "use 30 (standard) or 10 (fast)",
        );
    }
}

/// HA-A018: the definition as values (`Definition`), or as JSON text (`DefinitionString`, or
/// the text of a `Sub`): JSON fits the stack's own value syntax, so it is parsed as values and
/// walked the same way, and a finding lands on the string. Text that does not parse (JSON
/// escapes Rust does not know, such as `\u00e9`) is left to the validator.
fn rds_sdk_casing(c: &mut dyn Findings<'_>, res: &ResourceDef, _: &'static ResourceType) {
    let props = &res.props;
    let mut keys = Vec::new();
    if let Some(def) = get(props, &["Definition"]) {
        rds_casing_keys(def, false, &mut keys);
    }
    let text = match get(props, &["DefinitionString"]) {
        Some(Val::Call(f, args)) if f == "Sub" => args.first(),
        other => other,
    };
    if let Some(Val::Str(s)) = text {
        if let Ok(parsed) = syn::parse_str::<Val>(&s.value()) {
            let mut inner = Vec::new();
            rds_casing_keys(&parsed, false, &mut inner);
            keys.extend(inner.into_iter().map(|(k, _)| (k, s.span())));
        }
    }
    for (k, at) in keys {
        let fix = format!("write `{}`", k.replacen("DB", "Db", 1));
        c.report(
            &rules::RDS_SDK_CASING,
            at,
            format!("`{k}` in an aws-sdk:rds task"),
            fix,
        );
    }
}

/// HA-A015: no provisioned throughput on an on-demand table or its global secondary indexes.
fn billing_mode(c: &mut dyn Findings<'_>, res: &ResourceDef, _: &'static ResourceType) {
    let props = &res.props;
    if str_of(get(props, &["BillingMode"])).as_deref() != Some("PAY_PER_REQUEST") {
        return;
    }
    let id = res.ident.to_string();
    // The table's own throughput and that of every global secondary index.
    let indexes = elements(get(props, &["GlobalSecondaryIndexes"]));
    let own = get(props, &["ProvisionedThroughput"]).map(|pt| (pt, String::new()));
    let gsis = indexes.iter().filter_map(|gsi| match gsi {
        Val::Object(f, _) => get(f, &["ProvisionedThroughput"]).map(|pt| {
            let name = str_of(get(f, &["IndexName"])).unwrap_or_default();
            (pt, format!(" on its global secondary index `{name}`"))
        }),
        _ => None,
    });
    for (pt, whose) in own.into_iter().chain(gsis) {
        c.report(
            &rules::BILLING_MODE,
            pt.span(),
            format!("table `{id}` is PAY_PER_REQUEST but sets ProvisionedThroughput{whose}"),
            "remove ProvisionedThroughput (on-demand tables and their indexes scale without it)",
        );
    }
}

/// Whether a schema pattern accepts ARNs only: it starts with a literal `^arn:` and has no
/// alternative (`^(arn:..)?name` also accepts names).
fn requires_arn(pattern: &str) -> bool {
    pattern.starts_with("^arn:") && !pattern.contains('|')
}

/// HA-G004 from the registry data, for every generated type: a property whose schema pattern
/// accepts ARNs only, given `Ref(X)` of a resource whose `Ref` returns a name or an id (its
/// primary identifier is not an ARN): CloudFormation would pass the name and the resource
/// handler rejects it (`Role: Ref(Role)` on a Lambda function).
fn check_arn_values(
    c: &mut dyn Findings<'_>,
    fields: &[(Key, Val)],
    props: &'static [ha_registry::Property],
    type_name: &str,
    prefix: &str,
) {
    for (k, v) in fields {
        let Some(p) = props.iter().find(|p| p.name == k.name) else {
            continue;
        };
        let path = format!("{prefix}{}", k.name);
        let mut shape = p.shape;
        while let ha_registry::Shape::Array(inner) = shape {
            shape = inner;
        }
        for value in elements(Some(v)) {
            match (shape, value) {
                (ha_registry::Shape::Object(def), Val::Object(inner, _)) => {
                    check_arn_values(c, inner, def.properties, type_name, &format!("{path}."));
                }
                (
                    ha_registry::Shape::String {
                        pattern: Some(pat), ..
                    },
                    Val::Call(f, args),
                ) if f == "Ref" && requires_arn(pat) => {
                    let Some(Val::Ident(to)) = args.first() else {
                        continue;
                    };
                    let Some(Target::Resource(_, Some(target))) = c.target(&to.to_string()) else {
                        continue;
                    };
                    let [ident] = target.primary_identifier else {
                        continue;
                    };
                    let returns = *ident;
                    if returns.to_ascii_lowercase().ends_with("arn") {
                        continue;
                    }
                    let arn = target
                        .attributes
                        .iter()
                        .find(|a| a.name == "Arn")
                        .or_else(|| target.attributes.iter().find(|a| a.name.ends_with("Arn")));
                    let help = match arn {
                        Some(a) => format!("write `{to}.{}`", a.name),
                        None => format!("pass the ARN of `{to}`"),
                    };
                    c.report(
                        &rules::WRONG_REFERENCE_TYPE,
                        to.span(),
                        format!("`{path}` of {type_name} takes an ARN (schema pattern `{pat}`), but `Ref({to})` gives the {} `{returns}`", target.name),
                        help,
                    );
                }
                _ => {}
            }
        }
    }
}

/// DynamoDB key schemas, which the generated shape leaves free-form (the registry schema's
/// `KeySchema` is `oneOf` a typed list and free JSON) although the schema constrains them
/// (`definitions.KeySchema`: AttributeName and KeyType required, HASH then RANGE, at most two),
/// and DynamoDB requires AttributeDefinitions to list exactly the key attributes of the table
/// and its indexes (AWS's validator: E3039).
fn check_key_schemas(c: &mut dyn Findings<'_>, props: &[(Key, Val)], id: &str) {
    let mut schemas: Vec<(String, &Val)> = Vec::new();
    if let Some(ks) = get(props, &["KeySchema"]) {
        schemas.push((format!("table `{id}`"), ks));
    }
    for list in ["GlobalSecondaryIndexes", "LocalSecondaryIndexes"] {
        for index in elements(get(props, &[list])) {
            if let Val::Object(f, _) = index {
                if let Some(ks) = get(f, &["KeySchema"]) {
                    let name = str_of(get(f, &["IndexName"])).unwrap_or_default();
                    schemas.push((format!("index `{name}` of table `{id}`"), ks));
                }
            }
        }
    }
    let mut used: Vec<String> = Vec::new();
    let mut all_literal = true;
    for (whose, ks) in schemas {
        let Val::List(entries, span) = ks else {
            all_literal = false;
            continue;
        };
        if entries.len() > 2 {
            c.report(
                &rules::KEY_SCHEMA,
                *span,
                format!("the key schema of {whose} has {} entries", entries.len()),
                "a key is a HASH attribute and at most one RANGE attribute",
            );
        }
        for (n, e) in entries.iter().enumerate() {
            let Val::Object(f, espan) = e else {
                all_literal = false;
                continue;
            };
            match str_of(get(f, &["AttributeName"])) {
                Some(a) => used.push(a),
                None if get(f, &["AttributeName"]).is_some() => all_literal = false,
                None => c.report(
                    &rules::KEY_SCHEMA,
                    *espan,
                    format!(
                        "key schema entry {} of {whose} has no `AttributeName`",
                        n + 1
                    ),
                    "add `AttributeName: \"..\"` (an attribute listed in AttributeDefinitions)",
                ),
            }
            let want = if n == 0 { "HASH" } else { "RANGE" };
            match (get(f, &["KeyType"]), str_of(get(f, &["KeyType"]))) {
                (None, _) => c.report(&rules::KEY_SCHEMA, *espan, format!("key schema entry {} of {whose} has no `KeyType`", n + 1), format!("add `KeyType: \"{want}\"`")),
                (Some(v), Some(k)) if k != want => c.report(&rules::KEY_SCHEMA, v.span(), format!("key schema entry {} of {whose} is `{k}`; entry {} must be `{want}`", n + 1, n + 1), format!("list the HASH attribute first and the RANGE attribute second: `KeyType: \"{want}\"`")),
                _ => {}
            }
        }
    }
    // AttributeDefinitions must name exactly the key attributes (when everything is literal).
    let Some(Val::List(defs, defs_span)) = get(props, &["AttributeDefinitions"]) else {
        return;
    };
    let mut defined = Vec::new();
    for d in defs {
        match d {
            Val::Object(f, _) => match get(f, &["AttributeName"]) {
                Some(Val::Str(s)) => defined.push(s),
                _ => return,
            },
            _ => return,
        }
    }
    if !all_literal {
        return;
    }
    for d in &defined {
        if !used.contains(&d.value()) {
            c.report(&rules::KEY_SCHEMA, d.span(), format!("attribute `{}` is defined but is no key of table `{id}` or its indexes", d.value()), "remove it from AttributeDefinitions: DynamoDB accepts definitions of key attributes only (other attributes need no declaration)");
        }
    }
    for u in &used {
        if !defined.iter().any(|d| d.value() == *u) {
            c.report(&rules::KEY_SCHEMA, *defs_span, format!("key attribute `{u}` of table `{id}` is not in AttributeDefinitions"), format!("add `{{ AttributeName: \"{u}\", AttributeType: \"S\" }}` (or N, B) to AttributeDefinitions"));
        }
    }
}

/// Every value `v` can take: both branches of `If(..)`, at any depth.
fn alternatives(v: &Val) -> Vec<&Val> {
    match v {
        Val::Call(f, args) if f == "If" && args.len() == 3 => {
            args[1..].iter().flat_map(alternatives).collect()
        }
        other => vec![other],
    }
}

/// The elements a list-valued property can hold, through `If(..)` on the list and on each
/// element.
fn elements(v: Option<&Val>) -> Vec<&Val> {
    v.into_iter()
        .flat_map(alternatives)
        .flat_map(|v| match v {
            Val::List(items, _) => items.iter().flat_map(alternatives).collect(),
            other => vec![other],
        })
        .collect()
}

/// Well-known database and admin ports, named in messages.
const NAMED_PORTS: &[(i64, &str)] = &[
    (22, "SSH"),
    (3389, "RDP"),
    (3306, "MySQL"),
    (5432, "PostgreSQL"),
    (1433, "SQL Server"),
    (1521, "Oracle"),
    (6379, "Redis"),
    (11211, "Memcached"),
    (27017, "MongoDB"),
    (9200, "OpenSearch"),
    (2049, "NFS"),
];

fn port_name(p: i64) -> Option<&'static str> {
    NAMED_PORTS
        .iter()
        .find(|(n, _)| *n == p)
        .map(|(_, name)| *name)
}

/// HA-SEC002 for one ingress rule (an entry of `SecurityGroupIngress`, or the properties of an
/// `AWS::EC2::SecurityGroupIngress`).
fn check_ingress(c: &mut dyn Findings<'_>, rule: &[(Key, Val)], id: &str) {
    let world = ["CidrIp", "CidrIpv6"].iter().find_map(|k| {
        get(rule, &[k])
            .into_iter()
            .flat_map(alternatives)
            .find_map(|v| match v {
                Val::Str(s) if s.value() == "0.0.0.0/0" || s.value() == "::/0" => Some(s),
                _ => None,
            })
    });
    let Some(cidr) = world else { return };
    let protocol = str_of(get(rule, &["IpProtocol"])).unwrap_or_default();
    let ports = if protocol == "-1" || protocol == "all" {
        "every port".to_owned()
    } else {
        let from = int_of(get(rule, &["FromPort"]));
        let to = int_of(get(rule, &["ToPort"])).or(from);
        match (from, to) {
            (Some(f), Some(t)) if f == t && (f == 80 || f == 443) => return,
            (Some(f), Some(t)) if f == t => match port_name(f) {
                Some(n) => format!("port {f} ({n})"),
                None => format!("port {f}"),
            },
            (Some(f), Some(t)) => {
                let named: Vec<String> = NAMED_PORTS
                    .iter()
                    .filter(|(p, _)| (f..=t).contains(p))
                    .map(|(p, n)| format!("{p} {n}"))
                    .collect();
                if named.is_empty() {
                    format!("ports {f}-{t}")
                } else {
                    format!("ports {f}-{t} (including {})", named.join(", "))
                }
            }
            _ => "ports it does not bound".to_owned(),
        }
    };
    c.report(
        &rules::OPEN_INGRESS,
        cidr.span(),
        format!("`{id}` opens {ports} to the whole internet ({})", cidr.value()),
        "allow a security group (SourceSecurityGroupId) or a narrow CIDR; only 80/443 may face the internet, behind a load balancer",
    );
}

/// Allow statements with `Principal: "*"` (or `{ AWS: "*" }`) and no `Condition`.
fn check_public_statements(c: &mut dyn Findings<'_>, doc: Option<&Val>, id: &str, what: &str) {
    let Some(Val::Object(d, _)) = doc else { return };
    for s in elements(get(d, &["Statement"])) {
        let Val::Object(f, _) = s else { continue };
        if str_of(get(f, &["Effect"])).as_deref() != Some("Allow")
            || get(f, &["Condition"]).is_some()
        {
            continue;
        }
        // `"*"`, `{ AWS: "*" }` or `{ AWS: [.., "*"] }`, also inside `If(..)`
        let star = get(f, &["Principal"])
            .into_iter()
            .flat_map(alternatives)
            .flat_map(|p| match p {
                Val::Object(o, _) => elements(get(o, &["AWS"])),
                other => vec![other],
            })
            .find(|v| matches!(v, Val::Str(s) if s.value() == "*"));
        if let Some(p) = star {
            c.report(
                &rules::PUBLIC_POLICY,
                p.span(),
                format!("{what} of `{id}` allows everyone (Principal \"*\") without a condition"),
                "name the principals (accounts, roles, services), or add a Condition such as aws:SourceArn, aws:SourceAccount or aws:PrincipalOrgID",
            );
        }
    }
}

/// HA-SEC001..HA-SEC005: public exposure and administrator policies.
fn check_exposure(c: &mut dyn Findings<'_>, res: &ResourceDef, type_name: &str) {
    let props = &res.props;
    let id = res.ident.to_string();
    match type_name {
        "AWS::RDS::DBInstance" | "AWS::RDS::DBCluster" => {
            for v in get(props, &["PubliclyAccessible"])
                .into_iter()
                .flat_map(alternatives)
            {
                if bool_of(Some(v)) == Some(true) {
                    c.report(&rules::PUBLIC_DATABASE, v.span(), format!("database `{id}` is PubliclyAccessible"), "set `PubliclyAccessible: false` and reach it from inside the VPC (a bastion, SSM Session Manager or a VPN)");
                }
            }
        }
        "AWS::EC2::SecurityGroup" => {
            for rule in elements(get(props, &["SecurityGroupIngress"])) {
                if let Val::Object(f, _) = rule {
                    check_ingress(c, f, &id);
                }
            }
        }
        "AWS::EC2::SecurityGroupIngress" => check_ingress(c, props, &id),
        "AWS::S3::Bucket" => {
            for v in get(props, &["AccessControl"])
                .into_iter()
                .flat_map(alternatives)
            {
                if let Val::Str(s) = v {
                    if matches!(
                        s.value().as_str(),
                        "PublicRead" | "PublicReadWrite" | "AuthenticatedRead"
                    ) {
                        c.report(&rules::PUBLIC_BUCKET, s.span(), format!("bucket `{id}` has the public ACL `{}`", s.value()), "remove AccessControl (buckets are private, ACLs disabled) and grant access through a bucket policy to named principals");
                    }
                }
            }
            if let Some(Val::Object(block, _)) = get(props, &["PublicAccessBlockConfiguration"]) {
                for flag in [
                    "BlockPublicAcls",
                    "BlockPublicPolicy",
                    "IgnorePublicAcls",
                    "RestrictPublicBuckets",
                ] {
                    for v in get(block, &[flag]).into_iter().flat_map(alternatives) {
                        if let Val::Bool(false, span) = v {
                            c.report(&rules::PUBLIC_BUCKET, *span, format!("bucket `{id}` switches the public access block flag {flag} off"), "keep all four flags true; share data through a bucket policy to named principals or CloudFront with origin access control");
                        }
                    }
                }
            }
        }
        "AWS::S3::BucketPolicy" | "AWS::SQS::QueuePolicy" | "AWS::SNS::TopicPolicy" => {
            check_public_statements(c, get(props, &["PolicyDocument"]), &id, "the policy");
        }
        "AWS::KMS::Key" => {
            check_public_statements(c, get(props, &["KeyPolicy"]), &id, "the key policy")
        }
        "AWS::Lambda::Permission" => {
            if let Some(Val::Str(p)) = get(props, &["Principal"]) {
                let scoped = ["SourceArn", "SourceAccount", "PrincipalOrgID"]
                    .iter()
                    .any(|k| get(props, &[k]).is_some());
                if p.value() == "*" && !scoped {
                    c.report(&rules::PUBLIC_POLICY, p.span(), format!("permission `{id}` lets everyone invoke the function"), "name the principal (a service or account), or add SourceArn / SourceAccount / PrincipalOrgID");
                }
            }
        }
        _ => {}
    }
    if matches!(
        type_name,
        "AWS::IAM::Role" | "AWS::IAM::User" | "AWS::IAM::Group"
    ) {
        for v in elements(get(props, &["ManagedPolicyArns"])) {
            if let Val::Str(s) = v {
                let arn = s.value();
                if let Some(name) = ["AdministratorAccess", "PowerUserAccess", "IAMFullAccess"]
                    .into_iter()
                    .find(|n| arn.ends_with(&format!(":policy/{n}")))
                {
                    c.report(
                        &rules::ADMIN_POLICY,
                        s.span(),
                        format!("`{id}` gets the AWS managed policy {name}"),
                        "attach a policy that lists the actions and resources the workload needs",
                    );
                }
            }
        }
    }
}

fn check_name(c: &mut dyn Findings<'_>, v: &Val, t: &'static ResourceType, prop: &str) {
    let type_name = t.name;
    let ok = match v {
        Val::Str(s) => {
            check_name_limits(c, s, t, prop);
            s.value().contains("${Suffix}")
        }
        Val::Call(f, args) if f == "Sub" || f == "Join" => {
            fn has(v: &Val) -> bool {
                match v {
                    Val::Str(s) => s.value().contains("${Suffix}"),
                    Val::List(items, _) => items.iter().any(has),
                    Val::Call(_, a) => a.iter().any(has),
                    _ => false,
                }
            }
            args.iter().any(has)
        }
        // `If(cond, a, b)`: both branches must carry it.
        Val::Call(f, args) if f == "If" && args.len() == 3 => {
            check_name(c, &args[1], t, prop);
            check_name(c, &args[2], t, prop);
            return;
        }
        Val::Ident(i) if i == "NoValue" => true,
        _ => false,
    };
    if !ok {
        c.report(
            &rules::NAME_WITHOUT_SUFFIX,
            v.span(),
            format!("physical name `{prop}` of {type_name} does not carry the environment suffix"),
            "write the name as a string containing `${Suffix}`, e.g. \"orders-${Suffix}\", or leave it out so CloudFormation derives it from the stack name",
        );
    }
}

/// A name as written (`"tap-${Suffix}-data"`), with the suffix as a substitution of at most
/// `suffix_max` characters of the suffix grammar, pseudo parameters at their longest, and any
/// other `${..}` unbounded.
pub fn written_name(text: &str, suffix_max: usize) -> ha_naming::Name {
    let mut segs = Vec::new();
    ha_naming::split_sub(text, &mut segs, |inner, segs| {
        segs.push(match inner {
            "Suffix" => ha_naming::Seg::Var {
                name: inner.to_owned(),
                max: Some(suffix_max),
                chars: ha_naming::suffix::CHARS,
            },
            _ => ha_naming::var(inner),
        });
    });
    ha_naming::Name(segs)
}

/// The findings of `text` as the physical name `prop` of `t` with a suffix of `suffix_max`
/// characters: the rules of `ha_naming` where it has the property, else the schema's maximum
/// length.
fn name_findings(
    text: &str,
    t: &'static ResourceType,
    prop: &str,
    suffix_max: usize,
) -> ha_naming::Findings {
    let name = written_name(text, suffix_max);
    if let Some(rule) = ha_naming::rule_for(t.name, prop) {
        return ha_naming::check(rule, &name)
            .into_iter()
            .map(|(sev, what, fix)| (sev, format!("{what} (limits: {})", rule.source), fix))
            .collect();
    }
    // A property without a schema bound (or not a string) has no length rule here.
    let Some(Shape::String {
        max_len: Some(max), ..
    }) = t.property(prop).map(|p| p.shape)
    else {
        return Vec::new();
    };
    let max = *max as usize;
    match name.max_len() {
        Some(len) if len > max => vec![(
            ha_naming::Severity::Error,
            format!(
                "can be {len} characters, more than the {max} the CloudFormation schema allows"
            ),
            format!("shorten the name by {} characters", len - max),
        )],
        _ => Vec::new(),
    }
}

/// HA-N003: a physical name written as a string is checked with the suffix at its longest, so
/// a name that would be too long, or hold a character the service rejects, in some
/// environment fails to compile. Also narrows the stack's longest allowed suffix to what this
/// name allows without any finding (warnings included).
fn check_name_limits(
    c: &mut dyn Findings<'_>,
    s: &syn::LitStr,
    t: &'static ResourceType,
    prop: &str,
) {
    let text = s.value();
    // A name without the suffix is HA-N001's; its length and characters are the schema's.
    if !text.contains("${Suffix}") {
        return;
    }
    let max = ha_naming::suffix::MAX_LEN;
    let at_max = name_findings(&text, t, prop, max);
    for (sev, what, fix) in &at_max {
        if *sev == ha_naming::Severity::Error {
            c.report(
                &rules::NAME_LIMITS,
                s.span(),
                format!("physical name \"{text}\" ({} {prop}) {what}; the suffix counts at its longest, {max} characters", t.name),
                fix.clone(),
            );
        }
    }
    // The longest suffix without any finding, and what one character more brings.
    let (mut fits, mut findings, mut what) = (max, at_max, String::new());
    while let Some((_, w, _)) = findings.first().filter(|_| fits > 0) {
        what = w.clone();
        fits -= 1;
        findings = name_findings(&text, t, prop, fits);
    }
    if fits < max && c.suffix_bound().is_none_or(|b| fits < b) {
        c.bound_suffix(fits, format!("the {} {prop} \"{text}\" {what}", t.name));
    }
}

fn check_block_devices(c: &mut dyn Findings<'_>, v: Option<&Val>, id: &str) {
    let Some(Val::List(items, _)) = v else { return };
    for item in items {
        let Val::Object(fields, _) = item else {
            continue;
        };
        if get(fields, &["Ebs"]).is_some()
            && bool_of(get(fields, &["Ebs", "Encrypted"])) != Some(true)
        {
            c.report(
                &rules::NO_ENCRYPTION,
                item.span(),
                format!("EBS volume of `{id}` is not Encrypted"),
                "add `Ebs: { Encrypted: true, .. }`",
            );
        }
    }
}

fn check_aurora_cluster(c: &mut dyn Findings<'_>, res: &ResourceDef) {
    let props = &res.props;
    let engine = str_of(get(props, &["Engine"]));
    if engine.as_deref() == Some("aurora-postgresql") {
        if let Some(v) = get(props, &["BacktrackWindow"]) {
            c.report(&rules::BACKTRACK_POSTGRES, v.span(), "BacktrackWindow is set on an aurora-postgresql cluster".into(), "remove it; use BackupRetentionPeriod (1..35 days) for point-in-time restore and an AWS Backup rule with EnableContinuousBackup: true");
        }
        if let Some(Val::Str(ver)) = get(props, &["EngineVersion"]) {
            let v = ver.value();
            if !facts::AURORA_POSTGRES_SUPPORTED.contains(&v.as_str()) {
                let major = v.split('.').next().unwrap_or("");
                let same: Vec<&str> = facts::AURORA_POSTGRES_SUPPORTED
                    .iter()
                    .copied()
                    .filter(|s| s.split('.').next() == Some(major))
                    .collect();
                let pick = if same.is_empty() {
                    facts::AURORA_POSTGRES_SUPPORTED.join(", ")
                } else {
                    same.join(", ")
                };
                c.report(
                    &rules::AURORA_VERSION,
                    ver.span(),
                    format!("Aurora PostgreSQL `{v}` is deprecated or does not exist"),
                    format!("use a supported version: {pick}"),
                );
            }
            // An announced end of standard support: without EngineLifecycleSupport the
            // cluster moves to paid Extended Support on that date.
            else if let (Some(end), None) = (
                facts::aurora_postgres_support_end(&v),
                get(props, &["EngineLifecycleSupport"]),
            ) {
                c.warn(
                    &rules::AURORA_VERSION,
                    ver.span(),
                    format!("Aurora PostgreSQL `{v}` ends standard support on {end}; the cluster is then enrolled in paid RDS Extended Support"),
                    "set `EngineLifecycleSupport: \"open-source-rds-extended-support-disabled\"` (and upgrade before that date) or `\"open-source-rds-extended-support\"` to accept the charges",
                );
            }
        }
    }
    check_insights(c, props);
    check_monitoring(c, props);
}

fn check_db_instance(c: &mut dyn Findings<'_>, res: &ResourceDef) {
    let props = &res.props;
    let aurora = get(props, &["DBClusterIdentifier"]).is_some()
        || str_of(get(props, &["Engine"])).is_some_and(|e| e.starts_with("aurora"));
    if aurora {
        for p in [
            "DeletionProtection",
            "EnableIAMDatabaseAuthentication",
            "StorageEncrypted",
            "MasterUserPassword",
            "MasterUsername",
            "BackupRetentionPeriod",
            "KmsKeyId",
        ] {
            if let Some(v) = get(props, &[p]) {
                c.report(
                    &rules::AURORA_INSTANCE_SETTING,
                    v.span(),
                    format!("`{p}` is set on an Aurora member instance"),
                    "set it on the AWS::RDS::DBCluster instead",
                );
            }
        }
    } else if bool_of(get(props, &["StorageEncrypted"])) != Some(true) {
        c.report(
            &rules::NO_ENCRYPTION,
            res.ident.span(),
            format!("instance `{}` is not StorageEncrypted", res.ident),
            "add `StorageEncrypted: true`",
        );
    }
    check_insights(c, props);
    check_monitoring(c, props);
}

fn check_monitoring(c: &mut dyn Findings<'_>, props: &[(Key, Val)]) {
    let interval = int_of(get(props, &["MonitoringInterval"]));
    let role = get(props, &["MonitoringRoleArn"]);
    match (interval, role) {
        (Some(n), None) if n > 0 => {
            let s = get(props, &["MonitoringInterval"])
                .map_or_else(proc_macro2::Span::call_site, Val::span);
            c.report(&rules::MONITORING_PAIR, s, format!("MonitoringInterval {n} without MonitoringRoleArn"), "add `MonitoringRoleArn: MonitoringRole.Arn` (a role trusted by monitoring.rds.amazonaws.com with AmazonRDSEnhancedMonitoringRole)");
        }
        (Some(0) | None, Some(r)) => c.report(
            &rules::MONITORING_PAIR,
            r.span(),
            "MonitoringRoleArn without a MonitoringInterval above 0".into(),
            "set `MonitoringInterval: 60` (or 1, 5, 10, 15, 30)",
        ),
        _ => {}
    }
}

fn check_insights(c: &mut dyn Findings<'_>, props: &[(Key, Val)]) {
    if let Some(n) = int_of(get(props, &["PerformanceInsightsRetentionPeriod"])) {
        let valid = n == 7 || n == 731 || (n % 31 == 0 && (1..=23).contains(&(n / 31)));
        if !valid {
            let s = get(props, &["PerformanceInsightsRetentionPeriod"])
                .map_or_else(proc_macro2::Span::call_site, Val::span);
            c.report(
                &rules::PERFORMANCE_INSIGHTS,
                s,
                format!("PerformanceInsightsRetentionPeriod {n} is not a valid retention"),
                "use 7, a multiple of 31 up to 713, or 731",
            );
        }
    }
    if let Some(Val::Str(m)) = get(props, &["DatabaseInsightsMode"]) {
        if m.value() == "advanced" {
            let pi = bool_of(get(props, &["PerformanceInsightsEnabled"])) == Some(true)
                || bool_of(get(props, &["EnablePerformanceInsights"])) == Some(true);
            if !pi || int_of(get(props, &["PerformanceInsightsRetentionPeriod"])) != Some(465) {
                c.report(&rules::PERFORMANCE_INSIGHTS, m.span(), "advanced Database Insights needs Performance Insights on with 465 days of retention".into(), "set PerformanceInsightsEnabled: true and PerformanceInsightsRetentionPeriod: 465, or use `standard`");
            }
        }
    }
}

fn check_canary(c: &mut dyn Findings<'_>, props: &[(Key, Val)]) {
    if let Some(Val::Str(rt)) = get(props, &["RuntimeVersion"]) {
        let v = rt.value();
        if facts::synthetics_runtime_deprecated(&v) {
            c.report(&rules::SYNTHETICS_RUNTIME, rt.span(), format!("Synthetics runtime `{v}` is deprecated: CreateCanary refuses it"), "use a supported Node 22 runtime such as `syn-nodejs-puppeteer-13.0` or `syn-nodejs-playwright-6.0`");
        } else if !facts::synthetics_runtime_known(&v) {
            c.report(
                &rules::SYNTHETICS_RUNTIME,
                rt.span(),
                format!("`{v}` is not a Synthetics runtime name"),
                "runtime names look like `syn-nodejs-puppeteer-13.0`",
            );
        }
    }
    // The name's characters and length: HA-N003, from the naming table (ha_naming).
}

fn check_backup_plan(c: &mut dyn Findings<'_>, props: &[(Key, Val)]) {
    let Some(Val::List(rules_list, _)) = get(props, &["BackupPlan", "BackupPlanRule"]) else {
        return;
    };
    for r in rules_list {
        let Val::Object(fields, _) = r else { continue };
        if bool_of(get(fields, &["EnableContinuousBackup"])) != Some(true) {
            continue;
        }
        if let Some(n) = int_of(get(fields, &["Lifecycle", "DeleteAfterDays"])) {
            if n > 35 {
                let s = get(fields, &["Lifecycle", "DeleteAfterDays"]).map_or(r.span(), Val::span);
                c.report(&rules::CONTINUOUS_BACKUP, s, format!("continuous backup kept {n} days"), "continuous backups are kept 1 to 35 days; use a snapshot rule for longer retention");
            }
        }
        if let Some(v) = get(fields, &["Lifecycle", "MoveToColdStorageAfterDays"]) {
            c.report(
                &rules::CONTINUOUS_BACKUP,
                v.span(),
                "continuous backup cannot move to cold storage".into(),
                "remove MoveToColdStorageAfterDays from the continuous rule",
            );
        }
    }
}

fn check_ecs_service(c: &mut dyn Findings<'_>, res: &ResourceDef) {
    let props = &res.props;
    if let (Some(lt), Some(_)) = (
        get(props, &["LaunchType"]),
        get(props, &["CapacityProviderStrategy"]),
    ) {
        c.report(
            &rules::ECS_LAUNCH_TYPE,
            lt.span(),
            "LaunchType is set together with CapacityProviderStrategy".into(),
            "remove LaunchType; the strategy picks FARGATE / FARGATE_SPOT",
        );
    }
    if let Some(Val::Str(ctl)) = get(props, &["DeploymentController", "Type"]) {
        if ctl.value() != "ECS" {
            for p in [
                &["DeploymentConfiguration", "DeploymentCircuitBreaker"][..],
                &["DeploymentConfiguration", "Alarms"],
                &["DeploymentConfiguration", "BakeTimeInMinutes"],
                &["DeploymentConfiguration", "Strategy"],
            ] {
                if let Some(v) = get(props, p) {
                    c.report(&rules::ECS_CONTROLLER, v.span(), format!("`{}` needs the ECS deployment controller, not {}", p[1], ctl.value()), "use `DeploymentController: { Type: \"ECS\" }` with `Strategy: \"BLUE_GREEN\"` for native blue/green");
                }
            }
        }
    }
    if let Some(Val::List(items, _)) = get(props, &["CapacityProviderStrategy"]) {
        let spot = items.iter().any(|i| matches!(i, Val::Object(f, _) if str_of(get(f, &["CapacityProvider"])).as_deref() == Some("FARGATE_SPOT")));
        if spot {
            let depends = ResourceAttrs::of(res).depends_on;
            let assoc_declared = c.any_resource_of("AWS::ECS::ClusterCapacityProviderAssociations");
            let ok = depends.iter().any(|d| matches!(c.target(&d.to_string()), Some(Target::Resource(_, Some(t))) if t.name == "AWS::ECS::ClusterCapacityProviderAssociations"));
            if assoc_declared && !ok {
                c.report(&rules::SPOT_ASSOCIATION, res.ident.span(), format!("service `{}` uses FARGATE_SPOT but does not depend on the cluster's capacity provider association", res.ident), "add `#[depends_on(<the AWS::ECS::ClusterCapacityProviderAssociations>)]`");
            }
        }
    }
}

/// `aws-sdk:rds:*` task parameters must use the Java SDK v2 member casing: the keys (with
/// their spans) that use the API's casing instead.
fn rds_casing_keys(v: &Val, in_rds_task: bool, out: &mut Vec<(String, Span)>) {
    match v {
        Val::Object(fields, _) => {
            let rds = fields.iter().any(|(k, v)| {
                k.name == "Resource"
                    && matches!(v, Val::Str(s) if s.value().contains(":aws-sdk:rds:"))
            });
            for (k, fv) in fields {
                if (rds || in_rds_task)
                    && (k.name.starts_with("DBCluster")
                        || k.name.starts_with("DBInstance")
                        || k.name.starts_with("TargetDBInstance"))
                {
                    out.push((k.name.clone(), k.span));
                }
                rds_casing_keys(
                    fv,
                    rds && k.name == "Parameters" || (in_rds_task && k.name != "Next"),
                    out,
                );
            }
        }
        Val::List(items, _) => items
            .iter()
            .for_each(|i| rds_casing_keys(i, in_rds_task, out)),
        _ => {}
    }
}

/// Which kind of policy document a property holds: the wildcard rules read them differently.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PolicyKind {
    /// Attached to a principal (IAM roles, users, groups, policies).
    Identity,
    /// Attached to a resource (bucket, queue, topic, secret, repository, domain, vault).
    Resource,
    /// A KMS key policy: `Resource: "*"` there means the key itself, and `kms:*` for the
    /// account root is AWS's default statement, without which the key can become unmanageable.
    Key,
}

/// The policy documents a resource carries, with their kind.
fn policy_documents<'p>(props: &'p [(Key, Val)], type_name: &str) -> Vec<(&'p Val, PolicyKind)> {
    let inline = |kind| match get(props, &["Policies"]) {
        Some(Val::List(items, _)) => items
            .iter()
            .filter_map(|p| match p {
                Val::Object(f, _) => get(f, &["PolicyDocument"]).map(|d| (d, kind)),
                _ => None,
            })
            .collect(),
        _ => vec![],
    };
    let at = |path: &[&str], kind| get(props, path).map(|d| (d, kind)).into_iter().collect();
    match type_name {
        "AWS::IAM::Role" | "AWS::IAM::User" | "AWS::IAM::Group" => inline(PolicyKind::Identity),
        "AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy" => {
            at(&["PolicyDocument"], PolicyKind::Identity)
        }
        "AWS::S3::BucketPolicy" | "AWS::SQS::QueuePolicy" | "AWS::SNS::TopicPolicy" => {
            at(&["PolicyDocument"], PolicyKind::Resource)
        }
        "AWS::SecretsManager::ResourcePolicy" => at(&["ResourcePolicy"], PolicyKind::Resource),
        "AWS::ECR::Repository" => at(&["RepositoryPolicyText"], PolicyKind::Resource),
        "AWS::OpenSearchService::Domain" => at(&["AccessPolicies"], PolicyKind::Resource),
        "AWS::Backup::BackupVault" => at(&["AccessPolicy"], PolicyKind::Resource),
        "AWS::KMS::Key" => at(&["KeyPolicy"], PolicyKind::Key),
        _ => vec![],
    }
}

/// Whether a statement's principal is the account root (`arn:..:iam::<account>:root`, also
/// through `Sub`, or the account id itself).
fn account_root(statement: &[(Key, Val)]) -> bool {
    let principal = match get(statement, &["Principal"]) {
        Some(Val::Object(f, _)) => get(f, &["AWS"]),
        other => other,
    };
    let root_arn = |v: Option<&Val>| matches!(v, Some(Val::Str(s)) if s.value().ends_with(":root"));
    principal.is_some()
        && values_of(principal).iter().all(|p| match p {
            Val::Str(_) => root_arn(Some(p)),
            Val::Pseudo(name, _) => name == "AWS::AccountId",
            Val::Call(f, args) => f == "Sub" && root_arn(args.first()),
            _ => false,
        })
}

/// Policy documents, identity and resource policies alike: no wildcard actions; wildcard
/// resources only with a suppression (key policies: see [`PolicyKind::Key`]).
fn check_iam(c: &mut dyn Findings<'_>, props: &[(Key, Val)], type_name: &str) {
    for (d, kind) in policy_documents(props, type_name) {
        let Some(Val::List(stmts, _)) = (if let Val::Object(f, _) = d {
            get(f, &["Statement"])
        } else {
            None
        }) else {
            continue;
        };
        for s in stmts {
            let Val::Object(f, _) = s else { continue };
            if str_of(get(f, &["Effect"])).as_deref() == Some("Deny") {
                continue;
            }
            let root_admin = kind == PolicyKind::Key && account_root(f);
            for a in values_of(get(f, &["Action"])) {
                if let Val::Str(text) = a {
                    let t = text.value();
                    if (t == "*" || t.ends_with(":*")) && !root_admin {
                        c.report(
                            &rules::WILDCARD_ACTION,
                            text.span(),
                            format!("IAM action `{t}` grants every action"),
                            "list the actions the workload calls",
                        );
                    }
                }
            }
            if kind == PolicyKind::Key {
                continue;
            }
            for r in values_of(get(f, &["Resource"])) {
                if let Val::Str(text) = r {
                    if text.value() == "*" {
                        c.report(&rules::WILDCARD_RESOURCE, text.span(), "IAM statement on `Resource: \"*\"`".into(), "scope it to ARNs, or #[suppress(HA-IAM002, \"...\")] when the actions have no resource-level permissions");
                    }
                }
            }
        }
    }
}

fn values_of(v: Option<&Val>) -> Vec<&Val> {
    match v {
        Some(Val::List(items, _)) => items.iter().collect(),
        Some(other) => vec![other],
        None => vec![],
    }
}
