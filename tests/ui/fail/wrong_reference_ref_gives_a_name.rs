use ha_macros::stack;

// `Role` of a Lambda function takes an ARN (its schema pattern starts with `^arn:`); `Ref` of an
// IAM role gives the role's name. Found from the registry data, for every generated type.
stack! {
    stack Case { name: "Case${Suffix}" }

    resource Role: iam::Role {
        AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] },
    }
    resource Function: lambda::Function {
        Role: Ref(Role),
        Runtime: "python3.13",
        Handler: "index.handler",
        Code: { ZipFile: "def handler(event, context):\n    return 1\n" },
    }
}

fn main() {}
