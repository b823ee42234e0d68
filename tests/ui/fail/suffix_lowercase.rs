// `${suffix}` is a typo of `${Suffix}`, and the did-you-mean says so.
use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Queue: sqs::Queue { QueueName: "orders-${suffix}", SqsManagedSseEnabled: true }
}

fn main() {}
