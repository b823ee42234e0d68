//! The resource graph and the per-service graph: DOT text, SVG laid out with `layout-rs`.

use crate::template::{edges, resources};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// DOT for the template: one node per resource (`id\nType`), one edge per reference.
pub fn dot(tpl: &Value, name: &str) -> String {
    let mut s = format!("digraph {} {{\n  rankdir=LR;\n", quote(name));
    for r in resources(tpl) {
        s.push_str(&format!(
            "  {} [shape=box, label={}];\n",
            quote(&r.id),
            quote(&format!("{}\\n{}", r.id, r.kind))
        ));
    }
    for (from, to, kind) in edges(tpl) {
        s.push_str(&format!(
            "  {} -> {} [label={}];\n",
            quote(&from),
            quote(&to),
            quote(&kind.label())
        ));
    }
    s.push_str("}\n");
    s
}

/// The service of a resource type: `AWS::RDS::DBCluster` → `RDS`, `Custom::Echo` → `Custom`.
pub fn service_of(kind: &str) -> &str {
    let mut parts = kind.split("::");
    match (parts.next(), parts.next()) {
        (Some("AWS"), Some(service)) => service,
        (first, _) => first.unwrap_or(kind),
    }
}

/// The resource graph aggregated per service.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServiceGraph {
    /// Service → number of resources.
    pub nodes: BTreeMap<String, usize>,
    /// (from service, to service) → number of referencing resource pairs; references inside
    /// one service are left out.
    pub edges: BTreeMap<(String, String), usize>,
}

/// Aggregate the template's resources and references per service.
pub fn services(tpl: &Value) -> ServiceGraph {
    let mut g = ServiceGraph::default();
    let mut service = BTreeMap::new();
    for r in resources(tpl) {
        let s = service_of(&r.kind).to_string();
        *g.nodes.entry(s.clone()).or_insert(0) += 1;
        service.insert(r.id, s);
    }
    let pairs: BTreeSet<(String, String)> = edges(tpl)
        .into_iter()
        .map(|(from, to, _)| (from, to))
        .collect();
    for (from, to) in pairs {
        let (a, b) = (&service[&from], &service[&to]);
        if a != b {
            *g.edges.entry((a.clone(), b.clone())).or_insert(0) += 1;
        }
    }
    g
}

/// DOT of the per-service graph: a node `RDS ×6` per service, an edge labelled with the number
/// of references between two services (thicker for more).
pub fn services_dot(g: &ServiceGraph, name: &str) -> String {
    let mut s = format!("digraph {} {{\n  rankdir=LR;\n", quote(name));
    for (service, n) in &g.nodes {
        s.push_str(&format!(
            "  {} [shape=box, style=filled, fillcolor=lightyellow, fontsize=16, label={}];\n",
            quote(service),
            quote(&format!("{service} ×{n}"))
        ));
    }
    for ((from, to), n) in &g.edges {
        s.push_str(&format!(
            "  {} -> {} [label={}, penwidth={}];\n",
            quote(from),
            quote(to),
            quote(&n.to_string()),
            (1 + n / 4).min(4)
        ));
    }
    s.push_str("}\n");
    s
}

/// SVG rendering of a DOT graph produced by [`dot`].
pub fn svg(dot_text: &str) -> anyhow::Result<String> {
    use layout::backends::svg::SVGWriter;
    use layout::gv::{DotParser, GraphBuilder};
    let mut parser = DotParser::new(dot_text);
    let ast = parser
        .process()
        .map_err(|e| anyhow::anyhow!("cannot parse the DOT graph: {e}"))?;
    let mut builder = GraphBuilder::new();
    builder.visit_graph(&ast);
    let mut vg = builder.get();
    if vg.num_nodes() == 0 {
        return Ok(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"></svg>\n".into(),
        );
    }
    let mut writer = SVGWriter::new();
    vg.do_it(false, false, false, &mut writer);
    Ok(writer.finalize())
}
