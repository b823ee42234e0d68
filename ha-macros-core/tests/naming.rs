//! HA-N003 and the stack's longest suffix: names written in a stack are checked with the
//! naming table of `ha_naming` (or the schema's maximum length) at the suffix's worst case.

mod common;

use ha_macros_core::{ast, check, policy::written_name};
use ha_naming::{suffix, Seg};
use quote::quote;

#[test]
fn written_names_split_into_literals_and_bounded_substitutions() {
    let n = written_name(
        "tap-${Suffix}-${AWS::Region}-${Bucket.Arn}-${!Literal}-${open",
        16,
    );
    assert_eq!(
        n.display(),
        "tap-${Suffix}-${AWS::Region}-${Bucket.Arn}-${Literal}-${open"
    );
    let vars: Vec<(String, Option<usize>, &str)> =
        n.0.iter()
            .filter_map(|s| match s {
                Seg::Var { name, max, chars } => Some((name.clone(), *max, *chars)),
                Seg::Lit(_) => None,
            })
            .collect();
    assert_eq!(
        vars,
        [
            ("Suffix".to_owned(), Some(16), suffix::CHARS),
            (
                "AWS::Region".to_owned(),
                Some(14),
                "abcdefghijklmnopqrstuvwxyz0123456789-"
            ),
            ("Bucket.Arn".to_owned(), None, ""),
        ]
    );
    // An unbounded substitution: no worst-case length.
    assert_eq!(n.max_len(), None);
    assert_eq!(written_name("a-${Suffix}", 13).max_len(), Some(15));
}

fn bound(ts: proc_macro2::TokenStream) -> (usize, String) {
    let def: ast::StackDef = syn::parse2(ts).expect("parses");
    check::check(&def).suffix_bound
}

#[test]
fn the_longest_suffix_comes_from_the_tightest_name() {
    let (n, why) = bound(quote! {
        stack S { name: "S${Suffix}" }
        resource Q: sqs::Queue { QueueName: "orders-${Suffix}", SqsManagedSseEnabled: true }
        resource Alb: elasticloadbalancingv2::LoadBalancer { Name: "frontend-alb-${Suffix}", Subnets: ["a", "b"] }
        resource Tg: elasticloadbalancingv2::TargetGroup { Name: "frontend-tg-green-${Suffix}", Port: 80, Protocol: "HTTP", VpcId: "vpc-1" }
    });
    // 32 - "frontend-tg-green-".len() (18) = 14; the ALB name allows 19.
    assert_eq!(n, 14);
    assert!(why.starts_with("the AWS::ElasticLoadBalancingV2::TargetGroup Name \"frontend-tg-green-${Suffix}\" can be"), "{why}");
    // No name narrows it: the toolkit's grammar.
    let (n, why) = bound(quote! {
        stack S { name: "S${Suffix}" }
        resource Q: sqs::Queue { SqsManagedSseEnabled: true }
    });
    assert_eq!(
        (n, why.as_str()),
        (
            suffix::MAX_LEN,
            "the toolkit's suffix grammar (ha_naming::suffix)"
        )
    );
}

#[test]
fn schema_lengths_cover_names_the_table_has_no_rule_for() {
    let d = common::diags(quote! {
        stack S { name: "S${Suffix}" }
        resource Bus: events::EventBus { Name: "bus-${Suffix}" }
        resource A: events::Archive { ArchiveName: "a-very-long-archive-name-for-orders-${Suffix}", SourceArn: Bus.Arn }
        resource G: ec2::SecurityGroup { GroupName: "web-${Suffix}", GroupDescription: "web", VpcId: "vpc-1" }
    });
    let n003: Vec<&String> = d
        .iter()
        .filter(|(id, _)| *id == "HA-N003")
        .map(|(_, m)| m)
        .collect();
    assert_eq!(n003.len(), 1, "{d:?}");
    assert!(
        n003[0].contains("more than the 48 the CloudFormation schema allows"),
        "{}",
        n003[0]
    );
    // The archive name also bounds the suffix: 48 - 36 = 12.
    let (n, _) = bound(quote! {
        stack S { name: "S${Suffix}" }
        resource Bus: events::EventBus { Name: "bus-${Suffix}" }
        resource A: events::Archive { ArchiveName: "archive-name-for-orders-and-refunds-${Suffix}", SourceArn: Bus.Arn }
    });
    assert_eq!(n, 12);
}
