//! Unit tests of the pure helpers, kept out of the library so that it is compiled once for
//! coverage (a `#[cfg(test)]` copy of the library would be a second, partly exercised
//! instantiation of every function).

mod aws {
    use aws_sdk_cloudformation::config::http::HttpResponse;
    use aws_sdk_cloudformation::error::SdkError;
    use ha_deploy::aws::*;

    #[test]
    fn regions() {
        assert!(check_region("eu-west-1", "--region").is_ok());
        let e = check_region("mars-north-1", "AWS_REGION").unwrap_err();
        assert!(e
            .to_string()
            .contains("unknown AWS region `mars-north-1` (from AWS_REGION)"));
        assert_eq!(ha_deploy::error::exit_code(&e), 2);
        let mut sorted = KNOWN_REGIONS.to_vec();
        sorted.sort();
        assert_eq!(sorted, KNOWN_REGIONS);
    }

    #[test]
    fn errors_without_a_code_are_named_by_status() {
        use aws_sdk_cloudformation::operation::describe_stacks::DescribeStacksError;
        use aws_smithy_types::body::SdkBody;
        use aws_smithy_types::error::ErrorMetadata;
        let err = |status: u16, code: Option<&str>| {
            let mut meta = ErrorMetadata::builder().message("m");
            if let Some(c) = code {
                meta = meta.code(c);
            }
            SdkError::service_error(
                DescribeStacksError::generic(meta.build()),
                HttpResponse::new(status.try_into().unwrap(), SdkBody::empty()),
            )
        };
        assert_eq!(classify(&err(403, None)), Problem::AccessDenied("m".into()));
        let service = |code: &str| Problem::Service {
            code: code.into(),
            message: "m".into(),
        };
        assert_eq!(classify(&err(404, None)), service("NotFound"));
        assert_eq!(classify(&err(503, None)), service("HTTP503"));
        assert_eq!(
            classify(&err(400, Some("RequestExpired"))),
            Problem::Expired("m".into())
        );
        let e = explain("x:Y", None, err(400, Some("Throttling")));
        assert_eq!(e.to_string(), "x:Y failed: Throttling: m");
        assert_eq!(ha_deploy::error::exit_code(&e), 1);
        let other: SdkError<DescribeStacksError, HttpResponse> =
            SdkError::construction_failure("bad request");
        let e = explain("x:Y", None, other);
        assert!(
            e.to_string()
                .starts_with("x:Y failed: failed to construct request"),
            "{e}"
        );
    }
}

mod bootstrap {
    #[test]
    fn policy_denies_insecure_transport() {
        let p: serde_json::Value =
            serde_json::from_str(&ha_deploy::bootstrap::tls_only_policy("b")).unwrap();
        assert_eq!(
            p["Statement"][0]["Condition"]["Bool"]["aws:SecureTransport"],
            "false"
        );
        assert_eq!(p["Statement"][0]["Resource"][1], "arn:aws:s3:::b/*");
    }
}

