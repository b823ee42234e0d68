use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Orders: sqs::Queue { SqsManagedSseEnabled: true, RedrivePolicy: { deadLetterTargetArn: Retries.Arn, maxReceiveCount: 3 } }
    resource Retries: sqs::Queue { SqsManagedSseEnabled: true, RedrivePolicy: { deadLetterTargetArn: Dead.Arn, maxReceiveCount: 3 } }
    #[depends_on(Orders)]
    resource Dead: sqs::Queue { SqsManagedSseEnabled: true }
}

fn main() {}
