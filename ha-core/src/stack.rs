//! Synth-time environment and the stack a `stack!{}` invocation builds.

use crate::template::Template;
use crate::value::{Intrinsic, Json, Value};
use indexmap::IndexMap;

/// The placeholder for the environment suffix inside strings written in `stack!{}`.
pub const SUFFIX_PLACEHOLDER: &str = "${Suffix}";

/// Values known at synth time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Env {
    /// The environment suffix every physical name carries.
    pub suffix: String,
    /// Where the suffix came from (a flag or variable name), for error messages.
    pub suffix_source: String,
}

impl Env {
    /// An environment with the given suffix and its source (e.g. `--suffix`).
    pub fn new(suffix: impl Into<String>, suffix_source: impl Into<String>) -> Self {
        Env {
            suffix: suffix.into(),
            suffix_source: suffix_source.into(),
        }
    }
}

/// A synthesized stack: its name and template.
#[derive(Debug, Clone, PartialEq)]
pub struct Stack {
    /// The CloudFormation stack name (contains the suffix).
    pub name: String,
    /// The template.
    pub template: Template,
    /// Stack-level tags, applied to every taggable resource and sent with the stack.
    pub tags: Vec<(String, Value<String>)>,
    /// Rules suppressed per logical id, with the written reason (kept in resource metadata too).
    pub suppressions: Vec<Suppression>,
    /// The outputs of other stacks of the app this stack reads (`Network.VpcId`), sorted.
    pub imports: Vec<crate::app::Import>,
}

impl Stack {
    /// The stacks this one imports from, by stack name, sorted and unique: what must be
    /// deployed before it (and destroyed after it).
    pub fn depends_on(&self) -> Vec<String> {
        let mut names: Vec<String> = self.imports.iter().map(|i| i.stack.clone()).collect();
        names.sort();
        names.dedup();
        names
    }
}

/// A rule acknowledged for one resource, with its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// The logical id.
    pub logical_id: String,
    /// The rule id, e.g. `HA-IAM-001`.
    pub rule: String,
    /// Why the rule does not apply.
    pub reason: String,
}

/// Does `s` still hold a CloudFormation `${...}` reference (not the `${!literal}` escape)?
fn has_sub_reference(s: &str) -> bool {
    let mut rest = s;
    while let Some(i) = rest.find("${") {
        if !rest[i + 2..].starts_with('!') {
            return true;
        }
        rest = &rest[i + 2..];
    }
    false
}

/// Replaces the suffix placeholder; a string that still refers to something with `${...}`
/// becomes `Fn::Sub`, any other string stays a literal.
pub fn interpolate(s: &str, env: &Env) -> Value<String> {
    let replaced = s.replace(SUFFIX_PLACEHOLDER, &env.suffix);
    if has_sub_reference(&replaced) {
        Value::intrinsic(Intrinsic::Sub(replaced, IndexMap::new()))
    } else {
        Value::Lit(replaced)
    }
}

/// [`interpolate`] for free-form JSON positions.
pub fn interpolate_json(s: &str, env: &Env) -> Json {
    Json::from(interpolate(s, env))
}
