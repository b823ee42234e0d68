use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Role: iam::Role {
        AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] },
    }
    resource Function: lambda::Function {
        Role: Role.Arn,
        Runtime: "python3.13",
        Handler: "index.handler",
        Code: { ZipFile: "def handler(event, context):\n    return 1\n" },
    }
}

fn main() {
    let s = Case::synth(&ha_core::Env::new("dev", "test"));
    let v: serde_json::Value = serde_json::from_str(&s.template.to_json_string()).unwrap();
    assert_eq!(v["Resources"]["Function"]["Properties"]["Role"], serde_json::json!({ "Fn::GetAtt": ["Role", "Arn"] }));
}
