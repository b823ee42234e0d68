//! One home for the naming facts every layer of the toolkit uses: the grammar of the
//! environment suffix, which properties hold a physical name, and the limits of those names
//! (length, characters, structure) with their AWS sources; also the pseudo parameters' worst
//! cases and the region codes, which the CLI's `--region` check and the macro's hard-coded
//! region rule (HA-P003) share.
//!
//! The `stack!{}` macro checks names written in a stack at compile time, with the suffix at its
//! longest ([`suffix::MAX_LEN`]); `ha_core::synth` checks the rendered template with the real
//! suffix; a stack's CLI validates `--suffix` with [`suffix::problems`]. All three read these
//! tables, so they cannot disagree. The crate has no dependencies: the proc macro and the
//! runtime both link it.

use std::fmt;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// CloudFormation or the service would reject the template: synth fails.
    Error,
    /// Legal, but likely to surprise (e.g. a canary name longer than 21 characters).
    Warning,
    /// Something the deployer must act on (e.g. the template must be uploaded to S3).
    Info,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        })
    }
}

pub mod suffix;

mod tables;
pub use tables::{KNOWN_REGIONS, PHYSICAL_NAMES, PSEUDO};

pub fn collapse_hyphens(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !(c == '-' && out.ends_with('-')) {
            out.push(c);
        }
    }
    out
}

/// The characters of `s` that `ok` rejects, quoted and deduplicated, e.g. `` `A`, `_` ``.
pub fn bad_chars(s: &str, ok: impl Fn(char) -> bool) -> String {
    let mut seen: Vec<char> = Vec::new();
    for c in s.chars().filter(|c| !ok(*c)) {
        if !seen.contains(&c) {
            seen.push(c);
        }
    }
    seen.iter()
        .map(|c| format!("`{}`", c.escape_default()))
        .collect::<Vec<_>>()
        .join(", ")
}

// ---------------------------------------------------------------------------------------------
// Physical names
// ---------------------------------------------------------------------------------------------

/// A piece of a physical name as far as synth knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// Literal text.
    Lit(String),
    /// A value CloudFormation substitutes: `${AWS::Region}` (bounded, with its possible
    /// characters), `${Bucket.Arn}` or a `Ref` (unbounded).
    Var {
        name: String,
        max: Option<usize>,
        chars: &'static str,
    },
}

/// A physical name: literal text and substituted values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name(pub Vec<Seg>);

impl Name {
    /// The name with substitutions shown as `${...}`.
    pub fn display(&self) -> String {
        self.0
            .iter()
            .map(|s| match s {
                Seg::Lit(t) => t.clone(),
                Seg::Var { name, .. } => format!("${{{name}}}"),
            })
            .collect()
    }

    /// The longest the name can be, `None` if some part is unbounded.
    pub fn max_len(&self) -> Option<usize> {
        self.0.iter().try_fold(0, |acc, s| match s {
            Seg::Lit(t) => Some(acc + t.chars().count()),
            Seg::Var { max, .. } => max.map(|m| acc + m),
        })
    }

    /// The whole name when it is fully literal.
    pub fn literal(&self) -> Option<String> {
        self.0
            .iter()
            .map(|s| match s {
                Seg::Lit(t) => Some(t.as_str()),
                Seg::Var { .. } => None,
            })
            .collect()
    }

    /// The literal pieces, in order.
    pub fn lits(&self) -> impl Iterator<Item = &str> {
        self.0.iter().filter_map(|s| match s {
            Seg::Lit(t) => Some(t.as_str()),
            Seg::Var { .. } => None,
        })
    }

    /// The literal text the name starts with ("" if it starts with a substitution).
    pub fn prefix(&self) -> &str {
        match self.0.first() {
            Some(Seg::Lit(t)) => t,
            _ => "",
        }
    }

    /// The literal text the name ends with ("" if it ends with a substitution).
    pub fn suffix(&self) -> &str {
        match self.0.last() {
            Some(Seg::Lit(t)) => t,
            _ => "",
        }
    }

    /// Whether the name starts with literal text.
    pub fn starts_known(&self) -> bool {
        !self.prefix().is_empty()
    }

