use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    #[update_replace_policy(Delete)]
    resource Bucket: s3::Bucket { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] } }
}

fn main() {
    let s = Case::synth(&ha_core::Env::new("dev", "test"));
    let v: serde_json::Value = serde_json::from_str(&s.template.to_json_string()).unwrap();
    assert!(v["Resources"]["Bucket"]["UpdateReplacePolicy"] == "Delete", "{v:#}");
}
