//! HA-P002 from its data table: every entry's type and property paths exist in the registry,
//! a resource without the setting reports the entry's message, one with it is quiet, and a
//! `true` setting written `false` reports the entry's "off" message.

use ha_macros_core::encryption::{evaluate, Needs, Outcome, AT_REST};
use proc_macro2::TokenStream;

mod common;
use common::diags;

/// `resource R: svc::Type { props }` in a stack with a suffixed name.
fn stack_with(type_name: &str, props: &str) -> TokenStream {
    let t =
        ha_registry::lookup(type_name).unwrap_or_else(|| panic!("{type_name} is a registry type"));
    let src = format!(
        "stack S {{ name: \"S${{Suffix}}\" }} resource R: {}::{} {{ {props} }}",
        t.service, t.rust_name
    );
    src.parse().unwrap()
}

/// Properties that satisfy `needs` (`true` for `True`, a string for `Set`), as source text.
fn satisfying(needs: &Needs, value: &str) -> Vec<(Vec<&'static str>, String)> {
    match needs {
        Needs::True(p) => vec![(p.to_vec(), value.to_owned())],
        Needs::Set(p) => vec![(p.to_vec(), "\"x\"".to_owned())],
        Needs::Any(all) => satisfying(&all[all.len() - 1], value),
        Needs::All(all) => all.iter().flat_map(|n| satisfying(n, value)).collect(),
    }
}

fn p002(type_name: &str, props: &str) -> Vec<String> {
    diags(stack_with(type_name, props))
        .into_iter()
        .filter(|(id, _)| *id == "HA-P002")
        .map(|(_, m)| m)
        .collect()
}

/// Nested `{ .. }` for a path: `["A", "B"]`, `v` → `A: { B: v }`.
fn nest(path: &[&str], v: &str) -> String {
    match path {
        [last] => format!("{last}: {v}"),
        [first, rest @ ..] => format!("{first}: {{ {} }}", nest(rest, v)),
        [] => unreachable!("paths are not empty"),
    }
}

#[test]
fn every_entry_names_a_registry_type_and_its_properties() {
    for e in AT_REST {
        let t = ha_registry::lookup(e.type_name).unwrap_or_else(|| panic!("{}", e.type_name));
        for (path, _) in satisfying(&e.needs, "true") {
            assert!(
                t.properties.iter().any(|p| p.name == path[0]),
                "{}: no property {}",
                e.type_name,
                path[0]
            );
        }
        assert!(
            e.source.starts_with("https://docs.aws.amazon.com/"),
            "{}",
            e.source
        );
        assert!(e.missing.contains("`{id}`"), "{}", e.missing);
    }
    assert!(AT_REST.len() >= 20, "{}", AT_REST.len());
}

#[test]
fn each_type_reports_without_the_setting_and_is_quiet_with_it() {
    for e in AT_REST {
        let missing = e.missing.replace("{id}", "R");
        assert_eq!(p002(e.type_name, ""), [missing], "{}", e.type_name);
        let good: Vec<String> = satisfying(&e.needs, "true")
            .iter()
            .map(|(p, v)| nest(p, v))
            .collect();
        assert_eq!(
            p002(e.type_name, &good.join(", ")),
            Vec::<String>::new(),
            "{}: {good:?}",
            e.type_name
        );
        if let Needs::True(path) = e.needs {
            let off = e.off.unwrap_or(e.missing).replace("{id}", "R");
            assert_eq!(
                p002(e.type_name, &nest(path, "false")),
                [off],
                "{}",
                e.type_name
            );
        }
    }
}

#[test]
fn combinations() {
    use ha_macros_core::ast::{Key, Val};
    let props = |pairs: &[(&str, Val)]| -> Vec<(Key, Val)> {
        pairs
            .iter()
            .map(|(k, v)| {
                (
                    Key {
                        name: (*k).to_owned(),
                        span: proc_macro2::Span::call_site(),
                    },
                    v.clone(),
                )
            })
            .collect()
    };
    let t = |b| Val::Bool(b, proc_macro2::Span::call_site());
    let any = Needs::Any(&[Needs::Set(&["K"]), Needs::True(&["S"])]);
    assert_eq!(evaluate(&any, &props(&[])), Outcome::Missing);
    assert_eq!(evaluate(&any, &props(&[("S", t(false))])), Outcome::Off);
    assert_eq!(
        evaluate(&any, &props(&[("S", t(true))])),
        Outcome::Encrypted
    );
    assert_eq!(
        evaluate(&any, &props(&[("K", t(false))])),
        Outcome::Encrypted
    );
    let all = Needs::All(&[Needs::True(&["A"]), Needs::True(&["B"])]);
    assert_eq!(evaluate(&all, &props(&[("A", t(true))])), Outcome::Missing);
    assert_eq!(
        evaluate(&all, &props(&[("A", t(true)), ("B", t(false))])),
        Outcome::Off
    );
    assert_eq!(
        evaluate(&all, &props(&[("A", t(true)), ("B", t(true))])),
        Outcome::Encrypted
    );
    // A parameter's value is a string: "false" is off, anything else is decided at deploy time.
    let s = |v: &str| Val::Str(syn::LitStr::new(v, proc_macro2::Span::call_site()));
    let one = Needs::True(&["A"]);
    assert_eq!(evaluate(&one, &props(&[("A", s("false"))])), Outcome::Off);
    assert_eq!(
        evaluate(&one, &props(&[("A", s("true"))])),
        Outcome::Encrypted
    );
}
