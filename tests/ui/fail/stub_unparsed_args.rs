// A header whose arguments do not parse: one error from the macro, and the caller's follow-on
// error points at the stack's name, not at the whole invocation (no rustc syntax error either).
use ha_macros::stack;

stack! {
    stack S(n u32) { name: "S${Suffix}" }
    resource Q: sqs::Queue { SqsManagedSseEnabled: true }
}

fn main() {
    let _ = S::synth(&ha_core::Env::new("dev", "x"), 1);
}
