//! AWS facts the rules rely on, with their sources.

/// Aurora PostgreSQL versions that exist and are not deprecated.
/// Source: cfn-lint 1.58.0 (schema date 2026-10-20), extensions
/// `aws_rds_dbcluster/engine_version.json` minus `engine_version_deprecated.json`.
pub const AURORA_POSTGRES_SUPPORTED: &[&str] = &[
    "11.9",
    "11.21",
    "12.9",
    "12.22",
    "13.9",
    "13.23",
    "14.6",
    "14.17",
    "14.18",
    "14.19",
    "14.20",
    "14.22",
    "14.23",
    "14.24",
    "15.10",
    "15.12",
    "15.13",
    "15.14",
    "15.15",
    "15.17",
    "15.18",
    "15.19",
    "16.8",
    "16.9",
    "16.10",
    "16.11",
    "16.13",
    "16.14",
    "16.15",
    "16.4-limitless",
    "16.6-limitless",
    "16.8-limitless",
    "16.9-limitless",
    "16.10-limitless",
    "16.11-limitless",
    "16.13-limitless",
    "17",
    "17.4",
    "17.5",
    "17.6",
    "17.7",
    "17.9",
    "17.10",
    "17.11",
    "18",
    "18.3",
    "18.4",
    "18.6",
];

/// Deprecated Synthetics runtimes: creation is refused. Source: CloudWatch "Runtime versions
/// support policy" (puppeteer <= 7.0 and nodejs-2.x deprecated by 2026-01-22; Python
/// selenium 1.0–5.1 by 2026-02-03).
pub fn synthetics_runtime_deprecated(rt: &str) -> bool {
    if rt == "syn-1.0" || rt.starts_with("syn-nodejs-2.") {
        return true;
    }
    if let Some(v) = rt.strip_prefix("syn-nodejs-puppeteer-") {
        return major(v).is_some_and(|m| m <= 7);
    }
    if let Some(v) = rt.strip_prefix("syn-python-selenium-") {
        return major(v).is_some_and(|m| m <= 5);
    }
    false
}

/// Whether a Synthetics runtime name has a known shape.
pub fn synthetics_runtime_known(rt: &str) -> bool {
    [
        "syn-nodejs-puppeteer-",
        "syn-nodejs-playwright-",
        "syn-python-selenium-",
        "syn-nodejs-",
    ]
    .iter()
    .any(|p| rt.strip_prefix(p).is_some_and(|v| major(v).is_some()))
        || rt == "syn-1.0"
}

fn major(v: &str) -> Option<u32> {
    v.split('.').next()?.parse().ok()
}

/// Lambda runtimes whose creation is blocked or that are deprecated as of 2026-11-29.
/// Source: cfn-lint 1.58.0 `AdditionalSpecs/LmbdRuntimeLifecycle.json` (deprecation dates).
pub const LAMBDA_DEPRECATED: &[(&str, &str, &str)] = &[
    ("nodejs", "2016-08-30", "nodejs24.x"),
    ("nodejs4.3", "2020-03-05", "nodejs24.x"),
    ("nodejs4.3-edge", "2020-03-05", "nodejs24.x"),
    ("nodejs6.10", "2019-08-12", "nodejs24.x"),
    ("nodejs8.10", "2020-03-06", "nodejs24.x"),
    ("nodejs10.x", "2021-07-30", "nodejs24.x"),
    ("nodejs12.x", "2023-03-31", "nodejs24.x"),
    ("nodejs14.x", "2023-12-04", "nodejs24.x"),
    ("nodejs16.x", "2024-06-12", "nodejs24.x"),
    ("nodejs18.x", "2025-09-01", "nodejs24.x"),
    ("nodejs20.x", "2026-04-30", "nodejs24.x"),
    ("python2.7", "2021-07-15", "python3.13"),
    ("python3.6", "2022-07-18", "python3.13"),
    ("python3.7", "2023-12-04", "python3.13"),
    ("python3.8", "2024-10-14", "python3.13"),
    ("python3.9", "2025-12-15", "python3.13"),
    ("python3.10", "2026-10-31", "python3.13"),
    ("java8", "2024-01-08", "java21"),
    ("go1.x", "2024-01-08", "provided.al2023"),
    ("provided", "2024-01-08", "provided.al2023"),
    ("provided.al2", "2026-07-31", "provided.al2023"),
    ("dotnetcore1.0", "2019-06-27", "dotnet10"),
    ("dotnetcore2.0", "2019-05-30", "dotnet10"),
    ("dotnetcore2.1", "2022-01-05", "dotnet10"),
    ("dotnetcore3.1", "2023-04-03", "dotnet10"),
    ("dotnet6", "2024-12-20", "dotnet10"),
    ("dotnet8", "2026-11-10", "dotnet10"),
    ("dotnet9", "2026-11-10", "dotnet10"),
    ("ruby2.5", "2021-07-30", "ruby3.4"),
    ("ruby2.7", "2023-12-07", "ruby3.4"),
    ("ruby3.2", "2026-03-31", "ruby3.4"),
];

