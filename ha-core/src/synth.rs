//! Synth-time checks: everything that can only be known once the stack is built for an
//! environment (the suffix itself, physical-name limits per resource type, CloudFormation's
//! template quotas), run before any template is written.
//!
//! Every check collects all of its problems instead of stopping at the first one (the
//! habit of serde_derive's `Ctxt`), and every [`Problem`] names its input, says what is wrong
//! and how to fix it. [`synth`] runs them all and either returns the template text or a
//! [`SynthErrors`] that lists every problem, one per line.

use crate::stack::{Env, Stack};
use crate::template::Template;
use crate::value::Pseudo;
use serde_json::Value as J;
use std::fmt;

/// CloudFormation quotas. Source: AWS CloudFormation User Guide, "Understand CloudFormation
/// quotas" (<https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html>,
/// awsdocs `doc_source/cloudformation-limits.md`), cross-checked with cfn-lint 1.58.0
/// `helpers.LIMITS`; see shared/AWS-FACTS.md section 12 (the project's fact sheet).
pub mod limits {
    /// Resources declared in one template.
    pub const MAX_RESOURCES: usize = 500;
    /// Outputs declared in one template.
    pub const MAX_OUTPUTS: usize = 200;
    /// Parameters declared in one template.
    pub const MAX_PARAMETERS: usize = 200;
    /// Mappings declared in one template.
    pub const MAX_MAPPINGS: usize = 200;
    /// Attributes (keys) in one mapping.
    pub const MAX_MAPPING_ATTRIBUTES: usize = 200;
    /// Length of a logical id (resource, parameter, output, mapping, condition name).
    pub const MAX_LOGICAL_ID: usize = 255;
    /// Bytes of the template `Description`.
    pub const MAX_DESCRIPTION_BYTES: usize = 1024;
    /// Bytes of a template body passed inline (`--template-body`).
    pub const MAX_INLINE_BODY_BYTES: usize = 51_200;
    /// Bytes of a template body passed through an S3 URL (1 MB; cfn-lint uses 1,000,000).
    pub const MAX_S3_BODY_BYTES: usize = 1_000_000;
    /// Longest environment suffix (see [`super::validate_suffix`] for the budget).
    pub const MAX_SUFFIX: usize = 16;
}

/// How serious a [`Problem`] is.
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

/// One finding of a synth-time check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Error, warning or info.
    pub severity: Severity,
    /// The input at fault, e.g. `` `--suffix` `` or `` resource `Bucket` (AWS::S3::Bucket) property BucketName ``.
    pub input: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub fix: String,
}

impl Problem {
    fn new(
        severity: Severity,
        input: impl Into<String>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Problem {
            severity,
            input: input.into(),
            message: message.into(),
            fix: fix.into(),
        }
    }

    /// Is this an error (as opposed to a warning or info)?
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}; fix: {}",
            self.severity, self.input, self.message, self.fix
        )
    }
}

/// The problems that stopped a synth: every error, plus the warnings and infos found with them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthErrors {
    /// All problems, errors first, in the order the checks found them.
    pub problems: Vec<Problem>,
}

impl SynthErrors {
    /// The errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| p.is_error())
    }
}

impl fmt::Display for SynthErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.errors().count();
        let mut text = format!(
            "synth failed with {n} error{}:",
            if n == 1 { "" } else { "s" }
        );
        for p in &self.problems {
            text.push('\n');
            text.push_str(&p.to_string());
        }
        f.write_str(&text)
    }
}

impl std::error::Error for SynthErrors {}

/// A template that passed every synth-time check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synthesized {
    /// The template text (identical to [`Template::to_json_string`]).
    pub json: String,
    /// `json.len()`.
    pub bytes: usize,
    /// The template is larger than the inline limit and must be deployed through S3.
    pub needs_s3: bool,
    /// Number of resources.
    pub resource_count: usize,
    /// Warnings and infos (never errors).
    pub notes: Vec<Problem>,
}

