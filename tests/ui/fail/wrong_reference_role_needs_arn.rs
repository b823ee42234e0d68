use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Role: iam::Role {
        AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "states.amazonaws.com" }, Action: "sts:AssumeRole" }] },
    }
    resource Machine: stepfunctions::StateMachine {
        RoleArn: Ref(Role),
        DefinitionString: "{\"StartAt\": \"Done\", \"States\": {\"Done\": {\"Type\": \"Succeed\"}}}",
    }
}

fn main() {}
