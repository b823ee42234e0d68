//! The interface between an app crate and the runner.

use std::collections::BTreeMap;

/// Values resolved from the global flags before synth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthContext {
    /// Environment suffix (`dev`, `pr123`, `prod`, ...).
    pub suffix: String,
    /// Where the suffix came from: `--suffix`, `ENVIRONMENT_SUFFIX` or `default`.
    pub suffix_source: String,
    /// Region code.
    pub region: String,
    /// Where the region came from: `--region`, `AWS_REGION`, `lib/AWS_REGION` or `default`.
    pub region_source: String,
}

/// What an app renders.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SynthOutput {
    /// Stack name.
    pub stack_name: String,
    /// Rendered template, deterministic.
    pub template_json: String,
    /// Parameter values to send on deploy.
    pub parameters: Vec<(String, String)>,
    /// Stack-level tags.
    pub tags: Vec<(String, String)>,
    /// Production stack: destroy refused unless `--force`.
    pub deletion_protected: bool,
    /// Overrides that switch deletion protection off (`destroy --force` first updates with these).
    pub unprotect_parameters: Vec<(String, String)>,
    /// Resource type → createOnly property names (replacement detection in diff).
    pub create_only: BTreeMap<String, Vec<String>>,
}

/// An app: renders its stack for a context.
pub trait StackApp {
    /// App-specific synth options, flattened into the verbs.
    type Args: clap::Args + Clone + Send + Sync + 'static;
    /// Render the stack.
    fn synth(&self, ctx: &SynthContext, args: &Self::Args) -> anyhow::Result<SynthOutput>;
}

/// Parse argv, run a verb, return the exit code (see [`crate::error`]).
pub fn main<A: StackApp>(app: A) -> std::process::ExitCode {
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
        crate::cli::run(&app, &argv, &console, env).await
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
