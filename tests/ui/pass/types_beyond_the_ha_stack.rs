use ha_macros::stack;

// Every registry type is known to the macro; `cognito` is not a service of the HA stack, and
// its ha-core feature is enabled for the test crate (see tests/Cargo.toml).
stack! {
    stack Case { name: "Case${Suffix}" }

    resource Pool: cognito::UserPool { UserPoolName: "users-${Suffix}" }
    resource Client: cognito::UserPoolClient { UserPoolId: Ref(Pool), ClientName: "web-${Suffix}" }
    output ClientId { Value: Ref(Client) }
    output PoolArn { Value: Pool.Arn }
}

fn main() {
    let s = Case::synth(&ha_core::Env::new("dev", "test"));
    let t: serde_json::Value = serde_json::from_str(&s.template.to_json_string()).unwrap();
    assert_eq!(t["Resources"]["Client"]["Type"], "AWS::Cognito::UserPoolClient");
    assert_eq!(t["Resources"]["Client"]["Properties"]["UserPoolId"]["Ref"], "Pool");
    assert_eq!(t["Resources"]["Pool"]["Properties"]["UserPoolName"], "users-dev");
}
