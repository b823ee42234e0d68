//! Rust source of the `ha-core` resource modules (unformatted; the caller runs rustfmt).

use crate::model::{EnumDef, ObjectDef, Prop, Shape, TagShape, TypeModel};

macro_rules! w {
    ($out:expr, $($arg:tt)*) => {{
        $out.push_str(&format!($($arg)*));
        $out.push('\n');
    }};
}

/// The lints generated modules allow (generated names and shapes follow the schemas).
pub const MODULE_ALLOWS: &str = "#![allow(unused_imports, non_camel_case_types, missing_docs, clippy::large_enum_variant, \
     clippy::too_many_arguments, clippy::type_complexity, clippy::module_inception, clippy::enum_variant_names, \
     clippy::redundant_static_lifetimes, clippy::doc_markdown, clippy::too_long_first_doc_paragraph, \
     rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags, rustdoc::bare_urls)]";

const USES: &str = "use crate::value::{Json, Render, Value};\nuse indexmap::IndexMap;";

/// The type name `CustomResource` gets its hand-shaped struct instead of the schema's.
pub const CUSTOM_RESOURCE: &str = "AWS::CloudFormation::CustomResource";

/// Makes text safe and tidy inside a `///` comment (no tabs or bare carriage returns).
fn clean_doc(text: &str) -> String {
    text.replace(['\t', '\r', '\n'], " ").trim().to_owned()
}

fn doc_line(text: &str) -> String {
    let clean = clean_doc(text);
    let clean = clean.trim();
    if clean.is_empty() {
        String::new()
    } else {
        format!("/// {clean}\n")
    }
}

fn lit(s: &str) -> String {
    format!("{s:?}")
}

/// The Rust type of a shape; `prefix` is the path of the defs module from where it is used.
pub fn ty(m: &TypeModel, s: &Shape, prefix: &str) -> String {
    match s {
        Shape::String { .. } => "String".to_owned(),
        Shape::Enum(i) => format!("{prefix}{}", m.enums[*i].rust_name),
        Shape::Integer { .. } => "i64".to_owned(),
        Shape::Number => "f64".to_owned(),
        Shape::Boolean => "bool".to_owned(),
        Shape::Json => "Json".to_owned(),
        Shape::Array(inner) => format!("Vec<Value<{}>>", ty(m, inner, prefix)),
        Shape::Map(inner) => format!("IndexMap<String, Value<{}>>", ty(m, inner, prefix)),
        Shape::Object(i) => format!("{prefix}{}", m.objects[*i].rust_name),
    }
}

fn field_ty(m: &TypeModel, p: &Prop, prefix: &str) -> String {
    let inner = format!("Value<{}>", ty(m, &p.shape, prefix));
    if p.required {
        inner
    } else {
        format!("Option<{inner}>")
    }
}

/// A struct with its constructor, `Render` and `From<_> for Value<_>` impls.
fn emit_struct(
    out: &mut String,
    m: &TypeModel,
    name: &str,
    doc: &str,
    props: &[Prop],
    prefix: &str,
    value_from: bool,
) {
    out.push_str(doc);
    w!(out, "#[derive(Debug, Clone, PartialEq)]");
    w!(out, "pub struct {name} {{");
    for p in props {
        let req = if p.required { "Required." } else { "Optional." };
        w!(out, "/// `{}` ({req}) {}", p.name, clean_doc(&p.doc));
        w!(out, "pub {}: {},", p.field, field_ty(m, p, prefix));
    }
    w!(out, "}}");
    w!(out, "impl {name} {{");
    w!(
        out,
        "/// Builds a `{name}` from its required properties; optional ones start unset."
    );
    let params: Vec<String> = props
        .iter()
        .filter(|p| p.required)
        .map(|p| format!("{}: impl Into<Value<{}>>", p.field, ty(m, &p.shape, prefix)))
        .collect();
    w!(out, "pub fn new({}) -> Self {{", params.join(", "));
    w!(out, "{name} {{");
    for p in props {
        if p.required {
            w!(out, "{}: {}.into(),", p.field, p.field);
        } else {
            w!(out, "{}: None,", p.field);
        }
    }
    w!(out, "}}\n}}\n}}");
    if !props.iter().any(|p| p.required) {
        // Written out rather than derived: a derived `default` is `#[inline]`, so every stack
        // crate would compile its own copy of it (docs/edit-loop.md).
        w!(out, "impl Default for {name} {{");
        w!(out, "fn default() -> Self {{ Self::new() }}");
        w!(out, "}}");
    }
    if value_from {
        w!(out, "impl From<{name}> for Value<{name}> {{ fn from(v: {name}) -> Self {{ Value::Lit(v) }} }}");
    }
    w!(out, "impl Render for {name} {{");
    w!(out, "fn render(&self) -> serde_json::Value {{");
    if props.is_empty() {
        w!(out, "serde_json::Value::Object(serde_json::Map::new())");
    } else {
        w!(out, "let mut m = serde_json::Map::new();");
        for p in props {
            let put = if p.required { "put" } else { "put_opt" };
            w!(
                out,
                "crate::value::{put}(&mut m, {}, &self.{});",
                lit(&p.name),
                p.field
            );
        }
        w!(out, "serde_json::Value::Object(m)");
    }
    w!(out, "}}\n}}");
}

