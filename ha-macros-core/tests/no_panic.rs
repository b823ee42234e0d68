//! The macro never panics: every trybuild case and the HA stack, mutated thousands of ways
//! (tokens dropped, duplicated, swapped, groups emptied), still gives tokens back, never a
//! panic. A deterministic generator keeps the run reproducible.

use proc_macro2::{Group, TokenStream, TokenTree};

mod common;
use common::{stack_body, with_library_constructs};
use std::path::PathBuf;

/// xorshift64*: small, deterministic, good enough to pick mutation sites.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// One random edit somewhere in the tree (descending into groups).
fn mutate(ts: TokenStream, rng: &mut Rng, depth: usize) -> TokenStream {
    let mut tokens: Vec<TokenTree> = ts.into_iter().collect();
    if tokens.is_empty() {
        return TokenStream::new();
    }
    let i = rng.below(tokens.len());
    match (rng.below(5), &tokens[i]) {
        (0, _) => {
            tokens.remove(i);
        }
        (1, _) => {
            let t = tokens[i].clone();
            tokens.insert(i, t);
        }
        (2, _) if tokens.len() > 1 => {
            let j = rng.below(tokens.len());
            tokens.swap(i, j);
        }
        (3, TokenTree::Group(g)) => {
            tokens[i] = TokenTree::Group(Group::new(g.delimiter(), TokenStream::new()));
        }
        (_, TokenTree::Group(g)) if depth < 6 => {
            let inner = mutate(g.stream(), rng, depth + 1);
            tokens[i] = TokenTree::Group(Group::new(g.delimiter(), inner));
        }
        _ => {
            tokens.truncate(i);
        }
    }
    tokens.into_iter().collect()
}

fn sources() -> Vec<(String, TokenStream)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = vec![
        root.join("ha-stack/src/stack.rs"),
        root.join("tests/examples/readme.rs"),
    ];
    for kind in ["pass", "fail"] {
        let dir = root.join("tests/ui").join(kind);
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "rs"))
            .collect();
        entries.sort();
        files.extend(entries);
    }
    files
        .into_iter()
        .filter_map(|p| {
            let src = std::fs::read_to_string(&p).ok()?;
            stack_body(&src).map(|b| (p.display().to_string(), with_library_constructs(b)))
        })
        .collect()
}

#[test]
fn mutated_stacks_never_panic() {
    let sources = sources();
    // Outside rustc a span has no file, so `Sub(include_str!("../definitions/.."))` in the HA
    // stack resolves against the working directory: make it the stack's own directory, as for
    // rustc (this binary has this one test, so nothing else sees the change).
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    std::env::set_current_dir(root.join("ha-stack/src")).unwrap();
    let ha = ha_macros_core::stack(sources[0].1.clone()).to_string();
    assert!(
        !ha.contains("compile_error ! {"),
        "the HA stack expands cleanly: {ha}"
    );
    assert!(
        ha.contains("ha-stack/definitions/failover.asl.json"),
        "{ha}"
    );
    assert!(
        sources.len() > 100,
        "expected the HA stack, the README example and the trybuild cases, found {}",
        sources.len()
    );
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut runs = 0;
    let mut errors = 0;
    for (name, body) in &sources {
        for _ in 0..40 {
            let mut ts = body.clone();
            for _ in 0..=rng.below(3) {
                ts = mutate(ts, &mut rng, 0);
            }
            let input = ts.clone();
            let out = std::panic::catch_unwind(move || ha_macros_core::stack(input))
                .unwrap_or_else(|_| panic!("stack!{{}} panicked on a mutation of {name}:\n{ts}"));
            runs += 1;
            if out.to_string().contains("compile_error ! {") {
                errors += 1;
            }
        }
    }
    // Most mutations break the stack; the macro must answer them with errors, not panics.
    assert!(
        errors > runs / 2,
        "{errors} of {runs} mutations gave errors"
    );
    println!("{runs} mutated stacks, {errors} rejected with errors, 0 panics");
}
