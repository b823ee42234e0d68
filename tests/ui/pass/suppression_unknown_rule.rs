use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Bucket: s3::Bucket { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] } }
    #[suppress(HA-IAM002, "cloudwatch:PutMetricData has no resource-level permissions")]
    resource Role: iam::Role {
        AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] },
        Policies: [{
            PolicyName: "app",
            PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*" }] },
        }],
    }
}

fn main() {
    let s = Case::synth(&ha_core::Env::new("dev", "test"));
    let v: serde_json::Value = serde_json::from_str(&s.template.to_json_string()).unwrap();
    assert!(s.suppressions[0].rule == "HA-IAM002", "{v:#}");
}
