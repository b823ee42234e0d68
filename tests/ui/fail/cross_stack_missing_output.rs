use ha_macros::stack;

stack! {
    stack Network { name: "network-${Suffix}" }
    resource Vpc: ec2::Vpc { CidrBlock: "10.0.0.0/16" }
    output VpcId { Value: Ref(Vpc) }
}

stack! {
    stack Api { name: "api-${Suffix}", imports: [Network] }
    // A typo in the output's name: the producer has no `VpcID`.
    resource Sg: ec2::SecurityGroup { GroupDescription: "api", VpcId: Network.VpcID }
}

fn main() {}
