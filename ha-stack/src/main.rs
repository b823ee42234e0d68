//! `ha-stack synth`: render TapStack's template without linking the AWS SDK (the fast edit
//! loop). `cargo run -p ha-app -- synth` writes the same bytes and adds diff, deploy, destroy.

// With the `dylib` feature the toolkit comes from one shared library (ha-dylib), so a rebuild
// after an edit links only this crate's code (`cargo synth`; docs/edit-loop.md).
#[cfg(feature = "dylib")]
use ha_dylib as _;

fn main() -> std::process::ExitCode {
    ha_stack::synth_main()
}
