//! Rules see through indirections: `If` branches, parameter defaults and allowed values,
//! mapping cells, nested lists (`src/indirection.rs`).

use ha_macros_core::{ast, check, indirection, unsuppressed};
use proc_macro2::{Span, TokenStream};
use quote::quote;

fn parse(ts: TokenStream) -> ast::StackDef {
    syn::parse2(ts).expect("parses")
}

/// `(rule id, message, notes)` of every unsuppressed diagnostic.
fn diags(ts: TokenStream) -> Vec<(&'static str, String, Vec<String>)> {
    let def = parse(ts);
    let checked = check::check(&def);
    unsuppressed(&def, checked.diags.clone())
        .into_iter()
        .map(|d| {
            (
                d.rule.id,
                d.message,
                d.notes.into_iter().map(|n| n.1).collect(),
            )
        })
        .collect()
}

/// The literal values that property `prop` of the stack's first resource takes, per variant.
fn variant_values(ts: TokenStream, prop: &str) -> Vec<String> {
    let def = parse(ts);
    indirection::variants(&def, &def.resources[0])
        .iter()
        .map(|v| {
            let val = &v.res.props.iter().find(|(k, _)| k.name == prop).unwrap().1;
            let text = match val {
                ast::Val::Str(s) => s.value(),
                ast::Val::Int(n, _) => n.to_string(),
                other => other.kind().to_owned(),
            };
            let how: Vec<String> = v.via.iter().map(|w| w.text.clone()).collect();
            format!("{text} [{}]", how.join("; "))
        })
        .collect()
}

#[test]
fn every_value_below_every_choice_point_is_a_variant() {
    let ts = quote! {
        stack S { name: "S${Suffix}" }
        parameter P: String { Description: "d", Default: "a", AllowedValues: ["a", "b", "c"] }
        parameter Free: String;
        condition C = Equals(Ref(P), "a");
        mapping M { X: { K: "m1", L: "m2" }, Y: { K: "m3" }, Z: "not an object" }
        resource R: sqs::Queue {
            QueueName: If(C, Ref(P), FindInMap(M, Ref(Free), "K")),
            Free: Ref(Free),
            Other: Ref(R2),
        }
        resource R2: sqs::Queue {}
    };
    let then = "via `If(C, ..)` then-branch";
    let els = "via `If(C, ..)` else-branch";
    assert_eq!(
        variant_values(ts, "QueueName"),
        [
            format!("a [via parameter `P` default; {then}]"),
            format!("a [via parameter `P` AllowedValues entry; {then}]"),
            format!("b [via parameter `P` AllowedValues entry; {then}]"),
            format!("c [via parameter `P` AllowedValues entry; {then}]"),
            // Ref(Free) is no literal key: every `K` cell of an object row.
            format!("m1 [via mapping `M` cell `X.K`; {els}]"),
            format!("m3 [via mapping `M` cell `Y.K`; {els}]"),
        ]
    );
}

#[test]
fn literal_mapping_keys_narrow_the_cells_and_structures_combine_by_index() {
    let ts = quote! {
        stack S { name: "S${Suffix}" }
        parameter P: String { AllowedValues: ["x", "y"] }
        mapping M { X: { K: "m1", L: "m2" }, Y: { K: "m3" } }
        resource R: sqs::Queue {
            Pair: [FindInMap(M, X, "L"), Join("-", [Ref(P), "z"])],
            Obj: { A: FindInMap(M, "Y", Ref(P)), B: FindInMap(Unknown, "X", "K"), C: FindInMap(Ref(P), "X", "K") },
        }
    };
    let def = parse(ts);
    let vs = indirection::variants(&def, &def.resources[0]);
    assert_eq!(vs.len(), 2, "P has two values; everything else one");
    let text = |v: &indirection::Variant| {
        v.via
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    };
    assert_eq!(
        text(&vs[0]),
        "via mapping `M` cell `X.L`; via parameter `P` AllowedValues entry; via mapping `M` cell `Y.K`"
    );
    assert_eq!(
        text(&vs[1]),
        "via mapping `M` cell `X.L`; via parameter `P` AllowedValues entry; via mapping `M` cell `Y.K`"
    );
    match &vs[1].res.props[0].1 {
        ast::Val::List(items, _) => match &items[1] {
            ast::Val::Call(f, args) => {
                assert_eq!(f.to_string(), "Join");
                match &args[1] {
                    ast::Val::List(parts, _) => {
                        assert!(matches!(&parts[0], ast::Val::Str(s) if s.value() == "y"))
                    }
                    other => panic!("{}", other.kind()),
                }
            }
            other => panic!("{}", other.kind()),
        },
        other => panic!("{}", other.kind()),
    }
}