    /// Whether the name ends with literal text.
    pub fn ends_known(&self) -> bool {
        !self.suffix().is_empty()
    }
}

/// Appends literal text, merged into a preceding literal piece.
pub fn push_lit(segs: &mut Vec<Seg>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Seg::Lit(t)) = segs.last_mut() {
        t.push_str(text);
    } else {
        segs.push(Seg::Lit(text.to_owned()));
    }
}

/// A substitution `${name}`: a pseudo parameter at its worst case ([`PSEUDO`]), anything else
/// (a resource, a parameter) unbounded.
pub fn var(name: &str) -> Seg {
    let (max, chars) = PSEUDO
        .iter()
        .find(|(n, ..)| *n == name)
        .map_or((None, ""), |(_, max, chars)| (*max, *chars));
    Seg::Var {
        name: name.to_owned(),
        max,
        chars,
    }
}

/// Splits `Fn::Sub` text into literal pieces and substitutions, appending to `segs`: `${!x}` is
/// the literal `${x}`, an unterminated `${` is literal text, and `sub` turns the name of every
/// other `${..}` into pieces.
pub fn split_sub(text: &str, segs: &mut Vec<Seg>, mut sub: impl FnMut(&str, &mut Vec<Seg>)) {
    let mut rest = text;
    while let Some(i) = rest.find("${") {
        push_lit(segs, &rest[..i]);
        let after = &rest[i + 2..];
        let Some(end) = after.find('}') else {
            push_lit(segs, &rest[i..]);
            return;
        };
        let inner = &after[..end];
        if let Some(escaped) = inner.strip_prefix('!') {
            push_lit(segs, &format!("${{{escaped}}}"));
        } else {
            sub(inner, segs);
        }
        rest = &after[end + 1..];
    }
    push_lit(segs, rest);
}

/// The name rule of a type's physical-name property, when the table has one.
pub fn rule_for(type_name: &str, property: &str) -> Option<&'static NameRule> {
    NAME_RULES
        .iter()
        .find(|r| r.type_name == type_name && r.property == property)
}

/// The limits of one physical-name property.
pub struct NameRule {
    /// CloudFormation type.
    pub type_name: &'static str,
    /// Property holding the name.
    pub property: &'static str,
    /// Minimum length.
    pub min: usize,
    /// Maximum length.
    pub max: usize,
    /// Allowed characters.
    pub allowed: fn(char) -> bool,
    /// The allowed characters in words.
    pub allowed_desc: &'static str,
    /// Further structural rules; each finding is (what is wrong, how to fix it, severity).
    pub extra: fn(&Name, &mut Vec<(Severity, String, String)>),
    /// The AWS documentation the limits come from.
    pub source: &'static str,
}

/// ASCII letters and digits.
pub fn alnum(c: char) -> bool {
    c.is_ascii_alphanumeric()
}
fn alnum_hyphen(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-'
}
fn alnum_hyphen_underscore(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}
fn s3_chars(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-'
}
fn canary_chars(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-'
}
fn iam_chars(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_+=,.@-".contains(c)
}
fn queue_chars(c: char) -> bool {
    // `.` only in the `.fifo` suffix, checked in `fifo_rules`.
    alnum_hyphen_underscore(c) || c == '.'
}
fn dynamodb_chars(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_.-".contains(c)
}
fn log_group_chars(c: char) -> bool {
    c.is_ascii_alphanumeric() || "._-/#".contains(c)
}
fn event_bus_chars(c: char) -> bool {
    c.is_ascii_alphanumeric() || "._-".contains(c)
}
fn sfn_chars(c: char) -> bool {
    !(c.is_whitespace() || c.is_control() || "<>{}[]?*\"#%\\^|~`$&,;:/".contains(c))
}
fn ssm_chars(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_.-/".contains(c)
}
fn kms_alias_chars(c: char) -> bool {
    c.is_ascii_alphanumeric() || ":/_-".contains(c)
}
/// Any character (alarm names).
pub fn any_char(_: char) -> bool {
    true
}
fn dns_chars(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_' || c == '*'
}
fn secret_chars(c: char) -> bool {
    c.is_ascii_alphanumeric() || "/_+=.@-".contains(c)
}

