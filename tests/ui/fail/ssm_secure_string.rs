use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Endpoint: ssm::Parameter {
        Name: "/app/${Suffix}/endpoint",
        Type: "SecureString",
        Value: "s3cr3t",
    }
}

fn main() {}
