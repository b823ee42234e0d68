//! vendor / generate / check / all on throw-away workspaces.

use ha_codegen::{check, cli, generate, generate_everything, rewrite_features, vendor};
use serde_json::{json, Value as J};
use std::path::{Path, PathBuf};

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ha-codegen-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn schemas() -> Vec<(&'static str, J)> {
    vec![
        (
            "AWS::Demo::Widget",
            json!({
                "typeName": "AWS::Demo::Widget",
                "description": "A widget.",
                "properties": {
                    "Name": {"type": "string", "description": "Its\tname.\r"},
                    "Size": {"type": "integer", "enum": [1, 2]},
                    "Count": {"type": "integer"},
                    "Policy": {"type": "object"},
                    "Color": {"type": "string", "enum": ["red", "dark-blue", ""]},
                    "Parts": {"type": "array", "items": {"$ref": "#/definitions/Part"}},
                    "Tags": {"type": "array", "items": {"$ref": "#/definitions/Tag"}},
                    "Arn": {"type": "string"}
                },
                "definitions": {
                    "Part": {"type": "object", "description": "A part.",
                             "properties": {"Id": {"type": "string"}, "Weight": {"type": "number"}}, "required": ["Id"]},
                    "Tag": {"type": "object", "properties": {"Key": {"type": "string"}, "Value": {"type": "string"},
                            "Note": {"type": "boolean"}}}
                },
                "required": ["Name", "Tags"],
                "readOnlyProperties": ["/properties/Arn"],
                "createOnlyProperties": ["/properties/Name"],
                "primaryIdentifier": ["/properties/Name"]
            }),
        ),
        (
            "AWS::Demo::Gadget",
            json!({
                "typeName": "AWS::Demo::Gadget",
                "properties": {
                    "Tags": {"type": "object", "patternProperties": {".*": {"type": "string"}}},
                    "Ref": {"type": "string"}
                },
                "readOnlyProperties": ["/properties/Ref"]
            }),
        ),
        (
            "AWS::Other::Thing",
            json!({
                "typeName": "AWS::Other::Thing",
                "properties": {"Labels": {"type": "array", "items": {"type": "string"}}, "Meta": {"type": "string"}},
                "tagging": {"taggable": true, "tagProperty": "/properties/Labels"}
            }),
        ),
        (
            "AWS::Other::Keyless",
            json!({
                "typeName": "AWS::Other::Keyless",
                "properties": {"Tags": {"type": "array", "items": {"type": "object", "required": ["Key", "Value"],
                    "properties": {"Key": {"type": "string"}, "Value": {"type": "string"}}}}},
                "required": ["Tags"]
            }),
        ),
        (
            "AWS::CloudFormation::CustomResource",
            json!({
                "typeName": "AWS::CloudFormation::CustomResource",
                "properties": {"ServiceToken": {"type": "string"}, "ServiceTimeout": {"type": "integer"},
                               "Id": {"type": "string"}},
                "required": ["ServiceToken"],
                "readOnlyProperties": ["/properties/Id"]
            }),
        ),
    ]
}

/// An unpacked cfn-lint schemas directory (plus one type not in types.txt).
fn source(dir: &Path) -> PathBuf {
    let from = dir.join("cfnlint/data/schemas");
    let mut providers = serde_json::Map::new();
    for (i, (name, schema)) in schemas().into_iter().enumerate() {
        providers.insert(name.into(), json!(format!("id{i}")));
        write(
            &from.join(format!("resources/id{i}.json")),
            &schema.to_string(),
        );
    }
    providers.insert("AWS::Demo::Unlisted".into(), json!("unlisted"));
    write(
        &from.join("resources/unlisted.json"),
        r#"{"typeName": "AWS::Demo::Unlisted", "properties": {}}"#,
    );
    write(
        &from.join("providers/us-east-1.json"),
        &J::Object(providers).to_string(),
    );
    write(
        &from.join("version.json"),
        r#"{"schema_date": "2026-01-02"}"#,
    );
    write(&dir.join("cfn_lint-9.8.7-py3-none-any.whl"), "");
    from
}