/// Findings of a name check: (severity, what is wrong, how to fix it).
pub type Findings = Vec<(Severity, String, String)>;

fn no_extra(_: &Name, _: &mut Findings) {}

fn error(out: &mut Findings, what: impl Into<String>, fix: impl Into<String>) {
    out.push((Severity::Error, what.into(), fix.into()));
}

fn edges_alnum(n: &Name, out: &mut Findings) {
    if n.prefix().starts_with(|c: char| !c.is_ascii_alphanumeric()) {
        error(
            out,
            "starts with a character other than a letter or digit",
            "start the name with a letter or digit",
        );
    }
    if n.suffix().ends_with(|c: char| !c.is_ascii_alphanumeric()) {
        error(
            out,
            "ends with a character other than a letter or digit",
            "end the name with a letter or digit",
        );
    }
}

fn s3_rules(n: &Name, out: &mut Findings) {
    edges_alnum(n, out);
    if n.lits().any(|t| t.contains("..")) {
        error(out, "contains `..`", "use a single `.` between labels");
    }
    if n.lits().any(|t| t.contains(".-") || t.contains("-.")) {
        error(
            out,
            "has a `-` next to a `.`",
            "do not put `-` at either side of `.`",
        );
    }
    if let Some(full) = n.literal() {
        let parts: Vec<&str> = full.split('.').collect();
        if parts.len() == 4
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
        {
            error(
                out,
                "is formatted as an IP address",
                "use a name with letters, e.g. a prefix",
            );
        }
    }
    for bad in ["xn--", "sthree-", "amzn-s3-demo-"] {
        if n.prefix().starts_with(bad) {
            error(
                out,
                format!("starts with the reserved prefix `{bad}`"),
                "choose another prefix",
            );
        }
    }
    for bad in ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"] {
        if n.suffix().ends_with(bad) {
            error(
                out,
                format!("ends with the reserved suffix `{bad}`"),
                "choose another ending",
            );
        }
    }
    for v in n.0.iter() {
        if let Seg::Var { name, chars, .. } = v {
            if chars.chars().any(|c| c.is_ascii_uppercase()) {
                out.push((
                    Severity::Warning,
                    format!("substitutes `${{{name}}}`, which may contain uppercase letters that bucket names reject"),
                    "use a lowercase literal instead (e.g. the suffix)".into(),
                ));
            }
        }
    }
}

fn elb_common(n: &Name, out: &mut Findings) {
    if n.prefix().starts_with('-') {
        error(
            out,
            "starts with `-`",
            "start the name with a letter or digit",
        );
    }
    if n.suffix().ends_with('-') {
        error(out, "ends with `-`", "end the name with a letter or digit");
    }
}

fn alb_rules(n: &Name, out: &mut Findings) {
    elb_common(n, out);
    if n.prefix().starts_with("internal-") {
        error(
            out,
            "starts with `internal-`, which ELB reserves",
            "choose another prefix",
        );
    }
}

fn canary_rules(n: &Name, out: &mut Findings) {
    if let Some(len) = n.max_len() {
        if len > 21 {
            out.push((
                Severity::Warning,
                format!("can be {len} characters; Synthetics uses only the first 21 for the Lambda function, role and log group it creates"),
                "keep canary names to 21 characters or fewer so derived names stay unambiguous".into(),
            ));
        }
    }
}

fn fifo_rules(n: &Name, out: &mut Findings) {
    let body_has_dot = n.0.iter().enumerate().any(|(i, s)| match s {
        Seg::Lit(t) if i + 1 == n.0.len() => t.strip_suffix(".fifo").unwrap_or(t).contains('.'),
        Seg::Lit(t) => t.contains('.'),
        Seg::Var { .. } => false,
    });
    if body_has_dot {
        error(
            out,
            "contains `.` outside the `.fifo` suffix",
            "use only letters, digits, `-` and `_`, and `.fifo` at the end of FIFO names",
        );
    }
}

