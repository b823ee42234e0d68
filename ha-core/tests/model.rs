//! The template model: values, intrinsics, pseudo parameters, template sections, handles,
//! tag merging and suffix interpolation render exactly the CloudFormation JSON they stand for.

use ha_core::resource::{merge_tag_list, merge_tag_map, Custom};
use ha_core::stack::SUFFIX_PLACEHOLDER;
use ha_core::{
    fns, interpolate, interpolate_json, Env, FromIntrinsic, Handle, Intrinsic, Json, Output,
    Parameter, Policy, Pseudo, Render, ResourceEntry, Template, Value,
};
use indexmap::IndexMap;
use serde_json::json;

fn env() -> Env {
    Env::new("qa", "--suffix")
}

#[test]
fn literal_values_convert_and_render() {
    assert_eq!(Value::<String>::from("a").render(), json!("a"));
    assert_eq!(
        Value::<String>::from(String::from("b")).render(),
        json!("b")
    );
    assert_eq!(
        Value::<String>::from(&String::from("c")).render(),
        json!("c")
    );
    assert_eq!(Value::<bool>::from(true).render(), json!(true));
    assert_eq!(Value::<i64>::from(7i64).render(), json!(7));
    assert_eq!(Value::<i64>::from(7i8).render(), json!(7));
    assert_eq!(Value::<i64>::from(7i16).render(), json!(7));
    assert_eq!(Value::<i64>::from(7i32).render(), json!(7));
    assert_eq!(Value::<i64>::from(7u8).render(), json!(7));
    assert_eq!(Value::<i64>::from(7u16).render(), json!(7));
    assert_eq!(Value::<i64>::from(7u32).render(), json!(7));
    assert_eq!(Value::<f64>::from(2u32).render(), json!(2));
    assert_eq!(Value::<f64>::from(0.5f64).render(), json!(0.5));
    assert_eq!(Value::<Json>::from(Json::Null).render(), json!(null));
    let list: Value<Vec<Value<String>>> = vec![Value::from("x"), Value::from("y")].into();
    assert_eq!(list.render(), json!(["x", "y"]));
    let mut map: IndexMap<String, Value<String>> = IndexMap::new();
    map.insert("k".into(), "v".into());
    assert_eq!(map.render(), json!({"k": "v"}));
}

#[test]
fn floats_render_without_a_fraction_when_whole_and_null_when_not_finite() {
    assert_eq!(5.0f64.render().to_string(), "5");
    assert_eq!(2.25f64.render(), json!(2.25));
    assert_eq!(f64::NAN.render(), json!(null));
    assert_eq!(1.0e20f64.render(), json!(1.0e20));
}

