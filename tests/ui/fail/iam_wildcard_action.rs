use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Bucket: s3::Bucket { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] } }
    resource Role: iam::Role {
        AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] },
        Policies: [{
            PolicyName: "app",
            PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "${Bucket.Arn}/*" }] },
        }],
    }
}

fn main() {}
