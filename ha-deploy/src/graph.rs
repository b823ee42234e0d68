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

/// Graphs with more nodes plus edges than this are laid out by [`layered_svg`] (linear time)
/// instead of `layout-rs`, whose layout of the HA stack (160 nodes, 344 edges) takes minutes
/// on a debug build, and of its 23-service graph (80 edges) seconds.
pub const LAYERED_ABOVE: usize = 60;

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Rank of every node: 0 for nodes nothing points at, else one more than the highest-ranked
/// node pointing at it (edges that close a cycle are ignored).
pub fn ranks(nodes: &[String], edges: &[(String, String)]) -> BTreeMap<String, usize> {
    let mut preds: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (from, to) in edges {
        preds.entry(to.as_str()).or_default().push(from.as_str());
    }
    fn rank<'a>(
        n: &'a str,
        preds: &BTreeMap<&'a str, Vec<&'a str>>,
        done: &mut BTreeMap<&'a str, usize>,
        open: &mut BTreeSet<&'a str>,
    ) -> usize {
        if let Some(r) = done.get(n) {
            return *r;
        }
        open.insert(n);
        let mut r = 0;
        for p in preds.get(n).into_iter().flatten() {
            if !open.contains(p) {
                r = r.max(rank(p, preds, done, open) + 1);
            }
        }
        open.remove(n);
        done.insert(n, r);
        r
    }
    let mut done = BTreeMap::new();
    let mut open = BTreeSet::new();
    for n in nodes {
        rank(n, &preds, &mut done, &mut open);
    }
    done.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// A left-to-right layered SVG in linear time: one column per rank (see [`ranks`]), boxes
/// with the node's label lines, one curve per edge.
pub fn layered_svg(nodes: &[(String, String)], edges: &[(String, String)]) -> String {
    const W: usize = 260;
    const H: usize = 44;
    const GAP_X: usize = 120;
    const GAP_Y: usize = 16;
    let ids: Vec<String> = nodes.iter().map(|(id, _)| id.clone()).collect();
    let rank = ranks(&ids, edges);
    let mut columns: BTreeMap<usize, Vec<&(String, String)>> = BTreeMap::new();
    for n in nodes {
        columns.entry(rank[&n.0]).or_default().push(n);
    }
    let mut pos: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (r, col) in &columns {
        for (i, (id, _)) in col.iter().enumerate() {
            pos.insert(id.as_str(), (20 + r * (W + GAP_X), 20 + i * (H + GAP_Y)));
        }
    }
    let width = 40 + columns.len() * (W + GAP_X);
    let height = 40 + columns.values().map(Vec::len).max().unwrap_or(0) * (H + GAP_Y);
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">\n<defs><marker id=\"a\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\"><path d=\"M0,0L10,5L0,10z\"/></marker></defs>\n"
    );
    for (from, to) in edges {
        if let (Some(&(x1, y1)), Some(&(x2, y2))) = (pos.get(from.as_str()), pos.get(to.as_str())) {
            let (ax, ay, bx, by) = (x1 + W, y1 + H / 2, x2, y2 + H / 2);
            let mid = (ax + bx) / 2;
            s.push_str(&format!(
                "<path d=\"M{ax},{ay} C{mid},{ay} {mid},{by} {bx},{by}\" fill=\"none\" stroke=\"#888\" marker-end=\"url(#a)\"/>\n"
            ));
        }
    }
    for (id, label) in nodes {
        let (x, y) = pos[id.as_str()];
        s.push_str(&format!(
            "<rect x=\"{x}\" y=\"{y}\" width=\"{W}\" height=\"{H}\" rx=\"4\" fill=\"#fffbe6\" stroke=\"#333\"/>\n"
        ));
        for (i, line) in label.split("\\n").enumerate() {
            s.push_str(&format!(
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
                x + W / 2,
                y + 18 + i * 16,
                xml(line)
            ));
        }
    }
    s.push_str("</svg>\n");
    s
}

/// Nodes `(id, label)` and edges `(from, to)` of a graph.
pub type Layout = (Vec<(String, String)>, Vec<(String, String)>);

/// The resource graph as nodes (`id`, `id\nType`) and edges (`from`, `to`).
pub fn resource_graph(tpl: &Value) -> Layout {
    let nodes = resources(tpl)
        .into_iter()
        .map(|r| (r.id.clone(), format!("{}\\n{}", r.id, r.kind)))
        .collect();
    let pairs: BTreeSet<(String, String)> = edges(tpl)
        .into_iter()
        .map(|(from, to, _)| (from, to))
        .collect();
    (nodes, pairs.into_iter().collect())
}

/// SVG of the template's resource graph: [`layered_svg`] above [`LAYERED_ABOVE`] nodes, else
/// the `layout-rs` rendering of [`dot`].
pub fn resource_svg(tpl: &Value, name: &str) -> anyhow::Result<String> {
    let (nodes, pairs) = resource_graph(tpl);
    if nodes.len() + pairs.len() > LAYERED_ABOVE {
        return Ok(layered_svg(&nodes, &pairs));
    }
    svg(&dot(tpl, name))
}

/// SVG of the per-service graph, chosen like [`resource_svg`].
pub fn services_svg(g: &ServiceGraph, name: &str) -> anyhow::Result<String> {
    if g.nodes.len() + g.edges.len() > LAYERED_ABOVE {
        let nodes: Vec<(String, String)> = g
            .nodes
            .iter()
            .map(|(s, n)| (s.clone(), format!("{s} ×{n}")))
            .collect();
        let pairs: Vec<(String, String)> = g.edges.keys().cloned().collect();
        return Ok(layered_svg(&nodes, &pairs));
    }
    svg(&services_dot(g, name))
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
