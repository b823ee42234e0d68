// A doubled comma: the error names what was expected there.
use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Queue: sqs::Queue { SqsManagedSseEnabled: true,, }
}

fn main() {}
