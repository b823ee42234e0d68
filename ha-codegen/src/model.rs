//! The resource model: a registry schema resolved into Rust-shaped types.

use crate::naming::{self, NameSet};
use serde_json::{Map, Value as J};
use std::collections::{BTreeMap, BTreeSet};

/// The shape of a property value.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A string with its schema constraints.
    String {
        /// `minLength`
        min_len: Option<u32>,
        /// `maxLength`
        max_len: Option<u32>,
        /// `pattern`
        pattern: Option<String>,
    },
    /// An enum, by index into [`TypeModel::enums`].
    Enum(usize),
    /// An integer with its bounds.
    Integer {
        /// `minimum`
        min: Option<i64>,
        /// `maximum`
        max: Option<i64>,
    },
    /// A number.
    Number,
    /// A boolean.
    Boolean,
    /// Free-form JSON.
    Json,
    /// A list.
    Array(Box<Shape>),
    /// A string-keyed map.
    Map(Box<Shape>),
    /// A struct, by index into [`TypeModel::objects`].
    Object(usize),
}

/// A property of a resource or of a nested object.
#[derive(Debug, Clone, PartialEq)]
pub struct Prop {
    /// The schema name.
    pub name: String,
    /// The Rust field name.
    pub field: String,
    /// Whether the schema requires it.
    pub required: bool,
    /// Its shape.
    pub shape: Shape,
    /// First sentence of its description.
    pub doc: String,
}

/// A generated struct.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectDef {
    /// The Rust name (in the type's defs module).
    pub rust_name: String,
    /// Its properties in schema order.
    pub props: Vec<Prop>,
    /// First sentence of its description.
    pub doc: String,
}

/// A generated enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    /// The Rust name (in the type's defs module).
    pub rust_name: String,
    /// Whether the values are integers.
    pub integer: bool,
    /// `(value, variant)` pairs in schema order.
    pub values: Vec<(String, String)>,
}

/// An attribute `Fn::GetAtt` can read.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    /// `Endpoint.Address`
    pub name: String,
    /// `endpoint_address`
    pub method: String,
    /// Whether the attribute is a list.
    pub list: bool,
}

/// How a resource carries tags.
#[derive(Debug, Clone, PartialEq)]
pub enum TagShape {
    /// A list of `{Key, Value}` objects: the item struct index.
    List(usize),
    /// A map of strings.
    Map,
    /// Any other shape: tags cannot be merged.
    Other,
}

/// One resource type ready for code generation.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeModel {
    /// `AWS::S3::Bucket`
    pub type_name: String,
    /// `s3`
    pub service: String,
    /// `Bucket`
    pub rust_name: String,
    /// `bucket`
    pub defs_module: String,
    /// Writable top-level properties.
    pub props: Vec<Prop>,
    /// Nested structs.
    pub objects: Vec<ObjectDef>,
    /// Enums.
    pub enums: Vec<EnumDef>,
    /// Attributes.
    pub attributes: Vec<Attribute>,
    /// Top-level create-only property names.
    pub create_only: Vec<String>,
    /// The tag property and its shape.
    pub tag: Option<(String, TagShape)>,
    /// Primary identifier paths (`/` → `.`).
    pub primary_identifier: Vec<String>,
    /// First sentence of the description, at most 200 characters.
    pub description: String,
    /// Properties that fell back to `Json` because their schema shape is not supported.
    pub json_fallbacks: usize,
}

/// The service segment of a type name, lowercased (`AWS::S3::Bucket` → `s3`).
pub fn service_of(type_name: &str) -> String {
    let parts: Vec<&str> = type_name.split("::").collect();
    parts.get(1).unwrap_or(&parts[0]).to_ascii_lowercase()
}

/// The first sentence of a description, at most 200 characters, on one line.
pub fn first_sentence(text: &str) -> String {
    let line = text.trim().lines().next().unwrap_or("").trim();
    let end = line.find(". ").map_or(line.len(), |i| i + 1);
    let s = &line[..end];
    if s.chars().count() <= 200 {
        return s.to_owned();
    }
    let cut: String = s.chars().take(199).collect();
    format!("{}…", cut.trim_end())
}

