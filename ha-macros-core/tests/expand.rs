//! `stack()` end to end on token streams: errors plus stub for bad stacks, the typed
//! expansion for good ones.

mod common;

use ha_macros_core::{ast, check, expand, stack};
use quote::quote;

fn squash(s: String) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn errors_come_with_a_stub() {
    let out = squash(
        stack(quote!(stack S(config: &Config) { name: "S" } resource B: s3::Bucket {})).to_string(),
    );
    assert!(
        out.contains(
            "compile_error ! { \"[HA-N002] stack name \\\"S\\\" does not contain `${Suffix}`"
        ),
        "{out}"
    );
    assert!(
        out.contains("compile_error ! { \"[HA-P002] bucket `B` sets no BucketEncryption"),
        "{out}"
    );
    assert!(out.contains("pub struct S ;"), "{out}");
    assert!(
        out.contains("pub fn synth (env : & :: ha_core :: Env , config : & Config)"),
        "{out}"
    );
    let out = squash(stack(quote!(stack S { nmae: "x" })).to_string());
    assert!(out.contains("unknown stack setting `nmae`"), "{out}");
    assert!(
        out.contains("pub fn synth (env : & :: ha_core :: Env) -> :: ha_core :: Stack"),
        "{out}"
    );
    // No header at all: the error alone, no stub.
    let out = squash(stack(quote!(resource B: s3::Bucket {})).to_string());
    assert!(out.starts_with(":: core :: compile_error !"), "{out}");
    assert!(!out.contains("pub struct"), "{out}");
}

