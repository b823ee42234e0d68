use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Role: iam::Role {
        AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] },
    }
    resource Bucket: s3::Bucket { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] } }
    resource Canary: synthetics::Canary {
        Name: "checkout-${Suffix}",
        Code: { Handler: "index.handler", Script: "exports.handler = async () => {};" },
        ArtifactS3Location: "s3://${Bucket}/canary",
        ExecutionRoleArn: Role.Arn,
        Schedule: { Expression: "rate(5 minutes)" },
        RuntimeVersion: "syn-nodejs-puppeteer-13.0",
    }
}

fn main() {
    let s = Case::synth(&ha_core::Env::new("dev", "test"));
    let v: serde_json::Value = serde_json::from_str(&s.template.to_json_string()).unwrap();
    assert!(v["Resources"]["Canary"]["Properties"]["RuntimeVersion"] == "syn-nodejs-puppeteer-13.0", "{v:#}");
}
