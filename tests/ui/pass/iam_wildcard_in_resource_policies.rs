use ha_macros::stack;

// The legitimate forms: AWS's default key-policy statement for the account root (`kms:*` on
// `*`, the key itself), service statements on `Resource: "*"` in a key policy, and a queue
// policy scoped to one action on one queue.
stack! {
    stack Case { name: "Case${Suffix}" }

    resource Key: kms::Key {
        EnableKeyRotation: true,
        KeyPolicy: { Version: "2012-10-17", Statement: [
            { Effect: "Allow", Principal: { AWS: "arn:${AWS::Partition}:iam::${AWS::AccountId}:root" }, Action: "kms:*", Resource: "*" },
            { Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: "*" },
        ] },
    }
    resource Queue: sqs::Queue { KmsMasterKeyId: Key.Arn }
    resource QueuePolicy: sqs::QueuePolicy {
        Queues: [Ref(Queue)],
        PolicyDocument: { Version: "2012-10-17", Statement: [
            { Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sqs:SendMessage", Resource: Queue.Arn },
        ] },
    }
}

fn main() {
    let s = Case::synth(&ha_core::Env::new("dev", "test"));
    let t: serde_json::Value = serde_json::from_str(&s.template.to_json_string()).unwrap();
    assert_eq!(t["Resources"]["QueuePolicy"]["Properties"]["PolicyDocument"]["Statement"][0]["Action"], "sqs:SendMessage");
}
