//! Command line of `ha-codegen`.

use clap::{Parser, Subcommand};
use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Instant;

/// Generates ha-core's resource types and ha-registry's table from CloudFormation registry schemas.
#[derive(Debug, Parser)]
#[command(name = "ha-codegen")]
pub struct Cli {
    /// Workspace root (default: the workspace this binary was built from).
    #[arg(long, global = true)]
    pub root: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Cmd,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Copy every schema of an unpacked cfn-lint (cfnlint/data/schemas) and report what changed.
    Vendor {
        /// Directory with providers/ and resources/.
        #[arg(long)]
        from: PathBuf,
        /// cfn-lint version to record (default: detected from a wheel or dist-info nearby).
        #[arg(long)]
        cfn_lint_version: Option<String>,
    },
    /// Write the generated files.
    Generate,
    /// Exit non-zero, listing stale files, when the generated files are out of date.
    Check,
    /// Generate every schema of a provider list in memory and report counts and failures.
    All {
        /// Directory with providers/ and resources/.
        #[arg(long)]
        from: PathBuf,
        /// Skip rustfmt (faster; does not prove the output parses).
        #[arg(long)]
        no_fmt: bool,
    },
}

/// The default root: the workspace containing this crate.
pub fn default_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}

/// Runs the command line; returns the process exit code.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    match execute(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            1
        }
    }
}

fn execute(cli: Cli) -> anyhow::Result<i32> {
    let root = cli.root.unwrap_or_else(default_root);
    match cli.command {
        Cmd::Vendor {
            from,
            cfn_lint_version,
        } => {
            let report = crate::vendor(&root, &from, cfn_lint_version.as_deref())?;
            println!("vendored into {}", root.join("schemas/resources").display());
            print!("{}", report.summary());
        }
        Cmd::Generate => {
            let changed = crate::generate(&root)?;
            for p in &changed {
                println!("wrote {}", p.display());
            }
            println!("{} file(s) changed", changed.len());
        }
        Cmd::Check => {
            let stale = crate::check(&root)?;
            if !stale.is_empty() {
                for p in &stale {
                    if p.ends_with("schemas/SOURCE.md") {
                        println!("stale: schemas/resources no longer match the digest in schemas/SOURCE.md (edited by hand?): rerun `scripts/refresh-schemas.sh`");
                    } else {
                        println!("stale: {}", p.display());
                    }
                }
                println!(
                    "generated code is out of date: run `cargo run -p ha-codegen -- generate`"
                );
                return Ok(1);
            }
            println!("generated code is up to date");
        }
        Cmd::All { from, no_fmt } => {
            let start = Instant::now();
            let r = crate::generate_everything(&root, &from, !no_fmt)?;
            println!(
                "{} types in {} services: {} structs, {} enums, {} Json fallbacks, {} lines, {} registry bytes, {} failures ({:.1}s)",
                r.types,
                r.services,
                r.structs,
                r.enums,
                r.json_fallbacks,
                r.lines,
                r.registry_bytes,
                r.failures.len(),
                start.elapsed().as_secs_f64()
            );
            for (what, err) in &r.failures {
                println!("FAILED {what}: {err}");
            }
            return Ok(i32::from(!r.failures.is_empty()));
        }
    }
    Ok(0)
}
