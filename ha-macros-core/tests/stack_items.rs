//! Issue 7 ("Also fix"): parameter types, conditions and regions, suppressions on every item,
//! conditional references, parameter defaults, and the wording of several messages.

use ha_macros_core::{ast, check, unsuppressed};
use proc_macro2::TokenStream;
use quote::quote;

mod common;
use common::diags;

fn parse_err(ts: TokenStream) -> String {
    match syn::parse2::<ast::StackDef>(ts) {
        Ok(_) => panic!("expected a parse error"),
        Err(e) => e.to_string(),
    }
}

/// The body of a stack around some items.
macro_rules! st {
    ($($t:tt)*) => { quote!(stack S { name: "S${Suffix}" } $($t)*) };
}

#[test]
fn parameter_types_with_paths_and_generics_parse() {
    let def: ast::StackDef = syn::parse2(st! {
        parameter Vpc: AWS::EC2::VPC::Id;
        parameter Subnets: List<AWS::EC2::Subnet::Id> { Description: "subnets" }
        parameter Ami: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id> { Default: "/aws/service/ami" }
        parameter Names: AWS::SSM::Parameter::Value<List<String>>;
        parameter Plain: String;
    })
    .expect("parses");
    let types: Vec<&str> = def
        .parameters
        .iter()
        .map(|p| p.type_name.as_str())
        .collect();
    assert_eq!(
        types,
        [
            "AWS::EC2::VPC::Id",
            "List<AWS::EC2::Subnet::Id>",
            "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>",
            "AWS::SSM::Parameter::Value<List<String>>",
            "String",
        ]
    );
    assert_eq!(def.parameters[1].fields.len(), 1);
}

#[test]
fn malformed_parameter_type_says_how_to_write_it() {
    let e = parse_err(st! { parameter Subnets: List<AWS::EC2::Subnet::Id; });
    assert!(e.starts_with("expected `>`: a parameter is declared as `parameter Subnets: Type { Default: .., .. }` or `parameter Subnets: Type;`"), "{e}");
    assert!(e.contains("`List<AWS::EC2::Subnet::Id>`"), "{e}");
    let e = parse_err(st! { parameter P String; });
    assert!(
        e.starts_with("expected `:`: a parameter is declared as"),
        "{e}"
    );
    let e = parse_err(st! { parameter P: String resource });
    assert!(
        e.starts_with("expected `;`: a parameter is declared as"),
        "{e}"
    );
}

#[test]
fn regions_outside_resource_properties_are_legitimate() {
    let d = diags(st! {
        parameter Region: String { Default: "us-east-1", AllowedValues: ["us-east-1", "eu-west-1"] }
        condition IsUsEast1 = Equals(AWS::Region, "us-east-1");
        mapping Amis { "us-east-1": { Id: "ami-1" } }
        resource Q: sqs::Queue { SqsManagedSseEnabled: true }
        output Where { Value: "deployed next to us-east-1" }
    });
    assert_eq!(d, vec![]);
    // In a resource property it is still reported.
    let d = diags(st! {
        resource Q: sqs::Queue { SqsManagedSseEnabled: true, QueueName: "q-us-east-1-${Suffix}" }
    });
    assert_eq!(
        d,
        vec![(
            "HA-P003",
            "\"q-us-east-1-\" hard-codes the region `us-east-1`".to_owned()
        )]
    );
}

