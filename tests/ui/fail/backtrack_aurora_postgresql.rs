use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Db: rds::DbCluster {
        Engine: "aurora-postgresql",
        EngineVersion: "16.8",
        StorageEncrypted: true,
        MasterUsername: "app",
        ManageMasterUserPassword: true,
        BacktrackWindow: 86400,
    }
}

fn main() {}
