use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Key: kms::Key {
        KeyPolicy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:${AWS::Partition}:iam::${AWS::AccountId}:root" }, Action: "kms:*", Resource: "*" }] },
    }
    resource Alias: kms::Alias { AliasName: "alias/app-${Suffix}" }
}

fn main() {}