mod cli {
    use ha_deploy::cli::*;
    use std::time::Duration;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("30m"), Ok(Duration::from_secs(1800)));
        assert_eq!(parse_duration("2h"), Ok(Duration::from_secs(7200)));
        assert!(parse_duration("soon").is_err());
    }

    #[test]
    fn polls_start_fast_and_ramp_up_to_the_interval() {
        use ha_deploy::stack::ramp;
        let poll = Duration::from_secs(2);
        let pauses: Vec<u128> = (0..6).map(|r| ramp(poll, r).as_millis()).collect();
        assert_eq!(pauses, [250, 500, 1000, 2000, 2000, 2000]);
        assert_eq!(ramp(Duration::from_millis(5), 0), Duration::from_millis(5));
        assert_eq!(ramp(Duration::from_secs(300), 40), Duration::from_secs(300));
    }

    #[test]
    fn poll_intervals_are_bounded() {
        assert_eq!(parse_poll_interval("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_poll_interval("1"), Ok(Duration::from_secs(1)));
        assert_eq!(
            parse_poll_interval(" 0s "),
            Err("poll interval `0s` is out of range: use 1s to 300s (5m)".to_owned())
        );
        assert!(parse_poll_interval("6m").unwrap_err().contains("`6m`"));
        assert!(parse_poll_interval("often")
            .unwrap_err()
            .contains("not a duration"));
    }
}

mod console {
    use ha_deploy::console::*;
    use std::io::Write;

    #[test]
    fn status_redraws_only_on_tty() {
        let (c, cap) = Console::captured(true, true, "yes\nno\n");
        assert!(c.is_tty() && c.is_interactive());
        c.status("1/3");
        c.line("event");
        c.status("2/3");
        c.end_status();
        c.end_status();
        c.error("oops");
        c.status("3/3");
        c.ask("go? [y/N]");
        let input = c.input();
        assert_eq!(read_answer(&input), "yes");
        assert_eq!(read_answer(&input), "no");
        assert_eq!(read_answer(&input), "");
        let t = cap.text();
        assert!(t.contains("\r\x1b[2K1/3\r\x1b[2Kevent\n"), "{t:?}");
        assert!(
            t.contains("oops\n") && t.contains("\r\x1b[2Kgo? [y/N] "),
            "{t:?}"
        );

        let (c, cap) = Console::captured(false, false, "");
        c.status("hidden");
        c.line("shown");
        assert_eq!(cap.text(), "shown\n");
        let mut w = cap.clone();
        w.flush().unwrap();
    }

    #[test]
    fn stdio_builds() {
        let c = Console::stdio();
        c.end_status();
    }
}

mod deploy {
    use ha_deploy::deploy::*;

    #[test]
    fn names() {
        assert_eq!(
            staging_bucket("123", "eu-west-1"),
            "ha-cfn-staging-123-eu-west-1"
        );
        let k = template_key("s", "{}");
        assert!(k.starts_with(
            "templates/s/44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
        ));
    }
}

mod destroy {
    use ha_deploy::destroy::*;

    #[test]
    fn merge() {
        let p = |k: &str, v: &str| (k.to_string(), v.to_string());
        assert_eq!(
            merge_parameters(&[p("A", "1"), p("B", "2")], &[p("B", "x"), p("C", "y")]),
            vec![p("A", "1"), p("B", "x"), p("C", "y")]
        );
    }
}

mod diff {
    use ha_deploy::diff::*;
    use serde_json::json;
    use serde_json::Value;
    use std::collections::BTreeMap;

    #[test]
    fn structural_diff() {
        let old = json!({"Resources": {"Q": {"Properties": {"V": 30, "L": [1, 2], "Gone": "x"}}}});
        let new = json!({"Resources": {"Q": {"Properties": {"V": 60, "L": [1], "New": {"a": 1}}}}});
        let d = json_diff(&old, &new);
        assert_eq!(
            render_paths(&d),
            vec![
                "- Resources.Q.Properties.Gone: \"x\"",
                "- Resources.Q.Properties.L[1]: 2",
                "+ Resources.Q.Properties.New: {\"a\":1}",
                "~ Resources.Q.Properties.V: 30 → 60",
            ]
        );
        assert!(json_diff(&old, &old).is_empty());
        let long = Value::String("x".repeat(200));
        assert!(short(&long).ends_with('…'));
        let weird = PathChange {
            path: "p".into(),
            old: None,
            new: None,
        };
        assert_eq!(render_paths(&[weird]), vec!["? p"]);
    }

    #[test]
    fn replacement_inference_and_reasons() {
        let old = json!({"Resources": {"Q": {"Properties": {"QueueName": "a", "V": 1}}}});
        let new = json!({"Resources": {"Q": {"Properties": {"QueueName": "b", "V": 1}}}});
        let mut create_only = BTreeMap::new();
        create_only.insert(
            "AWS::SQS::Queue".to_string(),
            vec!["QueueName".to_string(), "FifoQueue".to_string()],
        );
        let mk = |action: &str, id: &str, ty: &str, repl: Option<&str>| Change {
            action: action.into(),
            logical_id: id.into(),
            resource_type: ty.into(),
            replacement: repl.map(String::from),
            ..Default::default()
        };
        let mut changes = vec![
            mk("Modify", "Q", "AWS::SQS::Queue", None),
            mk("Modify", "R", "AWS::SNS::Topic", Some("Conditional")),
            mk("Add", "Role", "AWS::IAM::Role", None),
            mk("Remove", "Sg", "AWS::EC2::SecurityGroup", None),
            mk("Modify", "T", "AWS::Other", Some("False")),
            mk("Dynamic", "Z", "AWS::Other", None),
        ];
        changes[0].properties = vec!["QueueName".into()];
        infer_replacements(&mut changes, &old, &new, &create_only);
        assert_eq!(changes[0].inferred_replacement, vec!["QueueName"]);
        let rows = render_changes(&changes);
        assert_eq!(rows[0], "~ Modify   Q (AWS::SQS::Queue) [QueueName] REPLACEMENT: True (inferred: createOnly QueueName)");
        assert_eq!(
            rows[1],
            "~ Modify   R (AWS::SNS::Topic) REPLACEMENT: Conditional"
        );
        assert!(rows[2].starts_with("+ Add"));
        assert!(rows[3].starts_with("- Remove"));
        assert!(rows[5].starts_with("* Dynamic"));
        assert_eq!(
            confirmation_reasons(&changes),
            vec![
                "replace Q",
                "replace R",
                "Add Role (IAM)",
                "Remove Sg (security group)"
            ]
        );
    }
}

mod error {
    use ha_deploy::error::*;

    #[test]
    fn codes() {
        assert_eq!(exit_code(&failed("x")), 1);
        assert_eq!(exit_code(&input("x")), 2);
        assert_eq!(exit_code(&blocked("x")), 3);
        assert_eq!(exit_code(&interrupted("x")), 130);
        assert_eq!(exit_code(&anyhow::anyhow!("other")), 1);
        assert_eq!(exit_code(&input("inner").context("outer")), 2);
        assert_eq!(failed("msg").to_string(), "msg");
    }
}

mod graph {
    use ha_deploy::graph::*;
    use serde_json::json;

    #[test]
    fn dot_and_svg() {
        let t = json!({"Resources": {
            "Topic": {"Type": "AWS::SNS::Topic"},
            "Q\"x": {"Type": "AWS::SQS::Queue", "Properties": {"T": {"Ref": "Topic"}}}}});
        let d = dot(&t, "s");
        assert!(
            d.contains("\"Q\\\"x\" -> \"Topic\" [label=\"Ref\"];"),
            "{d}"
        );
        let s = svg(&dot(
            &json!({"Resources": {"A": {"Type": "T"}, "B": {"Type": "T", "DependsOn": "A"}}}),
            "g",
        ))
        .unwrap();
        assert!(s.contains("<svg"), "{s}");
        assert!(svg(&dot(&json!({}), "e")).unwrap().contains("<svg"));
        assert!(svg("digraph { a -> }").is_err());
    }

    #[test]
    fn services_aggregate() {
        assert_eq!(service_of("AWS::RDS::DBCluster"), "RDS");
        assert_eq!(service_of("Custom::Echo"), "Custom");
        assert_eq!(service_of("?"), "?");
        let t = json!({"Resources": {
            "C": {"Type": "AWS::RDS::DBCluster", "Properties": {"S": {"Ref": "S"}, "K": {"Fn::GetAtt": ["K", "Arn"]}, "K2": {"Ref": "K"}}},
            "I": {"Type": "AWS::RDS::DBInstance", "Properties": {"C": {"Ref": "C"}, "S": {"Ref": "S"}}},
            "S": {"Type": "AWS::EC2::SecurityGroup"},
            "K": {"Type": "AWS::KMS::Key"}}});
        let g = services(&t);
        let d = services_dot(&g, "s");
        assert!(d.contains("\"RDS\" [shape=box, style=filled, fillcolor=lightyellow, fontsize=16, label=\"RDS ×2\"];"), "{d}");
        assert!(
            d.contains("\"RDS\" -> \"EC2\" [label=\"2\", penwidth=1];"),
            "{d}"
        );
        assert!(
            d.contains("\"RDS\" -> \"KMS\" [label=\"1\", penwidth=1];"),
            "{d}"
        );
        assert_eq!(g.edges.len(), 2, "{d}");
        assert!(svg(&d).unwrap().contains("RDS ×2"));
    }
}

mod outputs {
    use ha_deploy::outputs::*;
    use std::collections::BTreeMap;

    #[test]
    fn table_and_file() {
        assert_eq!(table(&BTreeMap::new()), vec!["(no outputs)"]);
        let mut m = BTreeMap::new();
        m.insert("TopicArn".to_string(), "arn:x".to_string());
        m.insert("A".to_string(), "1".to_string());
        assert_eq!(table(&m)[2], "A          1");
        let dir = std::env::temp_dir().join(format!("ha-deploy-out-{}", std::process::id()));
        let p = write_flat(&dir, "net-dev", &m).unwrap();
        let text = "{\n  \"A\": \"1\",\n  \"TopicArn\": \"arn:x\"\n}\n";
        assert_eq!(p, dir.join("cfn-outputs/flat-outputs.json"));
        assert_eq!(std::fs::read_to_string(&p).unwrap(), text);
        // Each stack also keeps its own file: a second stack replaces the flat file only.
        let mut other = BTreeMap::new();
        other.insert("ApiUrl".to_string(), "https://x".to_string());
        write_flat(&dir, "api-dev", &other).unwrap();
        let read = |f: &str| std::fs::read_to_string(dir.join("cfn-outputs").join(f)).unwrap();
        assert_eq!(read("net-dev.json"), text);
        assert_eq!(read("api-dev.json"), "{\n  \"ApiUrl\": \"https://x\"\n}\n");
        assert_eq!(read("flat-outputs.json"), read("api-dev.json"));
        std::fs::write(dir.join("blocker"), "").unwrap();
        assert!(write_flat(&dir.join("blocker"), "net-dev", &m).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

mod progress {
    use ha_deploy::progress::*;
    use std::time::Duration;

    fn ev(id: &str, ty: &str, status: &str, reason: Option<&str>) -> Event {
        Event {
            id: format!("{id}-{status}"),
            logical_id: id.into(),
            resource_type: ty.into(),
            status: status.into(),
            reason: reason.map(String::from),
        }
    }

    #[test]
    fn statuses_and_elapsed() {
        assert!(
            is_terminal("ROLLBACK_COMPLETE") && !is_terminal("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS")
        );
        assert!(is_success("UPDATE_COMPLETE") && !is_success("UPDATE_ROLLBACK_COMPLETE"));
        assert_eq!(elapsed(Duration::from_secs(65)), "1m05s");
        assert_eq!(elapsed(Duration::from_secs(5)), "5s");
    }

    #[test]
    fn progress_lines() {
        let mut p = Progress::new(2);
        let stack = ev(
            "s",
            "AWS::CloudFormation::Stack",
            "CREATE_IN_PROGRESS",
            Some("User Initiated"),
        );
        p.apply(&stack);
        p.apply(&ev("Q", "AWS::SQS::Queue", "CREATE_IN_PROGRESS", None));
        assert_eq!(
            p.status_line(Duration::from_secs(3)),
            "0/2 resources  3s  in progress: Q"
        );
        p.apply(&ev("Q", "AWS::SQS::Queue", "CREATE_COMPLETE", Some("")));
        assert_eq!(p.done(), 1);
        assert_eq!(p.status_line(Duration::from_secs(4)), "1/2 resources  4s");
        let l = p.event_line(&stack, Duration::from_secs(4));
        assert!(
            l.starts_with("[  1/2       4s] s ")
                && l.ends_with("CREATE_IN_PROGRESS  User Initiated"),
            "{l}"
        );
        assert!(p
            .event_line(&ev("Q", "T", "X", Some("")), Duration::ZERO)
            .ends_with('X'));
    }

    #[test]
    fn root_cause_skips_noise() {
        let events = vec![
            ev(
                "st",
                "AWS::CloudFormation::Stack",
                "CREATE_IN_PROGRESS",
                None,
            ),
            ev(
                "A",
                "AWS::SNS::Topic",
                "CREATE_FAILED",
                Some("Resource creation cancelled"),
            ),
            ev(
                "B",
                "AWS::SQS::Queue",
                "CREATE_FAILED",
                Some("bad VisibilityTimeout"),
            ),
            ev(
                "st",
                "AWS::CloudFormation::Stack",
                "ROLLBACK_IN_PROGRESS",
                None,
            ),
        ];
        let rc = root_cause(&events).unwrap();
        assert_eq!(
            render_root_cause(rc),
            "Root cause: B (AWS::SQS::Queue) CREATE_FAILED: bad VisibilityTimeout"
        );
        let only_stack = vec![ev(
            "st",
            "AWS::CloudFormation::Stack",
            "UPDATE_FAILED",
            Some("boom"),
        )];
        assert_eq!(root_cause(&only_stack).unwrap().logical_id, "st");
        assert!(root_cause(&events[..1]).is_none());
        assert!(
            render_root_cause(&ev("X", "T", "DELETE_FAILED", None)).ends_with("no reason given")
        );
    }
}

mod stepfn {
    use ha_deploy::stepfn::*;

    #[test]
    fn token_search() {
        assert_eq!(
            find_task_token(r#"{"FunctionName":"f","Payload":{"taskToken":"T1","x":1}}"#)
                .as_deref(),
            Some("T1")
        );
        assert_eq!(
            find_task_token(r#"{"MessageBody":"{\"TaskToken\":\"T2\"}","L":[1]}"#).as_deref(),
            Some("T2")
        );
        assert_eq!(
            find_task_token(r#"{"a":[{"Token":"T3"}]}"#).as_deref(),
            Some("T3")
        );
        assert_eq!(find_task_token(r#"{"a":"b"}"#), None);
        assert_eq!(find_task_token("not json"), None);
    }
}

mod template {
    use ha_deploy::template::*;
    use serde_json::json;

    #[test]
    fn finds_all_edge_kinds() {
        let t = json!({"Resources": {
            "A": {"Type": "AWS::SNS::Topic"},
            "B": {"Type": "AWS::SQS::Queue", "DependsOn": "A",
                  "Properties": {"X": {"Ref": "A"}, "Y": {"Fn::GetAtt": ["A", "TopicName"]},
                                 "P": {"Ref": "AWS::Region"}, "Q": {"Ref": "Param"}}},
            "C": {"DependsOn": ["A", "B", 7],
                  "Properties": {"S": {"Fn::Sub": "${B.Arn}-${AWS::Region}-${!Lit}-${Nope"},
                                 "T": {"Fn::Sub": ["${A}${Local}", {"Local": "x"}]},
                                 "U": {"Fn::GetAtt": "B.QueueName"},
                                 "V": [{"Ref": "C"}, {"Fn::GetAtt": 3}, {"Fn::Sub": 1}, {"Fn::Sub": [1]}, {"Fn::GetAtt": ["A"]}]}}
        }});
        let e = edges(&t);
        let labels: Vec<String> = e
            .iter()
            .map(|(f, to, k)| format!("{f}->{to}:{}", k.label()))
            .collect();
        assert_eq!(
            labels,
            vec![
                "B->A:Ref",
                "B->A:GetAtt TopicName",
                "B->A:DependsOn",
                "C->A:Sub",
                "C->A:DependsOn",
                "C->B:GetAtt QueueName",
                "C->B:Sub",
                "C->B:DependsOn"
            ]
        );
        assert_eq!(resources(&t)[2].kind, "?");
        assert_eq!(ids_of_type(&t, "AWS::SQS::Queue"), vec!["B"]);
        assert!(resources(&json!({})).is_empty());
        assert!(edges(&json!({})).is_empty());
        assert_eq!(sub_names("${X}"), vec!["X"]);
    }

    #[test]
    fn parse_errors_are_input_errors() {
        let e = parse("{").unwrap_err();
        assert_eq!(ha_deploy::error::exit_code(&e), 2);
        assert!(parse("{}").is_ok());
    }
}

mod safety_units {
    use ha_deploy::protect::*;
    use ha_deploy::security;
    use ha_deploy::stack::{shell_word, Hint, StackInfo, StackStatus};
    use serde_json::json;

    #[test]
    fn protection_is_read_from_the_deployed_parameters() {
        let info = StackInfo {
            id: "s".into(),
            status: StackStatus::UpdateComplete,
            outputs: Default::default(),
            parameters: [("DeletionProtection".to_string(), "true".to_string())].into(),
            termination_protection: false,
            drift: None,
        };
        let off = vec![("DeletionProtection".to_string(), "false".to_string())];
        let p = Protection::read(&info, &off);
        assert!(p.is_protected());
        assert_eq!(p.describe(), "DeletionProtection=true");
        let new = vec![("DeletionProtection".to_string(), "false".to_string())];
        assert_eq!(
            lowered(&p, &new, &off),
            vec![(
                "DeletionProtection".to_string(),
                "true".to_string(),
                "false".to_string()
            )]
        );
        // an app whose unprotect list does not name the key cannot lower it
        assert!(lowered(&p, &new, &[]).is_empty());
        assert!(!Protection::default().is_protected());
        assert_eq!(
            render_parameter_changes(&parameter_changes(
                &info.parameters,
                &[("X".into(), "1".into())]
            )),
            vec!["X: (new) 1"]
        );
    }

    #[test]
    fn hints_quote_what_a_shell_would_split() {
        assert_eq!(shell_word("pr-9"), "pr-9");
        assert_eq!(shell_word(""), "''");
        assert_eq!(shell_word("it's"), "'it'\\''s'");
        let h = Hint {
            bin: "app".into(),
            flags: vec!["--suffix".into(), "a b".into()],
        };
        assert_eq!(h.cmd("watch"), "app watch --suffix 'a b'");
    }

    #[test]
    fn security_rows_cover_iam_network_keys_and_public_access() {
        let tpl = json!({"Resources": {
            "Sg": {"Type": "AWS::EC2::SecurityGroup", "Properties": {
                "SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0"}],
                "SecurityGroupEgress": [{"IpProtocol": "-1", "DestinationSecurityGroupId": "sg-1"}]}},
            "In": {"Type": "AWS::EC2::SecurityGroupIngress", "Properties": {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "SourceSecurityGroupId": "sg-2"}},
            "Out": {"Type": "AWS::EC2::SecurityGroupEgress", "Properties": {"IpProtocol": "tcp", "CidrIpv6": "::/0"}},
            "Key": {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:*", "Resource": "*"}]}}},
            "Role": {"Type": "AWS::IAM::Role", "Properties": {
                "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
                "ManagedPolicyArns": ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
                "Policies": [{"PolicyName": "p", "PolicyDocument": {"Statement": [{"Effect": "Deny", "NotAction": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}}]}},
            "Pol": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyDocument": {}}},
            "Bucket": {"Type": "AWS::S3::Bucket", "Properties": {"PublicAccessBlockConfiguration": {"BlockPublicAcls": false, "BlockPublicPolicy": true}}},
            "Closed": {"Type": "AWS::S3::Bucket", "Properties": {"PublicAccessBlockConfiguration": {"BlockPublicAcls": true}}},
            "Plain": {"Type": "AWS::SQS::Queue"},
            "DefaultKey": {"Type": "AWS::KMS::Key", "Properties": {"Description": "default key policy"}}
        }});
        let rows = security::rows(&tpl);
        let kinds: Vec<(&str, &str)> = rows
            .iter()
            .map(|r| (r.resource.as_str(), r.kind.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("Bucket", "public access"),
                ("In", "ingress"),
                ("Key", "key policy"),
                ("Out", "egress"),
                ("Role", "IAM statement"),
                ("Role", "IAM statement"),
                ("Role", "IAM statement"),
                ("Sg", "egress"),
                ("Sg", "ingress"),
            ]
        );
        let lines = security::render(&security::changes(&json!({}), &tpl));
        assert!(
            lines.iter().any(|l| l.starts_with("+ Sg")
                && l.contains("\"tcp\" 443-443 CidrIp \"0.0.0.0/0\"  (!) open to the world")),
            "{lines:?}"
        );
        assert!(
            lines
                .iter()
                .any(|l| l.contains("public access block off: BlockPublicAcls  (!)")),
            "{lines:?}"
        );
        assert!(
            lines
                .iter()
                .any(|l| l.contains("Deny NotAction \"s3:*\" Resource \"*\" Condition")),
            "{lines:?}"
        );
        assert!(
            lines
                .iter()
                .any(|l| l.contains("managed policy \"arn:aws:iam::aws:policy/ReadOnlyAccess\"")),
            "{lines:?}"
        );
        assert!(security::rows(&json!([])).is_empty());
        assert!(security::changes(&tpl, &tpl).is_empty());
    }

    #[test]
    fn exit_codes_are_distinct_and_documented() {
        use ha_deploy::error::*;
        let codes: Vec<u8> = EXIT_CODES.iter().map(|(c, _)| *c).collect();
        assert_eq!(codes, [0, 1, 2, 3, 4, 5, 130]);
        assert_eq!(exit_code(&refused("r")), 4);
        assert_eq!(exit_code(&lost("l")), 5);
        let t: anyhow::Error = Failure::Transient(Box::new(Failure::Failed("x".into()))).into();
        assert_eq!(exit_code(&t), 1);
        assert!(ha_deploy::aws::is_transient(&t));
        assert!(!ha_deploy::aws::is_transient(&failed("x")));
    }

    #[test]
    fn deletion_policies_and_summaries() {
        use ha_deploy::destroy::{deletion_policies, keeps};
        let p = deletion_policies(
            r#"{"Resources":{"A":{"DeletionPolicy":"Retain"},"B":{},"C":{"DeletionPolicy":"Snapshot"}}}"#,
        );
        assert!(keeps(p.get("A")) && !keeps(p.get("B")) && !keeps(p.get("C")));
        assert!(deletion_policies("Resources: {}").is_empty());
        let c = |a: &str| ha_deploy::diff::Change {
            action: a.into(),
            ..Default::default()
        };
        assert_eq!(
            ha_deploy::deploy::summary(&[c("Add"), c("Modify"), c("Dynamic"), c("Remove")]),
            "1 created, 2 updated, 1 deleted"
        );
        let f = ha_deploy::validation::Finding {
            logical_id: "A".into(),
            resource_type: "T".into(),
            ..Default::default()
        };
        assert_eq!(ha_deploy::validation::render(&f), "A (T): ");
        let d = ha_deploy::drift::Drifted::default();
        assert_eq!(ha_deploy::drift::render(&d), vec!["~  () "]);
    }
}

mod layered_graph {
    use ha_deploy::graph::*;
    use serde_json::json;

    #[test]
    fn ranks_follow_references_and_ignore_cycles() {
        let n = |s: &str| s.to_string();
        let nodes = vec![n("A"), n("B"), n("C"), n("D")];
        let edges = vec![
            (n("A"), n("B")),
            (n("B"), n("C")),
            (n("C"), n("B")),
            (n("A"), n("C")),
        ];
        let r = ranks(&nodes, &edges);
        assert_eq!(r["A"], 0);
        assert_eq!(r["D"], 0);
        assert!(r["C"] >= 1 && r["B"] >= 1);
    }

    #[test]
    fn big_graphs_are_laid_out_in_linear_time() {
        let mut res = serde_json::Map::new();
        for i in 0..50 {
            let props = if i > 0 {
                json!({"Next": {"Ref": format!("R{}", i - 1)}, "Name": "<&\">"})
            } else {
                json!({})
            };
            res.insert(
                format!("R{i}"),
                json!({"Type": format!("AWS::S{}::Thing", i % 45), "Properties": props}),
            );
        }
        let tpl = json!({"Resources": res});
        let svg = resource_svg(&tpl, "big").unwrap();
        assert!(
            svg.starts_with("<svg")
                && svg.contains(">R49</text>")
                && svg.contains("AWS::S4::Thing")
        );
        assert_eq!(svg.matches("<rect").count(), 50);
        assert_eq!(svg.matches("stroke=\"#888\"").count(), 49);
        let services = services(&tpl);
        let s = services_svg(&services, "big").unwrap();
        assert!(s.contains(">S4 ×2</text>"), "{s}");
        let small = services_svg(&ServiceGraph::default(), "none").unwrap();
        assert!(small.starts_with("<svg"));
        let tiny = resource_svg(
            &json!({"Resources": {"A": {"Type": "AWS::SQS::Queue"}}}),
            "t",
        )
        .unwrap();
        assert!(tiny.contains("<svg"));
        assert!(layered_svg(
            &[("a".into(), "x<y".into())],
            &[("a".into(), "gone".into())]
        )
        .contains("x&lt;y"));
    }
}

mod multi_stack {
    use ha_deploy::console::Console;
    use ha_deploy::deploy::{is_deployed, missing_dependency, stop_on_failure};
    use ha_deploy::error::{exit_code, refused};
    use ha_deploy::stack::StackStatus;

    #[test]
    fn deployed_means_created_and_not_rolled_back_or_deleted() {
        for s in [
            "CREATE_COMPLETE",
            "UPDATE_COMPLETE",
            "UPDATE_IN_PROGRESS",
            "UPDATE_ROLLBACK_COMPLETE",
            "IMPORT_COMPLETE",
        ] {
            assert!(is_deployed(&StackStatus::from(s)), "{s}");
        }
        for s in [
            "CREATE_IN_PROGRESS",
            "CREATE_FAILED",
            "ROLLBACK_COMPLETE",
            "DELETE_FAILED",
            "DELETE_COMPLETE",
            "REVIEW_IN_PROGRESS",
            "UNKNOWN",
        ] {
            assert!(!is_deployed(&StackStatus::from(s)), "{s}");
        }
    }

    #[test]
    fn a_missing_dependency_is_named_with_what_to_do() {
        assert_eq!(
            missing_dependency("api", "net", Some(&StackStatus::CreateComplete)),
            None
        );
        assert_eq!(
            missing_dependency("api", "net", None).unwrap(),
            "stack api imports exports of stack net, which does not exist: deploy net first (--stack net) or deploy the whole app (without --stack); nothing was changed"
        );
        let m = missing_dependency("api", "net", Some(&StackStatus::RollbackComplete)).unwrap();
        assert!(
            m.contains("which is ROLLBACK_COMPLETE: deploy net first"),
            "{m}"
        );
    }

    #[test]
    fn an_app_run_says_what_was_done_and_what_was_not_attempted() {
        let names: Vec<String> = ["net", "api", "web"].map(String::from).to_vec();
        let (console, cap) = Console::captured(false, false, "");
        assert!(stop_on_failure(&console, "deploy", "deployed", &names, 0, Ok(())).is_ok());
        let e = stop_on_failure(
            &console,
            "deploy",
            "deployed",
            &names,
            1,
            Err(refused("no")),
        )
        .unwrap_err();
        assert_eq!((e.to_string(), exit_code(&e)), ("no".to_string(), 4));
        let e = stop_on_failure(
            &console,
            "destroy",
            "destroyed",
            &names,
            0,
            Err(refused("x")),
        )
        .unwrap_err();
        assert_eq!(exit_code(&e), 4);
        // One stack: the error alone.
        let one = vec!["net".to_string()];
        assert!(
            stop_on_failure(&console, "deploy", "deployed", &one, 0, Err(refused("y"))).is_err()
        );
        assert_eq!(
            cap.text(),
            "App deploy stopped at stack api: deployed: net; not attempted: web.\nApp destroy stopped at stack net: destroyed: none; not attempted: api, web.\n"
        );
    }
}
