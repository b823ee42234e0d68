// `Retain` reached through `If(..)` is still `Retain` (HA-P001), and a computed policy is not
// offered `Retain` as an accepted value.
use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    parameter Stage: String { Default: "dev", AllowedValues: ["dev", "prod"] }
    condition IsProd = Equals(Ref(Stage), "prod");

    #[deletion_policy(If(IsProd, Retain, Delete))]
    resource Queue: sqs::Queue { SqsManagedSseEnabled: true }
}

fn main() {}
