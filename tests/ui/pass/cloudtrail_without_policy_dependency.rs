use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource TrailBucket: s3::Bucket { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] } }
    resource TrailBucketPolicy: s3::BucketPolicy {
        Bucket: Ref(TrailBucket),
        PolicyDocument: {
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:GetBucketAcl", Resource: TrailBucket.Arn },
                { Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:PutObject", Resource: "${TrailBucket.Arn}/AWSLogs/${AWS::AccountId}/*" },
            ],
        },
    }
    #[depends_on(TrailBucketPolicy)]
    resource Trail: cloudtrail::Trail {
        S3BucketName: Ref(TrailBucket),
        IsLogging: true,
    }
}

fn main() {
    let s = Case::synth(&ha_core::Env::new("dev", "test"));
    let v: serde_json::Value = serde_json::from_str(&s.template.to_json_string()).unwrap();
    assert!(v["Resources"]["Trail"]["DependsOn"].to_string().contains("TrailBucketPolicy"), "{v:#}");
}
