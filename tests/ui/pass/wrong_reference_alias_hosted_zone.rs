use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    parameter SubnetA: AWS::EC2::Subnet::Id;
    parameter SubnetB: AWS::EC2::Subnet::Id;
    resource Zone: route53::HostedZone { Name: "example-${Suffix}.com" }
    resource Alb: elasticloadbalancingv2::LoadBalancer { Type: "application", Scheme: "internal", Subnets: [Ref(SubnetA), Ref(SubnetB)] }
    resource Record: route53::RecordSet {
        HostedZoneId: Ref(Zone),
        Name: "app.example-${Suffix}.com",
        Type: "A",
        AliasTarget: { HostedZoneId: Alb.CanonicalHostedZoneID, DNSName: Alb.DNSName },
    }
}

fn main() {
    let s = Case::synth(&ha_core::Env::new("dev", "test"));
    let v: serde_json::Value = serde_json::from_str(&s.template.to_json_string()).unwrap();
    assert!(v["Resources"]["Record"]["Properties"]["AliasTarget"]["HostedZoneId"]["Fn::GetAtt"][1] == "CanonicalHostedZoneID", "{v:#}");
}