#[test]
fn json_trees_convert_and_render() {
    assert_eq!(Json::from("s").render(), json!("s"));
    assert_eq!(Json::from(String::from("t")).render(), json!("t"));
    assert_eq!(Json::from(false).render(), json!(false));
    assert_eq!(Json::from(3i64).render(), json!(3));
    assert_eq!(Json::from(3i32).render(), json!(3));
    assert_eq!(Json::from(3u32).render(), json!(3));
    assert_eq!(Json::from(1.5f64).render(), json!(1.5));
    assert_eq!(Json::from(vec!["a", "b"]).render(), json!(["a", "b"]));
    assert_eq!(
        Json::object([("A", Json::Int(1)), ("B", Json::Null)]).render(),
        json!({"A": 1, "B": null})
    );
    assert_eq!(
        Json::from(Intrinsic::Ref("X".into())).render(),
        json!({"Ref": "X"})
    );
    assert_eq!(
        Json::from(Value::<String>::from("lit")).render(),
        json!("lit")
    );
    assert_eq!(
        Json::from(Value::<String>::from_intrinsic(fns::get_att("B", "Arn"))).render(),
        json!({"Fn::GetAtt": ["B", "Arn"]})
    );
    assert_eq!(
        Json::from_intrinsic(fns::r#ref("P")).render(),
        json!({"Ref": "P"})
    );
    let plain = json!({"a": [1, 2.5, "x", true, null, {"b": -3}]});
    assert_eq!(Json::from_rendered(&plain).render(), plain);
    let v: Value<String> = Intrinsic::Ref("R".into()).into();
    assert_eq!(v.render(), json!({"Ref": "R"}));
}

#[test]
fn every_intrinsic_renders_its_cloudformation_form() {
    let cases: Vec<(Intrinsic, serde_json::Value)> = vec![
        (fns::r#ref("A"), json!({"Ref": "A"})),
        (
            fns::get_att("A", "Arn"),
            json!({"Fn::GetAtt": ["A", "Arn"]}),
        ),
        (fns::sub("x-${A}"), json!({"Fn::Sub": "x-${A}"})),
        (
            fns::sub_with("${N}", [("N", Json::from("v"))]),
            json!({"Fn::Sub": ["${N}", {"N": "v"}]}),
        ),
        (
            fns::join(",", vec!["a", "b"]),
            json!({"Fn::Join": [",", ["a", "b"]]}),
        ),
        (
            fns::select(0i64, Json::from(fns::get_azs())),
            json!({"Fn::Select": [0, {"Fn::GetAZs": ""}]}),
        ),
        (fns::split(",", "a,b"), json!({"Fn::Split": [",", "a,b"]})),
        (fns::if_("C", "a", "b"), json!({"Fn::If": ["C", "a", "b"]})),
        (fns::equals("a", "b"), json!({"Fn::Equals": ["a", "b"]})),
        (
            fns::and(vec![
                Json::from(fns::condition("A")),
                Json::from(fns::condition("B")),
            ]),
            json!({"Fn::And": [{"Condition": "A"}, {"Condition": "B"}]}),
        ),
        (
            fns::or(vec![Json::from(true), Json::from(false)]),
            json!({"Fn::Or": [true, false]}),
        ),
        (
            fns::not(Json::from(fns::condition("A"))),
            json!({"Fn::Not": [{"Condition": "A"}]}),
        ),
        (
            fns::import_value("Exported"),
            json!({"Fn::ImportValue": "Exported"}),
        ),
        (fns::base64("hi"), json!({"Fn::Base64": "hi"})),
        (
            fns::cidr("10.0.0.0/16", 3i64, 8i64),
            json!({"Fn::Cidr": ["10.0.0.0/16", 3, 8]}),
        ),
        (
            fns::find_in_map("M", "k1", "k2"),
            json!({"Fn::FindInMap": ["M", "k1", "k2"]}),
        ),
        (fns::pseudo(Pseudo::Region), json!({"Ref": "AWS::Region"})),
    ];
    for (i, expected) in cases {
        assert_eq!(i.render(), expected);
    }
}

#[test]
fn pseudo_parameters_have_names_and_worst_case_lengths() {
    for p in Pseudo::ALL {
        assert_eq!(Pseudo::from_name(p.name()), Some(p));
        assert!(p.name().starts_with("AWS::"));
    }
    assert_eq!(Pseudo::from_name("AWS::Nope"), None);
    assert_eq!(Pseudo::AccountId.max_len(), Some(12));
    assert_eq!(Pseudo::Region.max_len(), Some(14));
    assert_eq!(Pseudo::Partition.max_len(), Some(9));
    assert_eq!(Pseudo::UrlSuffix.max_len(), Some(16));
    assert_eq!(Pseudo::StackName.max_len(), Some(128));
    assert_eq!(Pseudo::StackId.max_len(), None);
    assert_eq!(Pseudo::NoValue.max_len(), None);
    assert_eq!(Pseudo::NotificationArns.name(), "AWS::NotificationARNs");
    assert_eq!(Pseudo::UrlSuffix.name(), "AWS::URLSuffix");
}

#[test]
fn suffix_interpolation_makes_literals_or_sub() {
    assert_eq!(
        interpolate("orders-${Suffix}", &env()).render(),
        json!("orders-qa")
    );
    assert_eq!(
        interpolate("b-${Suffix}-${AWS::AccountId}", &env()).render(),
        json!({"Fn::Sub": "b-qa-${AWS::AccountId}"})
    );
    assert_eq!(
        interpolate("literal ${!NotARef} only", &env()).render(),
        json!("literal ${!NotARef} only")
    );
    assert_eq!(
        interpolate("${!A} then ${B}", &env()).render(),
        json!({"Fn::Sub": "${!A} then ${B}"})
    );
    assert_eq!(
        interpolate_json("x-${Suffix}", &env()).render(),
        json!("x-qa")
    );
    assert_eq!(SUFFIX_PLACEHOLDER, "${Suffix}");
    let e = env();
    assert_eq!(
        (e.suffix.as_str(), e.suffix_source.as_str()),
        ("qa", "--suffix")
    );
}

#[test]
fn handles_give_ref_and_getatt() {
    let h: Handle<Custom> = Handle::new("Thing");
    let copy = h;
    #[allow(clippy::clone_on_copy)]
    let cloned = copy.clone();
    assert_eq!(cloned.logical_id(), "Thing");
    assert_eq!(h.r#ref().render(), json!({"Ref": "Thing"}));
    assert_eq!(
        h.get_att("Value").render(),
        json!({"Fn::GetAtt": ["Thing", "Value"]})
    );
    assert_eq!(format!("{h:?}"), "Handle(Thing)");
}

#[derive(Debug, Clone, PartialEq)]
struct Tag {
    key: String,
    value: Value<String>,
}

#[test]
fn tag_lists_keep_own_tags_and_append_stack_tags() {
    // One call site for every case, as generated code has one per type.
    fn merge(list: &mut Option<Value<Vec<Value<Tag>>>>, tags: &[(String, Value<String>)]) -> bool {
        merge_tag_list(
            list,
            tags,
            |t: &Tag| Some(t.key.as_str()),
            |k, v| Tag { key: k, value: v },
        )
    }
    let stack_tags = vec![
        ("Project".to_owned(), Value::from("p")),
        ("Owner".to_owned(), Value::from("o")),
    ];
    let mut none: Option<Value<Vec<Value<Tag>>>> = None;
    assert!(merge(&mut none, &stack_tags));
    let Some(Value::Lit(items)) = &none else {
        panic!("tags were set")
    };
    assert_eq!(items.len(), 2);

    let own = Tag {
        key: "Project".into(),
        value: "mine".into(),
    };
    let mut some = Some(Value::Lit(vec![
        Value::Lit(own.clone()),
        Value::intrinsic(fns::r#ref("TagParam")),
    ]));
    assert!(merge(&mut some, &stack_tags));
    let Some(Value::Lit(items)) = &some else {
        panic!("tags were set")
    };
    assert_eq!(items.len(), 3, "Project kept, Owner appended");
    assert_eq!(items[0], Value::Lit(own));

    let mut whole: Option<Value<Vec<Value<Tag>>>> = Some(Value::intrinsic(fns::r#ref("AllTags")));
    assert!(!merge(&mut whole, &stack_tags));
}

#[test]
fn tag_maps_keep_own_tags() {
    let stack_tags = vec![("Project".to_owned(), Value::from("p"))];
    let mut own: IndexMap<String, Value<String>> = IndexMap::new();
    own.insert("Project".into(), "mine".into());
    let mut m = Some(Value::Lit(own));
    assert!(merge_tag_map(&mut m, &stack_tags));
    assert_eq!(m.as_ref().unwrap().render(), json!({"Project": "mine"}));
    let mut empty = None;
    assert!(merge_tag_map(&mut empty, &stack_tags));
    assert_eq!(empty.unwrap().render(), json!({"Project": "p"}));
    let mut whole = Some(Value::intrinsic(fns::r#ref("Tags")));
    assert!(!merge_tag_map(&mut whole, &stack_tags));
}

#[test]
fn a_template_renders_every_section_in_order() {
    let mut t = Template {
        description: Some("d".into()),
        metadata: Some(Json::object([("K", Json::from("v"))])),
        ..Default::default()
    };
    t.parameters.insert(
        "P".into(),
        Parameter {
            type_name: "String".into(),
            default: Some("x".into()),
            description: Some("p".into()),
            allowed_values: vec!["x".into(), "y".into()],
            allowed_pattern: Some("^[xy]$".into()),
            constraint_description: Some("x or y".into()),
            min_length: Some(1),
            max_length: Some(1),
            min_value: None,
            max_value: None,
            no_echo: true,
        },
    );
    t.parameters.insert(
        "N".into(),
        Parameter {
            type_name: "Number".into(),
            min_value: Some(1),
            max_value: Some(3),
            ..Default::default()
        },
    );
    let mut second = IndexMap::new();
    second.insert("Ami".into(), Json::from("ami-1"));
    let mut top = IndexMap::new();
    top.insert("Top".into(), second);
    t.mappings.insert("M".into(), top);
    t.conditions.insert(
        "C".into(),
        Json::from(fns::equals(Json::from(fns::r#ref("P")), "x")),
    );
    let entry = t.add_custom(
        "Cust",
        "Custom::Thing",
        Json::object([("ServiceToken", Json::from("arn"))]),
    );
    entry.depends_on = vec!["Other".into()];
    entry.deletion_policy = Some(Policy::Delete);
    entry.update_replace_policy = Some(Policy::Snapshot);
    entry.condition = Some("C".into());
    entry.metadata = Some(Json::object([("Note", Json::from("n"))]));
    t.resources.insert(
        "Empty".into(),
        ResourceEntry {
            type_name: "AWS::CloudFormation::WaitConditionHandle".into(),
            properties: json!({}),
            depends_on: vec![],
            deletion_policy: None,
            update_replace_policy: None,
            condition: None,
            metadata: None,
        },
    );
    t.outputs.insert(
        "O".into(),
        Output {
            value: Json::from(fns::r#ref("Cust")),
            description: Some("o".into()),
            export_name: Some(Json::from("exp")),
            condition: Some("C".into()),
        },
    );
    t.outputs.insert(
        "Plain".into(),
        Output {
            value: Json::from("v"),
            description: None,
            export_name: None,
            condition: None,
        },
    );
    let expected = json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "d",
        "Metadata": {"K": "v"},
        "Parameters": {
            "P": {"Type": "String", "Default": "x", "Description": "p", "AllowedValues": ["x", "y"], "AllowedPattern": "^[xy]$", "ConstraintDescription": "x or y", "MinLength": 1, "MaxLength": 1, "NoEcho": true},
            "N": {"Type": "Number", "MinValue": 1, "MaxValue": 3}
        },
        "Mappings": {"M": {"Top": {"Ami": "ami-1"}}},
        "Conditions": {"C": {"Fn::Equals": [{"Ref": "P"}, "x"]}},
        "Resources": {
            "Cust": {"Type": "Custom::Thing", "Condition": "C", "DependsOn": ["Other"], "DeletionPolicy": "Delete", "UpdateReplacePolicy": "Snapshot", "Metadata": {"Note": "n"}, "Properties": {"ServiceToken": "arn"}},
            "Empty": {"Type": "AWS::CloudFormation::WaitConditionHandle"}
        },
        "Outputs": {
            "O": {"Description": "o", "Condition": "C", "Value": {"Ref": "Cust"}, "Export": {"Name": "exp"}},
            "Plain": {"Value": "v"}
        }
    });
    assert_eq!(t.render(), expected);
    let text = t.to_json_string();
    assert!(text.ends_with("}\n"));
    assert_eq!(
        text,
        t.clone().to_json_string(),
        "rendering is deterministic"
    );
    // Key order is the declaration order, not alphabetical.
    let order: Vec<&str> = [
        "AWSTemplateFormatVersion",
        "Description",
        "Metadata",
        "Parameters",
        "Mappings",
        "Conditions",
        "Resources",
        "Outputs",
    ]
    .to_vec();
    let positions: Vec<usize> = order
        .iter()
        .map(|k| text.find(&format!("\"{k}\"")).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    for p in [
        Policy::Delete,
        Policy::Snapshot,
        Policy::Retain,
        Policy::RetainExceptOnCreate,
    ] {
        assert!(!p.as_str().is_empty());
    }
    assert_eq!(
        Policy::RetainExceptOnCreate.as_str(),
        "RetainExceptOnCreate"
    );
}

#[test]
fn an_empty_template_still_has_resources() {
    assert_eq!(
        Template::default().render(),
        json!({"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}})
    );
}
