use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    parameter HomeRegion: String { Default: "us-east-1", AllowedValues: ["us-east-1", "eu-west-1"], Description: "where the primary copy lives" }
    condition IsUsEast1 = Equals(AWS::Region, "us-east-1");
    condition IsHome = Equals(AWS::Region, Ref(HomeRegion));

    #[condition(IsUsEast1)]
    resource Queue: sqs::Queue { SqsManagedSseEnabled: true, QueueName: "orders-${AWS::Region}-${Suffix}" }

    output Home { Value: If(IsHome, "home", "away"), Description: "whether this is us-east-1 or eu-west-1" }
}

fn main() {
    let s = Case::synth(&ha_core::Env::new("dev", "test"));
    let v: serde_json::Value = serde_json::from_str(&s.template.to_json_string()).unwrap();
    assert_eq!(v["Conditions"]["IsUsEast1"]["Fn::Equals"][0]["Ref"], "AWS::Region", "{v:#}");
    assert_eq!(v["Conditions"]["IsUsEast1"]["Fn::Equals"][1], "us-east-1", "{v:#}");
    assert_eq!(v["Parameters"]["HomeRegion"]["AllowedValues"][1], "eu-west-1", "{v:#}");
}
