use ha_macros::stack;

stack! {
    stack Network { name: "network-${Suffix}" }
    resource Vpc: ec2::Vpc { CidrBlock: "10.0.0.0/16" }
    resource SubnetA: ec2::Subnet { VpcId: Ref(Vpc), CidrBlock: "10.0.0.0/24" }
    resource SubnetB: ec2::Subnet { VpcId: Ref(Vpc), CidrBlock: "10.0.1.0/24" }
    output VpcId { Value: Ref(Vpc) }
    output SubnetIds { Value: Join(",", [Ref(SubnetA), Ref(SubnetB)]) }
    output Public { Value: Ref(SubnetA), Condition: Never }
    condition Never = Equals("a", "b");
}

stack! {
    stack Api { name: "api-${Suffix}", imports: [Network] }
    // A list where one id belongs, one id where a list belongs, and an output that exists
    // only under a condition.
    resource Sg: ec2::SecurityGroup { GroupDescription: "api", VpcId: Network.SubnetIds }
    resource Subnets: rds::DbSubnetGroup { DBSubnetGroupDescription: "db", SubnetIds: Network.VpcId }
    resource Sg2: ec2::SecurityGroup { GroupDescription: "api", VpcId: Network.Public }
}

fn main() {}
