//! AWS's offline validator finds a mistake the macro cannot see (a FIFO queue whose name does
//! not end in `.fifo`), and the runner reports the finding at the Rust source line of the
//! property, from the `SOURCES` table `stack!{}` generates.

use ha_macros::stack;

stack! {
    stack Planted { name: "Planted${Suffix}" }

    resource Jobs: sqs::Queue {
        FifoQueue: true,
        QueueName: "jobs-${Suffix}",
        SqsManagedSseEnabled: true,
    }
}

#[tokio::test]
async fn a_validator_finding_is_reported_at_its_rust_source_line() {
    use ha_deploy::validator::{self, Outcome, Severity};
    let Some(python) = validator::python(&|_| None, &ha_testkit::workspace()) else {
        println!("SKIPPED: no .venv with AWS's offline validator (scripts/setup-python.sh)");
        return;
    };
    let env = ha_core::Env::new("dev", "test");
    let json = ha_core::synth::synth(&Planted::synth(&env), &env)
        .unwrap()
        .json;
    let Outcome::Report(report) = validator::run(Some(&python), &json, "us-east-1")
        .await
        .unwrap()
    else {
        panic!("the validator did not run");
    };
    let finding = report
        .findings
        .iter()
        .find(|f| {
            f.severity == Severity::Error
                && f.path.as_deref() == Some("Resources/Jobs/Properties/QueueName")
        })
        .unwrap_or_else(|| panic!("no error on the queue name: {:?}", report.findings));
    assert!(finding.message.contains(".fifo"), "{}", finding.message);

    // Where `QueueName:` is written in this file (1-based line and column).
    let this = include_str!("source_lines.rs");
    let (n, text) = this
        .lines()
        .enumerate()
        .find(|(_, l)| l.trim_start().starts_with("QueueName: \"jobs-"))
        .unwrap();
    let at = format!(
        "tests/source_lines.rs:{}:{}",
        n + 1,
        text.find("QueueName").unwrap() + 1
    );
    let sources = ha_synth::sources(Planted::SOURCES);
    assert_eq!(
        validator::source_of(finding, &sources)
            .map(String::as_str)
            .filter(|s| s.ends_with(&at)),
        Some(sources["Jobs.QueueName"].as_str()),
        "{sources:?}"
    );
    let lines = validator::render(&report, false, &sources);
    let i = lines
        .iter()
        .position(|l| l.contains("Resources/Jobs/Properties/QueueName") && l.starts_with("error"))
        .unwrap();
    assert!(
        lines[i + 1].starts_with("    --> ") && lines[i + 1].ends_with(&at),
        "{lines:#?}"
    );
}