fn emit_enum(out: &mut String, e: &EnumDef) {
    let name = &e.rust_name;
    w!(out, "/// Allowed values of `{name}`.");
    w!(out, "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]");
    w!(out, "pub enum {name} {{");
    for (value, variant) in &e.values {
        w!(out, "/// `{}`", clean_doc(value));
        w!(out, "{variant},");
    }
    w!(out, "}}");
    w!(out, "impl {name} {{");
    let all: Vec<String> = e.values.iter().map(|(_, v)| format!("Self::{v}")).collect();
    w!(out, "/// Every variant, in schema order.");
    w!(
        out,
        "pub const ALL: &'static [Self] = &[{}];",
        all.join(", ")
    );
    if e.integer {
        let values: Vec<&str> = e.values.iter().map(|(v, _)| v.as_str()).collect();
        w!(out, "/// The allowed values, in schema order.");
        w!(
            out,
            "pub const VALUES: &'static [i64] = &[{}];",
            values.join(", ")
        );
        w!(out, "/// The number this variant stands for.");
        w!(out, "pub fn as_i64(self) -> i64 {{ match self {{");
        for (value, variant) in &e.values {
            w!(out, "Self::{variant} => {value},");
        }
        w!(out, "}} }}");
        w!(out, "/// The variant of a number, if it is allowed.");
        w!(out, "pub fn from_value(v: i64) -> Option<Self> {{ Self::ALL.iter().copied().find(|x| x.as_i64() == v) }}");
    } else {
        let values: Vec<String> = e.values.iter().map(|(v, _)| lit(v)).collect();
        w!(out, "/// The allowed values, in schema order.");
        w!(
            out,
            "pub const VALUES: &'static [&'static str] = &[{}];",
            values.join(", ")
        );
        w!(out, "/// The string this variant stands for.");
        w!(out, "pub fn as_str(self) -> &'static str {{ match self {{");
        for (value, variant) in &e.values {
            w!(out, "Self::{variant} => {},", lit(value));
        }
        w!(out, "}} }}");
        w!(out, "/// The variant of a string, if it is allowed.");
        w!(out, "pub fn from_value(v: &str) -> Option<Self> {{ Self::ALL.iter().copied().find(|x| x.as_str() == v) }}");
    }
    w!(out, "}}");
    let render = if e.integer {
        "serde_json::Value::from(self.as_i64())"
    } else {
        "serde_json::Value::String(self.as_str().to_owned())"
    };
    w!(
        out,
        "impl Render for {name} {{ fn render(&self) -> serde_json::Value {{ {render} }} }}"
    );
    w!(
        out,
        "impl From<{name}> for Value<{name}> {{ fn from(v: {name}) -> Self {{ Value::Lit(v) }} }}"
    );
}

fn emit_tags(out: &mut String, m: &TypeModel) {
    w!(
        out,
        "fn apply_tags(&mut self, tags: &[(String, Value<String>)]) -> bool {{"
    );
    let Some((tag_prop, shape)) = &m.tag else {
        w!(out, "let _ = tags;\nfalse\n}}");
        return;
    };
    let prop = m
        .props
        .iter()
        .find(|p| &p.name == tag_prop)
        .expect("tag property is a top-level property");
    let call = match shape {
        TagShape::Other => {
            w!(out, "let _ = tags;\nfalse\n}}");
            return;
        }
        TagShape::Map => "crate::resource::merge_tag_map(slot, tags)".to_owned(),
        TagShape::List(i) => list_merge_call(m, &m.objects[*i]),
    };
    if prop.required {
        w!(out, "let mut taken = Some(std::mem::replace(&mut self.{}, Value::Lit(Default::default())));", prop.field);
        w!(out, "let slot = &mut taken;");
        w!(out, "let merged = {call};");
        w!(out, "if let Some(v) = taken {{ self.{} = v; }}", prop.field);
        w!(out, "merged\n}}");
    } else {
        w!(out, "let slot = &mut self.{};", prop.field);
        w!(out, "{call}\n}}");
    }
}

