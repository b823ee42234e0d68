use ha_macros::stack;

// Constructs from another crate (`ha-patterns`): imported with `use`, instantiated like local
// ones, and the whole graph checked here.
stack! {
    stack Case { name: "Case${Suffix}" }

    use ha_patterns::LambdaFunction;
    use ha_patterns::MetricAlarm;
    use ha_patterns::SubnetTier;
    use ha_patterns::PrivateBucket;

    resource Key: kms::Key { EnableKeyRotation: true }
    resource Topic: sns::Topic { KmsMasterKeyId: Ref(Key) }
    resource Vpc: ec2::Vpc { CidrBlock: "10.0.0.0/16" }

    use SubnetTier(Private, "private", Ref(Vpc), "10.0.16.0/20", "10.0.32.0/20", "10.0.48.0/20");
    use PrivateBucket(Uploads);
    use LambdaFunction(Resize, "resize", "def handler(e, c): return 1", Key.Arn,
        memory: 512, environment: { BUCKET: Ref(Uploads) },
        statements: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "${Uploads.Arn}/*" }]);
    use MetricAlarm(ResizeErrors, "resize-errors", "Resize function errors", "AWS/Lambda", "Errors",
        [{ Name: "FunctionName", Value: Ref(Resize) }], 1, Ref(Topic), statistic: "Sum", periods: 1);

    output ResizeArn { Value: Resize.Arn }
}

fn main() {
    let s = Case::synth(&ha_core::Env::new("dev", "test"));
    let v: serde_json::Value = serde_json::from_str(&s.template.to_json_string()).unwrap();
    let r = &v["Resources"];
    assert_eq!(r["PrivateSubnet3"]["Properties"]["CidrBlock"], "10.0.48.0/20");
    assert_eq!(r["Resize"]["Properties"]["FunctionName"], "resize-dev");
    assert_eq!(r["Resize"]["Properties"]["MemorySize"], 512);
    assert_eq!(r["Resize"]["Properties"]["Environment"]["Variables"]["BUCKET"], serde_json::json!({ "Ref": "Uploads" }));
    assert_eq!(r["ResizeRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"].as_array().unwrap().len(), 2);
    assert_eq!(r["ResizeErrors"]["Properties"]["AlarmActions"], serde_json::json!([{ "Ref": "Topic" }]));
    assert_eq!(r["UploadsPolicy"]["Properties"]["Bucket"], serde_json::json!({ "Ref": "Uploads" }));
    assert_eq!(r.as_object().unwrap().len(), 12);
}
