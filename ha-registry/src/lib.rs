//! Compile-time metadata of the generated CloudFormation resource types, for the `stack!{}`
//! proc macro: property names, Rust field names, required flags, value shapes (with the
//! schema's lengths, patterns, bounds and enum values), attributes, create-only properties and
//! tag properties.
//!
//! Every type of the vendored registry is known here, stored compactly: `data/<service>.bin`
//! holds one service (see [`blob`]), and `generated.rs` (written by `ha-codegen generate`)
//! lists the types with their service and includes the blobs. A service is decoded the first
//! time one of its types is looked up, so the macro's build and each expansion pay only for the
//! services a stack uses. This file and `blob.rs` are hand-written.

pub mod blob;
mod generated;

use std::collections::BTreeMap;
use std::sync::Mutex;

/// One resource type.
#[derive(Debug)]
pub struct ResourceType {
    /// The CloudFormation type name, e.g. `AWS::S3::Bucket`.
    pub name: &'static str,
    /// The service: module of `ha_core::resources` and cargo feature of `ha-core`, e.g. `s3`.
    pub service: &'static str,
    /// The struct name in the service module, e.g. `Bucket`.
    pub rust_name: &'static str,
    /// The module of the nested types and enums, e.g. `bucket`.
    pub defs_module: &'static str,
    /// The writable top-level properties, in schema order.
    pub properties: &'static [Property],
    /// The attributes `Fn::GetAtt` may read.
    pub attributes: &'static [Attribute],
    /// Top-level properties whose change replaces the resource.
    pub create_only: &'static [&'static str],
    /// The property that carries tags, when the type is taggable.
    pub tag_property: Option<&'static str>,
    /// The primary identifier (property paths, `.`-separated).
    pub primary_identifier: &'static [&'static str],
    /// First sentence of the schema's description (at most 200 characters).
    pub description: &'static str,
}

/// A property of a resource or of a nested object.
#[derive(Debug)]
pub struct Property {
    /// The schema name, e.g. `BucketName`.
    pub name: &'static str,
    /// The Rust field name, e.g. `bucket_name`.
    pub rust_field: &'static str,
    /// Whether the schema requires it.
    pub required: bool,
    /// The value shape.
    pub shape: &'static Shape,
}

/// The shape of a property value.
#[derive(Debug)]
pub enum Shape {
    /// A string, with the schema's constraints.
    String {
        /// `minLength`
        min_len: Option<u32>,
        /// `maxLength`
        max_len: Option<u32>,
        /// `pattern` (ECMA regex as written in the schema)
        pattern: Option<&'static str>,
    },
    /// A generated enum.
    Enum(&'static EnumDef),
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
    /// Free-form JSON (`ha_core::Json`).
    Json,
    /// A list of the inner shape.
    Array(&'static Shape),
    /// A string-keyed map of the inner shape.
    Map(&'static Shape),
    /// A generated struct.
    Object(&'static ObjectDef),
}

/// A generated enum.
#[derive(Debug)]
pub struct EnumDef {
    /// The enum name in the type's defs module.
    pub rust_name: &'static str,
    /// Whether the values are integers (rendered as numbers).
    pub integer: bool,
    /// The allowed values.
    pub values: &'static [EnumValue],
}

/// One allowed value of an enum.
#[derive(Debug)]
pub struct EnumValue {
    /// The value as CloudFormation spells it (integers in decimal).
    pub value: &'static str,
    /// The Rust variant.
    pub variant: &'static str,
}

/// A generated struct.
#[derive(Debug)]
pub struct ObjectDef {
    /// The struct name in the type's defs module.
    pub rust_name: &'static str,
    /// Its properties, in schema order.
    pub properties: &'static [Property],
}

/// An attribute `Fn::GetAtt` can read.
#[derive(Debug)]
pub struct Attribute {
    /// The attribute name, e.g. `Endpoint.Address`.
    pub name: &'static str,
    /// The accessor on `Handle<T>`, e.g. `endpoint_address`.
    pub method: &'static str,
    /// Whether the attribute is a list.
    pub list: bool,
}

/// Decoded services, by index into `generated::SERVICES`.
static DECODED: Mutex<BTreeMap<usize, &'static [ResourceType]>> = Mutex::new(BTreeMap::new());

/// Every type of service number `index`, decoding its blob on first use.
fn service_types(index: usize) -> &'static [ResourceType] {
    let mut cache = DECODED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    cache.entry(index).or_insert_with(|| {
        let (name, bytes) = generated::SERVICES[index];
        let types = blob::decode(name, bytes).expect(
            "ha-registry: a blob in ha-registry/data is damaged; regenerate it with `cargo run -p ha-codegen -- generate`",
        );
        Box::leak(types.into_boxed_slice())
    })
}

fn decoded(entry: &(&'static str, u16, &'static str)) -> Option<&'static ResourceType> {
    service_types(usize::from(entry.1))
        .iter()
        .find(|t| t.name == entry.0)
}

/// The resource type named `name` (e.g. `AWS::S3::Bucket`).
pub fn lookup(name: &str) -> Option<&'static ResourceType> {
    let i = generated::TYPES.binary_search_by(|t| t.0.cmp(name)).ok()?;
    decoded(&generated::TYPES[i])
}

/// The resource type at `ha_core::resources::<service>::<rust_name>` (e.g. `s3`, `Bucket`).
pub fn by_rust_path(service: &str, rust_name: &str) -> Option<&'static ResourceType> {
    let entry = generated::TYPES
        .iter()
        .find(|t| t.2 == rust_name && generated::SERVICES[usize::from(t.1)].0 == service)?;
    decoded(entry)
}

