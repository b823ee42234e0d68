//! The integration tests, in one binary so the generic CLI entry points (`cli::run::<TestApp>`)
//! are instantiated once: coverage then counts each line of them once.
//!
//! - [`cli`]: behaviour that needs no AWS (help, parsing, synth, graph, flag sources, preflight).
//! - [`replay`]: failure paths replayed from recorded-shape responses (StaticReplayClient).
//! - [`safety`]: data safety, interrupts, concurrency, configuration, drift, validation (replayed).
//! - [`validate`]: AWS's offline validator on synth, validate and deploy (needs `.venv`).
//! - [`e2e_local`]: the full lifecycle against the local endpoint (skipped without `.venv`).

mod cli;
mod common;
mod e2e_local;
mod replay;
mod safety;
mod unit;
mod validate;
