use ha_macros::stack;

// Names that fit with the longest suffix compile; the stack's MAX_SUFFIX is the longest
// suffix with which every name stays within its limits, including the 21-character guidance
// for canary names (a warning at synth, not an error).
stack! {
    stack Case { name: "Case${Suffix}" }

    resource Role: iam::Role {
        AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] },
    }
    resource Data: s3::Bucket {
        BucketName: "data-${Suffix}-${AWS::Region}",
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] },
    }
    resource Canary: synthetics::Canary {
        Name: "${Suffix}-checkout",
        Code: { Handler: "index.handler", Script: "exports.handler = async () => {};" },
        ArtifactS3Location: "s3://${Data}/canary",
        ExecutionRoleArn: Role.Arn,
        Schedule: { Expression: "rate(5 minutes)" },
        RuntimeVersion: "syn-nodejs-puppeteer-13.0",
    }
}

stack! {
    stack Unbounded { name: "Unbounded${Suffix}" }
    resource Queue: sqs::Queue { QueueName: "orders-${Suffix}", SqsManagedSseEnabled: true }
}

fn main() {
    // "${Suffix}-checkout": a 12-character suffix and the 9 characters of "-checkout" make 21.
    assert_eq!(Case::MAX_SUFFIX, 12);
    assert!(Case::MAX_SUFFIX_REASON.contains("AWS::Synthetics::Canary Name"), "{}", Case::MAX_SUFFIX_REASON);
    assert_eq!(Unbounded::MAX_SUFFIX, ha_naming::suffix::MAX_LEN);
}
