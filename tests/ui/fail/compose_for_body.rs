use ha_macros::stack;

// A retention that CloudWatch Logs does not offer, in one row of a loop.
stack! {
    stack Case { name: "Case${Suffix}" }

    resource Key: kms::Key { EnableKeyRotation: true }

    for (name, days) in [(Api, 30), (Jobs, 13)] {
        resource {name}Logs: logs::LogGroup { RetentionInDays: days, KmsKeyId: Key.Arn }
    }
}

fn main() {}
