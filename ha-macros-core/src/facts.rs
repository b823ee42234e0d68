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

/// The date the dated facts of this module are stated as of. A rule compares a fact's dates
/// with this date, never with the wall clock, so a build gives the same result on any day:
/// moving a fact from "announced" (a warning with its date) to "blocked" (an error) is a
/// reviewed change of this table and this date.
pub const AS_OF: &str = "2026-12-03";

/// One Lambda runtime's lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LambdaRuntime {
    /// The runtime identifier (`python3.13`).
    pub name: &'static str,
    /// Deprecation date: no more security patches from then on.
    pub deprecated: &'static str,
    /// From this date Lambda refuses to create functions on it (`None`: not announced).
    pub create_block: Option<&'static str>,
    /// The runtime to move to.
    pub successor: Option<&'static str>,
}

/// Lambda runtime lifecycles. Source: cfn-lint 1.58.0,
/// `cfnlint/data/AdditionalSpecs/LmbdRuntimeLifecycle.json` (from the Lambda runtimes page).
pub const LAMBDA_RUNTIMES: &[LambdaRuntime] = &[
    LambdaRuntime {
        name: "dotnet10",
        deprecated: "2028-11-14",
        create_block: Some("2028-12-14"),
        successor: None,
    },
    LambdaRuntime {
        name: "dotnet6",
        deprecated: "2024-12-20",
        create_block: Some("2027-02-01"),
        successor: Some("dotnet10"),
    },
    LambdaRuntime {
        name: "dotnet8",
        deprecated: "2026-11-10",
        create_block: Some("2027-02-01"),
        successor: Some("dotnet10"),
    },
    LambdaRuntime {
        name: "dotnet9",
        deprecated: "2026-11-10",
        create_block: None,
        successor: Some("dotnet10"),
    },
    LambdaRuntime {
        name: "dotnetcore1.0",
        deprecated: "2019-06-27",
        create_block: Some("2019-06-30"),
        successor: Some("dotnet10"),
    },
    LambdaRuntime {
        name: "dotnetcore2.0",
        deprecated: "2019-05-30",
        create_block: Some("2019-04-30"),
        successor: Some("dotnet10"),
    },
    LambdaRuntime {
        name: "dotnetcore2.1",
        deprecated: "2022-01-05",
        create_block: Some("2022-01-05"),
        successor: Some("dotnet10"),
    },
    LambdaRuntime {
        name: "dotnetcore3.1",
        deprecated: "2023-04-03",
        create_block: Some("2023-04-03"),
        successor: Some("dotnet10"),
    },
    LambdaRuntime {
        name: "go1.x",
        deprecated: "2024-01-08",
        create_block: Some("2024-02-08"),
        successor: Some("provided.al2023"),
    },
    LambdaRuntime {
        name: "java11",
        deprecated: "2027-06-30",
        create_block: Some("2027-07-31"),
        successor: Some("java25"),
    },
    LambdaRuntime {
        name: "java17",
        deprecated: "2027-06-30",
        create_block: Some("2027-07-31"),
        successor: Some("java25"),
    },
    LambdaRuntime {
        name: "java21",
        deprecated: "2029-06-30",
        create_block: Some("2029-07-31"),
        successor: Some("java25"),
    },
    LambdaRuntime {
        name: "java25",
        deprecated: "2029-06-30",
        create_block: Some("2029-07-31"),
        successor: None,
    },
    LambdaRuntime {
        name: "java8",
        deprecated: "2024-01-08",
        create_block: Some("2024-02-08"),
        successor: Some("java25"),
    },
    LambdaRuntime {
        name: "java8.al2",
        deprecated: "2027-06-30",
        create_block: Some("2027-07-31"),
        successor: Some("java25"),
    },
    LambdaRuntime {
        name: "nodejs",
        deprecated: "2016-08-30",
        create_block: Some("2016-09-30"),
        successor: Some("nodejs24.x"),
    },
    LambdaRuntime {
        name: "nodejs10.x",
        deprecated: "2021-07-30",
        create_block: Some("2021-07-30"),
        successor: Some("nodejs24.x"),
    },
    LambdaRuntime {
        name: "nodejs12.x",
        deprecated: "2023-03-31",
        create_block: Some("2023-03-31"),
        successor: Some("nodejs24.x"),
    },
    LambdaRuntime {
        name: "nodejs14.x",
        deprecated: "2023-12-04",
        create_block: Some("2024-01-09"),
        successor: Some("nodejs24.x"),
    },
    LambdaRuntime {
        name: "nodejs16.x",
        deprecated: "2024-06-12",
        create_block: Some("2027-02-01"),
        successor: Some("nodejs24.x"),
    },
    LambdaRuntime {
        name: "nodejs18.x",
        deprecated: "2025-09-01",
        create_block: Some("2027-02-01"),
        successor: Some("nodejs24.x"),
    },
    LambdaRuntime {
        name: "nodejs20.x",
        deprecated: "2026-04-30",
        create_block: Some("2027-02-01"),
        successor: Some("nodejs24.x"),
    },
    LambdaRuntime {
        name: "nodejs22.x",
        deprecated: "2027-04-30",
        create_block: Some("2027-06-01"),
        successor: Some("nodejs24.x"),
    },
    LambdaRuntime {
        name: "nodejs24.x",
        deprecated: "2028-04-30",
        create_block: Some("2028-06-01"),
        successor: None,
    },
    LambdaRuntime {
        name: "nodejs4.3",
        deprecated: "2020-03-05",
        create_block: Some("2020-02-03"),
        successor: Some("nodejs24.x"),
    },
    LambdaRuntime {
        name: "nodejs4.3-edge",
        deprecated: "2020-03-05",
        create_block: Some("2019-03-31"),
        successor: Some("nodejs24.x"),
    },
    LambdaRuntime {
        name: "nodejs6.10",
        deprecated: "2019-08-12",
        create_block: Some("2019-07-12"),
        successor: Some("nodejs24.x"),
    },
    LambdaRuntime {
        name: "nodejs8.10",
        deprecated: "2020-03-06",
        create_block: Some("2020-02-04"),
        successor: Some("nodejs24.x"),
    },
    LambdaRuntime {
        name: "provided",
        deprecated: "2024-01-08",
        create_block: Some("2024-02-08"),
        successor: Some("provided.al2023"),
    },
    LambdaRuntime {
        name: "provided.al2",
        deprecated: "2026-07-31",
        create_block: Some("2027-02-01"),
        successor: Some("provided.al2023"),
    },
    LambdaRuntime {
        name: "provided.al2023",
        deprecated: "2029-06-30",
        create_block: Some("2029-07-31"),
        successor: None,
    },
    LambdaRuntime {
        name: "python2.7",
        deprecated: "2021-07-15",
        create_block: Some("2021-07-15"),
        successor: Some("python3.14"),
    },
    LambdaRuntime {
        name: "python3.10",
        deprecated: "2026-10-31",
        create_block: Some("2027-02-01"),
        successor: Some("python3.14"),
    },
    LambdaRuntime {
        name: "python3.11",
        deprecated: "2027-06-30",
        create_block: Some("2027-07-31"),
        successor: Some("python3.14"),
    },
    LambdaRuntime {
        name: "python3.12",
        deprecated: "2028-10-31",
        create_block: Some("2028-11-30"),
        successor: Some("python3.14"),
    },
    LambdaRuntime {
        name: "python3.13",
        deprecated: "2029-06-30",
        create_block: Some("2029-07-31"),
        successor: Some("python3.14"),
    },
    LambdaRuntime {
        name: "python3.14",
        deprecated: "2029-06-30",
        create_block: Some("2029-07-31"),
        successor: None,
    },
    LambdaRuntime {
        name: "python3.6",
        deprecated: "2022-07-18",
        create_block: Some("2022-07-18"),
        successor: Some("python3.14"),
    },
    LambdaRuntime {
        name: "python3.7",
        deprecated: "2023-12-04",
        create_block: Some("2024-01-09"),
        successor: Some("python3.14"),
    },
    LambdaRuntime {
        name: "python3.8",
        deprecated: "2024-10-14",
        create_block: Some("2027-02-01"),
        successor: Some("python3.14"),
    },
    LambdaRuntime {
        name: "python3.9",
        deprecated: "2025-12-15",
        create_block: Some("2027-02-01"),
        successor: Some("python3.14"),
    },
    LambdaRuntime {
        name: "ruby2.5",
        deprecated: "2021-07-30",
        create_block: Some("2021-07-30"),
        successor: Some("ruby4.0"),
    },
    LambdaRuntime {
        name: "ruby2.7",
        deprecated: "2023-12-07",
        create_block: Some("2024-01-09"),
        successor: Some("ruby4.0"),
    },
    LambdaRuntime {
        name: "ruby3.2",
        deprecated: "2026-03-31",
        create_block: Some("2027-02-01"),
        successor: Some("ruby4.0"),
    },
    LambdaRuntime {
        name: "ruby3.3",
        deprecated: "2027-03-31",
        create_block: Some("2027-04-30"),
        successor: Some("ruby4.0"),
    },
    LambdaRuntime {
        name: "ruby3.4",
        deprecated: "2028-03-31",
        create_block: Some("2028-04-30"),
        successor: Some("ruby4.0"),
    },
    LambdaRuntime {
        name: "ruby4.0",
        deprecated: "2029-03-31",
        create_block: Some("2029-04-30"),
        successor: None,
    },
];