fn rds_rules(n: &Name, out: &mut Findings) {
    if n.prefix().starts_with(|c: char| !c.is_ascii_alphabetic()) {
        error(
            out,
            "does not start with a letter",
            "start the identifier with a letter",
        );
    }
    if n.lits().any(|t| t.contains("--")) {
        error(out, "contains `--`", "use single hyphens");
    }
    if n.suffix().ends_with('-') {
        error(
            out,
            "ends with `-`",
            "end the identifier with a letter or digit",
        );
    }
}

fn event_bus_rules(n: &Name, out: &mut Findings) {
    if n.literal().as_deref() == Some("default") {
        error(
            out,
            "is `default`, the account's own bus",
            "choose another name",
        );
    }
}

fn ssm_rules(n: &Name, out: &mut Findings) {
    let start = n.prefix().to_ascii_lowercase();
    let trimmed = start.trim_start_matches('/');
    if n.starts_known() && (trimmed.starts_with("aws") || trimmed.starts_with("ssm")) {
        error(
            out,
            "starts with `aws` or `ssm`, which Parameter Store reserves",
            "use another first path segment",
        );
    }
    let text = n.display();
    if text.contains('/') {
        if n.starts_known() && !text.starts_with('/') {
            error(
                out,
                "is a hierarchy that does not start with `/`",
                "start hierarchical names with `/`",
            );
        }
        if n.lits().any(|t| t.contains("//")) || (n.ends_known() && text.ends_with('/')) {
            error(
                out,
                "has an empty path segment",
                "remove doubled and trailing `/`",
            );
        }
        let depth = text.trim_start_matches('/').split('/').count();
        if depth > 15 {
            error(
                out,
                format!("has {depth} path segments, more than 15"),
                "flatten the hierarchy",
            );
        }
    }
}

fn kms_alias_rules(n: &Name, out: &mut Findings) {
    if !n.prefix().starts_with("alias/") {
        error(
            out,
            "does not start with `alias/`",
            "write the name as `alias/<name>`",
        );
    } else if n.prefix().starts_with("alias/aws/") {
        error(
            out,
            "starts with `alias/aws/`, which AWS reserves for AWS managed keys",
            "use another alias, e.g. `alias/<app>/<suffix>`",
        );
    }
}

fn hosted_zone_rules(n: &Name, out: &mut Findings) {
    let Some(full) = n.literal() else { return };
    let name = full.strip_suffix('.').unwrap_or(&full);
    let labels: Vec<&str> = name.split('.').collect();
    if labels.len() < 2 {
        error(
            out,
            "has a single label (a top-level domain)",
            "use a domain with at least two labels, e.g. `example.com`",
        );
    }
    for l in &labels {
        if l.is_empty() {
            error(
                out,
                "has an empty label",
                "remove the doubled or leading `.`",
            );
        } else if l.chars().count() > 63 {
            error(
                out,
                format!("has the label `{l}` longer than 63 characters"),
                "shorten the label",
            );
        }
    }
}

fn secret_rules(n: &Name, out: &mut Findings) {
    let tail = n.suffix();
    let b = tail.as_bytes();
    if b.len() >= 7
        && b[b.len() - 7] == b'-'
        && b[b.len() - 6..].iter().all(u8::is_ascii_alphanumeric)
        && n.ends_known()
    {
        out.push((
            Severity::Warning,
            "ends with a hyphen and six characters, which looks like the random suffix Secrets Manager appends to ARNs".into(),
            "avoid `-xxxxxx` endings so partial ARNs resolve unambiguously".into(),
        ));
    }
}

