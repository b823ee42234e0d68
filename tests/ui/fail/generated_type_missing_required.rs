//! The generated types require their required properties, without the macro.
use ha_core::resources::kms::Alias;
use ha_core::Value;

fn main() {
    let _alias = Alias { alias_name: Value::Lit(String::from("alias/orders")) };
}