#[test]
fn expansion_of_a_full_stack() {
    let out = squash(
        stack(quote! {
            stack Full(config: &Config) { name: "Full${Suffix}", description: "d", tags: { Team: "core", Env: "${Suffix}" } }
            parameter Size: Number { Default: 5, MinValue: 1, MaxValue: 9, Description: "size", NoEcho: true, ConstraintDescription: "c", AllowedPattern: "[0-9]+", MinLength: 1, MaxLength: 2, AllowedValues: ["1", 2, (3), x] }
            parameter Name: String { Default: (config.name()), Description: "x" }
            mapping Sizes { dev: { Size: 1, Name: "a" }, prod: "not an object" }
            condition IsProd = Or(Equals(Ref(Name), "prod"), Not(Condition(Always)));
            condition Always = Equals("a", "a");
            resource Key: kms::Key { KeyPolicy: { Version: "2012-10-17" }, PendingWindowInDays: 7, KeySpec: "SYMMETRIC_DEFAULT", Description: (config.description()) }
            #[deletion_policy(Delete)]
            #[update_replace_policy(Snapshot)]
            #[depends_on(Key)]
            #[condition(IsProd)]
            #[metadata({ Owner: "me" })]
            #[suppress(HA-N001, "the name is shared on purpose")]
            resource Bucket: s3::Bucket {
                BucketName: "shared",
                BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: Key.Arn } }] },
                Tags: [{ Key: "k", Value: 1 }, { Key: "f", Value: 1.5 }],
                ObjectLockEnabled: If(IsProd, true, false),
                NotificationConfiguration: NoValue,
            }
            resource Q: sqs::Queue {
                SqsManagedSseEnabled: true,
                MessageRetentionPeriod: FindInMap(Sizes, "dev", "Size"),
                RedrivePolicy: { deadLetterTargetArn: GetAtt(Dlq, "Arn"), maxReceiveCount: 3, list: [1, 2.5, true, Ref(AWS::Region), Base64("x"), ImportValue("e"), Select(0, GetAZs()), Select(0, GetAZs("r")), Cidr("10.0.0.0/16", 2, 8), Join(",", Split(",", "a,b")), Sub("${x}", { x: "y" }), Sub("z"), And(Condition(IsProd), Condition(Always)), (1u8), NoValue] },
            }
            resource Dlq: sqs::Queue { SqsManagedSseEnabled: true, QueueName: Join("-", ["dlq", "${Suffix}"]) }
            resource Topic: sns::Topic { KmsMasterKeyId: Ref(Key), Subscription: [] }
            resource Table: dynamodb::Table { KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }], SSESpecification: { SSEEnabled: true }, ContributorInsightsSpecification: { Enabled: true } }
            resource Hc: route53::HealthCheck { HealthCheckConfig: { Type: "HTTP", Port: 80, RequestInterval: 30 }, HealthCheckTags: [] }
            resource Alarm: cloudwatch::Alarm { ComparisonOperator: "GreaterThanThreshold", EvaluationPeriods: 1, Threshold: 1, MetricName: "m", Namespace: "n", Statistic: "Sum", Period: 60, Dimensions: [{ Name: "a", Value: Ref(AWS::StackName) }] }
            resource Rule: events::Rule { EventPattern: { source: ["x"] }, Targets: [{ Arn: Topic.TopicArn, Id: "t" }] }
            resource Custom: custom::Thing { ServiceToken: "arn", Nested: { a: [1] } }
            output Arn { Value: Bucket.Arn, Description: "arn", Export: "${AWS::StackName}-Arn", Condition: IsProd }
            output Plain { Value: Custom.Whatever }
        })
        .to_string(),
    );
    assert!(!out.contains("compile_error ! {"), "{out}");
    let missing = [
        "pub const NAME_PATTERN : & 'static str = \"Full${Suffix}\" ;",
        "pub const RESOURCE_COUNT : usize = 10usize ;",
        "__TypeBucket = s3 :: Bucket }",
        "needs the cargo feature `s3` of ha-core",
        "pub (crate) const Bucket : __h :: Handle < __TypeBucket > = __h :: Handle :: new (\"Bucket\") ;",
        "let __e = __h :: Resource :: add_to (__TypeBucket {",
        "pub (crate) const Custom : __h :: Handle < __h :: resource :: Custom > = __h :: Handle :: new (\"Custom\") ;",
        // The function imports from the hidden module only what it names: its type alias and the
        // handles it references (a glob import in every resource's module was quadratic).
        "pub (crate) mod __resource_Bucket { use super :: super :: * ; use super :: { __h , __N , __S , __Str , Key , __TypeBucket } ; # [inline (never)] pub (crate) fn build (env : & __h :: Env , __t : & mut __h :: Template ,",
        "mod __stack_Full { use super :: * ;",
        "use __stack_Full :: * ;",
        "__sup : & mut :: std :: vec :: Vec < __h :: Suppression > , config : & Config) {",
        "__stack_Full :: __resource_Bucket :: build (env , & mut __t , & __tags , & mut __sup , config) ;",
        "__p . no_echo = true ;",
        "__p . min_value = __S (1i64) ;",
        "__e . deletion_policy = __S (__h :: Policy :: Delete) ;",
        "__e . update_replace_policy = __S (__h :: Policy :: Snapshot) ;",
        "__e . depends_on = :: std :: vec :: Vec :: from ([__Str :: from (\"Key\")]) ;",
        "__e . condition = __S (__Str :: from (\"IsProd\")) ;",
        "__sup . push (__h :: Suppression { logical_id : __Str :: from (\"Bucket\") , rule : __Str :: from (\"HA-N001\")",
        "Key . get_att (\"Arn\")",
        "Key . r#ref ()",
        "__t . add_custom (\"Custom\" , \"Custom::Thing\"",
        "Custom . get_att (\"Whatever\")",
        "__h :: Intrinsic :: FindInMap",
        "__h :: Intrinsic :: GetAzs (__h :: Json :: Str (__Str :: new ()))",
        "__h :: Intrinsic :: Cidr",
        "__h :: Intrinsic :: Or (:: std :: vec :: Vec :: from (",
        "__h :: Intrinsic :: Not",
        "__h :: Intrinsic :: Base64",
        "__h :: Intrinsic :: ImportValue",
        "__h :: Intrinsic :: Split",
        "__h :: Intrinsic :: If",
        "__h :: Intrinsic :: Ref (__Str :: from (\"AWS::NoValue\"))",
        "__h :: Intrinsic :: Ref (__Str :: from (\"AWS::Region\"))",
        "__h :: Intrinsic :: Ref (__Str :: from (\"Name\"))",
        "__t . mappings . insert (__Str :: from (\"Sizes\")",
        "__t . outputs . insert (__Str :: from (\"Arn\")",
        "__h :: Json :: Float (2.5f64)",
        "(config . name ())",
    ]
    .into_iter()
    .filter(|w| !out.contains(w))
    .collect::<Vec<_>>();
    assert!(missing.is_empty(), "missing {missing:#?} in\n{out}");
}

#[test]
fn expansion_of_maps_numbers_integer_enums_and_getatt_paths() {
    let out = squash(
        stack(quote! {
            stack S { name: "S${Suffix}" }
            resource Key: kms::Key { KeyPolicy: { Version: "2012-10-17" } }
            resource Vault: backup::BackupVault { BackupVaultName: "v-${Suffix}", EncryptionKeyArn: Key.Arn, BackupVaultTags: { Team: "core" } }
            resource Alarm: cloudwatch::Alarm { ComparisonOperator: "GreaterThanThreshold", EvaluationPeriods: 1, Threshold: 1.5, MetricName: "m", Namespace: "n", Statistic: "Sum", Period: 60 }
            resource Db: rds::DbInstance { DBInstanceClass: "db.t4g.micro", Engine: "postgres", StorageEncrypted: true, PerformanceInsightsRetentionPeriod: 7 }
            output Arn { Value: GetAtt(Key.Arn) }
        })
        .to_string(),
    );
    assert!(!out.contains("compile_error ! {"), "{out}");
    let missing = [
        "[(__Str :: from (\"Team\") , __h :: interpolate (\"core\" , env))] . into_iter () . collect :: < __h :: __private :: IndexMap < _ , _ >> ()",
        "__h :: Value :: Lit (1.5f64)",
        "PerformanceInsightsRetentionPeriod :: V7",
        "Key . get_att (\"Arn\")",
    ]
    .into_iter()
    .filter(|w| !out.contains(w))
    .collect::<Vec<_>>();
    assert!(missing.is_empty(), "missing {missing:#?} in\n{out}");
}

