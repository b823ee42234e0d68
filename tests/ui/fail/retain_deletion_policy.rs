use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    #[deletion_policy(Retain)]
    resource Bucket: s3::Bucket { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] } }
}

fn main() {}
