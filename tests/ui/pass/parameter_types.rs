use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    parameter Vpc: AWS::EC2::VPC::Id { Description: "VPC of the security group" }
    parameter Subnets: List<AWS::EC2::Subnet::Id> { Description: "subnets" }
    parameter Ami: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id> { Default: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64" }
    parameter Names: AWS::SSM::Parameter::Value<List<String>> { Default: "/app/names" }
    parameter Endpoint: AWS::SSM::Parameter::Value<String>;

    resource Group: ec2::SecurityGroup { GroupDescription: "app", VpcId: Ref(Vpc) }

    output SubnetList { Value: Join(",", Ref(Subnets)) }
}

fn main() {
    let s = Case::synth(&ha_core::Env::new("dev", "test"));
    let v: serde_json::Value = serde_json::from_str(&s.template.to_json_string()).unwrap();
    assert_eq!(v["Parameters"]["Vpc"]["Type"], "AWS::EC2::VPC::Id", "{v:#}");
    assert_eq!(v["Parameters"]["Subnets"]["Type"], "List<AWS::EC2::Subnet::Id>", "{v:#}");
    assert_eq!(v["Parameters"]["Ami"]["Type"], "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", "{v:#}");
    assert_eq!(v["Parameters"]["Names"]["Type"], "AWS::SSM::Parameter::Value<List<String>>", "{v:#}");
    assert_eq!(v["Parameters"]["Endpoint"]["Type"], "AWS::SSM::Parameter::Value<String>", "{v:#}");
    assert_eq!(v["Resources"]["Group"]["Properties"]["VpcId"]["Ref"], "Vpc", "{v:#}");
}