/// What a dated fact means for a stack as of [`AS_OF`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dated {
    /// AWS refuses it since `since`: a compile error.
    Blocked {
        /// The date it became blocked.
        since: &'static str,
    },
    /// Still accepted, but retired or about to be: a warning that carries the dates.
    Announced {
        /// What is announced, with its dates.
        what: String,
    },
    /// Nothing to say.
    Fine,
}

/// A Lambda runtime as of [`AS_OF`]: blocked once its create-block date has passed; announced
/// once it is deprecated or its create-block date is set; unknown names are left to the
/// schema check.
pub fn lambda_runtime(name: &str) -> Dated {
    let Some(r) = LAMBDA_RUNTIMES.iter().find(|r| r.name == name) else {
        return Dated::Fine;
    };
    match r.create_block {
        Some(block) if block <= AS_OF => Dated::Blocked { since: block },
        Some(block) if r.deprecated <= AS_OF => Dated::Announced {
            what: format!("deprecated since {} (no security patches); Lambda refuses to create functions on it from {block}", r.deprecated),
        },
        _ if r.deprecated <= AS_OF => Dated::Announced {
            what: format!("deprecated since {} (no security patches)", r.deprecated),
        },
        _ => Dated::Fine,
    }
}

/// Aurora PostgreSQL major versions and the end of their standard support, where announced.
/// Source: shared/AWS-FACTS.md (Aurora PostgreSQL 14: end of standard support 2027-02-28;
/// after it, clusters are enrolled in paid RDS Extended Support unless
/// `EngineLifecycleSupport` is `open-source-rds-extended-support-disabled`).
pub const AURORA_POSTGRES_STANDARD_SUPPORT_END: &[(&str, &str)] = &[("14", "2027-02-28")];

/// The end of standard support of an Aurora PostgreSQL version's major, if announced.
pub fn aurora_postgres_support_end(version: &str) -> Option<&'static str> {
    let major = version.split('.').next()?;
    AURORA_POSTGRES_STANDARD_SUPPORT_END
        .iter()
        .find(|(m, _)| *m == major)
        .map(|(_, d)| *d)
}

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
        // The prefixes of the known region codes (ha_naming: `us`, `eu`, `eusc`, ...).
        for p in ha_naming::KNOWN_REGIONS
            .iter()
            .filter_map(|r| r.split('-').next())
        {
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
        // A known code the pattern does not describe, such as `eusc-de-east-1`.
        if let Some(r) = ha_naming::KNOWN_REGIONS
            .iter()
            .find(|r| rest.starts_with(**r))
        {
            return Some((*r).to_owned());
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
