//! The assertions API, including the failure messages.

use ha_core::assertions::{json, mismatches, Match, Template};
use ha_core::{Json, Output, Parameter, Policy, Stack};

fn stack() -> Stack {
    let mut t = ha_core::Template::default();
    let b = t.add_custom(
        "Bucket",
        "AWS::S3::Bucket",
        Json::from_rendered(&json!({
            "BucketName": "data-dev",
            "VersioningConfiguration": {"Status": "Enabled"},
            "Tags": [{"Key": "Project", "Value": "demo"}, {"Key": "Env", "Value": "dev"}],
        })),
    );
    b.deletion_policy = Some(Policy::Delete);
    t.add_custom(
        "Logs",
        "AWS::S3::Bucket",
        Json::from_rendered(&json!({"BucketName": "logs-dev"})),
    );
    t.add_custom(
        "Queue",
        "AWS::SQS::Queue",
        Json::from_rendered(&json!({"QueueName": "jobs-dev"})),
    );
    t.add_custom(
        "Handle",
        "AWS::CloudFormation::WaitConditionHandle",
        Json::Null,
    );
    t.parameters.insert(
        "Owner".into(),
        Parameter {
            type_name: "String".into(),
            default: Some("platform".into()),
            ..Parameter::default()
        },
    );
    t.conditions.insert(
        "IsProd".into(),
        Json::from_rendered(&json!({"Fn::Equals": ["dev", "prod"]})),
    );
    t.mappings.insert(
        "Sizes".into(),
        [(
            "dev".to_owned(),
            [("Cpu".to_owned(), Json::Int(256))].into_iter().collect(),
        )]
        .into_iter()
        .collect(),
    );
    t.outputs.insert(
        "BucketName".into(),
        Output {
            value: Json::from_rendered(&json!({"Ref": "Bucket"})),
            description: None,
            export_name: Some(Json::from("Demo-Bucket")),
            condition: None,
        },
    );
    Stack {
        name: "Demo".into(),
        template: t,
        tags: vec![],
        suppressions: vec![],
        imports: vec![],
    }
}

fn template() -> Template {
    Template::from_stack(&stack())
}

#[test]
fn from_json_equals_from_stack() {
    let s = stack();
    let a = Template::from_stack(&s);
    let b = Template::from_json(&s.template.to_json_string());
    assert_eq!(a, b);
    assert_eq!(a.to_json()["AWSTemplateFormatVersion"], "2010-09-09");
}

#[test]
#[should_panic(expected = "the template is not valid JSON")]
fn from_json_invalid() {
    Template::from_json("{");
}

#[test]
#[should_panic(expected = "a template must be a JSON object, got [1]")]
fn from_json_not_object() {
    Template::from_json("[1]");
}

#[test]
fn counts() {
    let t = template();
    t.resource_count_is("AWS::S3::Bucket", 2);
    t.resource_count_is("AWS::SQS::Queue", 1);
    t.resource_count_is("AWS::SNS::Topic", 0);
}

#[test]
#[should_panic(expected = "expected 3 resources of type AWS::S3::Bucket, found 2: [Bucket, Logs]")]
fn count_mismatch() {
    template().resource_count_is("AWS::S3::Bucket", 3);
}

#[test]
fn properties_partial_deep() {
    let t = template();
    t.has_resource_properties("AWS::S3::Bucket", json!({"BucketName": "data-dev"}));
    t.has_resource_properties(
        "AWS::S3::Bucket",
        json!({
            "BucketName": Match::starts_with("data-"),
            "VersioningConfiguration": {},
            "Tags": Match::array_with(json!([{"Key": "Env"}])),
            "Missing": Match::absent(),
        }),
    );
    t.has_resource_properties(
        "AWS::S3::Bucket",
        json!({"BucketName": Match::contains("logs"), "Tags": Match::absent()}),
    );
    t.has_resource_properties(
        "AWS::S3::Bucket",
        Match::object_like(json!({"BucketName": Match::any_value()})),
    );
    t.has_resource_properties(
        "AWS::S3::Bucket",
        json!({"VersioningConfiguration": Match::object_equals(json!({"Status": "Enabled"}))}),
    );
    t.has_resource_properties(
        "AWS::S3::Bucket",
        json!({"Tags": Match::exact(json!([{"Key": "Project", "Value": "demo"}, {"Key": "Env", "Value": "dev"}]))}),
    );
    t.has_resource_properties(
        "AWS::S3::Bucket",
        json!({"Tags": [{"Key": "Project"}, {"Value": "dev"}]}),
    );
    t.has_resource_properties(
        "AWS::S3::Bucket",
        json!({"BucketName": Match::not(json!("other"))}),
    );
}

#[test]
#[should_panic(
    expected = "closest candidate: `Bucket` (1 mismatch)\nfirst mismatch at Properties.VersioningConfiguration.Status: expected \"Suspended\", got \"Enabled\""
)]
fn properties_mismatch_shows_closest_candidate_and_path() {
    template().has_resource_properties(
        "AWS::S3::Bucket",
        json!({"BucketName": "data-dev", "VersioningConfiguration": {"Status": "Suspended"}}),
    );
}

