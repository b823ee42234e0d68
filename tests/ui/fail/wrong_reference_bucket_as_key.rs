use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Key: kms::Key {
        KeyPolicy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:${AWS::Partition}:iam::${AWS::AccountId}:root" }, Action: "kms:*", Resource: "*" }] },
    }
    resource Bucket: s3::Bucket { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] } }
    resource Logs: logs::LogGroup { KmsKeyId: Bucket.Arn }
}

fn main() {}
