//! Composition: `for` loops, constructs with typed parameters, `defaults` (`src/compose.rs`,
//! `src/ast.rs`). Everything is expanded before the checks run, so the checks see plain items.

use ha_macros_core::{ast, check, compose, unsuppressed, with_origin};
use proc_macro2::TokenStream;
use quote::quote;

fn parse(ts: TokenStream) -> ast::StackDef {
    match syn::parse2(ts) {
        Ok(d) => d,
        Err(e) => panic!("does not parse: {e}"),
    }
}

fn parse_err(ts: TokenStream) -> String {
    match syn::parse2::<ast::StackDef>(ts) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.to_string(),
    }
}

fn ids(def: &ast::StackDef) -> Vec<String> {
    def.resources.iter().map(|r| r.ident.to_string()).collect()
}

fn prop(def: &ast::StackDef, res: &str, key: &str) -> String {
    let r = def.resources.iter().find(|r| r.ident == res).unwrap();
    let v = &r.props.iter().find(|(k, _)| k.name == key).unwrap().1;
    match v {
        ast::Val::Str(s) => s.value(),
        ast::Val::Int(n, _) => n.to_string(),
        ast::Val::Bool(b, _) => b.to_string(),
        ast::Val::Path(i, rest) => format!(
            "{i}.{}",
            rest.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(".")
        ),
        ast::Val::Call(f, args) => format!("{f}/{}", args.len()),
        other => other.kind().to_owned(),
    }
}

#[test]
fn for_loops_over_lists_tuples_and_ranges_glue_names_and_fill_strings() {
    let def = parse(quote! {
        stack S { name: "S${Suffix}" }
        for az in [1, 2] {
            resource Private{az}Subnet: ec2::Subnet {
                VpcId: Ref(Vpc),
                CidrBlock: "10.0.{az}.0/24",
                AvailabilityZone: Select(az, GetAZs("")),
                Tags: [{ Key: "Name", Value: "private-{az}-${Suffix}" }],
            }
        }
        for (name, delay) in [(Fast, 0), (Slow, 30),] {
            resource {name}Queue: sqs::Queue { DelaySeconds: delay, SqsManagedSseEnabled: true }
            output {name}QueueUrl { Value: Ref({name}Queue) }
        }
        for i in 1..=2 { for j in 0..2 { resource Cell{i}x{j}: sqs::Queue { DelaySeconds: {j}, SqsManagedSseEnabled: true } } }
        resource Vpc: ec2::Vpc { CidrBlock: "10.0.0.0/16" }
    });
    assert_eq!(
        ids(&def),
        [
            "Private1Subnet",
            "Private2Subnet",
            "FastQueue",
            "SlowQueue",
            "Cell1x0",
            "Cell1x1",
            "Cell2x0",
            "Cell2x1",
            "Vpc"
        ]
    );
    assert_eq!(prop(&def, "Private2Subnet", "CidrBlock"), "10.0.2.0/24");
    assert_eq!(prop(&def, "Private2Subnet", "AvailabilityZone"), "Select/2");
    assert_eq!(prop(&def, "SlowQueue", "DelaySeconds"), "30");
    assert_eq!(prop(&def, "Cell2x1", "DelaySeconds"), "1");
    assert_eq!(def.outputs[1].ident, "SlowQueueUrl");
    // `${Suffix}` is left alone; `{az}` is filled.
    let r = &def.resources[0];
    let tags = &r.props.iter().find(|(k, _)| k.name == "Tags").unwrap().1;
    let ast::Val::List(items, _) = tags else {
        panic!()
    };
    let ast::Val::Object(f, _) = &items[0] else {
        panic!()
    };
    assert!(matches!(&f[1].1, ast::Val::Str(s) if s.value() == "private-1-${Suffix}"));
    let checked = check::check(&def);
    assert!(unsuppressed(&def, checked.diags.clone()).is_empty());
}

