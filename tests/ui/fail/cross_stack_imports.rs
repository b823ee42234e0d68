use ha_macros::stack;

stack! {
    // Itself, an import never read, and an attribute of another stack's output.
    stack Api { name: "api-${Suffix}", imports: [Api, Network, Data] }
    resource Sg: ec2::SecurityGroup { GroupDescription: "api", VpcId: Network.VpcId.Arn }
    output RESOURCE_COUNT { Value: Ref(Sg) }
}

stack! {
    stack Network { name: "network-${Suffix}" }
    resource Vpc: ec2::Vpc { CidrBlock: "10.0.0.0/16" }
    output VpcId { Value: Ref(Vpc) }
}

stack! {
    stack Data { name: "data-${Suffix}" }
    resource Queue: sqs::Queue { SqsManagedSseEnabled: true }
    output QueueUrl { Value: Ref(Queue) }
}

fn main() {}