/// `expand` on a stack the checks reject: each construct falls back to something neutral
/// instead of panicking (the proc macro never gets here, but `expand` is public).
#[test]
fn expand_falls_back_on_values_the_checks_reject() {
    let def: ast::StackDef = syn::parse2(quote! {
        stack S { name: "S${Suffix}" }
        parameter P: String { MinLength: "3", AllowedValues: "x" }
        resource Q: sqs::Queue { SqsManagedSseEnabled: true }
        #[suppress(Foo, "an identifier, not a rule id")]
        #[suppress(HA-N001)]
        #[suppress]
        #[depends_on(Q, "not an id")]
        resource Db: rds::DbInstance { DBInstanceClass: "db.t4g.micro", StorageEncrypted: true, PerformanceInsightsRetentionPeriod: true }
        output A { Value: Q.Nope }
        output B { Value: Join(Ref(P), ["a"]) }
        output C { Value: If("not a condition", "a", "b") }
        output D { Value: Sub(Ref(P)) }
        output E { Description: "no value" }
    })
    .unwrap();
    let checked = check::check(&def);
    assert!(!checked.diags.is_empty());
    let out = squash(expand::expand(&def, &checked).to_string());
    let missing = [
        "__p . min_length = __N ;",
        "__p . allowed_values = :: std :: vec :: Vec :: from ([]) ;",
        "rule : __Str :: from (\"Foo\")",
        "PerformanceInsightsRetentionPeriod :: Unknown",
        "__e . depends_on = :: std :: vec :: Vec :: from ([__Str :: from (\"Q\")]) ;",
        "Q . get_att (\"Nope\")",
        "__h :: Intrinsic :: Join (__Str :: from (__h :: Render :: render (& __h :: Json :: Fn",
        "__h :: Intrinsic :: If (__Str :: new () ,",
        "__h :: Intrinsic :: Sub (__Str :: from (\"\")",
        "__t . outputs . insert (__Str :: from (\"E\") , __h :: Output { value : __h :: Json :: Null ,",
    ]
    .into_iter()
    .filter(|w| !out.contains(w))
    .collect::<Vec<_>>();
    assert!(missing.is_empty(), "missing {missing:#?} in\n{out}");
    // Only the suppression with a rule and a reason is recorded.
    assert_eq!(out.matches("__sup . push").count(), 1, "{out}");
}

/// Non-reference stack arguments reach the per-resource functions by reference and are cloned
/// there, so a Rust expression sees the value it would see in `synth` itself.
#[test]
fn value_arguments_are_cloned_into_the_resource_functions() {
    let out = squash(
        stack(quote! {
            stack S(config: &Config, n: u32) { name: "S${Suffix}" }
            resource Q: sqs::Queue { SqsManagedSseEnabled: true, DelaySeconds: (n) }
        })
        .to_string(),
    );
    assert!(!out.contains("compile_error ! {"), "{out}");
    for want in [
        "pub fn synth (env : & :: ha_core :: Env , config : & Config , n : u32)",
        "pub (crate) mod __resource_Q { use super :: super :: * ; use super :: { __h , __N , __S , __Str , __TypeQ } ; # [inline (never)] pub (crate) fn build (env : & __h :: Env , __t : & mut __h :: Template , __tags : & [(__Str , __h :: Value < __Str >)] , __sup : & mut :: std :: vec :: Vec < __h :: Suppression > , config : & Config , n : & u32) { let n : u32 = :: std :: clone :: Clone :: clone (n) ;",
        "__stack_S :: __resource_Q :: build (env , & mut __t , & __tags , & mut __sup , config , & n) ;",
    ] {
        assert!(out.contains(want), "missing {want} in\n{out}");
    }
    // No `let` per resource in `synth`: handles are const items of the hidden module.
    assert!(!out.contains("let Q ="), "{out}");
}

