use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Db: rds::DbCluster {
        Engine: "aurora-postgresql",
        EngineVersion: "14.20",
        EngineLifecycleSupport: "open-source-rds-extended-support-disabled",
        StorageEncrypted: true,
        MasterUsername: "app",
        ManageMasterUserPassword: true,
    }
}

fn main() {
    let s = Case::synth(&ha_core::Env::new("dev", "test"));
    let v: serde_json::Value = serde_json::from_str(&s.template.to_json_string()).unwrap();
    assert!(v["Resources"]["Db"]["Properties"]["EngineVersion"] == "14.20", "{v:#}");
}
