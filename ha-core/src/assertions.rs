//! Assertions on synthesized templates, in the spirit of AWS CDK's `assertions.Template`.
//!
//! ```
//! use ha_core::assertions::{json, Match, Template};
//! let t = Template::from_json(r#"{"Resources": {"B": {"Type": "AWS::S3::Bucket",
//!     "Properties": {"BucketName": "data-dev", "Tags": [{"Key": "a", "Value": "1"}]}}}}"#);
//! t.resource_count_is("AWS::S3::Bucket", 1);
//! t.has_resource_properties("AWS::S3::Bucket", json!({
//!     "BucketName": Match::contains("dev"),
//!     "Tags": Match::array_with(json!([{"Key": "a"}])),
//!     "VersioningConfiguration": Match::absent(),
//! }));
//! ```
//!
//! Patterns are JSON values: objects match *deeply partially* (the actual object may have more
//! keys, at every level), arrays match element by element with the same length, scalars match
//! by equality. [`Match`] helpers embed anywhere inside `json!` to change that locally. Every
//! failed assertion panics with the closest candidate and the first mismatching path.

use crate::stack::Stack;
use serde::{Serialize, Serializer};
pub use serde_json::json;
use serde_json::{Map, Value};
use std::fmt::Write as _;

/// The key that marks an embedded [`Match`] inside a JSON pattern.
const MATCH_KEY: &str = "$ha.match";

/// A pattern for a JSON value. Build with the helper functions and embed in `json!`.
#[derive(Debug, Clone, PartialEq)]
pub enum Match {
    /// The key must be missing.
    Absent,
    /// Anything present (not missing, not `null`).
    AnyValue,
    /// An object with at least these keys, each matching deeply partially.
    ObjectLike(Map<String, Value>),
    /// An object with exactly these keys, each matching its pattern.
    ObjectEquals(Map<String, Value>),
    /// An array containing these patterns in this order (other elements may be interleaved).
    ArrayWith(Vec<Value>),
    /// Exactly this value, no partial matching and no nested patterns.
    Exact(Value),
    /// A string containing this text.
    Contains(String),
    /// A string starting with this text.
    StartsWith(String),
    /// Anything that does not match the pattern.
    Not(Box<Value>),
    /// The default for a literal pattern: deep-partial objects, same-length arrays, equal scalars.
    Literal(Value),
}

impl Match {
    /// The key must be missing.
    pub fn absent() -> Match {
        Match::Absent
    }
    /// Any value, as long as it is present.
    pub fn any_value() -> Match {
        Match::AnyValue
    }
    /// An object with at least the keys of `pattern` (a JSON object).
    pub fn object_like(pattern: Value) -> Match {
        Match::ObjectLike(into_object(pattern, "object_like"))
    }
    /// An object with exactly the keys of `pattern`.
    pub fn object_equals(pattern: Value) -> Match {
        Match::ObjectEquals(into_object(pattern, "object_equals"))
    }
    /// An array containing the elements of `pattern` (a JSON array, or one value) in order.
    pub fn array_with(pattern: Value) -> Match {
        match pattern {
            Value::Array(items) => Match::ArrayWith(items),
            one => Match::ArrayWith(vec![one]),
        }
    }
    /// Exactly `value`.
    pub fn exact(value: Value) -> Match {
        Match::Exact(value)
    }
    /// A string containing `text` (the `string_like_regexp` of this toolkit).
    pub fn contains(text: impl Into<String>) -> Match {
        Match::Contains(text.into())
    }
    /// A string starting with `text`.
    pub fn starts_with(text: impl Into<String>) -> Match {
        Match::StartsWith(text.into())
    }
    /// Anything `pattern` does not match.
    pub fn not(pattern: impl Into<Value>) -> Match {
        Match::Not(Box::new(pattern.into()))
    }

