//! `stack!{}`: CloudFormation stacks written in Rust, checked as a whole at compile time.
//!
//! This crate is a shim: parsing, checks and expansion live in `ha-macros-core`, where unit
//! tests reach them through `proc_macro2` token streams.

/// Declares a stack. See the README for the syntax and the rules it enforces.
#[proc_macro]
pub fn stack(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    ha_macros_core::stack(input.into()).into()
}

/// Exports constructs from a library crate: one `macro_rules!` per construct, usable from any
/// crate's `stack!{}` with `use <library>::<Name>;` (docs/composition.md).
#[proc_macro]
pub fn constructs(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    ha_macros_core::compose::export(input.into()).into()
}
