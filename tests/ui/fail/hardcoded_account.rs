use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Endpoint: ssm::Parameter {
        Name: "/app/${Suffix}/endpoint",
        Type: "String",
        Value: "arn:aws:iam::123456789012:role/deployer",
    }
}

fn main() {}
