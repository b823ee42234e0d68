use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Role: iam::Role {
        AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "states.amazonaws.com" }, Action: "sts:AssumeRole" }] },
    }
    resource Machine: stepfunctions::StateMachine {
        RoleArn: Role.Arn,
        DefinitionString: "{\"StartAt\": \"Done\", \"States\": {\"Done\": {\"Type\": \"Succeed\"}}}",
    }
}

fn main() {
    let s = Case::synth(&ha_core::Env::new("dev", "test"));
    let v: serde_json::Value = serde_json::from_str(&s.template.to_json_string()).unwrap();
    assert!(v["Resources"]["Machine"]["Properties"]["RoleArn"]["Fn::GetAtt"][0] == "Role", "{v:#}");
}
