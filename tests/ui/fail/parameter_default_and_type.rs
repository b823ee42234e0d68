use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    parameter Stage: String { Default: "staging", AllowedValues: ["dev", "prod"] }
    parameter Vpc: AWS::EC2::Vpc::Id;

    resource Queue: sqs::Queue { SqsManagedSseEnabled: true }
}

fn main() {}
