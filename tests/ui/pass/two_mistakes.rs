use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Bucket: s3::Bucket { BucketName: "orders-${Suffix}", BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] } }
    resource Queue: sqs::Queue { VisibilityTimeout: 60, SqsManagedSseEnabled: true }
}

fn main() {
    let s = Case::synth(&ha_core::Env::new("dev", "test"));
    let v: serde_json::Value = serde_json::from_str(&s.template.to_json_string()).unwrap();
    assert!(v["Resources"]["Bucket"]["Properties"]["BucketName"] == "orders-dev", "{v:#}");
    assert!(v["Resources"]["Queue"]["Properties"]["SqsManagedSseEnabled"] == true, "{v:#}");
}
