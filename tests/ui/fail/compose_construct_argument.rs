use ha_macros::stack;

// A deprecated runtime passed to a construct: reported at the argument, with a note at the
// construct's resource that received it.
stack! {
    stack Case { name: "Case${Suffix}" }

    construct Worker(name: Name, runtime: String) {
        resource {name}Role: iam::Role {
            AssumeRolePolicyDocument: {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
            },
        }
        resource {name}: lambda::Function {
            Runtime: runtime,
            Handler: "index.handler",
            Role: {name}Role.Arn,
            Code: { ZipFile: "def handler(e, c): return 1" },
        }
    }

    use Worker(Api, "python3.13");
    use Worker(Jobs, "python3.7");
}

fn main() {}
