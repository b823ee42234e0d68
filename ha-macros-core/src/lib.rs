//! The logic behind `stack!{}`: parse, check the whole stack, expand.
//!
//! The proc-macro crate `ha-macros` is a one-line shim over [`stack`]; everything here works
//! on `proc_macro2` token streams so that unit tests can call it directly.

pub mod ast;
pub mod check;
pub mod compose;
pub mod diag;
pub mod encryption;
pub mod expand;
pub mod facts;
pub mod indirection;
pub mod model;
pub mod policy;
pub mod rules;

use proc_macro2::{TokenStream, TokenTree};
use quote::quote;

/// Expands a `stack!{}` invocation: the typed constructs when the stack passes every check,
/// otherwise one compile error per problem plus a stub with the same API, so that rustc adds
/// no follow-on errors.
pub fn stack(input: TokenStream) -> TokenStream {
    // A construct imported from a library crate: hand the invocation to the library's macro,
    // which puts the construct's definition in front and calls `stack!` again.
    if let Some(path) = compose::pending_import(&input) {
        return quote!(#path ! { #input });
    }
    let stub = stub_for(&input);
    let def = match syn::parse2::<ast::StackDef>(input) {
        Ok(d) => d,
        Err(e) => {
            let err = e.to_compile_error();
            return quote!(#err #stub);
        }
    };
    let checked = check::check(&def);
    let (warnings, errors): (Vec<_>, Vec<_>) = unsuppressed(&def, checked.diags.clone())
        .into_iter()
        .partition(|d| d.warning);
    let warnings: Vec<TokenStream> = warnings.iter().map(diag::Diag::to_warning).collect();
    if errors.is_empty() {
        let expansion = expand::expand(&def, &checked);
        let expansion = expand::relocate_literals(expansion, def.header.ident.span());
        return quote!(#expansion #(#warnings)*);
    }
    let errors = errors
        .into_iter()
        .map(|d| with_origin(&def, d).to_error().to_compile_error());
    quote!(#(#errors)* #(#warnings)* #stub)
}

/// A diagnostic on a resource that a construct produced also points at the `use`.
pub fn with_origin(def: &ast::StackDef, d: diag::Diag) -> diag::Diag {
    match d.resource.as_ref().and_then(|r| def.origins.get(r)) {
        Some(o) => {
            let text = format!(
                "in `{}`, made by this use of construct `{}`",
                d.resource.as_deref().unwrap_or_default(),
                o.construct
            );
            let span = o.span;
            d.note(span, text)
        }
        None => d,
    }
}

/// The diagnostics that no `#[suppress]` names.
pub fn unsuppressed(def: &ast::StackDef, diags: Vec<diag::Diag>) -> Vec<diag::Diag> {
    diags
        .into_iter()
        .filter(|d| {
            // A suppression without a valid reason still hides the rule: HA-P005 (never
            // suppressible) reports the suppression itself, so the stack fails either way.
            !d.rule.suppressible || !attrs_of(def, d).iter().any(|a| {
                a.name == "suppress"
                    && matches!(a.args.first(), Some(ast::Val::Str(id)) if id.value() == d.rule.id)
            })
        })
        .collect()
}

/// The attributes of the item a diagnostic belongs to (none for a stack-wide one).
fn attrs_of<'d>(def: &'d ast::StackDef, d: &diag::Diag) -> &'d [ast::Attr] {
    use diag::Item;
    let found = match (&d.resource, d.item.as_deref()) {
        (Some(res), _) => def
            .resources
            .iter()
            .find(|r| r.ident == res)
            .map(|r| &r.attrs),
        (None, Some(Item::Parameter(n))) => def
            .parameters
            .iter()
            .find(|p| p.ident == n)
            .map(|p| &p.attrs),
        (None, Some(Item::Condition(n))) => def
            .conditions
            .iter()
            .find(|c| c.ident == n)
            .map(|c| &c.attrs),
        (None, Some(Item::Output(n))) => {
            def.outputs.iter().find(|o| o.ident == n).map(|o| &o.attrs)
        }
        (None, Some(Item::Header)) => Some(&def.header.attrs),
        (None, None) => None,
    };
    found.map_or(&[], Vec::as_slice)
}

/// A stub with the generated API (`synth`, `NAME_PATTERN`, `RESOURCE_COUNT`) for a stack
/// that failed its checks, found by scanning for `stack NAME (args)`.
fn stub_for(input: &TokenStream) -> TokenStream {
    let tokens: Vec<TokenTree> = input.clone().into_iter().collect();
    for (i, w) in tokens.windows(2).enumerate() {
        if let (TokenTree::Ident(kw), TokenTree::Ident(name)) = (&w[0], &w[1]) {
            if kw == "stack" {
                // Arguments that do not parse as `name: Type` leave `synth` out of the stub:
                // pasting them would add rustc's own syntax error, and guessing them a
                // follow-on error at the caller that points at the whole macro.
                let args = match tokens.get(i + 2) {
                    Some(TokenTree::Group(g))
                        if g.delimiter() == proc_macro2::Delimiter::Parenthesis =>
                    {
                        stub_args(g.stream())
                    }
                    _ => Some(TokenStream::new()),
                };
                let synth = args.map(|args| {
                    quote! {
                        /// Stub: the stack has compile errors.
                        #[allow(unused_variables, clippy::all)]
                        pub fn synth(env: &::ha_core::Env #args) -> ::ha_core::Stack {
                            ::std::unreachable!()
                        }
                    }
                });
                // Spanned at the stack's name, so that a follow-on note points there and not
                // at the whole invocation.
                return quote::quote_spanned! {name.span()=>
                    /// Stub emitted because the stack has errors.
                    pub struct #name;
                    impl #name {
                        /// Stub.
                        pub const NAME_PATTERN: &'static str = "";
                        /// Stub.
                        pub const RESOURCE_COUNT: usize = 0;
                        /// Stub.
                        pub const SOURCES: &'static str = "";
                        /// Stub.
                        pub const MAX_SUFFIX: usize = 0;
                        /// Stub.
                        pub const MAX_SUFFIX_REASON: &'static str = "";
                        #synth
                    }
                    impl ::ha_core::app::ImportDepth for #name {
                        const DEPTH: usize = 0;
                    }
                };
            }
        }
    }
    TokenStream::new()
}

/// `, name: Type, ...` when `inner` is a list of typed arguments.
fn stub_args(inner: TokenStream) -> Option<TokenStream> {
    use syn::parse::Parser;
    let parser = |input: syn::parse::ParseStream| {
        let mut out = TokenStream::new();
        while !input.is_empty() {
            let name: syn::Ident = input.parse()?;
            input.parse::<syn::Token![:]>()?;
            let ty: syn::Type = input.parse()?;
            out.extend(quote!(, #name: #ty));
            if !input.is_empty() {
                input.parse::<syn::Token![,]>()?;
            }
        }
        Ok(out)
    };
    parser.parse2(inner).ok()
}
