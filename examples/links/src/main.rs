//! The links app's CLI: the whole runner, for both stacks, from one line.

fn main() -> std::process::ExitCode {
    ha_deploy::app::main(links_example::LinksApp)
}
