//! `ha-stack synth`: render TapStack's template without linking the AWS SDK (the fast edit
//! loop). `cargo run -p ha-app -- synth` writes the same bytes and adds diff, deploy, destroy.

fn main() -> std::process::ExitCode {
    ha_stack::synth_main()
}
