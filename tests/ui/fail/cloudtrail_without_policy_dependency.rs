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
    resource Trail: cloudtrail::Trail {
        S3BucketName: Ref(TrailBucket),
        IsLogging: true,
    }
}

fn main() {}