fn path_segments(path: &str) -> Option<Vec<&str>> {
    path.strip_prefix("/properties/")
        .map(|p| p.split('/').collect())
}

fn str_list(v: Option<&J>) -> Vec<String> {
    v.and_then(J::as_array)
        .map(|a| a.iter().filter_map(J::as_str).map(str::to_owned).collect())
        .unwrap_or_default()
}

#[doc(hidden)] // public for the unit tests in tests/model.rs
pub fn as_u32(v: Option<&J>) -> Option<u32> {
    v.and_then(J::as_u64).and_then(|n| u32::try_from(n).ok())
}

#[doc(hidden)] // public for the unit tests in tests/model.rs
pub fn as_i64(v: Option<&J>) -> Option<i64> {
    let v = v?;
    v.as_i64().or_else(|| {
        v.as_f64()
            .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
            .map(|f| f as i64)
    })
}

/// Where a shape is being resolved, for naming inline structs and enums.
#[derive(Debug, Clone)]
struct Hint {
    /// The definition name when resolving `#/definitions/X` itself.
    def: Option<String>,
    /// The enclosing struct name (`None` for top-level properties).
    parent: Option<String>,
    /// The property name.
    prop: String,
}

struct Builder<'a> {
    root: &'a J,
    rust_name: String,
    defs: Map<String, J>,
    objects: Vec<ObjectDef>,
    enums: Vec<EnumDef>,
    names: NameSet,
    def_names: BTreeMap<String, String>,
    cache: BTreeMap<String, Shape>,
    in_progress: Vec<String>,
    json_fallbacks: usize,
}

impl<'a> Builder<'a> {
    fn new(root: &'a J, rust_name: &str) -> Self {
        let defs = root
            .get("definitions")
            .and_then(J::as_object)
            .cloned()
            .unwrap_or_default();
        let mut names = NameSet::default();
        // The resource struct lives in the parent module, but keep its name free here too so
        // `use super::*` style references stay unambiguous.
        names.claim(rust_name);
        let mut def_names = BTreeMap::new();
        for name in defs.keys() {
            def_names.insert(name.clone(), names.claim(&naming::type_name(name)));
        }
        Builder {
            root,
            rust_name: rust_name.to_owned(),
            defs,
            objects: Vec::new(),
            enums: Vec::new(),
            names,
            def_names,
            cache: BTreeMap::new(),
            in_progress: Vec::new(),
            json_fallbacks: 0,
        }
    }

    fn name_for(&mut self, hint: &Hint) -> String {
        if let Some(d) = &hint.def {
            return self.def_names[d].clone();
        }
        let prop = naming::type_name(&hint.prop);
        match &hint.parent {
            None if !self.names.contains(&prop) => self.names.claim(&prop),
            None => self.names.claim(&format!("{}{prop}", self.rust_name)),
            Some(p) => self
                .names
                .claim(&format!("{p}{}", prop.trim_end_matches("Def"))),
        }
    }

    fn fallback(&mut self) -> Shape {
        self.json_fallbacks += 1;
        Shape::Json
    }

    fn resolve_def(&mut self, name: &str) -> Shape {
        if let Some(s) = self.cache.get(name) {
            return s.clone();
        }
        if self.in_progress.iter().any(|n| n == name) {
            // A recursive definition: the inner occurrence becomes free-form JSON.
            return self.fallback();
        }
        let Some(node) = self.defs.get(name).cloned() else {
            return self.fallback();
        };
        self.in_progress.push(name.to_owned());
        let hint = Hint {
            def: Some(name.to_owned()),
            parent: None,
            prop: name.to_owned(),
        };
        let shape = self.resolve(&node, &hint, 0);
        self.in_progress.pop();
        self.cache.insert(name.to_owned(), shape.clone());
        shape
    }

