// An output is not something a resource can depend on.
use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Queue: sqs::Queue { SqsManagedSseEnabled: true }
    #[depends_on(QueueUrl)]
    resource Other: sqs::Queue { SqsManagedSseEnabled: true }

    output QueueUrl { Value: Ref(Queue) }
}

fn main() {}
