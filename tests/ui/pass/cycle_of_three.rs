use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Orders: sqs::Queue { SqsManagedSseEnabled: true, RedrivePolicy: { deadLetterTargetArn: Retries.Arn, maxReceiveCount: 3 } }
    resource Retries: sqs::Queue { SqsManagedSseEnabled: true, RedrivePolicy: { deadLetterTargetArn: Dead.Arn, maxReceiveCount: 3 } }
    resource Dead: sqs::Queue { SqsManagedSseEnabled: true }
}

fn main() {
    let s = Case::synth(&ha_core::Env::new("dev", "test"));
    let v: serde_json::Value = serde_json::from_str(&s.template.to_json_string()).unwrap();
    assert!(v["Resources"]["Orders"]["Properties"]["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0] == "Retries", "{v:#}");
}
