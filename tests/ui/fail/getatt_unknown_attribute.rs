use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Bucket: s3::Bucket { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] } }
    output BucketArn { Value: Bucket.Arnn }
}

fn main() {}
