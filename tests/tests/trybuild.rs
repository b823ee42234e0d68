//! Compile-fail and compile-pass cases of `stack!{}` (and of the generated types on their
//! own). Regenerate the snapshots with `TRYBUILD=overwrite cargo test -p ha-tests --test
//! trybuild`, then read every changed `.stderr`.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/fail/*.rs");
    t.pass("ui/pass/*.rs");
}
