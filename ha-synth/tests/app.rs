//! Apps of several stacks: dependency order, selection, the app manifest, and the synth-only
//! CLI on a multi-stack app.

use ha_synth::{
    manifest, order, render, run, select, stack_names, write_app, StackApp, SynthContext,
    SynthOutput, MANIFEST,
};
use std::path::PathBuf;

fn stack(name: &str, deps: &[&str]) -> SynthOutput {
    SynthOutput {
        stack_name: name.into(),
        template_json: r#"{"Resources":{}}"#.into(),
        depends_on: deps.iter().map(|d| (*d).to_owned()).collect(),
        ..Default::default()
    }
}

fn names(stacks: &[SynthOutput]) -> Vec<&str> {
    stacks.iter().map(|s| s.stack_name.as_str()).collect()
}

fn ctx() -> SynthContext {
    SynthContext {
        suffix: "dev".into(),
        suffix_source: "default".into(),
        region: "us-east-1".into(),
        region_source: "default".into(),
    }
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ha-synth-app-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn order_puts_producers_first_and_keeps_the_app_order_for_ties() {
    let app = vec![
        stack("api", &["data", "network"]),
        stack("web", &["api"]),
        stack("data", &["network"]),
        stack("network", &[]),
        stack("audit", &[]),
    ];
    let sorted = order(app).unwrap();
    assert_eq!(names(&sorted), ["network", "data", "api", "web", "audit"]);
    // Independent stacks stay in the app's order; a one-stack app is unchanged.
    let sorted = order(vec![stack("b", &[]), stack("a", &[])]).unwrap();
    assert_eq!(names(&sorted), ["b", "a"]);
    assert_eq!(names(&order(vec![stack("only", &[])]).unwrap()), ["only"]);
    assert!(order(Vec::new()).unwrap().is_empty());
}

#[test]
fn order_names_the_stacks_of_a_cycle() {
    let e = order(vec![stack("a", &["b"]), stack("b", &["a"])]).unwrap_err();
    assert_eq!(
        e,
        "the app's stacks depend on each other in a cycle: a -> b -> a; a stack can only import exports of stacks deployed before it"
    );
    // The walk starts at a stack outside the cycle: only the cycle is named.
    let e = order(vec![
        stack("net", &[]),
        stack("app", &["db", "net"]),
        stack("db", &["cache"]),
        stack("cache", &["db"]),
    ])
    .unwrap_err();
    assert!(e.contains("cycle: db -> cache -> db;"), "{e}");
    let e = order(vec![stack("self", &["self"])]).unwrap_err();
    assert!(e.contains("cycle: self -> self;"), "{e}");
}

#[test]
fn order_rejects_unknown_dependencies_and_duplicate_names() {
    let e = order(vec![stack("a", &[]), stack("b", &["network-dev"])]).unwrap_err();
    assert_eq!(
        e,
        "stack b depends on network-dev, which is not a stack of this app (its stacks: a, b)"
    );
    let e = order(vec![stack("a", &[]), stack("b", &[]), stack("a", &[])]).unwrap_err();
    assert_eq!(
        e,
        "the app renders two stacks named a: stack names must be unique"
    );
}

#[test]
fn select_picks_one_stack_by_name_or_all() {
    let app = vec![stack("net", &[]), stack("api", &["net"])];
    assert_eq!(names(&select(&app, None).unwrap()), ["net", "api"]);
    assert_eq!(names(&select(&app, Some("api")).unwrap()), ["api"]);
    assert_eq!(
        select(&app, Some("web")).unwrap_err(),
        "--stack web: no such stack in this app; its stacks: net, api"
    );
    assert_eq!(stack_names(&app), "net, api");
}

#[test]
fn the_manifest_lists_each_stack_in_deploy_order() {
    let mut net = stack("net-dev", &[]);
    net.parameters = vec![
        ("Suffix".into(), "dev".into()),
        ("Cidr".into(), "10.0.0.0/16".into()),
    ];
    net.tags = vec![("Project".into(), "shop".into())];
    let api = stack("api-dev", &["net-dev"]);
    let text = manifest(&order(vec![api, net]).unwrap());
    assert_eq!(
        text,
        r#"{
  "version": 1,
  "stacks": [
    {
      "name": "net-dev",
      "template": "net-dev.template.json",
      "dependsOn": [],
      "parameters": {
        "Suffix": "dev",
        "Cidr": "10.0.0.0/16"
      },
      "tags": {
        "Project": "shop"
      }
    },
    {
      "name": "api-dev",
      "template": "api-dev.template.json",
      "dependsOn": [
        "net-dev"
      ],
      "parameters": {},
      "tags": {}
    }
  ]
}
"#
    );
}