/// Editor support without an editor: rust-analyzer maps a token of the user's source to the
/// expanded tokens that carry its span. Hover and go-to-definition on `sqs::Queue` and on a
/// property key work when the generated type path and field names carry those spans, which
/// is what this test checks (spans with line and column: proc-macro2's `span-locations`).
#[test]
fn generated_type_paths_and_fields_carry_the_users_spans() {
    let src = "stack S { name: \"S${Suffix}\" }\nresource Q: sqs::Queue {\n    DelaySeconds: 5,\n    SqsManagedSseEnabled: true,\n}\n";
    let input: proc_macro2::TokenStream = src.parse().unwrap();
    let out = stack(input);
    // Every identifier of the expansion with its (line, column).
    fn idents(ts: proc_macro2::TokenStream, acc: &mut Vec<(String, usize, usize)>) {
        for t in ts {
            match t {
                proc_macro2::TokenTree::Ident(i) => {
                    let s = i.span().start();
                    acc.push((i.to_string(), s.line, s.column));
                }
                proc_macro2::TokenTree::Group(g) => idents(g.stream(), acc),
                _ => {}
            }
        }
    }
    let mut found = Vec::new();
    idents(out, &mut found);
    let at = |name: &str| -> Vec<(usize, usize)> {
        found
            .iter()
            .filter(|(n, _, _)| n == name)
            .map(|(_, l, c)| (*l, *c))
            .collect()
    };
    // `sqs` at line 2 column 12, `Queue` at column 17 (0-based columns).
    assert!(at("sqs").contains(&(2, 12)), "{:?}", at("sqs"));
    assert!(at("Queue").contains(&(2, 17)), "{:?}", at("Queue"));
    // The fields the user wrote, at their keys; a field left out has no user span.
    assert!(
        at("delay_seconds").contains(&(3, 4)),
        "{:?}",
        at("delay_seconds")
    );
    assert!(
        at("sqs_managed_sse_enabled").contains(&(4, 4)),
        "{:?}",
        at("sqs_managed_sse_enabled")
    );
    // A property left out is not named at all: `sqs::Queue` has no required property, so the
    // rest comes from its `Default`.
    assert!(at("visibility_timeout").is_empty());
    assert_eq!(at("Default").len(), 2, "{found:?}");
}

/// Every token of the HA stack's expansion, nested groups included, depth first.
fn all_tokens(ts: proc_macro2::TokenStream, out: &mut Vec<proc_macro2::TokenTree>) {
    for tt in ts {
        if let proc_macro2::TokenTree::Group(g) = &tt {
            all_tokens(g.stream(), out);
        }
        out.push(tt);
    }
}

#[test]
fn no_token_of_the_expansion_is_at_the_call_site() {
    // Parsed from the source text, every input token has a real position; the call site has
    // the empty range 0..0. A token there (or a nested macro call) would make rustc recompile
    // the whole expansion whenever an edit changes the invocation's length (docs/edit-loop.md).
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../ha-stack/src/stack.rs");
    let src = std::fs::read_to_string(path).expect("HA stack source");
    let body = common::stack_body(&src).expect("stack! in the HA stack");
    // Outside rustc a span has no file: `include_str!` paths resolve from the working
    // directory (no other test of this binary reads files).
    std::env::set_current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../ha-stack/src")).unwrap();
    let out = stack(common::with_library_constructs(body));
    let mut tokens = Vec::new();
    all_tokens(out, &mut tokens);
    assert!(tokens.len() > 50_000, "{} tokens", tokens.len());
    let at_call_site: Vec<String> = tokens
        .iter()
        .filter(|t| t.span().byte_range() == (0..0))
        .map(ToString::to_string)
        .collect();
    assert!(
        at_call_site.is_empty(),
        "{} tokens at the call site, e.g. {:?}",
        at_call_site.len(),
        &at_call_site[..at_call_site.len().min(20)]
    );
    // The literals the expansion computed (logical ids, rendered names) moved next to the
    // name they belong to, e.g. the string "DataBucket" to the resource's id.
    let text = tokens.iter().map(ToString::to_string).collect::<Vec<_>>();
    assert!(text.iter().any(|t| t == "\"DataBucket\""));
    // And no `vec!` or other macro invocations of the expansion's own, apart from ha-core's
    // per-service type macros and `include_str!` of included files.
    let macros: std::collections::BTreeSet<String> = tokens
        .windows(2)
        .filter_map(|w| match (&w[0], &w[1]) {
            (proc_macro2::TokenTree::Ident(i), proc_macro2::TokenTree::Punct(p))
                if p.as_char() == '!' =>
            {
                Some(i.to_string())
            }
            _ => None,
        })
        .filter(|m| !m.starts_with("__ha_service_"))
        .collect();
    // (`compile_error!` is inside the service macros' input, used when a feature is off.)
    assert!(
        macros
            .iter()
            .all(|m| m == "include_str" || m == "compile_error"),
        "{macros:?}"
    );
}
