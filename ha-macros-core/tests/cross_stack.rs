//! Cross-stack references in `stack!{}`: the header's `imports`, the checks on them, and the
//! expansion (output constants, imports read through `ha_core::app::import`, the depth).

use ha_macros_core::{ast, stack};
use quote::quote;

mod common;
use common::diags;

fn squash(s: String) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn imports_are_checked() {
    let found = diags(quote! {
        stack Api { name: "api-${Suffix}", imports: [Api, Net, Net, Queue, Unread] }
        resource Queue: sqs::Queue { SqsManagedSseEnabled: true, QueueName: "q-${Suffix}" }
        resource Sg: ec2::SecurityGroup { GroupDescription: "api", VpcId: Net.VpcId.Arn }
        output SOURCES { Value: Ref(Sg) }
        output Fine { Value: Net.Subnets }
    });
    let g7: Vec<&str> = found
        .iter()
        .filter(|(id, _)| *id == "HA-G007")
        .map(|(_, m)| m.as_str())
        .collect();
    assert_eq!(
        g7,
        [
            "`Net.VpcId.Arn`: output `VpcId` of stack `Net` is a plain value without attributes",
            "stack `Api` imports itself",
            "stack `Net` is imported twice",
            "`Queue` is both an imported stack and a name declared in this stack, so `Queue.X` would be ambiguous",
            "stack `Unread` is imported but no value reads its outputs",
            "output `SOURCES` would clash with the generated `Api::SOURCES`",
        ]
    );
    // An import read correctly is no reference to a local name: no HA-G001.
    assert!(!found.iter().any(|(id, _)| *id == "HA-G001"), "{found:?}");
}

#[test]
fn imports_setting_takes_stack_types_only() {
    let err = match syn::parse2::<ast::StackDef>(quote! {
        stack Api { name: "api-${Suffix}", imports: ["Net"] }
    }) {
        Ok(_) => panic!("parses"),
        Err(e) => e.to_string(),
    };
    assert_eq!(
        err,
        "`imports` lists the stacks whose outputs this stack reads, by their Rust type: `imports: [Network, Data]`"
    );
}

#[test]
fn expansion_reads_imports_and_declares_outputs() {
    let out = squash(
        stack(quote! {
            stack Api { name: "api-${Suffix}", imports: [Net], tags: { Vpc: Net.VpcId } }
            condition Never = Equals(Net.VpcId, "none");
            resource Sg: ec2::SecurityGroup {
                GroupDescription: "api",
                VpcId: Net.VpcId,
                SecurityGroupIngress: [{ IpProtocol: "tcp", CidrIp: Select(0, Net.Cidrs), FromPort: 443, ToPort: 443 }],
            }
            output Plain { Value: Ref(Sg) }
            output Many { Value: Join(",", [Ref(Sg), Net.VpcId]) }
            output Semicolons { Value: Join(";", [Ref(Sg)]) }
            output Maybe { Value: Ref(Sg), Condition: Never }
            output Named { Value: Ref(Sg), Export: "api-sg-${Suffix}" }
            output Computed { Value: Ref(Sg), Export: Sub("${AWS::StackName}-sg") }
            output Region { Value: Ref(Sg), Export: "sg-${AWS::Region}" }
        })
        .to_string(),
    );
    for want in [
        // typed property: the target type is inferred from the field
        "__h :: app :: import :: < _ , _ > (& Net :: VpcId , env)",
        // inside an intrinsic
        "__h :: app :: import :: < _ , __h :: Intrinsic > (& Net :: Cidrs , env)",
        "pub const Plain : :: ha_core :: app :: OutputRef < :: ha_core :: app :: kind :: StringOutput > = :: ha_core :: app :: OutputRef :: new (\"Api\" , \"api-${Suffix}\" , \"Plain\" , :: std :: option :: Option :: None) ;",
        "pub const Many : :: ha_core :: app :: OutputRef < :: ha_core :: app :: kind :: ListOutput >",
        "pub const Semicolons : :: ha_core :: app :: OutputRef < :: ha_core :: app :: kind :: StringOutput >",
        "pub const Maybe : :: ha_core :: app :: OutputRef < :: ha_core :: app :: kind :: ConditionalOutput >",
        "OutputRef :: new (\"Api\" , \"api-${Suffix}\" , \"Named\" , :: std :: option :: Option :: Some (\"api-sg-${Suffix}\")) ;",
        "pub const Computed : :: ha_core :: app :: OutputRef < :: ha_core :: app :: kind :: ComputedExportName >",
        "pub const Region : :: ha_core :: app :: OutputRef < :: ha_core :: app :: kind :: ComputedExportName >",
        // the imports the stack records: sorted, once each
        "imports : :: std :: vec :: Vec :: from ([Net :: Cidrs . import (env) , Net :: VpcId . import (env)])",
        "impl :: ha_core :: app :: ImportDepth for Api { const DEPTH : usize = :: ha_core :: app :: depth (& [< Net as :: ha_core :: app :: ImportDepth > :: DEPTH]) ; }",
        "const _ : usize = < Api as :: ha_core :: app :: ImportDepth > :: DEPTH ;",
    ] {
        assert!(out.contains(want), "missing {want}\nin {out}");
    }
}

#[test]
fn a_stack_with_errors_still_has_a_depth() {
    let out = squash(stack(quote!(stack Bad { name: "no suffix" })).to_string());
    assert!(
        out.contains("impl :: ha_core :: app :: ImportDepth for Bad { const DEPTH : usize = 0 ; }"),
        "{out}"
    );
}

#[test]
fn every_value_the_checker_walks_is_a_recorded_import() {
    // An import read only in resource metadata is recorded as well (App::build exports it).
    let out = squash(
        stack(quote! {
            stack Api { name: "api-${Suffix}", imports: [Net] }
            #[metadata({ Vpc: Net.VpcId })]
            resource Q: sqs::Queue { SqsManagedSseEnabled: true }
        })
        .to_string(),
    );
    assert!(
        out.contains("imports : :: std :: vec :: Vec :: from ([Net :: VpcId . import (env)])"),
        "{out}"
    );
}
