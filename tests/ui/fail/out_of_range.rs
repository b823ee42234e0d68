use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Queue: sqs::Queue { SqsManagedSseEnabled: true, DelaySeconds: 1000 }
}

fn main() {}