    fn resolve(&mut self, node: &J, hint: &Hint, depth: usize) -> Shape {
        let Some(obj) = node.as_object() else {
            return self.fallback();
        };
        if depth > 32 {
            return self.fallback();
        }
        if let Some(r) = obj.get("$ref").and_then(J::as_str) {
            if let Some(d) = r.strip_prefix("#/definitions/") {
                return self.resolve_def(d);
            }
            if let Some(p) = r.strip_prefix("#/properties/") {
                let target = self.root.pointer(&format!("/properties/{p}")).cloned();
                if let Some(t) = target {
                    return self.resolve(&t, hint, depth + 1);
                }
            }
            return self.fallback();
        }
        let ty = match obj.get("type") {
            Some(J::String(s)) => Some(s.as_str()),
            Some(J::Array(a)) if a.len() == 1 => a[0].as_str(),
            Some(_) => return self.fallback(),
            None => None,
        };
        let ty = ty.or_else(|| {
            if obj.contains_key("properties") {
                Some("object")
            } else if obj.contains_key("items") {
                Some("array")
            } else if obj.contains_key("enum") {
                Some("string")
            } else {
                None
            }
        });
        match ty {
            Some("string") => self.string_shape(obj, hint),
            Some("integer") => self.integer_shape(obj, hint),
            Some("number") => Shape::Number,
            Some("boolean") => Shape::Boolean,
            Some("array") => match obj.get("items") {
                Some(items) if items.is_object() => {
                    let item_hint = Hint {
                        def: None,
                        parent: hint.parent.clone(),
                        prop: hint.prop.clone(),
                    };
                    let item_hint = if hint.def.is_some() {
                        Hint {
                            def: None,
                            parent: None,
                            prop: format!("{}Item", hint.prop),
                        }
                    } else {
                        item_hint
                    };
                    Shape::Array(Box::new(self.resolve(items, &item_hint, depth + 1)))
                }
                Some(_) => self.fallback(),
                None => Shape::Array(Box::new(Shape::Json)),
            },
            Some("object") => self.object_shape(obj, hint, depth),
            Some(_) => self.fallback(),
            None => self.combinator_shape(obj, hint, depth),
        }
    }

    fn combinator_shape(&mut self, obj: &Map<String, J>, hint: &Hint, depth: usize) -> Shape {
        for key in ["oneOf", "anyOf", "allOf"] {
            if let Some(alts) = obj.get(key).and_then(J::as_array) {
                let first = alts.first();
                let all_same = alts.iter().all(|a| Some(a) == first);
                if let (Some(first), true) = (first, all_same) {
                    return self.resolve(first, hint, depth + 1);
                }
                return self.fallback();
            }
        }
        Shape::Json
    }

    fn string_shape(&mut self, obj: &Map<String, J>, hint: &Hint) -> Shape {
        if let Some(values) = obj.get("enum").and_then(J::as_array) {
            let values: Vec<String> = values
                .iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                .collect();
            if !values.is_empty() {
                return self.enum_shape(values, false, hint);
            }
        }
        Shape::String {
            min_len: as_u32(obj.get("minLength")),
            max_len: as_u32(obj.get("maxLength")),
            pattern: obj.get("pattern").and_then(J::as_str).map(str::to_owned),
        }
    }

    fn integer_shape(&mut self, obj: &Map<String, J>, hint: &Hint) -> Shape {
        if let Some(values) = obj.get("enum").and_then(J::as_array) {
            let ints: Vec<i64> = values.iter().filter_map(J::as_i64).collect();
            if !ints.is_empty() && ints.len() == values.len() {
                return self.enum_shape(ints.iter().map(i64::to_string).collect(), true, hint);
            }
        }
        Shape::Integer {
            min: as_i64(obj.get("minimum")),
            max: as_i64(obj.get("maximum")),
        }
    }

    fn enum_shape(&mut self, raw: Vec<String>, integer: bool, hint: &Hint) -> Shape {
        let rust_name = self.name_for(hint);
        let mut seen = BTreeSet::new();
        let mut variants = NameSet::default();
        let mut values = Vec::new();
        for v in raw {
            if seen.insert(v.clone()) {
                let base = if integer {
                    format!("V{}", v.replace('-', "Minus"))
                } else {
                    naming::variant_name(&v)
                };
                values.push((v, variants.claim(&base)));
            }
        }
        self.enums.push(EnumDef {
            rust_name,
            integer,
            values,
        });
        Shape::Enum(self.enums.len() - 1)
    }