#[test]
#[should_panic(expected = "no resource of type AWS::S3::Bucket matches the pattern (2 candidates)")]
fn properties_mismatch_counts_candidates() {
    template().has_resource_properties("AWS::S3::Bucket", json!({"BucketName": "nope"}));
}

#[test]
#[should_panic(
    expected = "the template has no resource of type AWS::SNS::Topic; types in the template: AWS::CloudFormation::WaitConditionHandle, AWS::S3::Bucket, AWS::SQS::Queue"
)]
fn properties_no_such_type() {
    template().has_resource_properties("AWS::SNS::Topic", json!({}));
}

#[test]
#[should_panic(
    expected = "at Properties.Tags[*]: expected an element matching {\"Key\":\"Owner\"}"
)]
fn array_with_mismatch() {
    template().has_resource_properties(
        "AWS::S3::Bucket",
        json!({"Tags": Match::array_with(json!({"Key": "Owner"}))}),
    );
}

#[test]
#[should_panic(expected = "after the earlier ones")]
fn array_with_is_ordered() {
    template().has_resource_properties(
        "AWS::S3::Bucket",
        json!({"Tags": Match::array_with(json!([{"Key": "Env"}, {"Key": "Project"}]))}),
    );
}

#[test]
#[should_panic(expected = "at Properties.Tags: expected an array of 1 elements")]
fn literal_arrays_have_exact_length() {
    template().has_resource_properties("AWS::S3::Bucket", json!({"Tags": [{"Key": "Project"}]}));
}

#[test]
#[should_panic(expected = "at Properties.BucketName: expected absent, got \"data-dev\"")]
fn absent_mismatch() {
    template().has_resource_properties(
        "AWS::S3::Bucket",
        json!({"VersioningConfiguration": {}, "BucketName": Match::absent()}),
    );
}

#[test]
#[should_panic(
    expected = "at Properties.VersioningConfiguration.MfaDelete: expected (absent), got \"x\""
)]
fn object_equals_rejects_extra_keys() {
    let t = Template::from_json(
        r#"{"Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {"VersioningConfiguration": {"Status": "Enabled", "MfaDelete": "x"}}}}}"#,
    );
    t.has_resource_properties(
        "AWS::S3::Bucket",
        json!({"VersioningConfiguration": Match::object_equals(json!({"Status": "Enabled"}))}),
    );
}

#[test]
fn matcher_mismatch_messages() {
    let m = |p: serde_json::Value, a: Option<serde_json::Value>| {
        mismatches(&p, a.as_ref())
            .into_iter()
            .map(|m| m.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        m(Match::any_value().into(), None),
        ["at (root): expected any value, got (absent)"]
    );
    assert_eq!(m(Match::any_value().into(), Some(json!(null))).len(), 1);
    assert_eq!(
        m(
            Match::exact(json!({"a": 1})).into(),
            Some(json!({"a": 1, "b": 2}))
        ),
        ["at (root): expected exactly {\"a\":1}, got {\"a\":1,\"b\":2}"]
    );
    assert_eq!(
        m(Match::contains("x").into(), Some(json!(1))),
        ["at (root): expected a string containing \"x\", got 1"]
    );
    assert_eq!(
        m(Match::starts_with("x").into(), Some(json!("ax"))),
        ["at (root): expected a string starting with \"x\", got \"ax\""]
    );
    assert_eq!(
        m(Match::not(json!("a")).into(), Some(json!("a"))),
        ["at (root): expected not \"a\", got \"a\""]
    );
    assert_eq!(
        m(Match::object_like(json!({})).into(), Some(json!([]))),
        ["at (root): expected an object like {}, got []"]
    );
    assert_eq!(
        m(Match::array_with(json!([1])).into(), Some(json!({}))),
        ["at (root): expected an array with [1], got {}"]
    );
    assert_eq!(
        m(json!([1, 2]), Some(json!([1, 3]))),
        ["at [1]: expected 2, got 3"]
    );
    assert_eq!(m(json!([1]), Some(json!("s"))).len(), 1);
    assert_eq!(m(json!("a"), Some(json!("a"))), Vec::<String>::new());
    assert_eq!(
        m(json!({"$ha.match": "contains"}), Some(json!("a"))),
        Vec::<String>::new()
    );
}

#[test]
#[should_panic(expected = "unknown matcher `regex`")]
fn unknown_matcher() {
    mismatches(&json!({"$ha.match": "regex", "arg": "a.*"}), None);
}

#[test]
#[should_panic(expected = "Match::object_like needs a JSON object, got [1]")]
fn object_like_needs_object() {
    Match::object_like(json!([1]));
}

#[test]
fn whole_resource() {
    let t = template();
    t.has_resource(
        "AWS::S3::Bucket",
        json!({"DeletionPolicy": "Delete", "Properties": {"BucketName": "data-dev"}}),
    );
    t.has_resource(
        "AWS::S3::Bucket",
        json!({"DeletionPolicy": Match::absent(), "Properties": {"BucketName": "logs-dev"}}),
    );
}

#[test]
#[should_panic(expected = "first mismatch at DeletionPolicy: expected \"Retain\", got \"Delete\"")]
fn whole_resource_mismatch() {
    template().has_resource(
        "AWS::S3::Bucket",
        json!({"DeletionPolicy": "Retain", "Properties": {"BucketName": "data-dev"}}),
    );
}

#[test]
fn find_and_get_resources() {
    let t = template();
    let found = t.find_resources(
        "AWS::S3::Bucket",
        json!({"BucketName": Match::contains("-dev")}),
    );
    let ids: Vec<&str> = found.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, ["Bucket", "Logs"]);
    assert_eq!(found[0].1["DeletionPolicy"], "Delete");
    assert!(t
        .find_resources("AWS::S3::Bucket", json!({"BucketName": "x"}))
        .is_empty());
    assert_eq!(
        t.find_resources("AWS::CloudFormation::WaitConditionHandle", json!({}))
            .len(),
        0
    );
    assert_eq!(
        t.find_resources("AWS::CloudFormation::WaitConditionHandle", Match::absent())
            .len(),
        1
    );
    assert_eq!(
        t.resource_properties("Queue"),
        &json!({"QueueName": "jobs-dev"})
    );
    assert!(t.resource_properties("Handle").is_null());
    assert_eq!(t.resource("Queue")["Type"], "AWS::SQS::Queue");
    assert_eq!(t.resources_of_type("AWS::SQS::Queue").len(), 1);
}

