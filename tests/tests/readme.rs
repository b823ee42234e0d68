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

/// The example itself, compiled into this test.
#[allow(dead_code)]
mod example {
    include!("../examples/readme.rs");
}

#[test]
fn readme_example_synthesizes_what_it_shows() {
    let stack = example::Orders::synth(&ha_core::Env::new("qa", "test"));
    assert_eq!(stack.name, "Ordersqa");
    let json = stack.template.render();
    assert_eq!(
        json["Resources"]["Queue"]["Properties"]["QueueName"],
        "orders-qa"
    );
    assert_eq!(json["Resources"]["Table"]["DeletionPolicy"], "Delete");
    assert_eq!(
        json["Resources"]["Queue"]["Properties"]["KmsMasterKeyId"]["Fn::GetAtt"][0],
        "Key"
    );
    assert_eq!(
        json["Resources"]["Table"]["Properties"]["DeletionProtectionEnabled"]["Fn::If"][0],
        "IsProduction"
    );
    assert_eq!(
        json["Outputs"]["TableArn"]["Export"]["Name"]["Fn::Sub"],
        "${AWS::StackName}-TableArn"
    );
    let tags = &json["Resources"]["Queue"]["Properties"]["Tags"];
    assert_eq!(
        tags[1]["Value"], "qa",
        "stack tags reach every taggable resource: {tags}"
    );
}
