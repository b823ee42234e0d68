//! Security-sensitive changes, as the CDK CLI shows them: IAM statements, security group
//! rules, key policies and public access, computed from the deployed and the new template
//! (so it works offline for `synth` output and against a deployed stack alike).

use serde_json::Value;
use std::collections::BTreeSet;

/// One security-relevant fact of a template.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Row {
    /// Logical id of the resource.
    pub resource: String,
    /// `IAM statement`, `ingress`, `egress`, `key policy`, `public access`.
    pub kind: String,
    /// The statement or rule, compact.
    pub detail: String,
}

fn compact(v: &Value) -> String {
    crate::diff::short(v)
}

fn statements(doc: &Value) -> Vec<String> {
    let list = match doc.get("Statement") {
        Some(Value::Array(a)) => a.clone(),
        Some(other) => vec![other.clone()],
        None => Vec::new(),
    };
    list.iter()
        .map(|s| {
            let mut parts = vec![s
                .get("Effect")
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_string()];
            for key in ["Principal", "Action", "NotAction", "Resource", "Condition"] {
                if let Some(v) = s.get(key) {
                    parts.push(format!("{key} {}", compact(v)));
                }
            }
            parts.join(" ")
        })
        .collect()
}

fn rule(r: &Value) -> String {
    let get = |k: &str| r.get(k).map(compact).unwrap_or_default();
    let peer = [
        "CidrIp",
        "CidrIpv6",
        "SourceSecurityGroupId",
        "DestinationSecurityGroupId",
        "SourcePrefixListId",
    ]
    .iter()
    .find_map(|k| r.get(*k).map(|v| format!("{k} {}", compact(v))))
    .unwrap_or_default();
    format!(
        "{} {}-{} {peer}",
        get("IpProtocol"),
        get("FromPort"),
        get("ToPort")
    )
}

/// Every security-relevant fact of a template.
pub fn rows(tpl: &Value) -> BTreeSet<Row> {
    let mut out = BTreeSet::new();
    let Some(res) = tpl.get("Resources").and_then(Value::as_object) else {
        return out;
    };
    for (id, r) in res {
        let kind = r.get("Type").and_then(Value::as_str).unwrap_or_default();
        let props = r.get("Properties").cloned().unwrap_or(Value::Null);
        let mut add = |k: &str, d: String| {
            out.insert(Row {
                resource: id.clone(),
                kind: k.to_string(),
                detail: d,
            });
        };
        let mut docs: Vec<&Value> = Vec::new();
        if let Some(d) = props.get("AssumeRolePolicyDocument") {
            docs.push(d);
        }
        if let Some(d) = props.get("PolicyDocument") {
            docs.push(d);
        }
        if let Some(Value::Array(ps)) = props.get("Policies") {
            docs.extend(ps.iter().filter_map(|p| p.get("PolicyDocument")));
        }
        if kind == "AWS::KMS::Key" {
            if let Some(d) = props.get("KeyPolicy") {
                for s in statements(d) {
                    add("key policy", s);
                }
            }
        } else {
            for d in docs {
                for s in statements(d) {
                    add("IAM statement", s);
                }
            }
        }
        if let Some(Value::Array(ms)) = props.get("ManagedPolicyArns") {
            for m in ms {
                add("IAM statement", format!("managed policy {}", compact(m)));
            }
        }
        for (key, dir) in [
            ("SecurityGroupIngress", "ingress"),
            ("SecurityGroupEgress", "egress"),
        ] {
            if let Some(Value::Array(rs)) = props.get(key) {
                for r in rs {
                    add(dir, rule(r));
                }
            }
        }
        match kind {
            "AWS::EC2::SecurityGroupIngress" => add("ingress", rule(&props)),
            "AWS::EC2::SecurityGroupEgress" => add("egress", rule(&props)),
            _ => {}
        }
        if let Some(Value::Object(pab)) = props.get("PublicAccessBlockConfiguration") {
            let off: Vec<&String> = pab
                .iter()
                .filter(|(_, v)| *v == &Value::Bool(false))
                .map(|(k, _)| k)
                .collect();
            if !off.is_empty() {
                add(
                    "public access",
                    format!(
                        "public access block off: {}",
                        off.iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
            }
        }
    }
    out
}

/// Added (`+`) and removed (`-`) security-relevant facts between two templates.
pub fn changes(old: &Value, new: &Value) -> Vec<(char, Row)> {
    let (a, b) = (rows(old), rows(new));
    b.difference(&a)
        .map(|r| ('+', r.clone()))
        .chain(a.difference(&b).map(|r| ('-', r.clone())))
        .collect()
}

/// The table: `+ Role  IAM statement  Allow Principal {...} Action "sts:AssumeRole"`, flagging
/// anything open to the world (`*` principals, 0.0.0.0/0, public access) with `(!)`.
pub fn render(changes: &[(char, Row)]) -> Vec<String> {
    let w = changes
        .iter()
        .map(|(_, r)| r.resource.len())
        .max()
        .unwrap_or(0);
    changes
        .iter()
        .map(|(sign, r)| {
            let open = r.detail.contains("\"*\"")
                || r.detail.contains("0.0.0.0/0")
                || r.detail.contains("::/0")
                || r.kind == "public access";
            format!(
                "{sign} {:<w$}  {:<13}  {}{}",
                r.resource,
                r.kind,
                r.detail,
                if open { "  (!) open to the world" } else { "" }
            )
        })
        .collect()
}
