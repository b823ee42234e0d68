//! The generated types on their own: every required property given.
use ha_core::resources::kms::Alias;
use ha_core::Value;

fn main() {
    let alias = Alias { alias_name: Value::Lit(String::from("alias/orders")), target_key_id: Value::Lit(String::from("key-id")) };
    assert_eq!(alias.target_key_id, Value::Lit(String::from("key-id")));
}