/// Runs every synth-time check on `stack` built for `env`, then renders the template.
///
/// All problems of all checks are collected; any error fails the synth.
pub fn synth(stack: &Stack, env: &Env) -> Result<Synthesized, SynthErrors> {
    let rendered = stack.template.render();
    let mut json = serde_json::to_string_pretty(&rendered).expect("JSON values always serialize");
    json.push('\n');

    let mut problems = validate_suffix(env);
    problems.extend(names_of(&rendered));
    problems.extend(limits_of(&stack.template, json.len()));
    problems.sort_by_key(|p| p.severity);

    if problems.iter().any(Problem::is_error) {
        return Err(SynthErrors { problems });
    }
    Ok(Synthesized {
        bytes: json.len(),
        needs_s3: json.len() > limits::MAX_INLINE_BODY_BYTES,
        resource_count: stack.template.resources.len(),
        json,
        notes: problems,
    })
}

// ---------------------------------------------------------------------------------------------
// Suffix
// ---------------------------------------------------------------------------------------------

/// Checks the environment suffix every physical name carries.
///
/// Allowed: `[a-z0-9-]`, starting and ending with a letter or digit, no `--`, 1 to 16
/// characters. Lowercase because S3 bucket names and Synthetics canary names derive from it
/// and accept no uppercase; no leading/trailing or doubled hyphen because the suffix is
/// joined to prefixes with `-` and RDS identifiers reject `--` and a trailing `-`, ALB and
/// target-group names a leading or trailing one. The 16-character budget: the longest derived
/// names must still fit their limits, and the tightest are ALB and target-group names (32
/// characters), whose prefixes (`<app>-tg-green-`) take up to 16, and canary names, which
/// should stay within 21.
pub fn validate_suffix(env: &Env) -> Vec<Problem> {
    let input = format!("the suffix `{}` (from {})", env.suffix, env.suffix_source);
    let source = &env.suffix_source;
    let s = env.suffix.as_str();
    let mut out = Vec::new();
    let mut err = |message: String, fix: String| {
        out.push(Problem::new(Severity::Error, input.clone(), message, fix));
    };
    if s.is_empty() {
        err(
            "is empty; every physical name carries the suffix, so environments would collide"
                .into(),
            format!(
                "set {source} to 1-{} characters of [a-z0-9-], e.g. `dev`",
                limits::MAX_SUFFIX
            ),
        );
        return out;
    }
    let n = s.chars().count();
    if n > limits::MAX_SUFFIX {
        err(
            format!(
                "is {n} characters, more than {}: the longest names derived from it (ALB and target-group names, limit 32 characters) would not fit",
                limits::MAX_SUFFIX
            ),
            format!("shorten {source} to at most {} characters", limits::MAX_SUFFIX),
        );
    }
    let bad = bad_chars(s, |c| {
        c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'
    });
    if !bad.is_empty() {
        let lower: String = s
            .chars()
            .map(|c| c.to_ascii_lowercase())
            .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
            .collect();
        err(
            format!(
                "contains {bad}; only lowercase letters, digits and `-` are allowed, because S3 bucket and canary names derive from it"
            ),
            format!("set {source} to `{lower}`"),
        );
    }
    if s.starts_with('-') || s.ends_with('-') {
        err(
            "starts or ends with `-`; it is joined to prefixes with `-`, and ALB, target-group and RDS names may not have a doubled, leading or trailing hyphen".into(),
            format!("set {source} to `{}`", s.trim_matches('-')),
        );
    }
    if s.contains("--") {
        err(
            "contains `--`, which RDS cluster and instance identifiers reject".into(),
            format!(
                "set {source} to a value with single hyphens, e.g. `{}`",
                collapse_hyphens(s)
            ),
        );
    }
    out
}