    /// The JSON form of this pattern, for embedding in `json!`.
    pub fn to_value(&self) -> Value {
        let (kind, arg) = match self {
            Match::Absent => ("absent", Value::Null),
            Match::AnyValue => ("anyValue", Value::Null),
            Match::ObjectLike(m) => ("objectLike", Value::Object(m.clone())),
            Match::ObjectEquals(m) => ("objectEquals", Value::Object(m.clone())),
            Match::ArrayWith(a) => ("arrayWith", Value::Array(a.clone())),
            Match::Exact(v) => ("exact", v.clone()),
            Match::Contains(s) => ("contains", Value::String(s.clone())),
            Match::StartsWith(s) => ("startsWith", Value::String(s.clone())),
            Match::Not(p) => ("not", (**p).clone()),
            Match::Literal(v) => return v.clone(),
        };
        json!({ MATCH_KEY: kind, "arg": arg })
    }

    /// Reads a pattern back from its JSON form; plain JSON is a [`Match::Literal`].
    pub fn from_value(v: &Value) -> Match {
        let Some(kind) = v.get(MATCH_KEY).and_then(Value::as_str) else {
            return Match::Literal(v.clone());
        };
        let arg = v.get("arg").cloned().unwrap_or(Value::Null);
        let text = || arg.as_str().unwrap_or_default().to_owned();
        match kind {
            "absent" => Match::Absent,
            "anyValue" => Match::AnyValue,
            "objectLike" => Match::ObjectLike(into_object(arg, kind)),
            "objectEquals" => Match::ObjectEquals(into_object(arg, kind)),
            "arrayWith" => Match::array_with(arg),
            "exact" => Match::Exact(arg),
            "contains" => Match::Contains(text()),
            "startsWith" => Match::StartsWith(text()),
            "not" => Match::Not(Box::new(arg)),
            other => panic!("unknown matcher `{other}` in pattern {v}"),
        }
    }

    fn describe(&self) -> String {
        match self {
            Match::Absent => "absent".into(),
            Match::AnyValue => "any value".into(),
            Match::ObjectLike(m) => format!("an object like {}", Value::Object(m.clone())),
            Match::ObjectEquals(m) => format!("exactly the object {}", Value::Object(m.clone())),
            Match::ArrayWith(a) => format!("an array with {}", Value::Array(a.clone())),
            Match::Exact(v) => format!("exactly {v}"),
            Match::Contains(s) => format!("a string containing {s:?}"),
            Match::StartsWith(s) => format!("a string starting with {s:?}"),
            Match::Not(p) => format!("not {}", Match::from_value(p).describe()),
            Match::Literal(v) => v.to_string(),
        }
    }
}

fn into_object(v: Value, what: &str) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        other => panic!("Match::{what} needs a JSON object, got {other}"),
    }
}

impl Serialize for Match {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_value().serialize(s)
    }
}

impl From<Match> for Value {
    fn from(m: Match) -> Value {
        m.to_value()
    }
}

/// One place where the actual value differs from the pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// Path from the matched root, e.g. `Properties.Tags[0].Key`.
    pub path: String,
    /// What the pattern expected.
    pub expected: String,
    /// What was there (`(absent)` when missing).
    pub actual: String,
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = if self.path.is_empty() {
            "(root)"
        } else {
            &self.path
        };
        write!(
            f,
            "at {path}: expected {}, got {}",
            self.expected, self.actual
        )
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn show(v: Option<&Value>) -> String {
    v.map_or_else(|| "(absent)".to_owned(), Value::to_string)
}

/// Every mismatch between `pattern` and `actual` (`None`: the key is missing).
pub fn mismatches(pattern: &Value, actual: Option<&Value>) -> Vec<Mismatch> {
    let mut out = Vec::new();
    diff(&Match::from_value(pattern), actual, "", &mut out);
    out
}

