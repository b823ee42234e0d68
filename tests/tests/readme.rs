//! The README tells the truth: its example is the compiled example file, and its rule table
//! lists every rule of the catalogue with its id, title and rationale.

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
        .expect("README.md at the workspace root")
}

#[test]
fn readme_example_is_the_compiled_example() {
    let example =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/readme.rs"))
            .expect("tests/examples/readme.rs");
    assert!(
        readme().contains(&format!("```rust\n{example}```")),
        "README.md's example block must be tests/examples/readme.rs verbatim (copy the file into the README)"
    );
}

#[test]
fn readme_lists_every_rule() {
    let text = readme();
    for rule in ha_macros_core::rules::ALL {
        let row = format!(
            "| {} | {} | {} | {} |",
            rule.id,
            rule.title,
            rule.rationale,
            if rule.suppressible { "yes" } else { "no" }
        );
        assert!(text.contains(&row), "README.md lacks the rule row:\n{row}");
    }
}

#[test]
fn readme_example_synthesizes_what_it_shows() {
    // `cargo test` builds the examples next to the test binaries: target/<profile>/examples.
    let exe = std::env::current_exe().expect("test binary path");
    let example = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/<profile>")
        .join("examples")
        .join("readme");
    let out = std::process::Command::new(&example)
        .arg("qa")
        .output()
        .unwrap_or_else(|e| panic!("running {}: {e}", example.display()));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.starts_with("# stack Ordersqa\n"), "{text}");
    let json: serde_json::Value =
        serde_json::from_str(text.split_once('\n').expect("two parts").1).expect("JSON template");
    assert_eq!(
        json["Resources"]["Queue"]["Properties"]["QueueName"],
        "orders-qa"
    );
    assert_eq!(json["Resources"]["Table"]["DeletionPolicy"], "Delete");
    assert_eq!(
        json["Resources"]["Queue"]["Properties"]["KmsMasterKeyId"]["Fn::GetAtt"][0],
        "Key"
    );
}