#[doc(hidden)]
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
#[doc(hidden)]
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
#[doc(hidden)]
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
#[doc(hidden)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name(Vec<Seg>);

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

    fn lits(&self) -> impl Iterator<Item = &str> {
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

    fn starts_known(&self) -> bool {
        !self.prefix().is_empty()
    }

    pub fn ends_known(&self) -> bool {
        !self.suffix().is_empty()
    }
}

/// Characters a pseudo parameter's value can contain.
#[doc(hidden)]
pub fn pseudo_chars(p: Pseudo) -> &'static str {
    match p {
        Pseudo::Region => "abcdefghijklmnopqrstuvwxyz0123456789-",
        Pseudo::AccountId => "0123456789",
        Pseudo::Partition => "abcdefghijklmnopqrstuvwxyz-",
        Pseudo::UrlSuffix => "abcdefghijklmnopqrstuvwxyz.",
        // Stack names: `[a-zA-Z][-a-zA-Z0-9]*`.
        _ => "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-",
    }
}

fn var(name: &str) -> Seg {
    match Pseudo::from_name(name) {
        Some(p) => Seg::Var {
            name: name.to_owned(),
            max: p.max_len(),
            chars: pseudo_chars(p),
        },
        None => Seg::Var {
            name: name.to_owned(),
            max: None,
            chars: "",
        },
    }
}

#[doc(hidden)]
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

/// Splits an `Fn::Sub` string into literal text and substitutions; variables of `vars` that
/// are themselves evaluable are inlined.
fn parse_sub(s: &str, vars: Option<&serde_json::Map<String, J>>, segs: &mut Vec<Seg>) {
    let mut rest = s;
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
        } else if let Some(v) = vars.and_then(|m| m.get(inner)) {
            match eval(v) {
                Some(Name(inner_segs)) => {
                    for seg in inner_segs {
                        match seg {
                            Seg::Lit(t) => push_lit(segs, &t),
                            other => segs.push(other),
                        }
                    }
                }
                None => segs.push(var(inner)),
            }
        } else {
            segs.push(var(inner));
        }
        rest = &after[end + 1..];
    }
    push_lit(segs, rest);
}

/// What synth knows of a rendered property value used as a name; `None` for values that are
/// not strings at all (numbers, lists).
#[doc(hidden)]
pub fn eval(v: &J) -> Option<Name> {
    match v {
        J::String(s) => Some(Name(vec![Seg::Lit(s.clone())])),
        J::Object(o) if o.len() == 1 => {
            let (k, arg) = o.iter().next().expect("one key");
            let mut segs = Vec::new();
            match (k.as_str(), arg) {
                ("Fn::Sub", J::String(s)) => parse_sub(s, None, &mut segs),
                ("Fn::Sub", J::Array(a)) if a.len() == 2 => match (&a[0], &a[1]) {
                    (J::String(s), J::Object(m)) => parse_sub(s, Some(m), &mut segs),
                    _ => segs.push(var("Fn::Sub")),
                },
                ("Ref", J::String(name)) => segs.push(var(name)),
                ("Fn::Join", J::Array(a)) if a.len() == 2 => match (&a[0], &a[1]) {
                    (J::String(sep), J::Array(items)) => {
                        for (i, item) in items.iter().enumerate() {
                            if i > 0 {
                                push_lit(&mut segs, sep);
                            }
                            match eval(item) {
                                Some(Name(parts)) => {
                                    for seg in parts {
                                        match seg {
                                            Seg::Lit(t) => push_lit(&mut segs, &t),
                                            other => segs.push(other),
                                        }
                                    }
                                }
                                None => segs.push(var("Fn::Join item")),
                            }
                        }
                    }
                    _ => segs.push(var("Fn::Join")),
                },
                (other, _) => segs.push(var(other)),
            }
            Some(Name(segs))
        }
        _ => None,
    }
}

