//! Unit tests of `model`, kept out of the library so that it is compiled once for coverage
//! (a `#[cfg(test)]` copy of the library would be a second, partly exercised instantiation of
//! every function).

use ha_codegen::model::*;
use serde_json::{json, Value as J};

// One line each, so that line coverage does not count the never-taken `else` (a wrong
// shape gives usize::MAX, and the index that follows fails the test).
#[rustfmt::skip]
fn object_of(s: &Shape) -> usize { if let Shape::Object(i) = s { *i } else { usize::MAX } }

#[rustfmt::skip]
fn enum_of(s: &Shape) -> usize { if let Shape::Enum(i) = s { *i } else { usize::MAX } }

#[rustfmt::skip]
fn item_of(s: &Shape) -> &Shape { if let Shape::Array(i) = s { i } else { s } }

fn schema() -> J {
    serde_json::from_str(
        r##"{
        "typeName": "AWS::Demo::DBThing",
        "description": "A demo thing. It has more sentences.",
        "definitions": {
            "Tag": {"type": "object", "properties": {"Key": {"type": "string"}, "Value": {"type": "string"}},
                    "required": ["Key", "Value"]},
            "Node": {"type": "object", "properties": {"Child": {"$ref": "#/definitions/Node"}, "Name": {"type": "string"}}},
            "Mode": {"type": "string", "enum": ["aws:kms", "AES256", "AES256", "aes256"]},
            "Names": {"type": "array", "items": {"type": "object", "properties": {"N": {"type": "string"}}}},
            "Value": {"type": "object", "properties": {"X": {"type": "integer"}}},
            "Endpoint": {"type": "object", "properties": {"Address": {"type": "string"}, "Port": {"type": "string"}}}
        },
        "properties": {
            "Name": {"type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[a-z]+$"},
            "Count": {"type": "integer", "minimum": 1.0, "maximum": 10},
            "Retention": {"type": "integer", "enum": [1, 7, -1]},
            "Mixed": {"type": "integer", "enum": [1, "x"]},
            "Ratio": {"type": "number"},
            "On": {"type": ["boolean"]},
            "Union": {"type": ["string", "object"]},
            "Free": {"type": "object"},
            "Doc": {"format": "json"},
            "Labels": {"type": "object", "patternProperties": {".*": {"type": "string"}}},
            "Extra": {"type": "object", "additionalProperties": {"type": "integer"}},
            "Clash": {"type": "object", "patternProperties": {"a": {"type": "string"}, "b": {"type": "integer"}}},
            "Tree": {"$ref": "#/definitions/Node"},
            "Mode": {"$ref": "#/definitions/Mode"},
            "Mode2": {"$ref": "#/definitions/Mode"},
            "Missing": {"$ref": "#/definitions/Nope"},
            "External": {"$ref": "other.json#/x"},
            "Alias": {"$ref": "#/properties/Name"},
            "BadAlias": {"$ref": "#/properties/Gone"},
            "Loop": {"$ref": "#/properties/Loop"},
            "Tuple": {"type": "array", "items": [{"type": "string"}]},
            "Untyped": {"type": "array"},
            "Names": {"$ref": "#/definitions/Names"},
            "Inline": {"properties": {"Level": {"enum": ["low", "high"]}, "Deep": {"type": "object", "properties": {"A": {"type": "boolean"}}}}},
            "List": {"items": {"type": "string"}},
            "Same": {"oneOf": [{"type": "string"}, {"type": "string"}]},
            "Different": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
            "Nothing": {},
            "Null": {"type": "null"},
            "NotAnObject": 5,
            "Val": {"$ref": "#/definitions/Value"},
            "Endpoint": {"$ref": "#/definitions/Endpoint"},
            "Arn": {"type": "string"},
            "Outputs": {"type": "array", "items": {"type": "object", "properties": {"Id": {"type": "string"}}}},
            "Tags": {"type": "array", "items": {"$ref": "#/definitions/Tag"}},
            "Type": {"type": "string", "enum": []},
            "Tag": {"enum": ["x"]},
            "Num": {"type": "string", "enum": ["a", 5]},
            "Ghost": {"$ref": "#/definitions/Nope2"}
        },
        "required": ["Name", "Tags"],
        "readOnlyProperties": ["/properties/Arn", "/properties/Endpoint/Address", "/properties/Endpoint/Port",
            "/properties/Outputs", "/properties/Outputs/*/Id", "/properties/Tree/Name", "/properties/Gone",
            "/properties/Arn", "/properties/Endpoint/Missing", "/properties/Ghost", "/properties/Name/Sub", "/other"],
        "createOnlyProperties": ["/properties/Name", "/properties/Inline/Level", "/properties/Inline/Deep", "/x"],
        "primaryIdentifier": ["/properties/Name", "/properties/Tree/Name"],
        "tagging": {"taggable": true, "tagProperty": "/properties/Tags"}
    }"##,
    )
    .unwrap()
}

