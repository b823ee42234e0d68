use ha_macros::stack;

stack! {
    stack Demo {
        name: "Demo${Suffix}",
        description: "demo",
        tags: { Project: "demo", Environment: "${Suffix}" },
    }

    parameter Owner: String { Default: "platform", Description: "owner tag" }

    condition IsProd = Equals("${Suffix}", "prod");

    resource Key: kms::Key {
        Description: "data key",
        EnableKeyRotation: true,
        KeyPolicy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:${AWS::Partition}:iam::${AWS::AccountId}:root" }, Action: "kms:*", Resource: "*" }] },
    }

    #[deletion_policy(Delete)]
    resource Bucket: s3::Bucket {
        BucketName: "demo-data-${Suffix}-${AWS::AccountId}",
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] },
        VersioningConfiguration: { Status: "Enabled" },
    }

    resource Logs: logs::LogGroup {
        LogGroupName: "/demo/${Suffix}/app",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    output BucketName { Value: Ref(Bucket), Export: "${AWS::StackName}-Bucket" }
    output LogGroupArn { Value: Logs.Arn }
}

fn main() {
    let s = Demo::synth(&ha_core::Env::new("dev", "test"));
    print!("{}", s.template.to_json_string());
}
