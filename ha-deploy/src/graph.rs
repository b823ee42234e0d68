//! The resource graph: DOT text always, SVG laid out with `layout-rs`.

use crate::template::{edges, resources};
use serde_json::Value;

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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn dot_and_svg() {
        let t = json!({"Resources": {
            "Topic": {"Type": "AWS::SNS::Topic"},
            "Q\"x": {"Type": "AWS::SQS::Queue", "Properties": {"T": {"Ref": "Topic"}}}}});
        let d = dot(&t, "s");
        assert!(
            d.contains("\"Q\\\"x\" -> \"Topic\" [label=\"Ref\"];"),
            "{d}"
        );
        let s = svg(&dot(
            &json!({"Resources": {"A": {"Type": "T"}, "B": {"Type": "T", "DependsOn": "A"}}}),
            "g",
        ))
        .unwrap();
        assert!(s.contains("<svg"), "{s}");
        assert!(svg(&dot(&json!({}), "e")).unwrap().contains("<svg"));
        assert!(svg("digraph { a -> }").is_err());
    }
}
