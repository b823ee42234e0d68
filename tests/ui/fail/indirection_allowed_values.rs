use ha_macros::stack;

// A deprecated Lambda runtime is rejected when a parameter allows it, even if the default
// is fine: the stack can be deployed with it.
stack! {
    stack Case { name: "Case${Suffix}" }

    parameter Runtime: String { Default: "python3.13", AllowedValues: ["python3.13", "python3.7"] }

    resource Role: iam::Role {
        AssumeRolePolicyDocument: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
        },
    }

    resource Fn: lambda::Function {
        Runtime: Ref(Runtime),
        Handler: "index.handler",
        Role: Role.Arn,
        Code: { ZipFile: "def handler(e, c): return 1" },
    }
}

fn main() {}
