use ha_macros::stack;

// A deprecated Synthetics runtime in one cell of a mapping that a canary reads.
stack! {
    stack Case { name: "Case${Suffix}" }

    mapping Runtimes {
        Prod: { Canary: "syn-nodejs-puppeteer-11.0" },
        Dev: { Canary: "syn-nodejs-puppeteer-7.0" },
    }
    parameter Env: String { Default: "Prod", AllowedValues: ["Prod", "Dev"] }

    resource Artifacts: s3::Bucket {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] },
    }

    resource Role: iam::Role {
        AssumeRolePolicyDocument: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
        },
    }

    resource Canary: synthetics::Canary {
        Name: "case-${Suffix}",
        RuntimeVersion: FindInMap(Runtimes, Ref(Env), "Canary"),
        ExecutionRoleArn: Role.Arn,
        ArtifactS3Location: "s3://${Artifacts}/canary",
        Code: { Handler: "index.handler", Script: "exports.handler = async () => {};" },
        Schedule: { Expression: "rate(5 minutes)" },
    }
}

fn main() {}
