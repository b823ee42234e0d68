use ha_macros::stack;

// Wildcards in resource policies and key policies, not only in IAM roles and policies.
stack! {
    stack Case { name: "Case${Suffix}" }

    resource Key: kms::Key {
        EnableKeyRotation: true,
        KeyPolicy: { Version: "2012-10-17", Statement: [
            { Effect: "Allow", Principal: { AWS: "arn:${AWS::Partition}:iam::${AWS::AccountId}:root" }, Action: "kms:*", Resource: "*" },
            { Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "kms:*", Resource: "*" },
        ] },
    }
    resource Queue: sqs::Queue { KmsMasterKeyId: Key.Arn }
    resource QueuePolicy: sqs::QueuePolicy {
        Queues: [Ref(Queue)],
        PolicyDocument: { Version: "2012-10-17", Statement: [
            { Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sqs:*", Resource: "*" },
        ] },
    }
}

fn main() {}
