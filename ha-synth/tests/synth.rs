//! The synth-only CLI and the helpers both front ends share.

use ha_synth::{
    check_region, resolve_region, resolve_suffix, run, write_template, StackApp, SynthContext,
    SynthOutput, MAX_INLINE_TEMPLATE,
};
use std::path::{Path, PathBuf};

/// A tiny app: one queue, or whatever template text `--body` asks for.
struct Tiny;

#[derive(clap::Args, Clone, Default)]
struct TinyArgs {
    /// Raw template text to return instead of the default.
    #[arg(long)]
    body: Option<String>,
    /// Fail synth with this message.
    #[arg(long)]
    fail: Option<String>,
}

impl StackApp for Tiny {
    type Args = TinyArgs;
    fn synth(&self, ctx: &SynthContext, args: &TinyArgs) -> anyhow::Result<SynthOutput> {
        if let Some(m) = &args.fail {
            anyhow::bail!("{m}");
        }
        let body = args.body.clone().unwrap_or_else(|| {
            format!(
                r#"{{"Resources":{{"Q":{{"Type":"AWS::SQS::Queue"}}}},"Outputs":{{"R":{{"Value":"{}"}}}}}}"#,
                ctx.region
            )
        });
        Ok(SynthOutput {
            stack_name: format!("Tiny{}", ctx.suffix),
            template_json: body,
            ..Default::default()
        })
    }
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ha-synth-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn call(args: &[&str], vars: &[(&str, &str)], cwd: &Path) -> (u8, String, String) {
    let argv: Vec<String> = std::iter::once("tiny")
        .chain(args.iter().copied())
        .map(String::from)
        .collect();
    let vars: Vec<(String, String)> = vars
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let var = move |k: &str| vars.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run(&Tiny, &argv, &var, cwd, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

#[test]
fn synth_writes_the_template_and_a_summary() {
    let d = tmp("ok");
    let (code, out, err) = call(
        &["synth", "--suffix", "pr7", "--region", "eu-west-1"],
        &[],
        &d,
    );
    assert_eq!((code, err.as_str()), (0, ""));
    let path = d.join("out/Tinypr7.template.json");
    assert!(
        out.starts_with("Synthesized Tinypr7: 1 resources, 1 outputs,"),
        "{out}"
    );
    assert!(out.contains(&path.display().to_string()), "{out}");
    // A one-stack app writes the manifest too.
    assert!(
        out.contains("App manifest: 1 stack(s) in deploy order (Tinypr7) → "),
        "{out}"
    );
    let m = std::fs::read_to_string(d.join("out/app.manifest.json")).unwrap();
    assert!(
        m.contains(r#""name": "Tinypr7","#)
            && m.contains(r#""template": "Tinypr7.template.json","#),
        "{m}"
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("eu-west-1"),
        "the context reaches the app: {text}"
    );
}

#[test]
fn suffix_and_region_come_from_the_environment_then_defaults() {
    let d = tmp("env");
    let (code, _, _) = call(
        &["synth", "--out", "o"],
        &[("ENVIRONMENT_SUFFIX", "qa"), ("AWS_REGION", "us-west-2")],
        &d,
    );
    assert_eq!(code, 0);
    let text = std::fs::read_to_string(d.join("o/Tinyqa.template.json")).unwrap();
    assert!(text.contains("us-west-2"));

    let none = |_: &str| None;
    assert_eq!(
        resolve_suffix(None, &none),
        ("dev".into(), "default".into())
    );
    assert_eq!(
        resolve_region(None, &none, &d),
        ("us-east-1".into(), "default".into())
    );
    std::fs::create_dir_all(d.join("lib")).unwrap();
    std::fs::write(d.join("lib/AWS_REGION"), "ap-south-1\n").unwrap();
    assert_eq!(
        resolve_region(None, &none, &d),
        ("ap-south-1".into(), "lib/AWS_REGION".into())
    );
    std::fs::write(d.join("lib/AWS_REGION"), "  \n").unwrap();
    assert_eq!(resolve_region(None, &none, &d).1, "default");
}

#[test]
fn bad_input_names_the_value_and_exits_2() {
    let d = tmp("bad");
    let (code, out, err) = call(&["synth", "--region", "mars-north-1"], &[], &d);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.contains("unknown AWS region `mars-north-1` (from --region)"),
        "{err}"
    );
    let (code, _, err) = call(&["synth"], &[("AWS_REGION", "moon-1")], &d);
    assert_eq!(code, 2);
    assert!(err.contains("(from AWS_REGION)"), "{err}");

    let (code, _, err) = call(&["synth", "--fail", "suffix `X` is not valid"], &[], &d);
    assert_eq!(code, 2);
    assert_eq!(err.trim(), "error: synth failed: suffix `X` is not valid");

    let (code, _, err) = call(&["deploy"], &[], &d);
    assert_eq!(code, 2);
    assert!(err.contains("unrecognized subcommand 'deploy'"), "{err}");
    assert!(!d.join("out").exists(), "nothing written on bad input");
}

#[test]
fn help_goes_to_stdout_with_exit_0() {
    let d = tmp("help");
    let (code, out, err) = call(&["--help"], &[], &d);
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(out.contains("links no AWS SDK"), "{out}");
    let (code, out, _) = call(&["synth", "--help"], &[], &d);
    assert_eq!(code, 0);
    assert!(out.contains("--suffix"), "{out}");
}

#[test]
fn write_errors_name_the_path() {
    let d = tmp("werr");
    std::fs::write(d.join("file"), "x").unwrap();
    let s = SynthOutput {
        stack_name: "S".into(),
        template_json: "{}".into(),
        ..Default::default()
    };
    let e = write_template(&d.join("file/sub"), &s).unwrap_err();
    assert!(
        e.starts_with("cannot create ") && e.contains("file/sub"),
        "{e}"
    );
    std::fs::create_dir_all(d.join("dir/S.template.json")).unwrap();
    let e = write_template(&d.join("dir"), &s).unwrap_err();
    assert!(
        e.starts_with("cannot write ") && e.contains("S.template.json"),
        "{e}"
    );
    let bad = SynthOutput {
        template_json: "not json".into(),
        ..s
    };
    let e = write_template(&d, &bad).unwrap_err();
    assert!(e.contains("the rendered template of S is not JSON"), "{e}");
}

#[test]
fn large_templates_get_the_staging_note() {
    let d = tmp("big");
    let s = SynthOutput {
        stack_name: "Big".into(),
        template_json: format!(
            r#"{{"Description":"{}","Resources":{{}}}}"#,
            "x".repeat(MAX_INLINE_TEMPLATE)
        ),
        ..Default::default()
    };
    let lines = write_template(&d, &s).unwrap();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].contains("0 resources, 0 outputs"));
    assert!(lines[1].contains("deploy uploads it to the staging bucket"));
    assert!(check_region("us-east-1", "x").is_ok());
}
