use ha_macros::stack;

// Each stack reads the other's output: no deploy order exists.
stack! {
    stack Network { name: "network-${Suffix}", imports: [Api] }
    resource Vpc: ec2::Vpc { CidrBlock: "10.0.0.0/16", Tags: [{ Key: "api", Value: Api.SgId }] }
    output VpcId { Value: Ref(Vpc) }
}

stack! {
    stack Api { name: "api-${Suffix}", imports: [Network] }
    resource Sg: ec2::SecurityGroup { GroupDescription: "api", VpcId: Network.VpcId }
    output SgId { Value: Ref(Sg) }
}

fn main() {}
