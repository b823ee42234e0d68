use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Volume: ec2::Volume { AvailabilityZone: Select(0, GetAZs()), Size: 10, Encrypted: true }
}

fn main() {
    let s = Case::synth(&ha_core::Env::new("dev", "test"));
    let v: serde_json::Value = serde_json::from_str(&s.template.to_json_string()).unwrap();
    assert!(v["Resources"]["Volume"]["Properties"]["Encrypted"] == true, "{v:#}");
}