/// Physical-name limits per resource type. The source of each limit is the `source` URL; where
/// the CloudFormation schema (cfn-lint 1.58.0, vendored under `schemas/`) and the service API
/// reference differ, the stricter one is used.
pub static NAME_RULES: &[NameRule] = &[
    NameRule {
        type_name: "AWS::S3::Bucket",
        property: "BucketName",
        min: 3,
        max: 63,
        allowed: s3_chars,
        allowed_desc: "lowercase letters, digits, `.` and `-`",
        extra: s3_rules,
        source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html",
    },
    NameRule {
        type_name: "AWS::ElasticLoadBalancingV2::LoadBalancer",
        property: "Name",
        min: 1,
        max: 32,
        allowed: alnum_hyphen,
        allowed_desc: "letters, digits and `-`",
        extra: alb_rules,
        source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html",
    },
    NameRule {
        type_name: "AWS::ElasticLoadBalancingV2::TargetGroup",
        property: "Name",
        min: 1,
        max: 32,
        allowed: alnum_hyphen,
        allowed_desc: "letters, digits and `-`",
        extra: elb_common,
        source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html",
    },
    NameRule {
        type_name: "AWS::Synthetics::Canary",
        property: "Name",
        min: 1,
        max: 255,
        allowed: canary_chars,
        allowed_desc: "lowercase letters, digits, `_` and `-`",
        extra: canary_rules,
        source: "https://docs.aws.amazon.com/AmazonSynthetics/latest/APIReference/API_CreateCanary.html (schema pattern ^[0-9a-z_\\-]{1,255}$; 21-character note: API_DeleteCanary)",
    },
    NameRule {
        type_name: "AWS::Lambda::Function",
        property: "FunctionName",
        min: 1,
        max: 64,
        allowed: alnum_hyphen_underscore,
        allowed_desc: "letters, digits, `-` and `_`",
        extra: no_extra,
        source: "https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html",
    },
    NameRule {
        type_name: "AWS::IAM::Role",
        property: "RoleName",
        min: 1,
        max: 64,
        allowed: iam_chars,
        allowed_desc: "letters, digits and `_+=,.@-`",
        extra: no_extra,
        source: "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html",
    },
    NameRule {
        type_name: "AWS::SQS::Queue",
        property: "QueueName",
        min: 1,
        max: 80,
        allowed: queue_chars,
        allowed_desc: "letters, digits, `-`, `_` (and a `.fifo` suffix)",
        extra: fifo_rules,
        source: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html",
    },
    NameRule {
        type_name: "AWS::SNS::Topic",
        property: "TopicName",
        min: 1,
        max: 256,
        allowed: queue_chars,
        allowed_desc: "letters, digits, `-`, `_` (and a `.fifo` suffix)",
        extra: fifo_rules,
        source: "https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html",
    },
    NameRule {
        type_name: "AWS::DynamoDB::Table",
        property: "TableName",
        min: 3,
        max: 255,
        allowed: dynamodb_chars,
        allowed_desc: "letters, digits, `_`, `.` and `-`",
        extra: no_extra,
        source: "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html",
    },
    NameRule {
        type_name: "AWS::Logs::LogGroup",
        property: "LogGroupName",
        min: 1,
        max: 512,
        allowed: log_group_chars,
        allowed_desc: "letters, digits and `._-/#`",
        extra: no_extra,
        source: "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html",
    },
    NameRule {
        type_name: "AWS::RDS::DBCluster",
        property: "DBClusterIdentifier",
        min: 1,
        max: 63,
        allowed: alnum_hyphen,
        allowed_desc: "letters, digits and `-`",
        extra: rds_rules,
        source: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html",
    },
    NameRule {
        type_name: "AWS::RDS::DBInstance",
        property: "DBInstanceIdentifier",
        min: 1,
        max: 63,
        allowed: alnum_hyphen,
        allowed_desc: "letters, digits and `-`",
        extra: rds_rules,
        source: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html",
    },
    NameRule {
        type_name: "AWS::ECS::Cluster",
        property: "ClusterName",
        min: 1,
        max: 255,
        allowed: alnum_hyphen_underscore,
        allowed_desc: "letters, digits, `-` and `_`",
        extra: no_extra,
        source: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html",
    },
    NameRule {
        type_name: "AWS::ECS::Service",
        property: "ServiceName",
        min: 1,
        max: 255,
        allowed: alnum_hyphen_underscore,
        allowed_desc: "letters, digits, `-` and `_`",
        extra: no_extra,
        source: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html",
    },
    NameRule {
        type_name: "AWS::Events::EventBus",
        property: "Name",
        min: 1,
        max: 256,
        allowed: event_bus_chars,
        allowed_desc: "letters, digits and `._-` (custom buses may not contain `/`)",
        extra: event_bus_rules,
        source: "https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateEventBus.html (schema maxLength 256)",
    },
    NameRule {
        type_name: "AWS::Events::Rule",
        property: "Name",
        min: 1,
        max: 64,
        allowed: event_bus_chars,
        allowed_desc: "letters, digits and `._-`",
        extra: no_extra,
        source: "https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html",
    },
    NameRule {
        type_name: "AWS::StepFunctions::StateMachine",
        property: "StateMachineName",
        min: 1,
        max: 80,
        allowed: sfn_chars,
        allowed_desc: "characters other than whitespace, control characters and `<>{}[]?*\"#%\\^|~`$&,;:/`",
        extra: no_extra,
        source: "https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachine.html",
    },
    NameRule {
        type_name: "AWS::Backup::BackupVault",
        property: "BackupVaultName",
        min: 2,
        max: 50,
        allowed: alnum_hyphen_underscore,
        allowed_desc: "letters, digits, `-` and `_`",
        extra: no_extra,
        source: "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupVault.html",
    },
    NameRule {
        type_name: "AWS::SSM::Parameter",
        property: "Name",
        min: 1,
        max: 2048,
        allowed: ssm_chars,
        allowed_desc: "letters, digits and `_.-/`",
        extra: ssm_rules,
        source: "https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-parameter-name-constraints.html",
    },
    NameRule {
        type_name: "AWS::KMS::Alias",
        property: "AliasName",
        min: 7,
        max: 256,
        allowed: kms_alias_chars,
        allowed_desc: "letters, digits and `:/_-`",
        extra: kms_alias_rules,
        source: "https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html",
    },
    NameRule {
        type_name: "AWS::CloudWatch::Alarm",
        property: "AlarmName",
        min: 1,
        max: 255,
        allowed: any_char,
        allowed_desc: "any characters",
        extra: no_extra,
        source: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html",
    },
    NameRule {
        type_name: "AWS::CloudWatch::CompositeAlarm",
        property: "AlarmName",
        min: 1,
        max: 255,
        allowed: any_char,
        allowed_desc: "any characters",
        extra: no_extra,
        source: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutCompositeAlarm.html",
    },
    NameRule {
        type_name: "AWS::Route53::HostedZone",
        property: "Name",
        min: 1,
        max: 255,
        allowed: dns_chars,
        allowed_desc: "letters, digits, `-`, `_`, `*` and `.`",
        extra: hosted_zone_rules,
        source: "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DomainNameFormat.html",
    },
    NameRule {
        type_name: "AWS::SecretsManager::Secret",
        property: "Name",
        min: 1,
        max: 512,
        allowed: secret_chars,
        allowed_desc: "letters, digits and `/_+=.@-`",
        extra: secret_rules,
        source: "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html",
    },
];