fn prop<'a>(m: &'a TypeModel, name: &str) -> &'a Prop {
    m.props.iter().find(|p| p.name == name).expect("property")
}

#[test]
fn maps_every_shape() {
    let m = build(&schema());
    assert_eq!(m.rust_name, "DbThing");
    assert_eq!(m.defs_module, "db_thing");
    assert_eq!(m.service, "demo");
    assert_eq!(m.description, "A demo thing.");
    assert_eq!(
        prop(&m, "Name").shape,
        Shape::String {
            min_len: Some(1),
            max_len: Some(64),
            pattern: Some("^[a-z]+$".into())
        }
    );
    assert!(prop(&m, "Name").required);
    assert_eq!(
        prop(&m, "Count").shape,
        Shape::Integer {
            min: Some(1),
            max: Some(10)
        }
    );
    let r = enum_of(&prop(&m, "Retention").shape);
    assert!(m.enums[r].integer);
    assert_eq!(
        m.enums[r].values[2],
        ("-1".to_owned(), "VMinus1".to_owned())
    );
    assert_eq!(m.enums[r].rust_name, "Retention");
    assert_eq!(
        prop(&m, "Mixed").shape,
        Shape::Integer {
            min: None,
            max: None
        }
    );
    assert_eq!(prop(&m, "Ratio").shape, Shape::Number);
    assert_eq!(prop(&m, "On").shape, Shape::Boolean);
    for json in [
        "Union",
        "Free",
        "Doc",
        "Clash",
        "Missing",
        "External",
        "BadAlias",
        "Loop",
        "Different",
        "Nothing",
        "Null",
        "NotAnObject",
    ] {
        assert_eq!(prop(&m, json).shape, Shape::Json, "{json}");
    }
    assert_eq!(prop(&m, "Tuple").shape, Shape::Json);
    assert_eq!(
        prop(&m, "Untyped").shape,
        Shape::Array(Box::new(Shape::Json))
    );
    assert!(
        matches!(&prop(&m, "Labels").shape, Shape::Map(s) if matches!(**s, Shape::String { .. }))
    );
    assert_eq!(
        prop(&m, "Extra").shape,
        Shape::Map(Box::new(Shape::Integer {
            min: None,
            max: None
        }))
    );
    assert_eq!(prop(&m, "Alias").shape, prop(&m, "Name").shape);
    assert!(matches!(prop(&m, "List").shape, Shape::Array(_)));
    assert!(matches!(prop(&m, "Same").shape, Shape::String { .. }));
    assert!(m.json_fallbacks > 5);
}

#[test]
fn names_structs_and_enums() {
    let m = build(&schema());
    // Recursion: the inner Node reference becomes Json.
    let tree = object_of(&prop(&m, "Tree").shape);
    assert_eq!(m.objects[tree].rust_name, "Node");
    assert_eq!(m.objects[tree].props[0].shape, Shape::Json);
    // A shared enum definition is generated once, variants deduplicated.
    assert_eq!(prop(&m, "Mode").shape, prop(&m, "Mode2").shape);
    let e = enum_of(&prop(&m, "Mode").shape);
    let variants: Vec<&str> = m.enums[e].values.iter().map(|(_, v)| v.as_str()).collect();
    assert_eq!(variants, ["AwsKms", "Aes256", "Aes2562"]);
    // Inline objects: top level by property name, nested `<Parent><Prop>`.
    let inline = object_of(&prop(&m, "Inline").shape);
    assert_eq!(m.objects[inline].rust_name, "Inline");
    let level = enum_of(&m.objects[inline].props[0].shape);
    assert_eq!(m.enums[level].rust_name, "InlineLevel");
    let deep = object_of(&m.objects[inline].props[1].shape);
    assert_eq!(m.objects[deep].rust_name, "InlineDeep");
    // Array definitions name their items after the definition.
    let item = object_of(item_of(&prop(&m, "Names").shape));
    assert_eq!(m.objects[item].rust_name, "NamesItem");
    // Reserved names get a suffix; a top-level name that is taken gets the type prefix.
    let v = object_of(&prop(&m, "Val").shape);
    assert_eq!(m.objects[v].rust_name, "ValueDef");
    assert_eq!(prop(&m, "Type").field, "type_");
    assert!(matches!(prop(&m, "Type").shape, Shape::String { .. }));
    let tag = enum_of(&prop(&m, "Tag").shape);
    assert_eq!(m.enums[tag].rust_name, "DbThingTag");
    let num = enum_of(&prop(&m, "Num").shape);
    assert_eq!(m.enums[num].values[1], ("5".to_owned(), "V5".to_owned()));
}

