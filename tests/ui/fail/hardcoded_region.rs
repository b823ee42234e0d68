use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Endpoint: ssm::Parameter {
        Name: "/app/${Suffix}/endpoint",
        Type: "String",
        Value: "https://sqs.us-east-1.amazonaws.com/orders",
    }
}

fn main() {}
