use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Role: iam::Role {
        AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] },
    }
    resource Function: lambda::Function {
        Role: Role.Arn,
        Runtime: "python3.7",
        Handler: "index.handler",
        Code: { ZipFile: "def handler(event, context):\n    return 1\n" },
    }
}

fn main() {}