/// Checks `name` against `rule`: its length (at the worst case of every bounded
/// substitution), its minimum length when fully literal, the characters of its literal text,
/// and the type's structural rules.
pub fn check(rule: &NameRule, name: &Name) -> Findings {
    let mut out = Vec::new();
    let mut push = |severity: Severity, message: String, fix: String| {
        out.push((severity, message, fix));
    };
    if let Some(len) = name.max_len() {
        let worst = if name.literal().is_some() {
            "is"
        } else {
            "can be (worst case, pseudo parameters at their longest)"
        };
        if len > rule.max {
            push(
                Severity::Error,
                format!(
                    "{worst} {len} characters, more than the {} allowed",
                    rule.max
                ),
                format!("shorten the name by {} characters", len - rule.max),
            );
        }
    }
    if let Some(full) = name.literal() {
        let len = full.chars().count();
        if len < rule.min {
            push(
                Severity::Error,
                format!("is {len} characters, fewer than the {} required", rule.min),
                format!("lengthen the name to at least {} characters", rule.min),
            );
        }
    }
    let bad = bad_chars(&name.lits().collect::<String>(), rule.allowed);
    if !bad.is_empty() {
        push(
            Severity::Error,
            format!("contains {bad}; allowed are {}", rule.allowed_desc),
            "remove or replace those characters".into(),
        );
    }
    let mut found = Vec::new();
    (rule.extra)(name, &mut found);
    for (severity, what, fix) in found {
        push(severity, what, fix);
    }
    out
}
