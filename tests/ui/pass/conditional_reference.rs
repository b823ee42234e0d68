use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    parameter Stage: String { Default: "dev", AllowedValues: ["dev", "prod"] }
    condition IsProduction = Equals(Ref(Stage), "prod");
    condition IsLoudProduction = And(Condition(IsProduction), Equals(Ref(Stage), "prod"));

    #[condition(IsProduction)]
    resource Dlq: sqs::Queue { SqsManagedSseEnabled: true }

    // Fn::If [IsProduction, <Dlq>, AWS::NoValue] is accepted by CloudFormation.
    resource Queue: sqs::Queue { SqsManagedSseEnabled: true, RedrivePolicy: If(IsProduction, { deadLetterTargetArn: Dlq.Arn, maxReceiveCount: 3 }, NoValue) }

    // The same condition, or one that implies it.
    #[condition(IsProduction)]
    #[depends_on(Dlq)]
    resource Audit: sqs::Queue { SqsManagedSseEnabled: true, RedrivePolicy: { deadLetterTargetArn: Dlq.Arn, maxReceiveCount: 5 } }
    #[condition(IsLoudProduction)]
    resource Loud: sqs::Queue { SqsManagedSseEnabled: true, RedrivePolicy: { deadLetterTargetArn: Dlq.Arn, maxReceiveCount: 7 } }

    output DlqUrl { Value: Ref(Dlq), Condition: IsProduction }
}

fn main() {
    let s = Case::synth(&ha_core::Env::new("dev", "test"));
    let v: serde_json::Value = serde_json::from_str(&s.template.to_json_string()).unwrap();
    assert_eq!(v["Resources"]["Queue"]["Properties"]["RedrivePolicy"]["Fn::If"][0], "IsProduction", "{v:#}");
    assert_eq!(v["Resources"]["Audit"]["Condition"], "IsProduction", "{v:#}");
    assert_eq!(v["Outputs"]["DlqUrl"]["Condition"], "IsProduction", "{v:#}");
}