fn list_merge_call(m: &TypeModel, item: &ObjectDef) -> String {
    let path = format!("{}::{}", m.defs_module, item.rust_name);
    let key = item
        .props
        .iter()
        .find(|p| p.name == "Key")
        .expect("tag items have a Key");
    let key_of = if key.required {
        format!("|t: &{path}| match &t.{} {{ Value::Lit(k) => Some(k.as_str()), Value::Fn(_) => None }}", key.field)
    } else {
        format!(
            "|t: &{path}| match &t.{} {{ Some(Value::Lit(k)) => Some(k.as_str()), _ => None }}",
            key.field
        )
    };
    let fields: Vec<String> = item
        .props
        .iter()
        .map(|p| {
            let v = match p.name.as_str() {
                "Key" => "Value::Lit(key)",
                "Value" => "value",
                _ => return format!("{}: None", p.field),
            };
            if p.required && p.field == v {
                v.to_owned()
            } else if p.required {
                format!("{}: {v}", p.field)
            } else {
                format!("{}: Some({v})", p.field)
            }
        })
        .collect();
    format!(
        "crate::resource::merge_tag_list(slot, tags, {key_of}, |key, value| {path} {{ {} }})",
        fields.join(", ")
    )
}

fn emit_resource(out: &mut String, m: &TypeModel) {
    let name = &m.rust_name;
    let prefix = format!("{}::", m.defs_module);
    if m.type_name == CUSTOM_RESOURCE {
        emit_custom_resource(out, m);
    } else {
        let mut doc = doc_line(&m.description);
        if !doc.is_empty() {
            doc.push_str("///\n");
        }
        doc.push_str(&format!("/// CloudFormation type `{}`.\n", m.type_name));
        emit_struct(out, m, name, &doc, &m.props, &prefix, false);
    }
    w!(out, "impl crate::resource::Resource for {name} {{");
    w!(
        out,
        "const TYPE_NAME: &'static str = {};",
        lit(&m.type_name)
    );
    let attrs: Vec<String> = m.attributes.iter().map(|a| lit(&a.name)).collect();
    w!(
        out,
        "const ATTRIBUTES: &'static [&'static str] = &[{}];",
        attrs.join(", ")
    );
    emit_tags(out, m);
    w!(out, "fn add_to<'t>(self, template: &'t mut crate::template::Template, logical_id: &str, tags: &[(String, Value<String>)]) -> &'t mut crate::template::ResourceEntry {{");
    w!(
        out,
        "crate::resource::add_to_template(self, template, logical_id, tags)\n}}"
    );
    w!(out, "}}");
    if !m.attributes.is_empty() {
        w!(out, "impl crate::resource::Handle<{name}> {{");
        for a in &m.attributes {
            let list = if a.list { " (a list)" } else { "" };
            w!(out, "/// `Fn::GetAtt` of `{}`{list}.", a.name);
            w!(
                out,
                "pub fn {}(&self) -> crate::value::Intrinsic {{ self.get_att({}) }}",
                a.method,
                lit(&a.name)
            );
        }
        w!(out, "}}");
    }
    w!(out, "/// Nested types and enums of [`{name}`].");
    w!(out, "pub mod {} {{", m.defs_module);
    w!(out, "{USES}");
    for o in &m.objects {
        emit_struct(out, m, &o.rust_name, &doc_line(&o.doc), &o.props, "", true);
    }
    for e in &m.enums {
        emit_enum(out, e);
    }
    w!(out, "}}");
}

