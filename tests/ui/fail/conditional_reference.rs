use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    parameter Stage: String { Default: "dev", AllowedValues: ["dev", "prod"] }
    condition IsProduction = Equals(Ref(Stage), "prod");

    #[condition(IsProduction)]
    resource Dlq: sqs::Queue { SqsManagedSseEnabled: true }

    // Exists in every stage, but Dlq only in prod.
    resource Queue: sqs::Queue { SqsManagedSseEnabled: true, RedrivePolicy: { deadLetterTargetArn: Dlq.Arn, maxReceiveCount: 3 } }

    output DlqUrl { Value: Ref(Dlq) }
}

fn main() {}
