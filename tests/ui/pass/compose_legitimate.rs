use ha_macros::stack;

// `for`, constructs with typed parameters, `defaults` and `let`: all expanded before the
// checks, then rendered as plain resources.
stack! {
    stack Case { name: "Case${Suffix}" }

    defaults logs::LogGroup { RetentionInDays: 30, KmsKeyId: Key.Arn }

    resource Key: kms::Key { EnableKeyRotation: true }
    resource Vpc: ec2::Vpc { CidrBlock: "10.0.0.0/16" }

    for (az, cidr) in [(0, "10.0.1.0/24"), (1, "10.0.2.0/24")] {
        resource Private{az}: ec2::Subnet {
            VpcId: Ref(Vpc),
            CidrBlock: cidr,
            AvailabilityZone: Select(az, GetAZs("")),
        }
    }

    construct Worker(name: Name, runtime: String, memory: Number) {
        resource {name}Logs: logs::LogGroup { LogGroupName: "/case/${Suffix}/{name}" }
        resource {name}Role: iam::Role {
            AssumeRolePolicyDocument: {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
            },
        }
        resource {name}: lambda::Function {
            Runtime: runtime,
            MemorySize: memory,
            Handler: "index.handler",
            Role: {name}Role.Arn,
            Code: { ZipFile: "def handler(e, c): return 1" },
            LoggingConfig: { LogGroup: Ref({name}Logs) },
        }
        output {name}Arn { Value: {name}.Arn }
    }

    let runtime = "python3.13";
    use Worker(Api, runtime, 256);
    use Worker(Jobs, runtime, 1024);
}

fn main() {
    let s = Case::synth(&ha_core::Env::new("dev", "test"));
    let v: serde_json::Value = serde_json::from_str(&s.template.to_json_string()).unwrap();
    let r = &v["Resources"];
    assert_eq!(r["Private1"]["Properties"]["CidrBlock"], "10.0.2.0/24");
    assert_eq!(r["Private1"]["Properties"]["AvailabilityZone"]["Fn::Select"][0], 1);
    assert_eq!(r["Jobs"]["Properties"]["MemorySize"], 1024);
    assert_eq!(r["Api"]["Properties"]["Runtime"], "python3.13");
    assert_eq!(r["Jobs"]["Properties"]["Role"], serde_json::json!({ "Fn::GetAtt": ["JobsRole", "Arn"] }));
    // The suffix is filled at synth; `{name}` was filled by the construct.
    assert_eq!(r["ApiLogs"]["Properties"]["LogGroupName"], "/case/dev/Api");
    assert_eq!(r["ApiLogs"]["Properties"]["RetentionInDays"], 30);
    assert_eq!(r["JobsLogs"]["Properties"]["KmsKeyId"], serde_json::json!({ "Fn::GetAtt": ["Key", "Arn"] }));
    assert_eq!(v["Outputs"]["ApiArn"]["Value"], serde_json::json!({ "Fn::GetAtt": ["Api", "Arn"] }));
    assert_eq!(r.as_object().unwrap().len(), 10);
}