#[test]
fn write_app_writes_every_template_and_the_manifest() {
    let d = tmp("write");
    let app = vec![stack("net", &[]), stack("api", &["net"])];
    let lines = write_app(&d, &app).unwrap();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(
        lines[0].starts_with("Synthesized net: 0 resources"),
        "{lines:?}"
    );
    assert!(
        lines[1].starts_with("Synthesized api: 0 resources"),
        "{lines:?}"
    );
    assert!(
        lines[2].starts_with("App manifest: 2 stack(s) in deploy order (net, api) → ")
            && lines[2].ends_with(MANIFEST),
        "{lines:?}"
    );
    assert_eq!(
        std::fs::read_to_string(d.join(MANIFEST)).unwrap(),
        manifest(&app)
    );
    assert!(d.join("net.template.json").is_file() && d.join("api.template.json").is_file());
    // The manifest cannot be written: the error names it.
    let d = tmp("write-err");
    std::fs::create_dir_all(d.join(MANIFEST)).unwrap();
    let e = write_app(&d, &app).unwrap_err();
    assert!(
        e.starts_with("cannot write ") && e.contains(MANIFEST),
        "{e}"
    );
}

/// An app of two stacks that implements only `stacks`.
struct Shop;

#[derive(clap::Args, Clone, Default)]
struct ShopArgs {
    /// Make the network stack import from the api stack too (a cycle).
    #[arg(long)]
    cycle: bool,
}

impl StackApp for Shop {
    type Args = ShopArgs;
    fn stacks(&self, ctx: &SynthContext, args: &ShopArgs) -> anyhow::Result<Vec<SynthOutput>> {
        let net = format!("net-{}", ctx.suffix);
        let api = format!("api-{}", ctx.suffix);
        let mut n = stack(&net, &[]);
        if args.cycle {
            n.depends_on.push(api.clone());
        }
        Ok(vec![stack(&api, &[&net]), n])
    }
}

#[test]
fn a_multi_stack_app_implements_only_stacks() {
    let e = Shop.synth(&ctx(), &ShopArgs::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "this app renders several stacks: call `stacks` (the app implements `StackApp::stacks`, not `synth`)"
    );
    let sorted = render(&Shop, &ctx(), &ShopArgs::default()).unwrap();
    assert_eq!(names(&sorted), ["net-dev", "api-dev"]);
    let e = render(&Shop, &ctx(), &ShopArgs { cycle: true }).unwrap_err();
    assert!(e.contains("cycle: api-dev -> net-dev -> api-dev"), "{e}");
}

fn call(args: &[&str], cwd: &std::path::Path) -> (u8, String, String) {
    let argv: Vec<String> = std::iter::once("shop")
        .chain(args.iter().copied())
        .map(String::from)
        .collect();
    let none = |_: &str| None;
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run(&Shop, &argv, &none, cwd, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

#[test]
fn the_synth_only_cli_writes_every_stack_and_the_manifest() {
    let d = tmp("cli");
    let (code, out, err) = call(&["synth", "--suffix", "qa"], &d);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[0].starts_with("Synthesized net-qa:"), "{out}");
    assert!(lines[1].starts_with("Synthesized api-qa:"), "{out}");
    assert!(lines[2].contains("deploy order (net-qa, api-qa)"), "{out}");
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("out").join(MANIFEST)).unwrap())
            .unwrap();
    assert_eq!(m["stacks"][1]["name"], "api-qa");
    assert_eq!(m["stacks"][1]["dependsOn"][0], "net-qa");

    let d = tmp("cli-cycle");
    let (code, out, err) = call(&["synth", "--cycle"], &d);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.starts_with("error: the app's stacks depend on each other in a cycle: api-dev -> net-dev -> api-dev"),
        "{err}"
    );
    assert!(
        !d.join("out").exists(),
        "nothing written when the order fails"
    );
}
