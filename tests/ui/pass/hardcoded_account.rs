use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Endpoint: ssm::Parameter {
        Name: "/app/${Suffix}/endpoint",
        Type: "String",
        Value: "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/deployer",
    }
}

fn main() {
    let s = Case::synth(&ha_core::Env::new("dev", "test"));
    let v: serde_json::Value = serde_json::from_str(&s.template.to_json_string()).unwrap();
    assert!(v["Resources"]["Endpoint"]["Properties"]["Value"]["Fn::Sub"] == "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/deployer", "{v:#}");
}