#[test]
fn a_resource_without_choice_points_has_no_variants_and_self_references_stop() {
    let ts = quote! {
        stack S { name: "S${Suffix}" }
        parameter Loop: String { Default: Ref(Loop) }
        resource Plain: sqs::Queue { QueueName: "q-${Suffix}", Tags: [{ Key: "k", Value: "v" }] }
        resource Looping: sqs::Queue { QueueName: Ref(Loop), DelaySeconds: If(Ref(Loop), 1, 2) }
    };
    let def = parse(ts);
    assert!(indirection::variants(&def, &def.resources[0]).is_empty());
    let vs = indirection::variants(&def, &def.resources[1]);
    // The default refers to its own parameter: resolution stops at the depth limit and
    // leaves the reference in place.
    assert!(matches!(&vs[0].res.props[0].1, ast::Val::Call(f, _) if f == "Ref"));
    assert!(vs
        .iter()
        .flat_map(|v| &v.via)
        .any(|w| w.text == "via `If(an intrinsic function, ..)` then-branch"));
    assert!(indirection::same_place(
        Span::call_site(),
        Span::call_site()
    ));
}

#[test]
fn rules_reject_a_literal_on_every_path_with_a_note_saying_how() {
    let found = diags(quote! {
        stack S { name: "S${Suffix}" }
        parameter Version: String { Default: "16.8", AllowedValues: ["16.8", "14.9"] }
        resource Db: rds::DbCluster {
            Engine: "aurora-postgresql",
            EngineVersion: Ref(Version),
            StorageEncrypted: true,
            MasterUsername: "app",
            ManageMasterUserPassword: true,
        }
    });
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "HA-A002");
    assert!(found[0].1.contains("`14.9`"), "{}", found[0].1);
    assert_eq!(
        found[0].2,
        ["via parameter `Version` AllowedValues entry: the value reaches `Db` this way"]
    );
    // A problem that the resource itself shows is reported once, without notes.
    let direct = diags(quote! {
        stack S { name: "S${Suffix}" }
        parameter Mode: String { Default: "PROVISIONED", AllowedValues: ["PROVISIONED", "PAY_PER_REQUEST"] }
        resource T: dynamodb::Table {
            BillingMode: "PAY_PER_REQUEST",
            AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
            KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
            ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
            SSESpecification: { SSEEnabled: true },
            TableClass: If(Other, "STANDARD", "STANDARD"),
        }
        condition Other = Equals(Ref(Mode), "x");
    });
    assert_eq!(direct.len(), 1, "{direct:?}");
    assert_eq!(direct[0].0, "HA-A015");
    assert!(direct[0].2.is_empty());
    // A problem reported at the resource rather than at a literal carries every way its
    // values got there.
    let at_resource = diags(quote! {
        stack S { name: "S${Suffix}" }
        parameter Enc: String { Default: "true", AllowedValues: ["true", "false"] }
        resource Db: rds::DbCluster {
            Engine: "aurora-postgresql",
            StorageEncrypted: Ref(Enc),
            MasterUsername: "app",
            ManageMasterUserPassword: true,
        }
    });
    assert_eq!(at_resource.len(), 1, "{at_resource:?}");
    assert_eq!(at_resource[0].0, "HA-P002");
    assert_eq!(
        at_resource[0].2,
        ["via parameter `Enc` AllowedValues entry: the value reaches `Db` this way"]
    );
}

#[test]
fn index_entries_that_are_not_objects_are_left_to_the_schema_check() {
    let found = diags(quote! {
        stack S { name: "S${Suffix}" }
        resource T: dynamodb::Table {
            BillingMode: "PAY_PER_REQUEST",
            AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
            KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
            SSESpecification: { SSEEnabled: true },
            GlobalSecondaryIndexes: [(indexes())],
        }
    });
    assert!(found.iter().all(|d| d.0 != "HA-A015"), "{found:?}");
}