#[test]
fn attributes_create_only_identifiers_and_tags() {
    let m = build(&schema());
    assert!(m
        .props
        .iter()
        .all(|p| p.name != "Arn" && p.name != "Endpoint" && p.name != "Outputs"));
    assert!(m.props.iter().any(|p| p.name == "Tree"));
    let attrs: Vec<(&str, &str, bool)> = m
        .attributes
        .iter()
        .map(|a| (a.name.as_str(), a.method.as_str(), a.list))
        .collect();
    assert_eq!(
        attrs,
        [
            ("Arn", "arn", false),
            ("Endpoint.Address", "endpoint_address", false),
            ("Endpoint.Port", "endpoint_port", false),
            ("Outputs", "outputs", true),
            ("Tree.Name", "tree_name", false),
            ("Ghost", "ghost", false),
        ]
    );
    assert_eq!(m.create_only, ["Name", "Inline"]);
    assert_eq!(m.primary_identifier, ["Name", "Tree.Name"]);
    assert!(matches!(m.tag, Some((ref n, TagShape::List(_))) if n == "Tags"));
}

#[test]
fn tag_shapes() {
    let base = |tags: J, extra: J| {
        let mut s =
            json!({"typeName": "AWS::X::Y", "properties": {"Tags": tags}, "definitions": {}});
        for (k, v) in extra.as_object().unwrap() {
            s[k] = v.clone();
        }
        build(&s).tag.map(|(_, shape)| shape)
    };
    let map = json!({"type": "object", "patternProperties": {".*": {"type": "string"}}});
    assert_eq!(base(map.clone(), json!({})), Some(TagShape::Map));
    assert_eq!(
        base(map.clone(), json!({"tagging": {"taggable": false}})),
        None
    );
    assert_eq!(base(map.clone(), json!({"taggable": false})), None);
    assert_eq!(
        base(
            map,
            json!({"tagging": {"tagProperty": "/properties/Labels"}})
        ),
        None
    );
    let list = |item: J| json!({"type": "array", "items": item});
    let kv = json!({"type": "object", "properties": {"Key": {"type": "string"}, "Value": {"type": "string"}, "Note": {"type": "string"}}});
    assert!(matches!(base(list(kv), json!({})), Some(TagShape::List(_))));
    let req = json!({"type": "object", "required": ["Note"], "properties": {"Key": {"type": "string"}, "Value": {"type": "string"}, "Note": {"type": "string"}}});
    assert_eq!(base(list(req), json!({})), Some(TagShape::Other));
    let no_value = json!({"type": "object", "properties": {"Key": {"type": "string"}}});
    assert_eq!(base(list(no_value), json!({})), Some(TagShape::Other));
    assert_eq!(
        base(list(json!({"type": "string"})), json!({})),
        Some(TagShape::Other)
    );
    assert_eq!(
        base(json!({"type": "string"}), json!({})),
        Some(TagShape::Other)
    );
}

#[test]
fn helpers() {
    assert_eq!(service_of("AWS::S3::Bucket"), "s3");
    assert_eq!(service_of("Weird"), "weird");
    let long = "x".repeat(300);
    assert_eq!(first_sentence(&long).chars().count(), 200);
    assert!(first_sentence(&long).ends_with('…'));
    assert_eq!(first_sentence("One line\nsecond"), "One line");
    assert_eq!(as_i64(Some(&json!(2.5))), None);
    assert_eq!(as_u32(Some(&json!(-1))), None);
    let empty = build(&json!({}));
    assert_eq!(empty.type_name, "Unknown::Unknown::Unknown");
    assert!(empty.props.is_empty());
}

/// The registry metadata ha-codegen encodes for a type is what the macro decodes: the
/// checked-in blob agrees with a fresh conversion of the vendored schema (shared nested
/// structs and enums included).
#[test]
fn registry_metadata_matches_the_checked_in_blobs() {
    let root = ha_codegen::cli::default_root();
    let getatts: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("schemas/getatts.json")).unwrap())
            .unwrap();
    for name in [
        "AWS::S3::Bucket",
        "AWS::DynamoDB::Table",
        "AWS::WAFv2::WebACL",
    ] {
        let schema: J = serde_json::from_str(
            &std::fs::read_to_string(
                root.join("schemas/resources")
                    .join(ha_codegen::schema_file_name(name)),
            )
            .unwrap(),
        )
        .unwrap();
        let attrs: Vec<String> = serde_json::from_value(getatts[name].clone()).unwrap();
        let model = ha_codegen::model::build_with_attributes(&schema, Some(&attrs));
        let fresh = ha_codegen::registry::resource_type(&model);
        let stored = ha_registry::lookup(name).unwrap();
        assert_eq!(format!("{fresh:?}"), format!("{stored:?}"), "{name}");
        // Round trip through the blob format.
        let blob = ha_registry::blob::encode(&[&fresh]);
        let back = ha_registry::blob::decode(stored.service, &blob).unwrap();
        assert_eq!(format!("{:?}", back[0]), format!("{stored:?}"), "{name}");
    }
}
