//! Tests of the assertions' private helpers (edit distance, closest-name suggestions) and the
//! `Match` round trip, through `ha_core::assertions::internals`.

use ha_core::assertions::internals::{closest_name, levenshtein};
use ha_core::assertions::{json, Match};
use serde_json::Value;

#[test]
fn levenshtein_and_closest() {
    assert_eq!(levenshtein("kitten", "sitting"), 3);
    assert_eq!(closest_name("Buckt", &["Bucket", "Queue"]), Some("Bucket"));
    assert_eq!(closest_name("Zzzzzz", &["Bucket"]), None);
}

#[test]
fn matcher_round_trip() {
    for m in [
        Match::absent(),
        Match::any_value(),
        Match::object_like(json!({"a": 1})),
        Match::object_equals(json!({"a": 1})),
        Match::array_with(json!([1])),
        Match::exact(json!({"a": [1]})),
        Match::contains("x"),
        Match::starts_with("y"),
        Match::not(json!(1)),
    ] {
        assert_eq!(Match::from_value(&Value::from(m.clone())), m);
    }
    assert_eq!(
        Match::array_with(json!(1)),
        Match::ArrayWith(vec![json!(1)])
    );
    assert_eq!(Match::Literal(json!(2)).to_value(), json!(2));
}
