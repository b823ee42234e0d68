//! `ha-app`: synth, diff, deploy, destroy, outputs and failover for TapStack.

fn main() -> std::process::ExitCode {
    ha_deploy::app::main(ha_app::HaApp)
}
