use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Db: rds::DbCluster {
        Engine: "aurora-postgresql",
        EngineVersion: "16.8",
        StorageEncrypted: false,
        MasterUsername: "app",
        ManageMasterUserPassword: true,
    }
}

fn main() {}
