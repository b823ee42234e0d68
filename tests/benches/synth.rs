//! Synth benchmark: builds the 151-resource stack of `examples/big_stack.rs` (written with
//! `stack!{}`) and runs every synth-time check plus rendering. Prints numbers, asserts nothing
//! about time. Run with `cargo bench -p ha-tests --bench synth`.

#[path = "../examples/big_stack.rs"]
mod big_stack;

use std::time::{Duration, Instant};

fn stats(mut samples: Vec<Duration>) -> (f64, f64, f64) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    (
        ms(samples[0]),
        ms(samples[samples.len() / 2]),
        ms(samples[samples.len() * 9 / 10]),
    )
}

fn measure(iterations: usize, mut f: impl FnMut()) -> (f64, f64, f64) {
    for _ in 0..5 {
        f();
    }
    let samples = (0..iterations)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    stats(samples)
}

fn main() {
    let env = ha_core::Env::new("dev", "--suffix");
    let stack = big_stack::Big::synth(&env);
    let first = ha_core::synth(&stack, &env).expect("big stack is valid");
    let again = ha_core::synth(&big_stack::Big::synth(&env), &env).expect("valid");
    assert_eq!(first.json, again.json, "synth must be deterministic");
    let n = first.resource_count;
    println!(
        "stack: {n} resources, {} bytes, needs_s3={}",
        first.bytes, first.needs_s3
    );

    let iterations = 200;
    let report = |what: &str, (min, median, p90): (f64, f64, f64)| {
        println!("{what:<44} min {min:>7.3} ms  median {median:>7.3} ms  p90 {p90:>7.3} ms");
    };
    report(
        "build (Big::synth)",
        measure(iterations, || {
            std::hint::black_box(big_stack::Big::synth(&env));
        }),
    );
    report(
        "checks + render (ha_core::synth)",
        measure(iterations, || {
            std::hint::black_box(ha_core::synth(&stack, &env).expect("valid"));
        }),
    );
    report(
        "end to end (build + checks + render)",
        measure(iterations, || {
            let s = big_stack::Big::synth(&env);
            std::hint::black_box(ha_core::synth(&s, &env).expect("valid"));
        }),
    );
    report(
        "render only (Template::to_json_string)",
        measure(iterations, || {
            std::hint::black_box(stack.template.to_json_string());
        }),
    );
}
