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
use ha_naming::{alnum, bad_chars, push_lit, var, Name, NameRule, Seg, NAME_RULES};
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
    /// Longest environment suffix (the toolkit-wide grammar, [`ha_naming::suffix::MAX_LEN`]).
    pub const MAX_SUFFIX: usize = ha_naming::suffix::MAX_LEN;
}

pub use ha_naming::Severity;

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

/// Checks the environment suffix every physical name carries, with the toolkit's grammar
/// ([`ha_naming::suffix`]: `[a-z0-9-]`, no leading, trailing or doubled hyphen, 1 to
/// [`limits::MAX_SUFFIX`] characters).
pub fn validate_suffix(env: &Env) -> Vec<Problem> {
    let input = format!("the suffix `{}` (from {})", env.suffix, env.suffix_source);
    ha_naming::suffix::problems(
        &env.suffix,
        limits::MAX_SUFFIX,
        &env.suffix_source,
        "the longest names derived from it (ALB and target-group names, limit 32 characters) would not fit",
    )
    .into_iter()
    .map(|(message, fix)| Problem::new(Severity::Error, input.clone(), message, fix))
    .collect()
}

// ---------------------------------------------------------------------------------------------
// Physical names
// ---------------------------------------------------------------------------------------------

/// Characters a pseudo parameter's value can contain.
#[doc(hidden)]
pub fn pseudo_chars(p: Pseudo) -> &'static str {
    crate::value::pseudo_fact(p).2
}

/// Splits an `Fn::Sub` string into literal text and substitutions; variables of `vars` that
/// are themselves evaluable are inlined.
fn parse_sub(s: &str, vars: Option<&serde_json::Map<String, J>>, segs: &mut Vec<Seg>) {
    ha_naming::split_sub(s, segs, |inner, segs| {
        match vars.and_then(|m| m.get(inner)).and_then(eval) {
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
    });
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
    for (severity, message, fix) in ha_naming::check(rule, name) {
        out.push(Problem::new(
            severity,
            input.clone(),
            format!("{message} {cite}"),
            fix,
        ));
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
    pub use super::{eval, names_of, pseudo_chars};
    pub use ha_naming::{any_char, bad_chars, collapse_hyphens, push_lit, Name, Seg};
}
