//! The toolkit's runtime crates in one shared library, for the edit loop.
//!
//! A stack's synth binary that enables its `dylib` feature (ha-stack: `cargo synth`, an alias
//! for `cargo run -p ha-stack --features dylib -- synth`) links against this library instead
//! of copying ha-core's generated types into every build: after a one-line edit the binary's
//! link reads its own few megabytes instead of about 30 MB of objects (docs/edit-loop.md).
//! Nothing here is new API; the re-exports only make the crates part of the library.

pub use anyhow;
pub use clap;
pub use ha_core;
pub use ha_naming;
pub use ha_synth;
pub use serde_json;