    fn object_shape(&mut self, obj: &Map<String, J>, hint: &Hint, depth: usize) -> Shape {
        if let Some(props) = obj
            .get("properties")
            .and_then(J::as_object)
            .filter(|p| !p.is_empty())
        {
            let rust_name = self.name_for(hint);
            let index = self.objects.len();
            let doc = obj
                .get("description")
                .and_then(J::as_str)
                .map(first_sentence)
                .unwrap_or_default();
            self.objects.push(ObjectDef {
                rust_name: rust_name.clone(),
                props: Vec::new(),
                doc,
            });
            let required = str_list(obj.get("required"));
            let props = props.clone();
            let resolved = self.props(&props, &required, Some(&rust_name), &BTreeSet::new(), depth);
            self.objects[index].props = resolved;
            return Shape::Object(index);
        }
        let mut item_schemas: Vec<&J> = Vec::new();
        if let Some(pp) = obj.get("patternProperties").and_then(J::as_object) {
            item_schemas.extend(pp.values());
        }
        if let Some(ap) = obj.get("additionalProperties").filter(|a| a.is_object()) {
            item_schemas.push(ap);
        }
        let Some(first) = item_schemas.first().copied() else {
            return Shape::Json;
        };
        if item_schemas.iter().any(|s| *s != first) {
            return self.fallback();
        }
        let first = first.clone();
        let item_hint = Hint {
            def: None,
            parent: hint.parent.clone(),
            prop: format!("{}Value", hint.prop),
        };
        Shape::Map(Box::new(self.resolve(&first, &item_hint, depth + 1)))
    }

    fn props(
        &mut self,
        props: &Map<String, J>,
        required: &[String],
        parent: Option<&str>,
        skip: &BTreeSet<String>,
        depth: usize,
    ) -> Vec<Prop> {
        let mut fields = NameSet::default();
        let mut out = Vec::new();
        for (name, node) in props {
            if skip.contains(name) {
                continue;
            }
            let hint = Hint {
                def: None,
                parent: parent.map(str::to_owned),
                prop: name.clone(),
            };
            let shape = self.resolve(node, &hint, depth + 1);
            let doc = node
                .get("description")
                .and_then(J::as_str)
                .map(first_sentence)
                .unwrap_or_default();
            out.push(Prop {
                name: name.clone(),
                field: fields.claim(&naming::field_name(name)),
                required: required.contains(name),
                shape,
                doc,
            });
        }
        out
    }

    /// Whether the property at a path is a list; `None` when the path leads through an array
    /// or cannot be followed.
    fn node_at(&self, segs: &[&str]) -> Option<bool> {
        let mut node = self.root.get("properties")?.get(segs[0])?.clone();
        for seg in &segs[1..] {
            node = self.deref(node);
            if node.get("type").and_then(J::as_str) == Some("array") {
                return None;
            }
            node = node.get("properties")?.get(*seg)?.clone();
        }
        let node = self.deref(node);
        Some(node.get("type").and_then(J::as_str) == Some("array"))
    }

    fn deref(&self, mut node: J) -> J {
        for _ in 0..8 {
            let Some(d) = node
                .get("$ref")
                .and_then(J::as_str)
                .and_then(|r| r.strip_prefix("#/definitions/"))
            else {
                break;
            };
            match self.defs.get(d) {
                Some(n) => node = n.clone(),
                None => break,
            }
        }
        node
    }
}

/// Builds the model of one registry schema.
pub fn build(schema: &J) -> TypeModel {
    build_with_attributes(schema, None)
}