/// AWS Backup vault events that are deprecated (no longer emitted).
/// Source: AWS Backup API `PutBackupVaultNotifications`.
pub const BACKUP_DEPRECATED_EVENTS: &[&str] = &[
    "BACKUP_JOB_SUCCESSFUL",
    "BACKUP_JOB_FAILED",
    "BACKUP_JOB_EXPIRED",
    "RESTORE_JOB_SUCCESSFUL",
    "RESTORE_JOB_FAILED",
    "COPY_JOB_FAILED_PLACEHOLDER",
    "RECOVERY_POINT_MODIFIED_PLACEHOLDER",
    "BACKUP_PLAN_CREATED",
    "BACKUP_PLAN_MODIFIED",
];

const REGION_PREFIXES: &[&str] = &["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx", "cn"];
const REGION_WORDS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "central",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
];

/// The first region code in `s` (e.g. `us-east-1`, `us-gov-west-1`), if any.
pub fn find_region(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    for (i, _) in s.char_indices() {
        if i > 0 && (bytes[i - 1].is_ascii_alphanumeric()) {
            continue;
        }
        let rest = &s[i..];
        for p in REGION_PREFIXES {
            let Some(after) = rest.strip_prefix(p).and_then(|r| r.strip_prefix('-')) else {
                continue;
            };
            let after = after
                .strip_prefix("gov-")
                .or_else(|| after.strip_prefix("iso-"))
                .or_else(|| after.strip_prefix("isob-"))
                .unwrap_or(after);
            for w in REGION_WORDS {
                let Some(num) = after.strip_prefix(w).and_then(|r| r.strip_prefix('-')) else {
                    continue;
                };
                let digits: String = num.chars().take_while(char::is_ascii_digit).collect();
                if digits.is_empty() {
                    continue;
                }
                let end = i + (rest.len() - num.len()) + digits.len();
                // `us-east-1a` (an availability zone) hard-codes the region too.
                return Some(s[i..end].to_owned());
            }
        }
    }
    None
}

/// The first 12-digit run in `s` bounded by non-digits (an account id), if any.
pub fn find_account(s: &str) -> Option<String> {
    let mut run = String::new();
    for c in s.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            if run.len() == 12 {
                return Some(run);
            }
            run.clear();
        }
    }
    None
}

/// The AWS-specific parameter types. Source: CloudFormation User Guide, "Parameters"
/// (supported AWS-specific parameter types; each except the key pair also as `List<..>`).
pub const AWS_PARAMETER_TYPES: &[&str] = &[
    "AWS::EC2::AvailabilityZone::Name",
    "AWS::EC2::Image::Id",
    "AWS::EC2::Instance::Id",
    "AWS::EC2::KeyPair::KeyName",
    "AWS::EC2::SecurityGroup::GroupName",
    "AWS::EC2::SecurityGroup::Id",
    "AWS::EC2::Subnet::Id",
    "AWS::EC2::Volume::Id",
    "AWS::EC2::VPC::Id",
    "AWS::Route53::HostedZone::Id",
];

/// Every parameter type CloudFormation accepts: `String`, `Number`, `List<Number>`,
/// `CommaDelimitedList`, the AWS-specific types and their lists, `AWS::SSM::Parameter::Name`
/// and `AWS::SSM::Parameter::Value<T>` for T a string, string list or AWS-specific type.
pub fn parameter_types() -> Vec<String> {
    let aws = AWS_PARAMETER_TYPES.iter().map(|t| (*t).to_owned());
    let lists = AWS_PARAMETER_TYPES
        .iter()
        .filter(|t| **t != "AWS::EC2::KeyPair::KeyName")
        .map(|t| format!("List<{t}>"));
    let specific: Vec<String> = aws.chain(lists).collect();
    let ssm = ["String", "List<String>", "CommaDelimitedList"]
        .iter()
        .map(|t| (*t).to_owned())
        .chain(specific.iter().cloned())
        .map(|t| format!("AWS::SSM::Parameter::Value<{t}>"));
    [
        "String",
        "Number",
        "List<Number>",
        "CommaDelimitedList",
        "AWS::SSM::Parameter::Name",
    ]
    .iter()
    .map(|t| (*t).to_owned())
    .chain(specific.iter().cloned())
    .chain(ssm)
    .collect()
}