fn diff(m: &Match, actual: Option<&Value>, path: &str, out: &mut Vec<Mismatch>) {
    let fail = |out: &mut Vec<Mismatch>| {
        out.push(Mismatch {
            path: path.to_owned(),
            expected: m.describe(),
            actual: show(actual),
        })
    };
    match m {
        Match::Absent => {
            if actual.is_some() {
                fail(out);
            }
        }
        Match::AnyValue => {
            if actual.is_none_or(Value::is_null) {
                fail(out);
            }
        }
        Match::Exact(v) => {
            if actual != Some(v) {
                fail(out);
            }
        }
        Match::Contains(s) => {
            if !actual
                .and_then(Value::as_str)
                .is_some_and(|a| a.contains(s.as_str()))
            {
                fail(out);
            }
        }
        Match::StartsWith(s) => {
            if !actual
                .and_then(Value::as_str)
                .is_some_and(|a| a.starts_with(s.as_str()))
            {
                fail(out);
            }
        }
        Match::Not(p) => {
            let mut inner = Vec::new();
            diff(&Match::from_value(p), actual, path, &mut inner);
            if inner.is_empty() {
                fail(out);
            }
        }
        Match::ObjectLike(pm) | Match::ObjectEquals(pm) => {
            let Some(Value::Object(am)) = actual else {
                return fail(out);
            };
            for (k, p) in pm {
                diff(&Match::from_value(p), am.get(k), &join(path, k), out);
            }
            if matches!(m, Match::ObjectEquals(_)) {
                for k in am.keys().filter(|k| !pm.contains_key(*k)) {
                    out.push(Mismatch {
                        path: join(path, k),
                        expected: "(absent)".into(),
                        actual: show(am.get(k)),
                    });
                }
            }
        }
        Match::ArrayWith(items) => {
            let Some(Value::Array(arr)) = actual else {
                return fail(out);
            };
            let mut next = 0;
            for (i, p) in items.iter().enumerate() {
                let pm = Match::from_value(p);
                let found = (next..arr.len()).find(|&j| {
                    let mut e = Vec::new();
                    diff(&pm, Some(&arr[j]), "", &mut e);
                    e.is_empty()
                });
                match found {
                    Some(j) => next = j + 1,
                    None => out.push(Mismatch {
                        path: format!("{path}[*]"),
                        expected: format!(
                            "an element matching {} (pattern element {i}{})",
                            pm.describe(),
                            if i > 0 {
                                ", after the earlier ones"
                            } else {
                                ""
                            }
                        ),
                        actual: show(actual),
                    }),
                }
            }
        }
        Match::Literal(v) => match (v, actual) {
            (Value::Object(pm), _) => diff(&Match::ObjectLike(pm.clone()), actual, path, out),
            (Value::Array(pa), Some(Value::Array(aa))) => {
                if pa.len() != aa.len() {
                    out.push(Mismatch {
                        path: path.to_owned(),
                        expected: format!("an array of {} elements {v}", pa.len()),
                        actual: format!("{} elements {}", aa.len(), show(actual)),
                    });
                    return;
                }
                for (i, (p, a)) in pa.iter().zip(aa).enumerate() {
                    diff(&Match::from_value(p), Some(a), &format!("{path}[{i}]"), out);
                }
            }
            (_, a) if a == Some(v) => {}
            _ => fail(out),
        },
    }
}

/// A synthesized template under test.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    json: Value,
}

/// Which section of the template an assertion looks at.
struct Section<'a> {
    /// `Resources`, `Outputs`, ...
    name: &'a str,
    /// How one entry is called in messages.
    noun: String,
}

impl Template {
    /// The template of a stack.
    pub fn from_stack(stack: &Stack) -> Template {
        Template {
            json: stack.template.render(),
        }
    }

    /// A template from its JSON text. Panics if the text is not a JSON object.
    pub fn from_json(text: &str) -> Template {
        match serde_json::from_str::<Value>(text) {
            Ok(json @ Value::Object(_)) => Template { json },
            Ok(other) => panic!("a template must be a JSON object, got {other}"),
            Err(e) => panic!("the template is not valid JSON: {e}"),
        }
    }

    /// The whole template.
    pub fn to_json(&self) -> &Value {
        &self.json
    }

    fn section(&self, name: &str) -> Vec<(&str, &Value)> {
        match self.json.get(name) {
            Some(Value::Object(m)) => m.iter().map(|(k, v)| (k.as_str(), v)).collect(),
            _ => Vec::new(),
        }
    }