#[test]
fn constructs_take_typed_arguments_and_produce_checked_items_with_their_origin() {
    let ts = quote! {
        stack S { name: "S${Suffix}" }
        resource Key: kms::Key { EnableKeyRotation: true }
        use Logged(Api, 30, true, Key.Arn);
        construct Logged(name: Name, days: Number, enc: Bool, key: Value) {
            resource {name}Logs: logs::LogGroup { RetentionInDays: days, KmsKeyId: key }
            resource {name}Queue: sqs::Queue { SqsManagedSseEnabled: enc, KmsDataKeyReusePeriodSeconds: 300 }
            output {name}LogGroup { Value: Ref({name}Logs) }
        }
        use Logged(Jobs, 7, true, Key.Arn);
    };
    let def = parse(ts);
    assert_eq!(
        ids(&def),
        ["Key", "ApiLogs", "ApiQueue", "JobsLogs", "JobsQueue"]
    );
    assert_eq!(prop(&def, "JobsLogs", "RetentionInDays"), "7");
    assert_eq!(prop(&def, "ApiLogs", "KmsKeyId"), "Key.Arn");
    assert_eq!(prop(&def, "ApiQueue", "SqsManagedSseEnabled"), "true");
    assert_eq!(def.origins["JobsQueue"].construct, "Logged");
    assert!(!def.origins.contains_key("Key"));
    assert!(unsuppressed(&def, check::check(&def).diags).is_empty());

    // A rule broken inside a construct is reported with a note at the `use`.
    let def = parse(quote! {
        stack S { name: "S${Suffix}" }
        construct Q(name: Name, sse: Bool) { resource {name}: sqs::Queue { SqsManagedSseEnabled: sse } }
        use Q(Plain, false);
    });
    let diags = unsuppressed(&def, check::check(&def).diags);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].rule.id, "HA-P002");
    let d = with_origin(&def, diags[0].clone());
    assert_eq!(
        d.notes.last().unwrap().1,
        "in `Plain`, made by this use of construct `Q`"
    );
    // Items outside constructs get no such note.
    let def = parse(quote! { stack S { name: "S${Suffix}" } resource Plain: sqs::Queue {} });
    let diags = unsuppressed(&def, check::check(&def).diags);
    assert!(with_origin(&def, diags[0].clone()).notes.is_empty());
}

#[test]
fn construct_arguments_by_name_and_parameter_defaults() {
    let def = parse(quote! {
        stack S { name: "S${Suffix}" }
        construct Q(name: Name, delay: Number = 5, sse: Bool = true, label: String = "plain") {
            resource {name}: sqs::Queue { DelaySeconds: delay, SqsManagedSseEnabled: sse, QueueName: "{label}-${Suffix}" }
        }
        use Q(A);
        use Q(B, label: "named", delay: 7);
        use Q(name: C, sse: true);
    });
    assert_eq!(prop(&def, "A", "DelaySeconds"), "5");
    assert_eq!(prop(&def, "A", "QueueName"), "plain-${Suffix}");
    assert_eq!(prop(&def, "B", "DelaySeconds"), "7");
    assert_eq!(prop(&def, "B", "QueueName"), "named-${Suffix}");
    assert_eq!(prop(&def, "C", "SqsManagedSseEnabled"), "true");
}

#[test]
fn defaults_fill_what_a_resource_does_not_set() {
    let def = parse(quote! {
        stack S { name: "S${Suffix}" }
        defaults sqs::Queue { SqsManagedSseEnabled: true, DelaySeconds: 5 }
        resource A: sqs::Queue {}
        resource B: sqs::Queue { DelaySeconds: 9 }
        for n in [1, 2] { resource C{n}: sqs::Queue {} }
    });
    assert_eq!(prop(&def, "A", "DelaySeconds"), "5");
    assert_eq!(prop(&def, "B", "DelaySeconds"), "9");
    assert_eq!(prop(&def, "C2", "SqsManagedSseEnabled"), "true");
    assert!(unsuppressed(&def, check::check(&def).diags).is_empty());
    let twice = parse_err(quote! {
        stack S { name: "S${Suffix}" }
        defaults sqs::Queue { DelaySeconds: 5 }
        defaults sqs::Queue { DelaySeconds: 6 }
        resource A: sqs::Queue {}
    });
    assert!(
        twice.contains("`defaults sqs::Queue` is declared twice"),
        "{twice}"
    );
    let unused = parse_err(quote! {
        stack S { name: "S${Suffix}" }
        defaults sqs::Queu { DelaySeconds: 5 }
        resource A: sqs::Queue {}
    });
    assert!(unused.contains("applies to no resource"), "{unused}");
    let bad = parse_err(quote! { stack S { name: "S${Suffix}" } defaults sqs { } });
    assert!(bad.contains("defaults are declared as"), "{bad}");
}

