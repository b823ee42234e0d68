//! Tests of synth's private helpers (physical-name evaluation and the small character/string
//! helpers), through `ha_core::synth::internals`.

use ha_core::synth::internals::*;
use ha_core::synth::Severity;
use ha_core::Pseudo;
use serde_json::{json, Value as J};

fn name(v: J) -> Name {
    eval(&v).expect("a name")
}

#[test]
fn eval_sub_with_pseudo_and_escape() {
    let n = name(json!({"Fn::Sub": "a-${AWS::Region}-${!Literal}-${Bucket.Arn}"}));
    assert_eq!(n.display(), "a-${AWS::Region}-${Literal}-${Bucket.Arn}");
    assert_eq!(n.max_len(), None);
    assert_eq!(n.prefix(), "a-");
    assert_eq!(n.suffix(), "");
    assert!(!n.ends_known());
    let n = name(json!({"Fn::Sub": "a-${AWS::AccountId}"}));
    assert_eq!(n.max_len(), Some(14));
    assert_eq!(n.literal(), None);
}

#[test]
fn eval_sub_with_vars_join_and_ref() {
    let n = name(
        json!({"Fn::Sub": ["x-${V}-${W}-${Z}", {"V": "lit", "W": {"Ref": "AWS::Partition"}, "Z": 5}]}),
    );
    assert_eq!(n.display(), "x-lit-${AWS::Partition}-${Z}");
    assert_eq!(n.max_len(), None);
    let n = name(json!({"Fn::Join": ["-", ["a", {"Ref": "AWS::Region"}, 3]]}));
    assert_eq!(n.display(), "a-${AWS::Region}-${Fn::Join item}");
    let n = name(json!({"Fn::Join": ["-", {"Ref": "List"}]}));
    assert_eq!(n.display(), "${Fn::Join}");
    let n = name(json!({"Fn::Sub": ["x", "bad"]}));
    assert_eq!(n.display(), "${Fn::Sub}");
    let n = name(json!({"Fn::GetAtt": ["A", "B"]}));
    assert_eq!(n.display(), "${Fn::GetAtt}");
    let n = name(json!({"Fn::Sub": "open ${never closed"}));
    assert_eq!(n.literal().as_deref(), Some("open ${never closed"));
    assert_eq!(eval(&json!(5)), None);
    assert_eq!(eval(&json!({"a": 1, "b": 2})), None);
}

#[test]
fn helpers() {
    assert_eq!(collapse_hyphens("a--b---c"), "a-b-c");
    assert_eq!(bad_chars("aAbA_", |c| c.is_ascii_lowercase()), "`A`, `_`");
    assert_eq!(Severity::Info.to_string(), "info");
    assert!(any_char('\u{1}'));
    let mut segs: Vec<Seg> = vec![];
    push_lit(&mut segs, "");
    assert!(segs.is_empty());
    assert_eq!(
        pseudo_chars(Pseudo::UrlSuffix),
        "abcdefghijklmnopqrstuvwxyz."
    );
}

#[test]
fn names_of_odd_templates() {
    assert!(names_of(&json!({})).is_empty());
    assert!(names_of(&json!({"Resources": {"A": {"Properties": {}}}})).is_empty());
    let canary = json!({"Resources": {"C": {"Type": "AWS::Synthetics::Canary",
        "Properties": {"Name": {"Fn::Sub": "c-${Param}"}}}}});
    assert!(names_of(&canary).is_empty());
}
