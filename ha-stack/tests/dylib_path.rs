//! The edit loop's binary (`cargo synth`: ha-stack built with its `dylib` feature, the toolkit
//! linked as the shared library ha-dylib) writes exactly the bytes of the statically linked
//! path, here rendered in-process through `ha_synth::run`. Runs only with the feature:
//! `cargo test -p ha-stack --features dylib --test dylib_path` (scripts/test.sh).

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_ha-stack");

fn same_bytes_both_ways(name: &str, flags: &[&str]) {
    let base = ha_testkit::fresh_dir(&format!("ha-stack-dylib-{name}"));
    let (shared, fixed) = (base.join("dylib"), base.join("static"));
    // Cargo's test runner puts the toolchain's and the target's library directories on the
    // library path, as `cargo run` does for `cargo synth`.
    let out = Command::new(BIN)
        .arg("synth")
        .args(flags)
        .arg("--out")
        .arg(&shared)
        .env_remove("ENVIRONMENT_SUFFIX")
        .env_remove("AWS_REGION")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let so = ha_testkit::synth_in_process(&ha_stack::HaApp, "ha-stack", flags, &fixed, &base);
    // The same summary, apart from the output directory.
    assert_eq!(
        String::from_utf8(out.stdout)
            .unwrap()
            .replace(&shared.display().to_string(), "<out>"),
        so.replace(&fixed.display().to_string(), "<out>")
    );
    let (a, b) = (ha_testkit::files(&shared), ha_testkit::files(&fixed));
    let names: Vec<&str> = a.iter().map(|(n, _)| n.as_str()).collect();
    assert!(
        names.contains(&"app.manifest.json") && names.iter().any(|n| n.ends_with(".template.json")),
        "a template and the app manifest: {names:?}"
    );
    assert_eq!(a, b, "the same files, byte for byte");
    let _ = std::fs::remove_dir_all(&base);
}

#[test]
fn the_binary_really_links_the_toolkit_as_a_shared_library() {
    // The dynamic section names the libraries the loader must find: ha-dylib's, and libstd's
    // (a Rust dylib links the standard library dynamically). Without the feature neither is
    // there and the binary is several times larger.
    let bytes = std::fs::read(BIN).unwrap();
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    assert!(has(b"libha_dylib.so"), "{BIN} does not link libha_dylib.so");
    assert!(has(b"libstd-"), "{BIN} does not link libstd dynamically");
    let size = bytes.len();
    let library = Path::new(BIN)
        .parent()
        .unwrap()
        .join("deps")
        .join("libha_dylib.so");
    let library_size = std::fs::metadata(&library).unwrap().len() as usize;
    assert!(
        size < library_size,
        "the binary ({size} bytes) should be smaller than the library it links ({library_size} bytes)"
    );
}

#[test]
fn development_template_is_identical() {
    same_bytes_both_ways("dev", &["--suffix", "dev"]);
}

#[test]
fn production_template_with_https_in_another_region_is_identical() {
    same_bytes_both_ways(
        "prod",
        &[
            "--suffix",
            "prod",
            "--region",
            "eu-west-1",
            "--nat-gateways",
            "3",
            "--certificate-arn",
            "arn:aws:acm:eu-west-1:111122223333:certificate/abc",
        ],
    );
}
