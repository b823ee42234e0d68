// `Queue.Url`: the suggestion is the attribute that contains the word (`QueueUrl`), not the
// one a few letters away (`Arn`).
use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Queue: sqs::Queue { SqsManagedSseEnabled: true }
    output Url { Value: Queue.Url }
}

fn main() {}
