//! Benchmark of `ha-app graph` on the HA stack (issue 8: under 2 s on the debug build). It prints
//! the wall time of each run; it asserts the files, never the time.

use std::process::Command;
use std::time::Instant;

#[test]
fn graph_of_the_ha_stack_renders_quickly() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("ha-app-graph-bench");
    let mut times = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let out = Command::new(env!("CARGO_BIN_EXE_ha-app"))
            .args(["graph", "--suffix", "bench", "--out"])
            .arg(&dir)
            .output()
            .unwrap();
        times.push(t.elapsed().as_secs_f64());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    times.sort_by(f64::total_cmp);
    println!(
        "BENCH ha-app graph (HA stack): median {:.3} s, runs {:?}",
        times[1], times
    );
    let svg = std::fs::read_to_string(dir.join("TapStackbench.svg")).unwrap();
    let dot = std::fs::read_to_string(dir.join("TapStackbench.dot")).unwrap();
    let nodes = dot.lines().filter(|l| l.contains("[shape=box")).count();
    assert!(nodes > 100, "{nodes} nodes");
    assert_eq!(svg.matches("<rect").count(), nodes);
    assert!(dir.join("TapStackbench.services.svg").exists());
}