/// Every type the registry knows, as `(type name, service, Rust name)`, sorted by type name,
/// without decoding any metadata (for listings and "did you mean" suggestions).
pub fn type_names() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    generated::TYPES
        .iter()
        .map(|t| (t.0, generated::SERVICES[usize::from(t.1)].0, t.2))
}

/// The names of the services (cargo features of `ha-core`), sorted, without duplicates.
pub fn services() -> Vec<&'static str> {
    generated::SERVICES.iter().map(|s| s.0).collect()
}

fn find_property(list: &'static [Property], name: &str) -> Option<&'static Property> {
    list.iter().find(|p| p.name == name)
}

impl ResourceType {
    /// The writable top-level property `name` (schema spelling).
    pub fn property(&self, name: &str) -> Option<&'static Property> {
        find_property(self.properties, name)
    }

    /// The property whose Rust field is `field`.
    pub fn property_by_field(&self, field: &str) -> Option<&'static Property> {
        self.properties.iter().find(|p| p.rust_field == field)
    }

    /// The attribute `name` (e.g. `Arn`, `Endpoint.Address`).
    pub fn attribute(&self, name: &str) -> Option<&'static Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }

    /// The attribute whose accessor method is `method`.
    pub fn attribute_by_method(&self, method: &str) -> Option<&'static Attribute> {
        self.attributes.iter().find(|a| a.method == method)
    }

    /// Whether changing the top-level property `name` replaces the resource.
    pub fn is_create_only(&self, name: &str) -> bool {
        self.create_only.contains(&name)
    }
}

impl ObjectDef {
    /// The property `name` (schema spelling).
    pub fn property(&self, name: &str) -> Option<&'static Property> {
        find_property(self.properties, name)
    }

    /// The property whose Rust field is `field`.
    pub fn property_by_field(&self, field: &str) -> Option<&'static Property> {
        self.properties.iter().find(|p| p.rust_field == field)
    }
}

impl EnumDef {
    /// The variant of `value`, if allowed.
    pub fn variant_of(&self, value: &str) -> Option<&'static str> {
        self.values
            .iter()
            .find(|v| v.value == value)
            .map(|v| v.variant)
    }

    /// The value of `variant`, if it exists.
    pub fn value_of(&self, variant: &str) -> Option<&'static str> {
        self.values
            .iter()
            .find(|v| v.variant == variant)
            .map(|v| v.value)
    }
}