    /// All resources of `type_name`, in template order.
    pub fn resources_of_type(&self, type_name: &str) -> Vec<(&str, &Value)> {
        self.section("Resources")
            .into_iter()
            .filter(|(_, r)| r.get("Type").and_then(Value::as_str) == Some(type_name))
            .collect()
    }

    fn types_present(&self) -> String {
        let mut types: Vec<&str> = self
            .section("Resources")
            .iter()
            .filter_map(|(_, r)| r.get("Type").and_then(Value::as_str))
            .collect();
        types.sort_unstable();
        types.dedup();
        if types.is_empty() {
            "none".into()
        } else {
            types.join(", ")
        }
    }

    /// Asserts the template has exactly `n` resources of `type_name`.
    pub fn resource_count_is(&self, type_name: &str, n: usize) {
        let found = self.resources_of_type(type_name);
        if found.len() != n {
            let ids: Vec<&str> = found.iter().map(|(id, _)| *id).collect();
            panic!(
                "expected {n} resources of type {type_name}, found {}: [{}]\ntypes in the template: {}",
                found.len(),
                ids.join(", "),
                self.types_present()
            );
        }
    }

    /// Resources of `type_name` whose `Properties` match `props` (a pattern; `json!({})` for all).
    pub fn find_resources(&self, type_name: &str, props: impl Into<Value>) -> Vec<(&str, &Value)> {
        let pattern = props.into();
        self.resources_of_type(type_name)
            .into_iter()
            .filter(|(_, r)| mismatches(&pattern, r.get("Properties")).is_empty())
            .collect()
    }

    /// Asserts some resource of `type_name` has `Properties` matching `props`.
    pub fn has_resource_properties(&self, type_name: &str, props: impl Into<Value>) {
        let pattern = json!({ "Properties": props.into() });
        self.assert_some_matches(
            self.resources_of_type(type_name),
            &pattern,
            &Section {
                name: "Resources",
                noun: format!("resource of type {type_name}"),
            },
        );
    }

    /// Asserts some resource of `type_name` matches `resource` as a whole (`Properties`,
    /// `DeletionPolicy`, `DependsOn`, `Condition`, `Metadata`...).
    pub fn has_resource(&self, type_name: &str, resource: impl Into<Value>) {
        self.assert_some_matches(
            self.resources_of_type(type_name),
            &resource.into(),
            &Section {
                name: "Resources",
                noun: format!("resource of type {type_name}"),
            },
        );
    }

    /// The `Properties` of the resource `logical_id` (`null` when it has none). Panics with the
    /// logical ids present if there is no such resource.
    pub fn resource_properties(&self, logical_id: &str) -> &Value {
        self.resource(logical_id)
            .get("Properties")
            .unwrap_or(&EMPTY)
    }

    /// The whole resource `logical_id`.
    pub fn resource(&self, logical_id: &str) -> &Value {
        self.entry("Resources", logical_id)
    }

    fn entry(&self, section: &str, id: &str) -> &Value {
        if let Some(v) = self.json.get(section).and_then(|s| s.get(id)) {
            return v;
        }
        let ids: Vec<&str> = self.section(section).iter().map(|(k, _)| *k).collect();
        let hint = closest_name(id, &ids)
            .map(|c| format!(" (did you mean `{c}`?)"))
            .unwrap_or_default();
        panic!(
            "no {section} entry `{id}`{hint}; present: [{}]",
            ids.join(", ")
        );
    }

