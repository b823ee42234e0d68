//! Helpers shared by the integration tests: stacks read from source files, diagnostics.

// Each test binary that includes this module uses some of it.
#![allow(dead_code)]

use proc_macro2::{TokenStream, TokenTree};

/// The body of the first `name! { .. }` in a token stream.
fn macro_body(ts: TokenStream, name: &str) -> Option<TokenStream> {
    let tokens: Vec<TokenTree> = ts.into_iter().collect();
    tokens.windows(3).find_map(|w| match (&w[0], &w[1], &w[2]) {
        (TokenTree::Ident(i), TokenTree::Punct(p), TokenTree::Group(g))
            if i == name && p.as_char() == '!' =>
        {
            Some(g.stream())
        }
        _ => None,
    })
}

/// The body of the first `stack! { .. }` in a Rust source file.
pub fn stack_body(src: &str) -> Option<TokenStream> {
    macro_body(src.parse().ok()?, "stack")
}

/// What the construct library's hand-off does for a stack that imports from `ha_patterns`: the
/// library's construct definitions in front of the stack's tokens (`compose::pending_import`).
pub fn with_library_constructs(body: TokenStream) -> TokenStream {
    if ha_macros_core::compose::pending_import(&body).is_none() {
        return body;
    }
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../ha-patterns/src/lib.rs");
    let src = std::fs::read_to_string(path).expect("ha-patterns source");
    let defs = macro_body(src.parse().expect("ha-patterns parses"), "constructs")
        .expect("ha_macros::constructs! in ha-patterns");
    let mut out = defs;
    out.extend(body);
    out
}

/// `(rule id, message)` of every unsuppressed diagnostic of a stack.
pub fn diags(ts: TokenStream) -> Vec<(&'static str, String)> {
    use ha_macros_core::{ast, check, unsuppressed};
    let def: ast::StackDef = syn::parse2(ts).expect("parses");
    let checked = check::check(&def);
    unsuppressed(&def, checked.diags.clone())
        .into_iter()
        .map(|d| (d.rule.id, d.message))
        .collect()
}
