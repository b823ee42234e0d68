//! The generated types reject a misspelt property on their own, without the macro.
use ha_core::resources::s3::Bucket;

fn main() {
    let _bucket = Bucket { bucket_nmae: Some(ha_core::Value::Lit(String::from("orders"))), ..Default::default() };
}
