use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    parameter Stage: String { Default: "dev", AllowedValues: ["dev", "prod"] }
    parameter Count: Number { Default: 2, AllowedValues: [1, 2, 3] }
    parameter Vpc: AWS::EC2::VPC::Id;

    resource Queue: sqs::Queue { SqsManagedSseEnabled: true }
}

fn main() {
    let s = Case::synth(&ha_core::Env::new("dev", "test"));
    let v: serde_json::Value = serde_json::from_str(&s.template.to_json_string()).unwrap();
    assert_eq!(v["Parameters"]["Stage"]["Default"], "dev", "{v:#}");
    assert_eq!(v["Parameters"]["Count"]["Default"], "2", "{v:#}");
    assert_eq!(v["Parameters"]["Vpc"]["Type"], "AWS::EC2::VPC::Id", "{v:#}");
}
