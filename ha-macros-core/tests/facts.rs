//! Dated AWS facts: evaluated as of the table's own date, never the wall clock; blocked facts
//! are errors, announced ones warnings that still let the stack compile.

use ha_macros_core::facts::{self, Dated};
use ha_macros_core::{ast, check, stack, unsuppressed};
use quote::quote;

#[test]
fn lambda_runtimes_are_blocked_announced_or_fine_as_of_the_table_date() {
    assert_eq!(facts::AS_OF, "2026-12-03");
    assert_eq!(
        facts::lambda_runtime("python3.7"),
        Dated::Blocked {
            since: "2024-01-09"
        }
    );
    assert_eq!(
        facts::lambda_runtime("nodejs20.x"),
        Dated::Announced {
            what: "deprecated since 2026-04-30 (no security patches); Lambda refuses to create functions on it from 2027-02-01".into()
        }
    );
    // Deprecated, no create-block date announced.
    assert_eq!(
        facts::lambda_runtime("dotnet9"),
        Dated::Announced {
            what: "deprecated since 2026-11-10 (no security patches)".into()
        }
    );
    assert_eq!(facts::lambda_runtime("python3.13"), Dated::Fine);
    assert_eq!(facts::lambda_runtime("no-such-runtime"), Dated::Fine);
    // The table is sorted by name and every date is an ISO date, so string comparison orders it.
    let names: Vec<&str> = facts::LAMBDA_RUNTIMES.iter().map(|r| r.name).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted);
    let iso = |d: &str| d.len() == 10 && d.as_bytes()[4] == b'-' && d.as_bytes()[7] == b'-';
    assert!(facts::LAMBDA_RUNTIMES
        .iter()
        .all(|r| iso(r.deprecated) && r.create_block.is_none_or(iso)));
    assert_eq!(
        facts::aurora_postgres_support_end("14.24"),
        Some("2027-02-28")
    );
    assert_eq!(facts::aurora_postgres_support_end("16.8"), None);
}

fn diags(ts: proc_macro2::TokenStream) -> Vec<(bool, &'static str, String)> {
    let def: ast::StackDef = syn::parse2(ts).unwrap();
    unsuppressed(&def, check::check(&def).diags)
        .into_iter()
        .map(|d| (d.warning, d.rule.id, d.message))
        .collect()
}

#[test]
fn announced_facts_are_warnings_and_blocked_ones_errors() {
    let role = quote! {
        resource Role: iam::Role { AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] } }
    };
    let stack_with = |runtime: &str| {
        quote! {
            stack S { name: "S${Suffix}" }
            #role
            resource F: lambda::Function { Role: Role.Arn, Runtime: #runtime, Handler: "i.h", Code: { ZipFile: "x" } }
        }
    };
    let d = diags(stack_with("nodejs20.x"));
    assert_eq!(d.len(), 1);
    assert!(d[0].0, "a warning");
    assert_eq!(d[0].1, "HA-A004");
    let d = diags(stack_with("python3.7"));
    assert!(!d[0].0, "an error");
    assert_eq!(
        d[0].2,
        "Lambda refuses to create functions on runtime `python3.7` since 2024-01-09"
    );
    assert!(diags(stack_with("python3.13")).is_empty());

    // The stack compiles with a warning: the expansion plus a deprecated constant whose note
    // is the rule's text.
    let out = stack(stack_with("nodejs20.x")).to_string();
    assert!(out.contains("pub struct S"), "expanded");
    assert!(!out.contains("compile_error ! {"), "{out}");
    assert!(out.contains("deprecated (note = \"[HA-A004] Lambda runtime `nodejs20.x` is deprecated since 2026-04-30"), "{out}");
    assert!(out.contains("(warning, as of 2026-12-03)"), "{out}");
    // With an error elsewhere, both come out (and the stub).
    let both = quote! {
        stack S { name: "S${Suffix}" }
        #role
        resource F: lambda::Function { Role: Role.Arn, Runtime: "nodejs20.x", Handler: "i.h", Code: { ZipFile: "x" } }
        resource Q: sqs::Queue {}
    };
    let out = stack(both).to_string();
    assert!(out.contains("compile_error ! {"), "{out}");
    assert!(out.contains("ha_stack_warning"), "{out}");

    // Aurora PostgreSQL 14 without EngineLifecycleSupport: a warning; with it, nothing.
    let aurora = |extra: proc_macro2::TokenStream| {
        quote! {
            stack S { name: "S${Suffix}" }
            resource Db: rds::DbCluster { Engine: "aurora-postgresql", EngineVersion: "14.24", StorageEncrypted: true, MasterUsername: "a", ManageMasterUserPassword: true, #extra }
        }
    };
    let d = diags(aurora(quote!()));
    assert_eq!(d.len(), 1);
    assert!(d[0].0);
    assert!(
        d[0].2.contains("ends standard support on 2027-02-28"),
        "{}",
        d[0].2
    );
    assert!(diags(aurora(
        quote!(EngineLifecycleSupport: "open-source-rds-extended-support-disabled")
    ))
    .is_empty());
}
