//! Source of `ha-registry`: the compact per-service blobs (`data/<service>.bin`, format in
//! `ha_registry::blob`) and `src/generated.rs`, the type index that includes them.

use crate::model::{Prop, Shape, TypeModel};
use ha_registry as reg;
use std::collections::BTreeMap;

fn leak_str(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

fn leak_vec<T>(v: Vec<T>) -> &'static [T] {
    Box::leak(v.into_boxed_slice())
}

fn strs(list: &[String]) -> &'static [&'static str] {
    leak_vec(list.iter().map(|s| leak_str(s)).collect())
}

/// Converts one model's shapes, sharing each object and enum of the model once.
struct Converter<'m> {
    model: &'m TypeModel,
    objects: BTreeMap<usize, &'static reg::ObjectDef>,
    enums: BTreeMap<usize, &'static reg::EnumDef>,
}

impl Converter<'_> {
    fn shape(&mut self, s: &Shape) -> &'static reg::Shape {
        let shape = match s {
            Shape::String {
                min_len,
                max_len,
                pattern,
            } => reg::Shape::String {
                min_len: *min_len,
                max_len: *max_len,
                pattern: pattern.as_deref().map(leak_str),
            },
            Shape::Enum(i) => {
                let model = self.model;
                let def = *self.enums.entry(*i).or_insert_with(|| {
                    let e = &model.enums[*i];
                    Box::leak(Box::new(reg::EnumDef {
                        rust_name: leak_str(&e.rust_name),
                        integer: e.integer,
                        values: leak_vec(
                            e.values
                                .iter()
                                .map(|(v, n)| reg::EnumValue {
                                    value: leak_str(v),
                                    variant: leak_str(n),
                                })
                                .collect(),
                        ),
                    }))
                });
                reg::Shape::Enum(def)
            }
            Shape::Integer { min, max } => reg::Shape::Integer {
                min: *min,
                max: *max,
            },
            Shape::Number => reg::Shape::Number,
            Shape::Boolean => reg::Shape::Boolean,
            Shape::Json => reg::Shape::Json,
            Shape::Array(inner) => reg::Shape::Array(self.shape(inner)),
            Shape::Map(inner) => reg::Shape::Map(self.shape(inner)),
            Shape::Object(i) => {
                let def = match self.objects.get(i) {
                    Some(d) => *d,
                    None => {
                        let o = &self.model.objects[*i];
                        let def: &'static reg::ObjectDef = Box::leak(Box::new(reg::ObjectDef {
                            rust_name: leak_str(&o.rust_name),
                            properties: self.props(&o.props),
                        }));
                        self.objects.insert(*i, def);
                        def
                    }
                };
                reg::Shape::Object(def)
            }
        };
        Box::leak(Box::new(shape))
    }

    fn props(&mut self, list: &[Prop]) -> &'static [reg::Property] {
        let v = list
            .iter()
            .map(|p| reg::Property {
                name: leak_str(&p.name),
                rust_field: leak_str(&p.field),
                required: p.required,
                shape: self.shape(&p.shape),
            })
            .collect();
        leak_vec(v)
    }
}

/// The registry metadata of one model (leaked: the generator is a short-lived process).
pub fn resource_type(m: &TypeModel) -> reg::ResourceType {
    let mut c = Converter {
        model: m,
        objects: BTreeMap::new(),
        enums: BTreeMap::new(),
    };
    reg::ResourceType {
        name: leak_str(&m.type_name),
        service: leak_str(&m.service),
        rust_name: leak_str(&m.rust_name),
        defs_module: leak_str(&m.defs_module),
        properties: c.props(&m.props),
        attributes: leak_vec(
            m.attributes
                .iter()
                .map(|a| reg::Attribute {
                    name: leak_str(&a.name),
                    method: leak_str(&a.method),
                    list: a.list,
                })
                .collect(),
        ),
        create_only: strs(&m.create_only),
        tag_property: m.tag.as_ref().map(|(n, _)| leak_str(n)),
        primary_identifier: strs(&m.primary_identifier),
        description: leak_str(&m.description),
    }
}

/// The registry files for `models` (any order): `ha-registry/src/generated.rs` and one blob
/// per service, by path relative to the workspace root.
pub fn registry_files(models: &[&TypeModel]) -> BTreeMap<String, Vec<u8>> {
    let mut by_service: BTreeMap<&str, Vec<&TypeModel>> = BTreeMap::new();
    for m in models {
        by_service.entry(&m.service).or_default().push(m);
    }
    let mut files = BTreeMap::new();
    let mut index: Vec<(&str, usize, &str)> = Vec::new();
    let mut services = String::new();
    for (i, (service, list)) in by_service.iter_mut().enumerate() {
        list.sort_by(|a, b| a.type_name.cmp(&b.type_name));
        let types: Vec<reg::ResourceType> = list.iter().map(|m| resource_type(m)).collect();
        let refs: Vec<&reg::ResourceType> = types.iter().collect();
        files.insert(
            format!("ha-registry/data/{service}.bin"),
            reg::blob::encode(&refs),
        );
        services.push_str(&format!(
            "    ({service:?}, include_bytes!(\"../data/{service}.bin\")),\n"
        ));
        index.extend(
            list.iter()
                .map(|m| (m.type_name.as_str(), i, m.rust_name.as_str())),
        );
    }
    index.sort();
    let mut out = String::new();
    out.push_str("// @generated by ha-codegen from schemas/resources/*.json; do not edit\n");
    out.push_str("//! The type index and the per-service metadata blobs.\n\n");
    out.push_str(
        "/// Every resource type: `(type name, index into SERVICES, Rust name)`, sorted by name.\n",
    );
    out.push_str("pub(crate) static TYPES: &[(&str, u16, &str)] = &[\n");
    for (name, svc, rust) in &index {
        out.push_str(&format!("    ({name:?}, {svc}, {rust:?}),\n"));
    }
    out.push_str("];\n\n/// Every service: `(name, blob)`, sorted by name.\n");
    out.push_str("pub(crate) static SERVICES: &[(&str, &[u8])] = &[\n");
    out.push_str(&services);
    out.push_str("];\n");
    files.insert("ha-registry/src/generated.rs".to_owned(), out.into_bytes());
    files
}
