use ha_macros::stack;

// A construct used with an argument of the wrong kind.
stack! {
    stack Case { name: "Case${Suffix}" }

    construct Queue(name: Name, delay: Number) {
        resource {name}: sqs::Queue { DelaySeconds: delay, SqsManagedSseEnabled: true }
    }

    use Queue(Orders, "ten");
}

fn main() {}
