//! Change rendering (pure): change-set rows, replacement inference from createOnly properties,
//! and a structural JSON diff of the deployed template against the new one.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// One resource change of a change set, independent of the SDK types.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Change {
    /// `Add`, `Modify`, `Remove`, `Import`, `Dynamic`.
    pub action: String,
    /// Logical id.
    pub logical_id: String,
    /// Resource type.
    pub resource_type: String,
    /// `True`, `False`, `Conditional` or unknown, as the engine said.
    pub replacement: Option<String>,
    /// Properties the engine says change (`Details[].Target.Name`).
    pub properties: Vec<String>,
    /// Why we say it is replaced when the engine did not (createOnly properties that change).
    pub inferred_replacement: Vec<String>,
}

impl Change {
    /// Whether the resource is (or may be) replaced.
    pub fn replaces(&self) -> bool {
        matches!(self.replacement.as_deref(), Some("True" | "Conditional"))
            || !self.inferred_replacement.is_empty()
    }
}

/// One changed JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathChange {
    /// Dotted path, `Resources.Queue.Properties.VisibilityTimeout`, array items as `[i]`.
    pub path: String,
    /// Value before (None: added).
    pub old: Option<Value>,
    /// Value after (None: removed).
    pub new: Option<Value>,
}

/// Structural diff, paths in sorted order (objects by key, arrays by index).
pub fn json_diff(old: &Value, new: &Value) -> Vec<PathChange> {
    let mut out = Vec::new();
    walk("", Some(old), Some(new), &mut out);
    out
}

fn join(base: &str, key: &str) -> String {
    if base.is_empty() {
        key.to_string()
    } else {
        format!("{base}.{key}")
    }
}

fn walk(path: &str, old: Option<&Value>, new: Option<&Value>, out: &mut Vec<PathChange>) {
    match (old, new) {
        (Some(Value::Object(a)), Some(Value::Object(b))) => {
            let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for k in keys {
                walk(&join(path, k), a.get(k), b.get(k), out);
            }
        }
        (Some(Value::Array(a)), Some(Value::Array(b))) => {
            for i in 0..a.len().max(b.len()) {
                walk(&format!("{path}[{i}]"), a.get(i), b.get(i), out);
            }
        }
        (o, n) if o != n => out.push(PathChange {
            path: path.to_string(),
            old: o.cloned(),
            new: n.cloned(),
        }),
        _ => {}
    }
}

/// Compact one-line JSON for display.
pub fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 120 {
        format!("{}…", s.chars().take(117).collect::<String>())
    } else {
        s
    }
}

/// Render path changes as `~ path: old → new`, `+ path: new`, `- path: old`.
pub fn render_paths(changes: &[PathChange]) -> Vec<String> {
    changes
        .iter()
        .map(|c| match (&c.old, &c.new) {
            (Some(o), Some(n)) => format!("~ {}: {} → {}", c.path, short(o), short(n)),
            (None, Some(n)) => format!("+ {}: {}", c.path, short(n)),
            (Some(o), _) => format!("- {}: {}", c.path, short(o)),
            (None, None) => format!("? {}", c.path),
        })
        .collect()
}

/// Fill `inferred_replacement` for `Modify` changes whose createOnly properties change between
/// the deployed and the new template, when the engine did not already say True/Conditional.
pub fn infer_replacements(
    changes: &mut [Change],
    old_tpl: &Value,
    new_tpl: &Value,
    create_only: &BTreeMap<String, Vec<String>>,
) {
    for c in changes.iter_mut() {
        if c.action != "Modify" || matches!(c.replacement.as_deref(), Some("True" | "Conditional"))
        {
            continue;
        }
        let Some(props) = create_only.get(&c.resource_type) else {
            continue;
        };
        let get = |t: &Value, p: &str| {
            t.pointer(&format!("/Resources/{}/Properties/{}", c.logical_id, p))
                .cloned()
        };
        c.inferred_replacement = props
            .iter()
            .filter(|p| get(old_tpl, p) != get(new_tpl, p))
            .cloned()
            .collect();
    }
}

/// Render change-set rows, one per resource.
pub fn render_changes(changes: &[Change]) -> Vec<String> {
    changes
        .iter()
        .map(|c| {
            let sign = match c.action.as_str() {
                "Add" => "+",
                "Remove" => "-",
                "Modify" => "~",
                _ => "*",
            };
            let mut line = format!(
                "{sign} {:<8} {} ({})",
                c.action, c.logical_id, c.resource_type
            );
            if !c.properties.is_empty() {
                line.push_str(&format!(" [{}]", c.properties.join(", ")));
            }
            if !c.inferred_replacement.is_empty() {
                line.push_str(&format!(
                    " REPLACEMENT: True (inferred: createOnly {})",
                    c.inferred_replacement.join(", ")
                ));
            } else if c.replaces() {
                line.push_str(&format!(
                    " REPLACEMENT: {}",
                    c.replacement.as_deref().unwrap_or("")
                ));
            }
            line
        })
        .collect()
}

/// Why a change set needs a confirmation: IAM resources, security groups, replacements.
pub fn confirmation_reasons(changes: &[Change]) -> Vec<String> {
    let mut reasons = Vec::new();
    for c in changes {
        if c.resource_type.starts_with("AWS::IAM::") {
            reasons.push(format!("{} {} (IAM)", c.action, c.logical_id));
        } else if c.resource_type.starts_with("AWS::EC2::SecurityGroup") {
            reasons.push(format!("{} {} (security group)", c.action, c.logical_id));
        } else if c.replaces() {
            reasons.push(format!("replace {}", c.logical_id));
        }
    }
    reasons
}
