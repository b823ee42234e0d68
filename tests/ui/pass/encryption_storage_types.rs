use ha_macros::stack;

// The same storage types, each encrypted at rest as its entry in the data table asks.
stack! {
    stack Case { name: "Case${Suffix}" }

    resource Files: efs::FileSystem { Encrypted: true }
    resource Search: opensearchservice::Domain { EncryptionAtRestOptions: { Enabled: true } }
    resource Cache: elasticache::ReplicationGroup { ReplicationGroupDescription: "sessions", AtRestEncryptionEnabled: true }
    resource Events: kinesis::Stream { ShardCount: 1, StreamEncryption: { EncryptionType: "KMS", KeyId: "alias/aws/kinesis" } }
}

fn main() {
    let s = Case::synth(&ha_core::Env::new("dev", "test"));
    let t: serde_json::Value = serde_json::from_str(&s.template.to_json_string()).unwrap();
    assert_eq!(t["Resources"]["Files"]["Properties"]["Encrypted"], true);
    assert_eq!(t["Resources"]["Events"]["Properties"]["StreamEncryption"]["EncryptionType"], "KMS");
}
