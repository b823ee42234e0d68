use ha_macros::stack;

// A producer and a consumer in different modules: the consumer names the producer's type in
// `imports` and reads its outputs as `Network.Output`.
mod network {
    ha_macros::stack! {
        stack Network { name: "network-${Suffix}" }
        resource Vpc: ec2::Vpc { CidrBlock: "10.0.0.0/16" }
        resource SubnetA: ec2::Subnet { VpcId: Ref(Vpc), CidrBlock: "10.0.0.0/24" }
        resource SubnetB: ec2::Subnet { VpcId: Ref(Vpc), CidrBlock: "10.0.1.0/24" }
        output VpcId { Value: Ref(Vpc) }
        output SubnetIds { Value: Join(",", [Ref(SubnetA), Ref(SubnetB)]) }
    }
}

use network::Network;

stack! {
    stack Api { name: "api-${Suffix}", imports: [Network] }
    resource Sg: ec2::SecurityGroup { GroupDescription: "api", VpcId: Network.VpcId }
    resource Subnets: rds::DbSubnetGroup { DBSubnetGroupDescription: "db", SubnetIds: Network.SubnetIds }
    output Vpc { Value: Network.VpcId }
}

fn main() {
    let env = ha_core::Env::new("dev", "test");
    let stacks = ha_core::App::new()
        .stack(Network::synth(&env))
        .stack(Api::synth(&env))
        .build()
        .unwrap();
    assert_eq!(stacks[1].depends_on(), ["network-dev"]);
    let t: serde_json::Value = serde_json::from_str(&stacks[0].template.to_json_string()).unwrap();
    assert_eq!(t["Outputs"]["VpcId"]["Export"]["Name"], "network-dev-VpcId");
}
