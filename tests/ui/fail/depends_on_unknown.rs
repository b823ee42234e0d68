use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Bucket: s3::Bucket { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] } }
    #[depends_on(Bukcet)]
    resource Archive: s3::Bucket { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] } }
}

fn main() {}
