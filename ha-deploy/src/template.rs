//! Pure analysis of a rendered CloudFormation template (JSON).

use serde_json::Value;
use std::collections::BTreeSet;

/// How one resource refers to another.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum EdgeKind {
    /// `{"Ref": "X"}`
    Ref,
    /// `{"Fn::GetAtt": ["X", "Attr"]}` (or `"X.Attr"`)
    GetAtt(String),
    /// `${X}` or `${X.Attr}` inside `Fn::Sub`
    Sub,
    /// `DependsOn`
    DependsOn,
}

impl EdgeKind {
    /// Short label used in graphs.
    pub fn label(&self) -> String {
        match self {
            EdgeKind::Ref => "Ref".into(),
            EdgeKind::GetAtt(a) => format!("GetAtt {a}"),
            EdgeKind::Sub => "Sub".into(),
            EdgeKind::DependsOn => "DependsOn".into(),
        }
    }
}

/// One resource of the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// Logical id.
    pub id: String,
    /// `Type`, e.g. `AWS::SQS::Queue`.
    pub kind: String,
}

/// Parse the template text; a parse error is bad input.
pub fn parse(text: &str) -> anyhow::Result<Value> {
    serde_json::from_str(text)
        .map_err(|e| crate::error::input(format!("the rendered template is not valid JSON: {e}")))
}

/// The resources in template order.
pub fn resources(tpl: &Value) -> Vec<Resource> {
    tpl.get("Resources")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(id, r)| Resource {
                    id: id.clone(),
                    kind: r
                        .get("Type")
                        .and_then(Value::as_str)
                        .unwrap_or("?")
                        .to_string(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Logical ids of resources of one type.
pub fn ids_of_type(tpl: &Value, kind: &str) -> Vec<String> {
    resources(tpl)
        .into_iter()
        .filter(|r| r.kind == kind)
        .map(|r| r.id)
        .collect()
}

/// Dependency edges `(from, to, kind)` between resources, sorted and de-duplicated.
pub fn edges(tpl: &Value) -> Vec<(String, String, EdgeKind)> {
    let ids: BTreeSet<String> = resources(tpl).into_iter().map(|r| r.id).collect();
    let mut out = BTreeSet::new();
    if let Some(res) = tpl.get("Resources").and_then(Value::as_object) {
        for (from, body) in res {
            let mut found = Vec::new();
            for key in ["Properties", "Metadata", "Condition", "UpdatePolicy"] {
                if let Some(v) = body.get(key) {
                    collect_refs(v, &mut found);
                }
            }
            match body.get("DependsOn") {
                Some(Value::String(s)) => found.push((s.clone(), EdgeKind::DependsOn)),
                Some(Value::Array(a)) => found.extend(
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(|s| (s.to_string(), EdgeKind::DependsOn)),
                ),
                _ => {}
            }
            for (to, kind) in found {
                if ids.contains(&to) && &to != from {
                    out.insert((from.clone(), to, kind));
                }
            }
        }
    }
    out.into_iter().collect()
}

/// Names referenced by `${...}` in a `Fn::Sub` string (pseudo parameters and `${!literal}` skipped).
pub fn sub_names(s: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = s;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else { break };
        let inner = &after[..end];
        if !inner.starts_with('!') && !inner.starts_with("AWS::") {
            let name = inner.split('.').next().unwrap_or(inner).trim();
            names.push(name.to_string());
        }
        rest = &after[end + 1..];
    }
    names
}

fn collect_refs(v: &Value, out: &mut Vec<(String, EdgeKind)>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(target)) = m.get("Ref") {
                out.push((target.clone(), EdgeKind::Ref));
            }
            match m.get("Fn::GetAtt") {
                Some(Value::Array(a)) => {
                    if let (Some(t), Some(attr)) = (
                        a.first().and_then(Value::as_str),
                        a.get(1).and_then(Value::as_str),
                    ) {
                        out.push((t.to_string(), EdgeKind::GetAtt(attr.to_string())));
                    }
                }
                Some(Value::String(s)) => {
                    let (t, attr) = s.split_once('.').unwrap_or((s.as_str(), ""));
                    out.push((t.to_string(), EdgeKind::GetAtt(attr.to_string())));
                }
                _ => {}
            }
            match m.get("Fn::Sub") {
                Some(Value::String(s)) => {
                    out.extend(sub_names(s).into_iter().map(|n| (n, EdgeKind::Sub)))
                }
                Some(Value::Array(a)) => {
                    let locals: BTreeSet<&str> = a
                        .get(1)
                        .and_then(Value::as_object)
                        .map(|o| o.keys().map(String::as_str).collect())
                        .unwrap_or_default();
                    if let Some(s) = a.first().and_then(Value::as_str) {
                        out.extend(
                            sub_names(s)
                                .into_iter()
                                .filter(|n| !locals.contains(n.as_str()))
                                .map(|n| (n, EdgeKind::Sub)),
                        );
                    }
                }
                _ => {}
            }
            for child in m.values() {
                collect_refs(child, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|c| collect_refs(c, out)),
        _ => {}
    }
}
