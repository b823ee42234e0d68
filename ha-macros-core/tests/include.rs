//! `Sub(include_str!("file"))`: the file is read at expansion time, so every check sees its
//! text, and the expansion names it again so that cargo rebuilds the stack when it changes.

mod common;

use ha_macros_core::{ast, stack};
use quote::quote;

fn parse(ts: proc_macro2::TokenStream) -> syn::Result<ast::StackDef> {
    syn::parse2(ts)
}

#[test]
fn an_included_file_is_checked_like_inline_text() {
    let dir = std::env::temp_dir().join(format!("ha-include-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("definition.json");
    std::fs::write(&file, r#"{"Queue": "${Queue.Arn}", "Missing": "${Nope}"}"#).unwrap();
    let path = file.to_str().unwrap();
    let body = quote! {
        stack S { name: "S${Suffix}" }
        resource Queue: sqs::Queue { SqsManagedSseEnabled: true }
        output Text { Value: Sub(std::include_str!(#path)) }
    };
    // The text is checked: `${Nope}` names nothing.
    let d = common::diags(body.clone());
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].0, "HA-G001");
    assert!(d[0].1.contains("Nope"), "{d:?}");
    // Parsed: the text replaces the call, and the file is recorded by its absolute path.
    let def = parse(body).unwrap();
    let abs = std::fs::canonicalize(&file).unwrap();
    assert_eq!(def.included, vec![abs.to_string_lossy().into_owned()]);
    // Expanded without the mistake: the file is named again for cargo's dependency tracking.
    std::fs::write(&file, r#"{"Queue": "${Queue.Arn}"}"#).unwrap();
    let ok = stack(quote! {
        stack S { name: "S${Suffix}" }
        resource Queue: sqs::Queue { SqsManagedSseEnabled: true }
        output Text { Value: Sub(include_str!(#path)) }
    })
    .to_string();
    assert!(
        ok.contains(&format!(
            "const _ : & str = include_str ! ({:?}) ;",
            abs.to_string_lossy()
        )),
        "{ok}"
    );
    assert!(ok.contains("Queue.Arn"), "{ok}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn relative_paths_missing_files_and_other_macros() {
    // Outside rustc a span has no file: a relative path is taken from the working directory
    // (the package, under cargo test).
    let def = parse(quote! {
        stack S { name: "S${Suffix}" }
        resource Queue: sqs::Queue { SqsManagedSseEnabled: true }
        output Text { Value: Sub(include_str!("Cargo.toml")) }
    })
    .unwrap();
    assert_eq!(def.included.len(), 1);
    assert!(
        def.included[0].ends_with("Cargo.toml"),
        "{:?}",
        def.included
    );
    // A file that cannot be read is an error at the path, naming where it was looked for.
    let err = parse(quote! {
        stack S { name: "S${Suffix}" }
        output Text { Value: Sub(include_str!("no-such-file.json")) }
    })
    .err()
    .unwrap()
    .to_string();
    assert!(err.starts_with("cannot read `no-such-file.json` for `Sub(include_str!(..))` (looked for no-such-file.json): "), "{err}");
    // `include_str!` of something other than a string literal: syn's error.
    let err = parse(quote! {
        stack S { name: "S${Suffix}" }
        output Text { Value: Sub(include_str!(42)) }
    })
    .err()
    .unwrap()
    .to_string();
    assert_eq!(err, "expected string literal");
    // Other Rust expressions in a `Sub` stay Rust expressions; nothing is read.
    for value in [quote!(Sub(concat!("a", "b"))), quote!(Sub((name.clone())))] {
        let def = parse(quote! {
            stack S { name: "S${Suffix}" }
            output Text { Value: #value }
        })
        .unwrap();
        assert!(def.included.is_empty());
        assert!(
            matches!(&def.outputs[0].fields[0].1, ast::Val::Call(_, args) if matches!(args[0], ast::Val::Rust(..)))
        );
    }
}
