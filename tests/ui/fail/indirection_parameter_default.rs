use ha_macros::stack;

// A deprecated Aurora version is rejected when it arrives through a parameter's default.
stack! {
    stack Case { name: "Case${Suffix}" }

    parameter EngineVersion: String { Default: "14.9" }

    resource Db: rds::DbCluster {
        Engine: "aurora-postgresql",
        EngineVersion: Ref(EngineVersion),
        StorageEncrypted: true,
        MasterUsername: "app",
        ManageMasterUserPassword: true,
    }
}

fn main() {}