#[test]
#[should_panic(
    expected = "no Resources entry `Bukket` (did you mean `Bucket`?); present: [Bucket, Logs, Queue, Handle]"
)]
fn resource_properties_missing_suggests() {
    template().resource_properties("Bukket");
}

#[test]
fn outputs_parameters_conditions_mappings() {
    let t = template();
    t.has_output(
        "BucketName",
        json!({"Value": {"Ref": "Bucket"}, "Export": {"Name": "Demo-Bucket"}}),
    );
    t.has_output("*", json!({"Value": {"Ref": "Bucket"}}));
    assert_eq!(
        t.find_outputs("*", json!({"Value": {"Ref": "Bucket"}}))
            .len(),
        1
    );
    assert!(t
        .find_outputs("BucketName", json!({"Value": "x"}))
        .is_empty());
    t.has_parameter("Owner", json!({"Type": "String", "Default": "platform"}));
    t.has_condition("IsProd", json!({"Fn::Equals": ["dev", Match::any_value()]}));
    t.has_mapping("Sizes", json!({"dev": {"Cpu": 256}}));
}

#[test]
#[should_panic(
    expected = "no output `BucketName` matches the pattern (1 candidate)\nclosest candidate: `BucketName` (1 mismatch)\nfirst mismatch at Value.Ref: expected \"Logs\", got \"Bucket\""
)]
fn output_mismatch() {
    template().has_output("BucketName", json!({"Value": {"Ref": "Logs"}}));
}

#[test]
#[should_panic(expected = "no Outputs entry `Bucket` (did you mean `BucketName`?)")]
fn output_missing() {
    template().has_output("Bucket", json!({}));
}

#[test]
#[should_panic(expected = "the template has no output; Outputs present: []")]
fn output_any_in_empty_section() {
    Template::from_json(r#"{"Resources": {}}"#).has_output("*", json!({}));
}

#[test]
#[should_panic(expected = "first mismatch at Default: expected \"ops\", got \"platform\"")]
fn parameter_mismatch() {
    template().has_parameter("Owner", json!({"Default": "ops"}));
}

#[test]
#[should_panic(expected = "no Conditions entry `IsDev`")]
fn condition_missing() {
    template().has_condition("IsDev", json!({}));
}

#[test]
#[should_panic(expected = "types in the template: none")]
fn empty_template_types() {
    Template::from_json("{}").resource_count_is("AWS::S3::Bucket", 1);
}

#[test]
fn match_serializes_into_json_macro() {
    let v = json!({"a": Match::absent()});
    assert_eq!(v, json!({"a": {"$ha.match": "absent", "arg": null}}));
    assert_eq!(
        Match::not(Match::absent()).to_value()["arg"]["$ha.match"],
        "absent"
    );
}

#[test]
#[should_panic(
    expected = "first mismatch at Properties.BucketName: expected \"x\", got \"data-dev\"\n  also at Properties.Tags: expected exactly the object {}, got ["
)]
fn several_mismatches_are_all_listed() {
    template().has_resource(
        "AWS::S3::Bucket",
        json!({"DeletionPolicy": "Delete", "Properties": {"BucketName": "x", "Tags": Match::object_equals(json!({}))}}),
    );
}