/// The limits of one physical-name property.
struct NameRule {
    /// CloudFormation type.
    type_name: &'static str,
    /// Property holding the name.
    property: &'static str,
    /// Minimum length.
    min: usize,
    /// Maximum length.
    max: usize,
    /// Allowed characters.
    allowed: fn(char) -> bool,
    /// The allowed characters in words.
    allowed_desc: &'static str,
    /// Further structural rules; each finding is (what is wrong, how to fix it, severity).
    extra: fn(&Name, &mut Vec<(Severity, String, String)>),
    /// The AWS documentation the limits come from.
    source: &'static str,
}

fn alnum(c: char) -> bool {
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
#[doc(hidden)]
pub fn any_char(_: char) -> bool {
    true
}
fn dns_chars(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_' || c == '*'
}
fn secret_chars(c: char) -> bool {
    c.is_ascii_alphanumeric() || "/_+=.@-".contains(c)
}

type Findings = Vec<(Severity, String, String)>;

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
static NAME_RULES: &[NameRule] = &[
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

/// Checks every physical-name property of the rendered template against its type's limits.
///
/// Names given as `Fn::Sub` strings are checked at their worst case: pseudo parameters count
/// with [`Pseudo::max_len`]; references to resources or parameters are unknown, so the length
/// check is skipped but the literal characters around them are still checked.
pub fn check_names(stack: &Stack) -> Vec<Problem> {
    names_of(&stack.template.render())
}

#[doc(hidden)]
pub fn names_of(rendered: &J) -> Vec<Problem> {
    let mut out = Vec::new();
    let Some(J::Object(resources)) = rendered.get("Resources") else {
        return out;
    };
    for (id, res) in resources {
        let Some(ty) = res.get("Type").and_then(J::as_str) else {
            continue;
        };
        for rule in NAME_RULES.iter().filter(|r| r.type_name == ty) {
            let Some(name) = res
                .get("Properties")
                .and_then(|p| p.get(rule.property))
                .and_then(eval)
            else {
                continue;
            };
            check_name(id, rule, &name, &mut out);
        }
    }
    out
}

fn check_name(id: &str, rule: &NameRule, name: &Name, out: &mut Vec<Problem>) {
    let input = format!(
        "resource `{id}` ({}) property {} `{}`",
        rule.type_name,
        rule.property,
        name.display()
    );
    let cite = format!("(limits: {})", rule.source);
    let mut push = |severity: Severity, message: String, fix: String| {
        out.push(Problem::new(
            severity,
            input.clone(),
            format!("{message} {cite}"),
            fix,
        ));
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
}

// ---------------------------------------------------------------------------------------------
// Template quotas
// ---------------------------------------------------------------------------------------------

/// Checks the template against CloudFormation's quotas (see [`limits`]). A body over the
/// inline limit is reported as [`Severity::Info`] (the deployer must upload it to S3); over the
/// S3 limit it is an error.
pub fn check_limits(stack: &Stack) -> Vec<Problem> {
    limits_of(&stack.template, stack.template.to_json_string().len())
}

fn count_limit(out: &mut Vec<Problem>, what: &str, n: usize, max: usize, fix: &str) {
    if n > max {
        out.push(Problem::new(
            Severity::Error,
            format!("the template's {what}"),
            format!("{n} declared, more than CloudFormation's quota of {max}"),
            fix,
        ));
    }
}

fn limits_of(t: &Template, bytes: usize) -> Vec<Problem> {
    let mut out = Vec::new();
    if t.resources.is_empty() {
        out.push(Problem::new(
            Severity::Error,
            "the template's Resources",
            "no resources declared; CloudFormation requires at least one",
            "declare at least one resource",
        ));
    }
    count_limit(&mut out, "Resources", t.resources.len(), limits::MAX_RESOURCES, "split the stack into nested stacks (each counts as one resource in its parent) or several stacks");
    count_limit(
        &mut out,
        "Outputs",
        t.outputs.len(),
        limits::MAX_OUTPUTS,
        "drop outputs nobody reads, or move them to a nested stack",
    );
    count_limit(
        &mut out,
        "Parameters",
        t.parameters.len(),
        limits::MAX_PARAMETERS,
        "replace parameters with synth-time values or mappings",
    );
    count_limit(
        &mut out,
        "Mappings",
        t.mappings.len(),
        limits::MAX_MAPPINGS,
        "merge mappings",
    );
    for (name, top) in &t.mappings {
        count_limit(
            &mut out,
            &format!("mapping `{name}` top-level keys"),
            top.len(),
            limits::MAX_MAPPING_ATTRIBUTES,
            "split the mapping",
        );
        for (key, second) in top {
            count_limit(
                &mut out,
                &format!("mapping `{name}.{key}` attributes"),
                second.len(),
                limits::MAX_MAPPING_ATTRIBUTES,
                "split the mapping",
            );
        }
    }
    let sections: [(&str, Vec<&String>); 5] = [
        ("resource", t.resources.keys().collect()),
        ("parameter", t.parameters.keys().collect()),
        ("output", t.outputs.keys().collect()),
        ("mapping", t.mappings.keys().collect()),
        ("condition", t.conditions.keys().collect()),
    ];
    for (kind, ids) in sections {
        for id in ids {
            check_logical_id(kind, id, &mut out);
        }
    }
    if let Some(d) = &t.description {
        if d.len() > limits::MAX_DESCRIPTION_BYTES {
            out.push(Problem::new(
                Severity::Error,
                "the template's Description",
                format!(
                    "is {} bytes, more than the {} allowed",
                    d.len(),
                    limits::MAX_DESCRIPTION_BYTES
                ),
                format!(
                    "shorten it by {} bytes",
                    d.len() - limits::MAX_DESCRIPTION_BYTES
                ),
            ));
        }
    }
    if bytes > limits::MAX_S3_BODY_BYTES {
        out.push(Problem::new(
            Severity::Error,
            "the template body",
            format!(
                "is {bytes} bytes, more than the {} CloudFormation accepts even from S3",
                limits::MAX_S3_BODY_BYTES
            ),
            "split the stack into nested stacks",
        ));
    } else if bytes > limits::MAX_INLINE_BODY_BYTES {
        out.push(Problem::new(
            Severity::Info,
            "the template body",
            format!(
                "is {bytes} bytes, more than the {} allowed inline (--template-body)",
                limits::MAX_INLINE_BODY_BYTES
            ),
            "deploy it through an S3 URL (the deployer uploads it to the artifacts bucket)",
        ));
    }
    out
}

fn check_logical_id(kind: &str, id: &str, out: &mut Vec<Problem>) {
    let input = format!("{kind} logical id `{id}`");
    if id.is_empty() {
        out.push(Problem::new(
            Severity::Error,
            input,
            "is empty",
            "give it an alphanumeric name",
        ));
        return;
    }
    if id.len() > limits::MAX_LOGICAL_ID {
        out.push(Problem::new(
            Severity::Error,
            input.clone(),
            format!(
                "is {} characters, more than the {} allowed",
                id.len(),
                limits::MAX_LOGICAL_ID
            ),
            format!("shorten it to {} characters", limits::MAX_LOGICAL_ID),
        ));
    }
    let bad = bad_chars(id, alnum);
    if !bad.is_empty() {
        out.push(Problem::new(
            Severity::Error,
            input,
            format!("contains {bad}; logical ids are alphanumeric (A-Za-z0-9)"),
            "remove those characters, e.g. write `MyBucket` for `my-bucket`",
        ));
    }
}

/// Private helpers re-exported for the integration tests in `tests/synth_internals.rs` (the
/// library has no `#[cfg(test)]` copy, so coverage counts each function once). Not public API.
#[doc(hidden)]
pub mod internals {
    pub use super::{
        any_char, bad_chars, collapse_hyphens, eval, names_of, pseudo_chars, push_lit, Name, Seg,
    };
}
