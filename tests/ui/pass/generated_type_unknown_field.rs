//! The generated types on their own: a correctly spelt property renders.
use ha_core::resources::s3::Bucket;

fn main() {
    let bucket = Bucket { bucket_name: Some(ha_core::Value::Lit(String::from("orders"))), ..Default::default() };
    assert_eq!(bucket.bucket_name, Some(ha_core::Value::Lit(String::from("orders"))));
}
