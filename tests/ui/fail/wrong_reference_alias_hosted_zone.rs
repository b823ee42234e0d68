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
        AliasTarget: { HostedZoneId: Ref(Zone), DNSName: Alb.DNSName },
    }
}

fn main() {}
