use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    // A suppression on a parameter needs a reason like any other.
    #[suppress(HA-P004)]
    parameter AuditAccount: String { Default: "123456789012" }

    // It hides only the rule it names.
    #[suppress(HA-IAM002, "not the rule that fires here")]
    output Console { Value: "https://123456789012.signin.aws.amazon.com/console" }

    resource Queue: sqs::Queue { SqsManagedSseEnabled: true }
}

fn main() {}
