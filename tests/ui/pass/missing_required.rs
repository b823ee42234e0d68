use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Key: kms::Key {
        KeyPolicy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:${AWS::Partition}:iam::${AWS::AccountId}:root" }, Action: "kms:*", Resource: "*" }] },
    }
    resource Alias: kms::Alias { AliasName: "alias/app-${Suffix}", TargetKeyId: Ref(Key) }
}

fn main() {
    let s = Case::synth(&ha_core::Env::new("dev", "test"));
    let v: serde_json::Value = serde_json::from_str(&s.template.to_json_string()).unwrap();
    assert!(v["Resources"]["Alias"]["Properties"]["TargetKeyId"]["Ref"] == "Key", "{v:#}");
}