fn emit_custom_resource(out: &mut String, m: &TypeModel) {
    let name = &m.rust_name;
    w!(out, "/// A custom resource (`Custom::*` or `{CUSTOM_RESOURCE}`) backed by a Lambda function or SNS topic.");
    w!(out, "#[derive(Debug, Clone, PartialEq)]");
    w!(out, "pub struct {name} {{");
    w!(
        out,
        "/// The type the template records, e.g. `Custom::DatabaseUser`."
    );
    w!(out, "pub type_name: String,");
    w!(
        out,
        "/// `ServiceToken`: the ARN of the function or topic that handles the requests."
    );
    w!(out, "pub service_token: Value<String>,");
    w!(out, "/// `ServiceTimeout`: seconds to wait for a response.");
    w!(out, "pub service_timeout: Option<Value<i64>>,");
    w!(
        out,
        "/// Further properties passed to the handler, rendered after `ServiceToken`."
    );
    w!(out, "pub extra: IndexMap<String, Json>,");
    w!(out, "}}");
    w!(out, "impl {name} {{");
    w!(
        out,
        "/// A custom resource of type `type_name` (`Custom::Foo`) handled by `service_token`."
    );
    w!(out, "pub fn custom(type_name: impl Into<String>, service_token: impl Into<Value<String>>) -> Self {{");
    w!(out, "{name} {{ type_name: type_name.into(), service_token: service_token.into(), service_timeout: None, extra: IndexMap::new() }}");
    w!(out, "}}");
    w!(out, "/// Adds a property passed to the handler.");
    w!(
        out,
        "pub fn with(mut self, name: impl Into<String>, value: impl Into<Json>) -> Self {{"
    );
    w!(
        out,
        "self.extra.insert(name.into(), value.into());\nself\n}}"
    );
    w!(out, "}}");
    w!(out, "impl Render for {name} {{");
    w!(out, "fn render(&self) -> serde_json::Value {{");
    w!(out, "let mut m = serde_json::Map::new();");
    w!(
        out,
        "m.insert(\"ServiceToken\".to_owned(), self.service_token.render());"
    );
    w!(out, "if let Some(v) = &self.service_timeout {{ m.insert(\"ServiceTimeout\".to_owned(), v.render()); }}");
    w!(
        out,
        "for (k, v) in &self.extra {{ m.insert(k.clone(), v.render()); }}"
    );
    w!(out, "serde_json::Value::Object(m)");
    w!(out, "}}\n}}");
}

/// The source of one service module.
pub fn service_file(service: &str, types: &[&TypeModel]) -> String {
    let mut out = String::new();
    w!(
        out,
        "// @generated by ha-codegen from schemas/resources/*-{service}-*.json; do not edit"
    );
    let names: Vec<String> = types.iter().map(|t| format!("`{}`", t.type_name)).collect();
    w!(
        out,
        "//! Resource types of service `{service}` (cargo feature `{service}`): {}.",
        names.join(", ")
    );
    w!(out, "{MODULE_ALLOWS}");
    w!(out, "{USES}");
    for m in types {
        emit_resource(&mut out, m);
    }
    out
}

/// The source of `resources/mod.rs`.
pub fn mod_file(services: &[String]) -> String {
    let mut out = String::new();
    w!(
        out,
        "// @generated by ha-codegen from schemas/types.txt; do not edit"
    );
    w!(out, "//! CloudFormation resource types generated from the registry schemas in `schemas/resources`,");
    w!(
        out,
        "//! one module and cargo feature per service (feature `all` enables every one)."
    );
    for s in services {
        w!(out, "#[cfg(feature = \"{s}\")]\npub mod {s};");
    }
    // One macro per service for the `stack!{}` expansion, which declares each resource's type
    // alias through it: the generated type when the service's feature is on; when it is off,
    // the compile error the expansion passes in (it names the feature, at the user's type
    // path), and an alias that fails to resolve, so nothing more is reported for its uses.
    for s in services {
        w!(out, "#[cfg(feature = \"{s}\")]\n#[doc(hidden)]\n#[macro_export]\nmacro_rules! __ha_service_{s} {{\n([$($error:tt)*] $alias:ident = $svc:ident :: $($t:tt)*) => {{ pub(crate) type $alias = $crate::resources::$svc::$($t)*; }};\n}}");
        w!(out, "#[cfg(not(feature = \"{s}\"))]\n#[doc(hidden)]\n#[macro_export]\nmacro_rules! __ha_service_{s} {{\n([$($error:tt)*] $alias:ident = $svc:ident :: $($t:tt)*) => {{ $($error)* pub(crate) type $alias = $crate::resources::$svc::$($t)*; }};\n}}");
    }
    out
}
