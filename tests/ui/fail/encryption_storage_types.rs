use ha_macros::stack;

// Storage types whose encryption at rest HA-P002 reads from its data table
// (ha-macros-core/src/encryption.rs): missing, or switched off.
stack! {
    stack Case { name: "Case${Suffix}" }

    resource Files: efs::FileSystem {}
    resource Search: opensearchservice::Domain { EncryptionAtRestOptions: { Enabled: false } }
    resource Cache: elasticache::ReplicationGroup { ReplicationGroupDescription: "sessions" }
    resource Events: kinesis::Stream { ShardCount: 1 }
}

fn main() {}
