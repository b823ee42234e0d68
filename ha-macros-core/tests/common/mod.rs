//! Helpers shared by the integration tests that read stacks from source files.

use proc_macro2::{TokenStream, TokenTree};

/// The body of the first `stack! { .. }` in a Rust source file.
pub fn stack_body(src: &str) -> Option<TokenStream> {
    let ts: TokenStream = src.parse().ok()?;
    let tokens: Vec<TokenTree> = ts.into_iter().collect();
    tokens.windows(3).find_map(|w| match (&w[0], &w[1], &w[2]) {
        (TokenTree::Ident(i), TokenTree::Punct(p), TokenTree::Group(g))
            if i == "stack" && p.as_char() == '!' =>
        {
            Some(g.stream())
        }
        _ => None,
    })
}
