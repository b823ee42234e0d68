use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    parameter Subnets: List<AWS::EC2::Subnet::Id;

    resource Queue: sqs::Queue { SqsManagedSseEnabled: true }
}

fn main() {}