fn workspace(name: &str) -> (PathBuf, PathBuf) {
    let root = temp(name);
    let types: Vec<&str> = schemas().iter().map(|(n, _)| *n).collect();
    write(
        &root.join("schemas/types.txt"),
        &format!("# types\n\n{}\n", types.join("\n")),
    );
    write(
        &root.join("ha-core/Cargo.toml"),
        "[package]\nname = \"ha-core\"\n\n[features]\ndefault = []\n\n[dependencies]\nindexmap = \"2\"\n",
    );
    write(&root.join("schemas/resources/aws-demo-stale.json"), "{}");
    write(
        &root.join("schemas/resources/aws-demo-broken.json"),
        "not json",
    );
    let from = source(&root.join("src"));
    (root, from)
}

fn read(root: &Path, p: &str) -> String {
    std::fs::read_to_string(root.join(p)).unwrap()
}

#[test]
fn vendor_generate_check_round_trip() {
    let (root, from) = workspace("roundtrip");
    let report = vendor(&root, &from, None).unwrap();
    // Every type of the provider list, including the one types.txt did not list.
    assert_eq!((report.types, report.services), (6, 3));
    assert_eq!(report.added.len(), 6, "{report:?}");
    assert!(report.added.contains(&"AWS::Demo::Unlisted".to_owned()));
    assert!(report.summary().contains("+ AWS::Demo::Unlisted"));
    assert!(read(&root, "schemas/types.txt").contains("\nAWS::Demo::Unlisted\n"));
    assert!(!root.join("schemas/resources/aws-demo-stale.json").exists());
    let digest = ha_codegen::recorded_digest(&root).unwrap();
    assert_eq!(digest, ha_codegen::schemas_digest(&root).unwrap());
    assert_eq!(digest.len(), 64);
    assert!(read(&root, "schemas/SOURCE.md").contains("sha256 `"));
    let widget = read(&root, "schemas/resources/aws-demo-widget.json");
    assert!(
        widget.starts_with("{\n  \"createOnlyProperties\""),
        "sorted keys: {widget}"
    );
    let source_md = read(&root, "schemas/SOURCE.md");
    assert!(
        source_md.contains("version 9.8.7") && source_md.contains("2026-01-02"),
        "{source_md}"
    );
    // A refresh reports what changed: a property added and one removed, a type gone.
    let widget_id = from.join("resources/id0.json");
    let mut w: J = serde_json::from_str(&std::fs::read_to_string(&widget_id).unwrap()).unwrap();
    w["properties"]["Fresh"] = json!({"type": "string"});
    w["properties"].as_object_mut().unwrap().remove("Count");
    write(&widget_id, &w.to_string());
    let mut providers: J = serde_json::from_str(&read(&from, "providers/us-east-1.json")).unwrap();
    providers
        .as_object_mut()
        .unwrap()
        .remove("AWS::Demo::Unlisted");
    write(
        &from.join("providers/us-east-1.json"),
        &providers.to_string(),
    );
    let report = vendor(&root, &from, Some("1.2.3")).unwrap();
    assert!(read(&root, "schemas/SOURCE.md").contains("version 1.2.3"));
    assert_eq!(report.removed, ["AWS::Demo::Unlisted"]);
    assert!(report.added.is_empty());
    assert_eq!(
        report.changed,
        [(
            "AWS::Demo::Widget".to_owned(),
            vec!["Fresh".to_owned()],
            vec!["Count".to_owned()]
        )]
    );
    let summary = report.summary();
    assert!(summary.contains("- AWS::Demo::Unlisted"), "{summary}");
    assert!(
        summary.contains("~ AWS::Demo::Widget: +Fresh -Count"),
        "{summary}"
    );
    assert!(!root
        .join("schemas/resources/aws-demo-unlisted.json")
        .exists());

    // Missing generated files are stale.
    let stale = check(&root).unwrap();
    assert!(
        stale.contains(&PathBuf::from("ha-core/src/resources/mod.rs")),
        "{stale:?}"
    );

    write(&root.join("ha-core/src/resources/orphan.rs"), "// old\n");
    let written = generate(&root).unwrap();
    assert!(written.contains(&PathBuf::from("ha-core/src/resources/orphan.rs")));
    assert!(!root.join("ha-core/src/resources/orphan.rs").exists());
    assert!(check(&root).unwrap().is_empty());
    let first: Vec<String> = [
        "ha-core/src/resources/demo.rs",
        "ha-core/src/resources/other.rs",
        "ha-registry/src/generated.rs",
        "ha-core/Cargo.toml",
    ]
    .iter()
    .map(|p| read(&root, p))
    .collect();
    // Deterministic: a second run writes nothing.
    assert!(generate(&root).unwrap().is_empty());

    let demo = &first[0];
    assert!(demo.starts_with("// @generated by ha-codegen from schemas/"));
    assert!(demo.contains("pub struct Widget {"));
    assert!(demo.contains("pub mod widget {"));
    assert!(demo.contains("pub fn arn(&self) -> crate::value::Intrinsic"));
    assert!(demo.contains("pub fn ref_attr(&self)"));
    assert!(demo.contains("crate::resource::merge_tag_list("));
    assert!(demo.contains("crate::resource::merge_tag_map("));
    assert!(demo.contains("DarkBlue"));
    assert!(first[1].contains("let _ = tags;"));
    assert!(first[2].contains("pub(crate) static TYPES: &[(&str, u16, &str)] = &["));
    assert!(first[2].contains("include_bytes!(\"../data/demo.bin\")"));
    let blob = std::fs::read(root.join("ha-registry/data/demo.bin")).unwrap();
    let decoded = ha_registry::blob::decode("demo", &blob).unwrap();
    assert_eq!(decoded[0].name, "AWS::Demo::Gadget");
    assert!(decoded.iter().any(|t| t.name == "AWS::Demo::Widget"
        && t.property("Fresh").is_some()
        && t.property("Count").is_none()));
    assert!(first[3].contains("all = [\"cloudformation\", \"demo\", \"other\"]"));
    assert!(first[3].contains("[dependencies]\nindexmap"));
    assert!(read(&root, "ha-core/src/resources/mod.rs")
        .contains("#[cfg(feature = \"demo\")]\npub mod demo;"));

    // Edits and orphans make check fail, and so does a schema edited by hand.
    write(&root.join("ha-core/src/resources/demo.rs"), "// edited\n");
    write(&root.join("ha-core/src/resources/gone.rs"), "\n");
    write(&root.join("ha-registry/data/gone.bin"), "");
    let stale = check(&root).unwrap();
    assert_eq!(
        stale,
        [
            PathBuf::from("ha-core/src/resources/demo.rs"),
            PathBuf::from("ha-core/src/resources/gone.rs"),
            PathBuf::from("ha-registry/data/gone.bin")
        ]
    );
    let schema = root.join("schemas/resources/aws-demo-widget.json");
    let original = std::fs::read_to_string(&schema).unwrap();
    write(&schema, &original.replace("A widget.", "A widget, edited."));
    assert!(check(&root)
        .unwrap()
        .contains(&PathBuf::from("schemas/SOURCE.md")));
    assert_eq!(
        cli::run(["ha-codegen", "--root", root.to_str().unwrap(), "check"]),
        1
    );
    write(&schema, &original);
    // Without a recorded digest (a SOURCE.md from before digests), the schemas are not
    // compared; the generated files still are.
    let source_md = read(&root, "schemas/SOURCE.md");
    std::fs::remove_file(root.join("schemas/SOURCE.md")).unwrap();
    assert!(!check(&root)
        .unwrap()
        .contains(&PathBuf::from("schemas/SOURCE.md")));
    write(&root.join("schemas/SOURCE.md"), &source_md);
    // With a digest recorded, missing schemas are an error, not "up to date".
    let resources = root.join("schemas/resources");
    let moved = root.join("schemas/resources.moved");
    std::fs::rename(&resources, &moved).unwrap();
    assert!(check(&root).is_err());
    let err = format!("{:#}", ha_codegen::schemas_digest(&root).unwrap_err());
    assert!(
        err.contains("reading") && err.contains("schemas/resources"),
        "{err}"
    );
    std::fs::rename(&moved, &resources).unwrap();
    assert_eq!(
        cli::run(["ha-codegen", "--root", root.to_str().unwrap(), "check"]),
        1
    );
    assert_eq!(
        cli::run(["ha-codegen", "--root", root.to_str().unwrap(), "generate"]),
        0
    );
    assert_eq!(
        cli::run(["ha-codegen", "--root", root.to_str().unwrap(), "check"]),
        0
    );
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn everything_mode_reports_counts_and_failures() {
    let (root, from) = workspace("all");
    let r = generate_everything(&root, &from, true).unwrap();
    assert_eq!((r.types, r.services, r.failures.len()), (6, 3, 0));
    assert!(r.structs >= 6 && r.enums == 2 && r.lines > 100, "{r:?}");
    // A broken schema and a failing rustfmt are reported, not fatal.
    write(&from.join("resources/unlisted.json"), "{not json");
    write(&root.join("rustfmt.toml"), "max_width = \"wide\"\n");
    let r = generate_everything(&root, &from, true).unwrap();
    assert_eq!(r.failures.len(), 1 + 3, "{:?}", r.failures);
    let r = generate_everything(&root, &from, false).unwrap();
    assert_eq!(r.failures.len(), 1);
    let root_s = root.to_str().unwrap();
    let from_s = from.to_str().unwrap();
    assert_eq!(
        cli::run([
            "ha-codegen",
            "--root",
            root_s,
            "all",
            "--from",
            from_s,
            "--no-fmt"
        ]),
        1
    );
    std::fs::remove_file(root.join("rustfmt.toml")).unwrap();
    write(&from.join("resources/unlisted.json"), "{}");
    assert_eq!(
        cli::run(["ha-codegen", "--root", root_s, "all", "--from", from_s]),
        0
    );
    assert_eq!(
        cli::run(["ha-codegen", "--root", root_s, "vendor", "--from", from_s]),
        0
    );
    write(&root.join("rustfmt.toml"), "max_width = \"wide\"\n");
    assert!(generate(&root).is_err());
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn errors_are_reported() {
    let root = temp("errors");
    assert!(ha_codegen::read_types(&root).is_err());
    assert_eq!(
        cli::run(["ha-codegen", "--root", root.to_str().unwrap(), "generate"]),
        1
    );
    assert_eq!(cli::run(["ha-codegen", "--bogus"]), 2);
    write(&root.join("schemas/types.txt"), "AWS::Demo::Widget\n");
    let from = source(&root.join("src"));
    write(&root.join("schemas/resources/aws-demo-widget.json"), "[");
    assert!(ha_codegen::load_models(&root).is_err());
    write(
        &root.join("schemas/resources/aws-demo-widget.json"),
        r#"{"typeName": "AWS::Demo::Other"}"#,
    );
    let err = ha_codegen::load_models(&root).unwrap_err().to_string();
    assert!(err.contains("declares typeName"), "{err}");
    // types.txt that cannot be written (a directory in its place) is an error.
    let (blocked, blocked_from) = workspace("blocked");
    std::fs::remove_file(blocked.join("schemas/types.txt")).unwrap();
    std::fs::create_dir_all(blocked.join("schemas/types.txt")).unwrap();
    assert!(vendor(&blocked, &blocked_from, None).is_err());
    std::fs::remove_dir_all(&blocked).unwrap();
    // A provider list entry without a schema file, or not naming one, is an error.
    write(
        &from.join("providers/us-east-1.json"),
        r#"{"AWS::Demo::Nope": "missing"}"#,
    );
    assert!(vendor(&root, &from, None).is_err());
    write(
        &from.join("providers/us-east-1.json"),
        r#"{"AWS::Demo::Nope": 7}"#,
    );
    let err = vendor(&root, &from, None).unwrap_err().to_string();
    assert!(err.contains("maps it to no schema file"), "{err}");
    write(&from.join("providers/us-east-1.json"), "[]");
    let err = vendor(&root, &from, None).unwrap_err().to_string();
    assert!(err.contains("the provider list is not an object"), "{err}");
    assert!(generate_everything(&root, &from, false).is_err());
    assert_eq!(
        ha_codegen::detect_cfn_lint_version(&root.join("missing")),
        None
    );
    let bare = temp("bare");
    assert_eq!(ha_codegen::detect_cfn_lint_version(&bare), None);
    write(&bare.join("cfn_lint-notes.txt"), "");
    assert_eq!(ha_codegen::detect_cfn_lint_version(&bare), None);
    // Without version.json or a wheel nearby, SOURCE.md says "unknown".
    let (ws, from) = workspace("unknown");
    std::fs::remove_file(from.join("version.json")).unwrap();
    std::fs::remove_file(root.join("../").join(format!(
        "ha-codegen-{}-unknown/src/cfn_lint-9.8.7-py3-none-any.whl",
        std::process::id()
    )))
    .unwrap();
    vendor(&ws, &from, None).unwrap();
    assert!(read(&ws, "schemas/SOURCE.md").contains("version unknown"));
    assert!(read(&ws, "schemas/SOURCE.md").contains("Schema date: unknown"));
    std::fs::remove_dir_all(&ws).unwrap();
    let dist = bare.join("cfn_lint-2.0.0.dist-info");
    std::fs::create_dir_all(&dist).unwrap();
    assert_eq!(
        ha_codegen::detect_cfn_lint_version(&bare).as_deref(),
        Some("2.0.0")
    );
    assert!(ha_codegen::rustfmt(&root, "fn (").is_err());
    assert!(cli::default_root().join("ha-codegen").exists());
    std::fs::remove_dir_all(&root).unwrap();
    std::fs::remove_dir_all(&bare).unwrap();
}

#[test]
fn features_table_rewrite() {
    let services = vec!["a".to_owned(), "b".to_owned()];
    let block = "[features]\n# BEGIN GENERATED FEATURES\ndefault = []\nall = [\"a\", \"b\"]\na = []\nb = []\n\
                 # END GENERATED FEATURES\n";
    let with_markers =
        "[package]\n\n[features]\n# BEGIN GENERATED FEATURES\nold = []\n# END GENERATED FEATURES\n\n[dev]\nx = 1\n";
    assert_eq!(
        rewrite_features(with_markers, &services),
        format!("[package]\n\n{block}\n[dev]\nx = 1\n")
    );
    let plain = "[package]\n[features]\ndefault = []\n[dev]\n";
    assert_eq!(
        rewrite_features(plain, &services),
        format!("[package]\n{block}\n[dev]\n")
    );
    assert_eq!(
        rewrite_features("[package]\n", &services),
        format!("[package]\n\n{block}")
    );
    let at_end = "[features]\nfoo = []\n";
    assert_eq!(rewrite_features(at_end, &services), block);
}

#[test]
fn binary_runs() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ha-codegen"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("generate"));
    let (root, from) = workspace("bin");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_ha-codegen"))
            .args(args)
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(
        run(&[
            "--root",
            root.to_str().unwrap(),
            "all",
            "--no-fmt",
            "--from",
            from.to_str().unwrap()
        ]),
        Some(0)
    );
    assert_eq!(
        run(&["--root", root.join("missing").to_str().unwrap(), "check"]),
        Some(1)
    );
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn schema_file_names_and_sorting() {
    assert_eq!(
        ha_codegen::schema_file_name("AWS::S3::Bucket"),
        "aws-s3-bucket.json"
    );
    let sorted = ha_codegen::sort_keys(&json!({"b": [{"d": 1, "c": 2}], "a": null}));
    assert_eq!(sorted.to_string(), r#"{"a":null,"b":[{"c":2,"d":1}]}"#);
}

#[test]
fn getatts_file_sets_the_attribute_list() {
    let (root, from) = workspace("getatts");
    vendor(&root, &from, None).unwrap();
    // CloudFormation accepts GetAtt of some writable properties (cfn-lint's list, vendored by
    // scripts/vendor-getatts.py): the file replaces readOnlyProperties as the attribute set.
    write(
        &root.join("schemas/getatts.json"),
        r#"{"AWS::Demo::Widget": ["Arn", "Name"]}"#,
    );
    generate(&root).unwrap();
    let demo = read(&root, "ha-core/src/resources/demo.rs");
    assert!(
        demo.contains("pub fn name(&self) -> crate::value::Intrinsic"),
        "{demo}"
    );
    let blob = std::fs::read(root.join("ha-registry/data/demo.bin")).unwrap();
    let types = ha_registry::blob::decode("demo", &blob).unwrap();
    let widget = types
        .iter()
        .find(|t| t.name == "AWS::Demo::Widget")
        .unwrap();
    assert_eq!(widget.attribute("Name").unwrap().method, "name");

    write(
        &root.join("schemas/getatts.json"),
        r#"{"AWS::Demo::Widget": "Arn"}"#,
    );
    let err = generate(&root).unwrap_err();
    assert!(
        format!("{err:#}").contains("must map type names to lists of attribute names"),
        "{err:#}"
    );
}
