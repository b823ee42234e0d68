use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Queue: sqs::Queue { VisibilityTimeout: 60 }
}

fn main() {}