    fn named<'a>(&'a self, section: &str, name: &str) -> Vec<(&'a str, &'a Value)> {
        self.section(section)
            .into_iter()
            .filter(|(k, _)| name == "*" || *k == name)
            .collect()
    }

    /// Outputs named `name` (`*`: any) matching `pattern`.
    pub fn find_outputs(&self, name: &str, pattern: impl Into<Value>) -> Vec<(&str, &Value)> {
        let pattern = pattern.into();
        self.named("Outputs", name)
            .into_iter()
            .filter(|(_, o)| mismatches(&pattern, Some(o)).is_empty())
            .collect()
    }

    /// Asserts an output named `name` (`*`: any) matches `pattern` (e.g. `{"Value": ...}`).
    pub fn has_output(&self, name: &str, pattern: impl Into<Value>) {
        self.assert_named("Outputs", "output", name, pattern.into());
    }

    /// Asserts a parameter named `name` (`*`: any) matches `pattern` (e.g. `{"Type": "String"}`).
    pub fn has_parameter(&self, name: &str, pattern: impl Into<Value>) {
        self.assert_named("Parameters", "parameter", name, pattern.into());
    }

    /// Asserts a condition named `name` (`*`: any) matches `pattern` (e.g. `{"Fn::Equals": [...]}`).
    pub fn has_condition(&self, name: &str, pattern: impl Into<Value>) {
        self.assert_named("Conditions", "condition", name, pattern.into());
    }

    /// Asserts a mapping named `name` (`*`: any) matches `pattern`.
    pub fn has_mapping(&self, name: &str, pattern: impl Into<Value>) {
        self.assert_named("Mappings", "mapping", name, pattern.into());
    }

    fn assert_named(&self, section: &str, noun: &str, name: &str, pattern: Value) {
        let candidates = self.named(section, name);
        if candidates.is_empty() && name != "*" {
            self.entry(section, name);
        }
        let noun = if name == "*" {
            noun.to_owned()
        } else {
            format!("{noun} `{name}`")
        };
        self.assert_some_matches(
            candidates,
            &pattern,
            &Section {
                name: section,
                noun,
            },
        );
    }

    fn assert_some_matches(
        &self,
        candidates: Vec<(&str, &Value)>,
        pattern: &Value,
        section: &Section<'_>,
    ) {
        if candidates.is_empty() {
            let present = if section.name == "Resources" {
                format!("types in the template: {}", self.types_present())
            } else {
                format!(
                    "{} present: [{}]",
                    section.name,
                    self.section(section.name)
                        .iter()
                        .map(|(k, _)| *k)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            panic!("the template has no {}; {present}", section.noun);
        }
        let mut best: Option<(&str, &Value, Vec<Mismatch>)> = None;
        for (id, v) in &candidates {
            let m = mismatches(pattern, Some(v));
            if m.is_empty() {
                return;
            }
            if best.as_ref().is_none_or(|(_, _, b)| m.len() < b.len()) {
                best = Some((id, v, m));
            }
        }
        let (id, value, found) = best.expect("at least one candidate");
        let mut msg = format!(
            "no {} matches the pattern ({} candidate{})\nclosest candidate: `{id}` ({} mismatch{})\n",
            section.noun,
            candidates.len(),
            if candidates.len() == 1 { "" } else { "s" },
            found.len(),
            if found.len() == 1 { "" } else { "es" },
        );
        let _ = writeln!(msg, "first mismatch {}", found[0]);
        for m in &found[1..] {
            let _ = writeln!(msg, "  also {m}");
        }
        let _ = writeln!(
            msg,
            "pattern: {}",
            serde_json::to_string_pretty(pattern).unwrap_or_default()
        );
        let _ = write!(
            msg,
            "`{id}`: {}",
            serde_json::to_string_pretty(value).unwrap_or_default()
        );
        panic!("{msg}");
    }
}

static EMPTY: Value = Value::Null;

/// The name of `names` closest to `wanted` by edit distance, if reasonably close.
#[doc(hidden)]
pub fn closest_name<'a>(wanted: &str, names: &[&'a str]) -> Option<&'a str> {
    names
        .iter()
        .map(|n| (levenshtein(&wanted.to_lowercase(), &n.to_lowercase()), *n))
        .filter(|(d, n)| {
            *d <= (n.len().max(wanted.len()) / 3).max(1)
                || n.to_lowercase().contains(&wanted.to_lowercase())
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
}

#[doc(hidden)]
pub fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push(
                (prev[j] + usize::from(ca != *cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1),
            );
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Private helpers re-exported for the integration tests in `tests/assertions_internals.rs`
/// (the library has no `#[cfg(test)]` copy, so coverage counts each function once). Not public
/// API.
#[doc(hidden)]
pub mod internals {
    pub use super::{closest_name, levenshtein};
}
