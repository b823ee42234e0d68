//! The interface between an app crate and the runner.

pub use ha_synth::{StackApp, SynthContext, SynthOutput};

/// The full CLI for `app`: parse argv, run a verb, return the exit code (see
/// [`crate::error`]). A user's crate needs only
/// `fn main() -> std::process::ExitCode { ha_deploy::app::main(MyStack) }`.
pub fn main<A: StackApp>(app: A) -> std::process::ExitCode {
    main_with(app, crate::plugin::NoPlugin)
}

/// [`main`] with a plug-in: the app's own verbs and data stores.
pub fn main_with<A: StackApp, P: crate::plugin::Plugin>(
    app: A,
    plugin: P,
) -> std::process::ExitCode {
    let console = crate::console::Console::stdio();
    let argv: Vec<String> = std::env::args().collect();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("cannot start the async runtime");
    let code = runtime.block_on(async {
        let (tx, rx) = tokio::sync::watch::channel(false);
        tokio::spawn(forward_interrupt(tokio::signal::ctrl_c(), tx));
        let env = crate::cli::Env::process(rx);
        Box::pin(crate::cli::run(&app, &plugin, &argv, &console, env)).await
    });
    std::process::ExitCode::from(code)
}

/// Set the interrupt flag once `signal` (Ctrl-C) fires; a signal that cannot be watched never
/// interrupts.
pub async fn forward_interrupt(
    signal: impl std::future::Future<Output = std::io::Result<()>>,
    tx: tokio::sync::watch::Sender<bool>,
) {
    if signal.await.is_ok() {
        tx.send_replace(true);
    }
}
