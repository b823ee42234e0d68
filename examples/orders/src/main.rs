//! The orders app's CLI: the whole runner from one line.

fn main() -> std::process::ExitCode {
    ha_deploy::app::main(orders_example::OrdersApp)
}
