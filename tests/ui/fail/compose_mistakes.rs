use ha_macros::stack;

// A construct used with an argument of the wrong kind.
stack! {
    stack Case { name: "Case${Suffix}" }

    construct Queue(name: Name, delay: Number) {
        resource {name}: sqs::Queue { DelaySeconds: delay, SqsManagedSseEnabled: true }
    }

    use Queue(Orders, "ten");
}

// A `let` whose value nothing after it uses (a typo in the name where it was meant).
stack! {
    stack Unused { name: "Unused${Suffix}" }

    let delay = 10;
    resource Slow: sqs::Queue { DelaySeconds: dealy, SqsManagedSseEnabled: true }
}

fn main() {}
