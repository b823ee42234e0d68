use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Db: rds::DbCluster {
        Engine: "aurora-postgresql",
        EngineVersion: "14.9",
        StorageEncrypted: true,
        MasterUsername: "app",
        ManageMasterUserPassword: true,
    }
}

fn main() {}