#[test]
fn suppressions_attach_to_parameters_conditions_outputs_and_the_header() {
    let stack = |sup: bool| {
        let s = if sup {
            quote!(#[suppress(HA-P004, "the audit account is fixed by the organisation")])
        } else {
            quote!()
        };
        quote! {
            #s
            stack S { name: "S${Suffix}", tags: { Audit: "123456789012" } }
            #s
            parameter Audit: String { Default: "123456789012" }
            #s
            condition IsAudit = Equals(AWS::AccountId, "123456789012");
            #s
            output AuditAccount { Value: "123456789012" }
            resource Q: sqs::Queue { SqsManagedSseEnabled: true }
        }
    };
    let d = diags(stack(false));
    let hits: Vec<&str> = d.iter().map(|(id, _)| *id).collect();
    assert_eq!(hits, ["HA-P004"; 4], "{d:?}");
    assert_eq!(diags(stack(true)), vec![]);
}

#[test]
fn suppression_on_items_is_checked_and_kept_per_item() {
    let def: ast::StackDef = syn::parse2(quote! {
        #[suppress(HA-P004)]
        stack S { name: "S${Suffix}" }
        #[suppress(HA-X1, "a reason long enough")]
        parameter P: String;
        #[suppress(HA-G001, "a reason long enough")]
        condition C = Equals("a", "b");
        #[suppress(HA-P004, "short")]
        output O { Value: "x" }
    })
    .expect("parses");
    assert_eq!(def.header.attrs.len(), 1);
    let d: Vec<(&str, String, Option<ha_macros_core::diag::Item>)> = check::check(&def)
        .diags
        .into_iter()
        .map(|d| (d.rule.id, d.message, d.item.map(|i| *i)))
        .collect();
    use ha_macros_core::diag::Item;
    assert_eq!(
        d,
        vec![
            ("HA-P005", "suppression of `HA-P004` has no written reason".to_owned(), Some(Item::Header)),
            ("HA-P005", "`HA-X1` is not a rule id".to_owned(), Some(Item::Parameter("P".into()))),
            ("HA-P005", "rule HA-G001 (Reference to an undeclared resource, parameter or condition) cannot be suppressed".to_owned(), Some(Item::Condition("C".into()))),
            ("HA-P005", "suppression of `HA-P004` has no written reason".to_owned(), Some(Item::Output("O".into()))),
        ]
    );
}

#[test]
fn non_resource_items_take_only_suppress() {
    let e = parse_err(st! { #[depends_on(X)] parameter P: String; });
    assert_eq!(e, "`#[depends_on(..)]` goes on resources only; a parameter takes `#[suppress(RULE-ID, \"reason\")]` and no other attribute");
    let e = parse_err(st! { #[condition(X)] output O { Value: "x" } });
    assert!(e.contains("an output takes `#[suppress"), "{e}");
    let e = parse_err(st! { #[metadata({})] condition C = Equals("a", "b"); });
    assert!(e.contains("a condition takes `#[suppress"), "{e}");
    let e = parse_err(quote! { #[depends_on(X)] stack S { name: "S${Suffix}" } });
    assert!(e.contains("the stack header takes `#[suppress"), "{e}");
    let e =
        parse_err(st! { #[suppress(HA-P004, "reason of some length")] mapping M { a: { b: 1 } } });
    assert!(
        e.starts_with("a mapping takes no attributes: `#[suppress(..)]` goes on resources"),
        "{e}"
    );
}

#[test]
fn suppressed_diagnostic_of_a_missing_item_is_kept() {
    // A diagnostic that names an item the stack does not declare is never hidden.
    use ha_macros_core::diag::{Diag, Item};
    use ha_macros_core::rules;
    let def: ast::StackDef = syn::parse2(st! {}).expect("parses");
    let mk = |item| {
        Diag::new(
            &rules::HARDCODED_ACCOUNT,
            proc_macro2::Span::call_site(),
            "m",
            "h",
        )
        .in_item(item)
    };
    let kept = unsuppressed(
        &def,
        vec![
            mk(Some(Item::Parameter("Nope".into()))),
            mk(Some(Item::Condition("Nope".into()))),
            mk(Some(Item::Output("Nope".into()))),
            mk(None),
        ],
    );
    assert_eq!(kept.len(), 4);
}

#[test]
fn conditional_resource_referenced_from_where_it_may_not_exist() {
    let d = diags(st! {
        condition HasNat = Equals("a", "b");
        #[condition(HasNat)]
        resource Nat: sqs::Queue { SqsManagedSseEnabled: true }
        resource Route: sqs::Queue { SqsManagedSseEnabled: true, QueueName: "${Nat.QueueName}-${Suffix}" }
        #[depends_on(Nat)]
        resource After: sqs::Queue { SqsManagedSseEnabled: true }
        resource Wrong: sqs::Queue { SqsManagedSseEnabled: true, RedrivePolicy: If(HasNat, NoValue, { deadLetterTargetArn: Nat.Arn }) }
        output Url { Value: Ref(Nat) }
    });
    let msgs: Vec<String> = d.iter().map(|(id, m)| format!("{id} {m}")).collect();
    assert_eq!(
        msgs,
        [
            "HA-G006 resource `Route` refers to `Nat`, which exists only when condition `HasNat` holds, but resource `Route` is not limited to `HasNat`",
            "HA-G006 resource `After` depends on `Nat`, which exists only when condition `HasNat` holds, but resource `After` is not limited to `HasNat`",
            "HA-G006 resource `Wrong` refers to `Nat`, which exists only when condition `HasNat` holds, but resource `Wrong` is not limited to `HasNat`",
            "HA-G006 output `Url` refers to `Nat`, which exists only when condition `HasNat` holds, but output `Url` is not limited to `HasNat`",
        ]
    );
}

#[test]
fn conditional_reference_help_says_how_to_fix_it() {
    let def: ast::StackDef = syn::parse2(quote! {
        stack S { name: "S${Suffix}", tags: { Dlq: Ref(Nat) } }
        condition HasNat = Equals("a", "b");
        #[condition(HasNat)]
        resource Nat: sqs::Queue { SqsManagedSseEnabled: true }
        #[depends_on(Nat)]
        resource After: sqs::Queue { SqsManagedSseEnabled: true, RedrivePolicy: { deadLetterTargetArn: Nat.Arn } }
    })
    .expect("parses");
    let helps: Vec<String> = check::check(&def)
        .diags
        .into_iter()
        .map(|d| d.help)
        .collect();
    assert_eq!(
        helps,
        [
            "limit the stack tags to `HasNat` (`Condition: HasNat` on an output), or write the value as `If(HasNat, <this reference>, ..)`",
            "add `#[condition(HasNat)]` to `After` (or a condition that implies it), or drop the DependsOn",
            "add `#[condition(HasNat)]` to `After` (or a condition that implies it), or write the value as `If(HasNat, <this reference>, NoValue)`",
        ]
    );
}

#[test]
fn references_where_the_condition_holds_are_legitimate() {
    let d = diags(st! {
        parameter Count: String { Default: "1", AllowedValues: ["1", "2", "3"] }
        condition HasTwo = Not(Equals(Ref(Count), "1"));
        condition HasThree = Equals(Ref(Count), "3");
        condition Both = And(Equals(Ref(Count), "3"), Condition(HasThree));
        condition Deep = And(Condition(Both), Condition(HasTwo));
        #[condition(HasTwo)]
        resource Two: sqs::Queue { SqsManagedSseEnabled: true }
        #[condition(HasThree)]
        resource Three: sqs::Queue { SqsManagedSseEnabled: true }
        // The same condition.
        #[condition(HasTwo)]
        #[depends_on(Two)]
        resource SameCond: sqs::Queue { SqsManagedSseEnabled: true, QueueName: "${Two.QueueName}-${Suffix}" }
        // A condition that implies it (through And .. Condition(..), also nested).
        #[condition(Deep)]
        resource Implied: sqs::Queue { SqsManagedSseEnabled: true, RedrivePolicy: { deadLetterTargetArn: Three.Arn, maxReceiveCount: 3 } }
        // Inside If(Cond, <here>, ..), also nested in the other branch of another If.
        resource Route: sqs::Queue { SqsManagedSseEnabled: true, RedrivePolicy: If(HasThree, { deadLetterTargetArn: Three.Arn }, If(HasTwo, { deadLetterTargetArn: Two.Arn }, NoValue)) }
        output ThreeUrl { Value: Ref(Three), Condition: HasThree }
        output AnyUrl { Value: If(Both, Ref(Three), "none") }
    });
    assert_eq!(d, vec![]);
}

#[test]
fn implication_stops_at_loops_and_odd_conditions() {
    let d = diags(st! {
        condition Target = Equals("a", "b");
        condition A = And(Condition(B), Equals("x", "y"));
        condition B = And(Condition(A), Condition(1));
        condition Plain = Equals("x", "y");
        condition Lit = Val;
        #[condition(Target)]
        resource T: sqs::Queue { SqsManagedSseEnabled: true }
        #[condition(A)]
        resource FromLoop: sqs::Queue { SqsManagedSseEnabled: true, QueueName: T.QueueName }
        #[condition(Plain)]
        resource FromPlain: sqs::Queue { SqsManagedSseEnabled: true, QueueName: T.QueueName }
        #[condition(Lit)]
        resource FromLit: sqs::Queue { SqsManagedSseEnabled: true, QueueName: T.QueueName }
        #[condition(Undeclared)]
        resource FromUndeclared: sqs::Queue { SqsManagedSseEnabled: true, QueueName: T.QueueName }
    });
    let g006: Vec<&str> = d
        .iter()
        .filter(|(id, _)| *id == "HA-G006")
        .map(|(_, m)| m.split(' ').nth(1).unwrap_or(""))
        .collect();
    assert_eq!(
        g006,
        ["`FromLoop`", "`FromPlain`", "`FromLit`", "`FromUndeclared`"],
        "{d:?}"
    );
}

#[test]
fn unknown_parameter_types_are_errors() {
    let d = diags(st! {
        parameter A: Strng;
        parameter B: List<AWS::EC2::KeyPair::KeyName>;
        parameter C: AWS::SSM::Parameter::Value<Number>;
        parameter D: AWS::EC2::Vpc::Id;
        parameter Ok1: List<Number>;
        parameter Ok2: AWS::SSM::Parameter::Name;
        parameter Ok3: AWS::SSM::Parameter::Value<List<AWS::EC2::Subnet::Id>>;
        parameter Ok4: AWS::SSM::Parameter::Value<CommaDelimitedList>;
        parameter Ok5: AWS::Route53::HostedZone::Id;
    });
    assert_eq!(
        d,
        vec![
            ("HA-S007", "parameter `A` has the type `Strng`, which is not a CloudFormation parameter type (did you mean `String`?)".to_owned()),
            ("HA-S007", "parameter `B` has the type `List<AWS::EC2::KeyPair::KeyName>`, which is not a CloudFormation parameter type (did you mean `AWS::EC2::KeyPair::KeyName`?)".to_owned()),
            ("HA-S007", "parameter `C` has the type `AWS::SSM::Parameter::Value<Number>`, which is not a CloudFormation parameter type (did you mean `AWS::SSM::Parameter::Value<String>`?)".to_owned()),
            ("HA-S007", "parameter `D` has the type `AWS::EC2::Vpc::Id`, which is not a CloudFormation parameter type (did you mean `AWS::EC2::VPC::Id`?)".to_owned()),
        ]
    );
}

#[test]
fn parameter_default_must_be_allowed() {
    let d = diags(st! {
        parameter Stage: String { Default: "staging", AllowedValues: ["dev", "prod"] }
        parameter Count: Number { Default: 4, AllowedValues: [1, 2, 3] }
        parameter Flag: String { Default: true, AllowedValues: ["true", "false"] }
        parameter Ratio: Number { Default: 0.5, AllowedValues: ["0.5"] }
        parameter Computed: String { Default: (cfg.stage()), AllowedValues: ["dev"] }
        parameter ComputedList: String { Default: "x", AllowedValues: [(cfg.stage())] }
        parameter NoList: String { Default: "x" }
    });
    assert_eq!(
        d,
        vec![
            ("HA-S005", "the default `staging` of parameter `Stage` is not one of its AllowedValues (`dev`, `prod`)".to_owned()),
            ("HA-S005", "the default `4` of parameter `Count` is not one of its AllowedValues (`1`, `2`, `3`)".to_owned()),
        ]
    );
}
