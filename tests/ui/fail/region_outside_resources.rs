use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    parameter HomeRegion: String { Default: "us-east-1", AllowedValues: ["us-east-1", "eu-west-1"] }
    condition IsUsEast1 = Equals(AWS::Region, "us-east-1");

    // Legitimate above; a region in a resource property is still reported.
    #[condition(IsUsEast1)]
    resource Queue: sqs::Queue { SqsManagedSseEnabled: true, QueueName: "orders-us-east-1-${Suffix}" }
}

fn main() {}
