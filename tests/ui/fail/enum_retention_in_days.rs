use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Key: kms::Key {
        KeyPolicy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:${AWS::Partition}:iam::${AWS::AccountId}:root" }, Action: "kms:*", Resource: "*" }] },
    }
    resource Logs: logs::LogGroup { RetentionInDays: 8, KmsKeyId: Key.Arn }
}

fn main() {}
