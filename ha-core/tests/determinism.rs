//! The same stack synthesizes to the same bytes: twice in one process, and in two separate
//! processes (each with its own hash seeds), so no `HashMap` order or address leaks into the
//! template.

use ha_core::{fns, synth, Env, Json, Output, Parameter, Policy, Stack, Template};
use std::process::Command;

const CHILD_ENV: &str = "HA_DETERMINISM_CHILD";
const BEGIN: &str = "----- BEGIN TEMPLATE -----";
const END: &str = "----- END TEMPLATE -----";

fn build(env: &Env) -> Stack {
    let mut t = Template {
        description: Some("determinism".into()),
        ..Template::default()
    };
    for i in 0..40 {
        let props = Json::object([
            ("QueueName", Json::from(format!("q{i}-{}", env.suffix))),
            (
                "RedrivePolicy",
                Json::object([
                    ("maxReceiveCount", Json::Int(5)),
                    (
                        "deadLetterTargetArn",
                        Json::from(fns::get_att(format!("Dlq{i}"), "Arn")),
                    ),
                ]),
            ),
            (
                "Tags",
                Json::Array(vec![Json::object([
                    ("Key", Json::from("z")),
                    ("Value", Json::from(fns::sub("${AWS::Region}"))),
                ])]),
            ),
        ]);
        let e = t.add_custom(&format!("Queue{i}"), "AWS::SQS::Queue", props);
        e.deletion_policy = Some(Policy::Delete);
        e.depends_on = vec![format!("Dlq{i}")];
        t.add_custom(
            &format!("Dlq{i}"),
            "AWS::SQS::Queue",
            Json::object([("MessageRetentionPeriod", Json::Float(1209600.0))]),
        );
        t.outputs.insert(
            format!("Queue{i}Url"),
            Output {
                value: Json::from(fns::r#ref(format!("Queue{i}"))),
                description: Some("url".into()),
                export_name: None,
                condition: None,
            },
        );
    }
    t.parameters.insert(
        "Owner".into(),
        Parameter {
            type_name: "String".into(),
            default: Some("x".into()),
            ..Parameter::default()
        },
    );
    Stack {
        name: format!("Det{}", env.suffix),
        template: t,
        tags: vec![],
        suppressions: vec![],
        imports: vec![],
    }
}

fn synthesized() -> String {
    let env = Env::new("dev", "test");
    synth(&build(&env), &env).expect("valid stack").json
}

#[test]
fn same_bytes_twice_in_one_process() {
    let a = synthesized();
    let b = synthesized();
    assert_eq!(a, b);
    assert!(a.ends_with("}\n"));
}

/// Prints the template when run as the child of [`same_bytes_in_two_processes`].
#[test]
fn child_prints_template() {
    if std::env::var_os(CHILD_ENV).is_some() {
        println!("{BEGIN}\n{}{END}", synthesized());
    }
}

fn run_child() -> String {
    let out = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            "child_prints_template",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, "1")
        .output()
        .expect("spawn the test binary");
    assert!(out.status.success(), "child failed: {out:?}");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let start = text.find(BEGIN).expect("begin marker") + BEGIN.len() + 1;
    let end = text.find(END).expect("end marker");
    text[start..end].to_owned()
}

#[test]
fn same_bytes_in_two_processes() {
    let a = run_child();
    let b = run_child();
    assert_eq!(a, b);
    assert_eq!(a, synthesized());
}
