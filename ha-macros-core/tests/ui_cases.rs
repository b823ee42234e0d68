//! Runs the checks on every trybuild case under tests/ui without compiling it: pass cases
//! must check clean, fail cases (except those that exercise rustc itself) must not.

use ha_macros_core::{ast, check, unsuppressed};
use proc_macro2::TokenStream;

mod common;
use common::{stack_body, with_library_constructs};
use std::path::PathBuf;

/// The diagnostics of a case, as `[ID] message` lines, or the parse error.
fn diagnose(body: TokenStream) -> Vec<String> {
    match syn::parse2::<ast::StackDef>(with_library_constructs(body)) {
        Err(e) => vec![format!("parse: {e}")],
        Ok(def) => {
            let checked = check::check(&def);
            unsuppressed(&def, checked.diags.clone())
                .iter()
                .map(|d| format!("[{}] {}", d.rule.id, d.message))
                .collect()
        }
    }
}

fn cases(kind: &str) -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/ui")
        .join(kind);
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .map(|p| {
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn pass_cases_check_clean() {
    let mut bad = Vec::new();
    for (name, src) in cases("pass") {
        let Some(body) = stack_body(&src) else {
            continue;
        };
        let d = diagnose(body);
        if !d.is_empty() {
            bad.push(format!("{name}:\n  {}", d.join("\n  ")));
        }
    }
    assert!(
        bad.is_empty(),
        "pass cases with diagnostics:\n{}",
        bad.join("\n")
    );
}

#[test]
fn fail_cases_report_problems() {
    let mut report = Vec::new();
    let mut bad = Vec::new();
    for (name, src) in cases("fail") {
        let Some(body) = stack_body(&src) else {
            continue;
        };
        // Rejected by rustc, not by the macro's checks: the expansion asks ha-core for a
        // service whose feature the test crate leaves off, and carries the error to show.
        if name.starts_with("service_feature_not_enabled") {
            let out = ha_macros_core::stack(body.clone()).to_string();
            assert!(diagnose(body).is_empty(), "{name}");
            assert!(
                out.contains("needs the cargo feature `apigatewayv2` of ha-core"),
                "{out}"
            );
            continue;
        }
        // Rejected by rustc: each stack passes the macro's checks, and the type system refuses
        // how they fit together (a missing output, an output of the wrong kind, stacks that
        // import each other).
        if [
            "cross_stack_cycle",
            "cross_stack_missing_output",
            "cross_stack_wrong_kind",
        ]
        .contains(&name.as_str())
        {
            assert!(diagnose(body).is_empty(), "{name}");
            continue;
        }
        let d = diagnose(body);
        if d.is_empty() {
            bad.push(name.clone());
        }
        report.push(format!("{name}:\n  {}", d.join("\n  ")));
    }
    if std::env::var_os("UI_CASES_PRINT").is_some() {
        println!("{}", report.join("\n"));
    }
    assert!(bad.is_empty(), "fail cases without diagnostics: {bad:?}");
}