#[test]
fn composition_mistakes_say_what_to_write() {
    let cases: Vec<(TokenStream, &str)> = vec![
        (quote!(for [1] {}), "expected a name after `for`"),
        (
            quote!(for (a, 1) in [(1, 2)] {}),
            "expected a name in the loop pattern",
        ),
        (quote!(for a of [1] {}), "expected `in`"),
        (quote!(for a in [1]), "expected the loop body"),
        (
            quote!(for (a, b) in [(1, 2), 3] {}),
            "each element must bind 2 value(s)",
        ),
        (
            quote!(for (a, b) in [(1)] {}),
            "each element must bind 2 value(s)",
        ),
        (
            quote!(for a in x {}),
            "expected a list `[..]` or an integer range",
        ),
        (quote!(for a in (1) {}), "expected a list `[..]` or an integer range"),
        (quote!(for a in [1.5] { resource Q{a}: sqs::Queue {} }), "`{a}` is `1.5` here, which cannot be part of a name"),
        (quote!(construct C(a: Name, b: Number = 1) {} use C();), "it takes (a: Name, b: Number = ..)"),
        (
            quote!(for a in 1..x {}),
            "expected a list `[..]` or an integer range",
        ),
        (quote!(for (a, b) in 1..3 {}), "a range binds one name"),
        (
            quote!(for a in ["x y"] { resource Q{a}: sqs::Queue {} }),
            "`Qx y` is not a valid name",
        ),
        (
            quote!(for a in [Ref(X)] { resource Q{a}: sqs::Queue {} }),
            "cannot be part of a name",
        ),
        (quote!(construct), "expected the construct's name"),
        (quote!(construct C {}), "expected `(` after `construct C`"),
        (
            quote!(construct C(a: Name)),
            "expected `{ items }` after the parameters of `C`",
        ),
        (quote!(construct C(a) {}), "is written `name: Kind` (or `name: Kind = default`)"),
        (
            quote!(construct C(a: Text) {}),
            "unknown parameter kind `Text`",
        ),
        (
            quote!(construct C(a: Name, a: Name) {}),
            "declares the parameter `a` twice",
        ),
        (
            quote!(construct C() {} construct C() {}),
            "construct `C` is defined twice",
        ),
        (
            quote!(for a in [1] { construct C() {} }),
            "not inside a `for`",
        ),
        (quote!(use;), "expected a construct's name after `use`"),
        (
            quote!(
                use C;
            ),
            "expected `(` after `use C`",
        ),
        (
            quote!(construct C() {} use C()),
            "expected `;` after `use C(..)`",
        ),
        (
            quote!(construct Queue() {} use Queu();),
            "construct `Queu` is not defined (did you mean `Queue`?)",
        ),
        (quote!(construct C(a: Name) {} use C();), "construct `C` needs the argument `a` (an identifier (a logical id or part of one)); it takes (a: Name)"),
        (quote!(construct C(a: Name) {} use C(x, y);), "takes 1 argument(s) (a: Name), found more"),
        (quote!(construct C(a: Name, b: Number = 1) {} use C(b: 2, x);), "a positional argument after `name: value` ones: write it as `b: ..`"),
        (quote!(construct C(a: Name) {} use C(a: x, y);), "a positional argument after `name: value` ones: write it as `name: ..`"),
        (quote!(construct C(alpha: Name) {} use C(alpah: x);), "construct `C` has no parameter `alpah` (did you mean `alpha`?); it takes (alpha: Name)"),
        (quote!(construct C(a: Name) {} use C(x, a: y);), "argument `a` of construct `C` is given twice"),
        (quote!(construct C(a: Number = x) {}), "argument `a` of construct `C` is a Number and takes an integer literal, found `x`"),
        (quote!(construct C(a: Number 1) {}), "after `a: Number` comes `,`, `)` or a default `= value`"),
        (quote!(construct C(a: Number =) {}), "after `a: Number` comes `,`, `)` or a default `= value`"),
        (
            quote!(construct C(a: Name) {} use C("x");),
            "argument `a` of construct `C` is a Name and takes an identifier",
        ),
        (
            quote!(construct C(a: String) {} use C(1);),
            "takes a string literal, found `1`",
        ),
        (
            quote!(construct C(a: Number) {} use C(x);),
            "takes an integer literal",
        ),
        (
            quote!(construct C(a: Bool) {} use C(yes);),
            "takes `true` or `false`",
        ),
        (
            quote!(construct C(a: Value, b: Value) {} use C(, x);),
            "takes a value, found nothing",
        ),
        (
            quote!(construct C() { use C(); } use C();),
            "nest more than 16 levels",
        ),
    ];
    let mut wrong = Vec::new();
    for (items, want) in cases {
        let ts = quote!(stack S { name: "S${Suffix}" } #items);
        let e = parse_err(ts.clone());
        if !e.contains(want) {
            wrong.push(format!("{ts}\n  => {e}\n  wanted: {want}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn substitution_leaves_keys_paths_and_unbound_braces_alone() {
    let x = compose::expand(quote! {
        for Name in ["x"] {
            resource Q: sqs::Queue { Name: Name, Tags: { Name: "{Name}-{other}-${Name}" }, Neg: -1 }
            output O { Value: sqs::Queue }
        }
        construct N(n: Number, s: String) { resource R: sqs::Queue { DelaySeconds: n, QueueName: s } }
        use N(-3, r"raw");
    })
    .unwrap();
    let text = x.tokens.to_string();
    assert!(text.contains("Name : \"x\""), "{text}");
    assert!(text.contains("\"x-{other}-${Name}\""), "{text}");
    assert!(text.contains("DelaySeconds : - 3"), "{text}");
    assert!(text.contains("QueueName : r\"raw\""), "{text}");
    assert!(text.contains("sqs :: Queue"), "{text}");
}

#[test]
fn splices_insert_list_elements_and_object_fields_and_use_attributes_reach_every_resource() {
    let def = parse(quote! {
        stack S { name: "S${Suffix}" }
        construct Q(name: Name, tags: Value = [], extra: Value = {}, n: Value = 1) {
            resource {name}: sqs::Queue {
                Tags: [..tags, { Key: "last", Value: "x" }],
                ..extra,
                SqsManagedSseEnabled: true,
            }
            for i in 0..n { resource {name}Dlq{i}: sqs::Queue { SqsManagedSseEnabled: true } }
        }
        use Q(Empty);
        #[suppress(HA-N001, "test")]
        #[depends_on(Empty)]
        use Q(Full, tags: [{ Key: "a", Value: "1" }, { Key: "b", Value: "2" },], extra: { DelaySeconds: 3 }, n: 2);
    });
    let r = |id: &str| def.resources.iter().find(|r| r.ident == id).unwrap();
    let tags = |id: &str| match &r(id)
        .props
        .iter()
        .find(|(k, _)| k.name == "Tags")
        .unwrap()
        .1
    {
        ast::Val::List(items, _) => items.len(),
        other => panic!("{}", other.kind()),
    };
    assert_eq!(tags("Empty"), 1);
    assert_eq!(tags("Full"), 3);
    assert_eq!(prop(&def, "Full", "DelaySeconds"), "3");
    assert!(r("Empty")
        .props
        .iter()
        .all(|(k, _)| k.name != "DelaySeconds"));
    assert_eq!(
        ids(&def),
        ["Empty", "EmptyDlq0", "Full", "FullDlq0", "FullDlq1"]
    );
    // Both attributes on every resource of the second use, none on the first's.
    for id in ["Full", "FullDlq1"] {
        let names: Vec<String> = r(id).attrs.iter().map(|a| a.name.to_string()).collect();
        assert_eq!(names, ["suppress", "depends_on"], "{id}");
    }
    assert!(r("EmptyDlq0").attrs.is_empty());
    // `..x` where x is not a list or object, or not bound, stays as written (a range here).
    let x = compose::expand(quote!(construct C(n: Number) { for i in 0..n {} } use C(2);)).unwrap();
    assert!(x.tokens.is_empty());
    let x = compose::expand(
        quote!(construct C(v: Value) { resource R: sqs::Queue { A: [..v, ..w] } } use C((1));),
    )
    .unwrap();
    assert!(
        x.tokens.to_string().contains("[.. (1) , .. w]"),
        "{}",
        x.tokens
    );
}

#[test]
fn imports_hand_the_stack_to_the_library_and_exports_generate_the_hand_off_macros() {
    // An import whose construct is not defined yet: `stack!` calls the library's macro with
    // the whole invocation.
    let input = quote! {
        stack S { name: "S${Suffix}" }
        use lib::nested::Q;
        use Q(A);
    };
    let out = ha_macros_core::stack(input.clone()).to_string();
    assert!(out.starts_with("lib :: nested :: Q ! { stack S"), "{out}");
    assert_eq!(
        compose::pending_import(&input).unwrap().to_string(),
        "lib :: nested :: Q"
    );
    // Once the library put the definition in front, the import is satisfied and dropped.
    let resolved = quote! {
        construct Q(name: Name) { resource {name}: sqs::Queue { SqsManagedSseEnabled: true } }
        stack S { name: "S${Suffix}" }
        use lib::nested::Q;
        use Q(A);
    };
    assert!(compose::pending_import(&resolved).is_none());
    let def = parse(resolved);
    assert_eq!(ids(&def), ["A"]);
    // `use Name;` without a path and `use a::b` without `;` are not imports.
    assert!(compose::pending_import(&quote!(use Q; use a::b)).is_none());
    // Parsed without the library's hand-off (a unit test, or a macro that is no construct).
    let e = parse_err(quote! { stack S { name: "S${Suffix}" } use lib::Q; });
    assert!(
        e.contains("construct `Q` from `lib::Q` is not available"),
        "{e}"
    );

    // The export: one `macro_rules!` per construct, putting the definition in front.
    let out = compose::export(quote! {
        construct A(x: Name) { resource {x}: sqs::Queue {} }
        construct B() {}
    })
    .to_string();
    assert!(out.contains("macro_rules ! A"), "{out}");
    assert!(out.contains("macro_rules ! B"), "{out}");
    assert!(out.contains(":: ha_macros :: stack ! { construct A (x : Name) { resource { x } : sqs :: Queue { } } $ ($ stack) * }"), "{out}");
    assert!(out.contains("Construct `A(x : Name)`"), "{out}");
    let bad = compose::export(quote!(construct A {})).to_string();
    assert!(bad.contains("compile_error ! {"), "{bad}");
    let stray = compose::export(quote!(construct A() {} resource X: sqs::Queue {})).to_string();
    assert!(
        stray.contains("takes `construct Name(params) { items }` definitions only"),
        "{stray}"
    );
}

#[test]
fn let_binds_a_value_for_the_items_after_it_and_the_checks_see_it_there() {
    let def = parse(quote! {
        stack S { name: "S${Suffix}" }
        let same_account = { Condition: { StringEquals: { "aws:SourceAccount": "${AWS::AccountId}" } } };
        let delay = 5;
        let queue = "jobs";
        let both = [Ref(Jobs), Ref(Later)];
        resource Jobs: sqs::Queue { QueueName: "{queue}-${Suffix}", DelaySeconds: delay, SqsManagedSseEnabled: true }
        for n in [1] {
            // Inside a loop body, and in a later `let`.
            let later = [delay, delay];
            resource Later: sqs::Queue { DelaySeconds: delay, SqsManagedSseEnabled: true, Tags: [{ Key: "n", Value: "{n}" }] }
            output Delays { Value: Join(",", later) }
        }
        resource Policy: sqs::QueuePolicy {
            Queues: both,
            PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sqs:SendMessage", Resource: Jobs.Arn, ..same_account }] },
        }
    });
    assert_eq!(ids(&def), ["Jobs", "Later", "Policy"]);
    assert_eq!(prop(&def, "Jobs", "QueueName"), "jobs-${Suffix}");
    assert_eq!(prop(&def, "Jobs", "DelaySeconds"), "5");
    assert_eq!(prop(&def, "Later", "DelaySeconds"), "5");
    assert_eq!(prop(&def, "Policy", "Queues"), "a list");
    // The spliced condition is a field of the statement.
    let policy = def.resources.iter().find(|r| r.ident == "Policy").unwrap();
    let Some(ast::Val::List(statements, _)) =
        check::get(&policy.props, &["PolicyDocument", "Statement"])
    else {
        panic!("no statements")
    };
    let ast::Val::Object(fields, _) = &statements[0] else {
        panic!("not an object")
    };
    let keys: Vec<&str> = fields.iter().map(|(k, _)| k.name.as_str()).collect();
    assert_eq!(
        keys,
        ["Effect", "Principal", "Action", "Resource", "Condition"]
    );
    let checked = check::check(&def);
    let d: Vec<_> = unsuppressed(&def, checked.diags)
        .into_iter()
        .map(|d| (d.rule.id, d.message))
        .collect();
    assert!(d.is_empty(), "{d:?}");
    // A `let` value is checked where it lands: a forbidden value through `let` fails there.
    let def = parse(quote! {
        stack S { name: "S${Suffix}" }
        let off = false;
        resource Q: sqs::Queue { SqsManagedSseEnabled: off }
    });
    let d = unsuppressed(&def, check::check(&def).diags);
    assert_eq!(d.iter().map(|d| d.rule.id).collect::<Vec<_>>(), ["HA-P002"]);
}

#[test]
fn let_mistakes_say_what_is_expected() {
    let cases: &[(TokenStream, &str)] = &[
        (quote!(let = 1;), "expected a name after `let`"),
        (quote!(let x 1;), "expected `=` after `let x`"),
        (quote!(let x = 1), "expected `;` after the value of `let x`"),
        (
            quote!(let x = ; resource Q: sqs::Queue { DelaySeconds: x }),
            "`let x` has no value",
        ),
        (
            quote!(let x = 1; resource Q: sqs::Queue { DelaySeconds: 2 }),
            "`let x` is never used",
        ),
        (
            quote!(let x = 1; for n in [1] { let x = 2; } resource Q: sqs::Queue { DelaySeconds: x }),
            "`x` is bound by `let` twice",
        ),
        (
            quote!(let x = 1; let x = 2; resource Q: sqs::Queue { DelaySeconds: x }),
            "`x` is bound by `let` twice",
        ),
    ];
    for (ts, want) in cases {
        let got = parse_err(quote!(stack S { name: "S${Suffix}" } #ts));
        assert!(got.contains(want), "{ts}: {got}");
    }
    // A name inside a `${..}` of a string counts as a use only when it is written `{x}`.
    let def = parse(quote! {
        stack S { name: "S${Suffix}" }
        let id = "a";
        resource Q: sqs::Queue { QueueName: "q-{id}-${Suffix}", SqsManagedSseEnabled: true }
    });
    assert_eq!(prop(&def, "Q", "QueueName"), "q-a-${Suffix}");
    // A `let` used only by the next one in its run counts as used.
    let def = parse(quote! {
        stack S { name: "S${Suffix}" }
        let base = 5;
        let delay = base;
        resource Q: sqs::Queue { DelaySeconds: delay, SqsManagedSseEnabled: true }
    });
    assert_eq!(prop(&def, "Q", "DelaySeconds"), "5");
}