/// Builds a type's model; `getatts` (dotted attribute names, e.g. `Endpoint.Address`) replaces
/// the schema's readOnlyProperties as the set of `Fn::GetAtt` attributes. CloudFormation
/// accepts GetAtt of some writable properties too (`AWS::Events::EventBus.Name`); the list
/// comes from `schemas/getatts.json` (see scripts/vendor-getatts.py).
pub fn build_with_attributes(schema: &J, getatts: Option<&[String]>) -> TypeModel {
    let type_name = schema
        .get("typeName")
        .and_then(J::as_str)
        .unwrap_or("Unknown::Unknown::Unknown")
        .to_owned();
    let last = type_name.rsplit("::").next().unwrap_or(&type_name);
    let rust_name = naming::type_name(last);
    let defs_module = naming::field_name(last);
    let mut b = Builder::new(schema, &rust_name);

    let read_only = str_list(schema.get("readOnlyProperties"));
    let props = schema
        .get("properties")
        .and_then(J::as_object)
        .cloned()
        .unwrap_or_default();
    let mut skip = BTreeSet::new();
    for name in props.keys() {
        let top = format!("/properties/{name}");
        let nested: Vec<&String> = read_only
            .iter()
            .filter(|p| p.starts_with(&format!("{top}/")))
            .collect();
        let fully_nested = !nested.is_empty() && {
            let node = b.deref(props[name].clone());
            node.get("properties")
                .and_then(J::as_object)
                .is_some_and(|sub| {
                    sub.keys()
                        .all(|k| nested.iter().any(|p| **p == format!("{top}/{k}")))
                })
        };
        if read_only.contains(&top) || fully_nested {
            skip.insert(name.clone());
        }
    }
    let required = str_list(schema.get("required"));
    let top_props = b.props(&props, &required, None, &skip, 0);

    let mut methods = NameSet::default();
    let mut attributes = Vec::new();
    let attribute_paths: Vec<String> = match getatts {
        Some(names) => names
            .iter()
            .map(|n| format!("/properties/{}", n.replace('.', "/")))
            .collect(),
        None => read_only.clone(),
    };
    for path in &attribute_paths {
        let Some(segs) = path_segments(path) else {
            continue;
        };
        let Some(list) = b.node_at(&segs) else {
            continue;
        };
        let name = segs.join(".");
        if attributes.iter().any(|a: &Attribute| a.name == name) {
            continue;
        }
        let method = methods.claim(&naming::attribute_method(&name));
        attributes.push(Attribute { name, method, list });
    }

    let mut create_only = Vec::new();
    for p in str_list(schema.get("createOnlyProperties")) {
        if let Some(segs) = path_segments(&p) {
            let top = segs[0].to_owned();
            if !create_only.contains(&top) {
                create_only.push(top);
            }
        }
    }

    let primary_identifier = str_list(schema.get("primaryIdentifier"))
        .iter()
        .filter_map(|p| path_segments(p).map(|s| s.join(".")))
        .collect();

    let tagging = schema.get("tagging");
    let taggable = tagging
        .and_then(|t| t.get("taggable"))
        .or_else(|| schema.get("taggable"))
        .and_then(J::as_bool)
        .unwrap_or(true);
    let tag_name = tagging
        .and_then(|t| t.get("tagProperty"))
        .and_then(J::as_str)
        .and_then(|p| p.strip_prefix("/properties/"))
        .unwrap_or("Tags")
        .to_owned();
    let tag = top_props
        .iter()
        .find(|p| p.name == tag_name)
        .filter(|_| taggable)
        .map(|p| (p.name.clone(), tag_shape(&p.shape, &b.objects)));

    TypeModel {
        service: service_of(&type_name),
        description: schema
            .get("description")
            .and_then(J::as_str)
            .map(first_sentence)
            .unwrap_or_default(),
        type_name,
        rust_name,
        defs_module,
        props: top_props,
        objects: b.objects,
        enums: b.enums,
        attributes,
        create_only,
        tag,
        primary_identifier,
        json_fallbacks: b.json_fallbacks,
    }
}

/// Classifies the shape of a tag property.
pub fn tag_shape(shape: &Shape, objects: &[ObjectDef]) -> TagShape {
    match shape {
        Shape::Map(inner) if matches!(**inner, Shape::String { .. }) => TagShape::Map,
        Shape::Array(inner) => match **inner {
            Shape::Object(i) => {
                let o = &objects[i];
                let string_prop = |n: &str| {
                    o.props
                        .iter()
                        .any(|p| p.name == n && matches!(p.shape, Shape::String { .. }))
                };
                let others_optional = o
                    .props
                    .iter()
                    .all(|p| p.name == "Key" || p.name == "Value" || !p.required);
                if string_prop("Key") && string_prop("Value") && others_optional {
                    TagShape::List(i)
                } else {
                    TagShape::Other
                }
            }
            _ => TagShape::Other,
        },
        _ => TagShape::Other,
    }
}
