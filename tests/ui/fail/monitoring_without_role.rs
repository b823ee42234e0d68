use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Db: rds::DbCluster {
        Engine: "aurora-postgresql",
        EngineVersion: "16.8",
        StorageEncrypted: true,
        MasterUsername: "app",
        ManageMasterUserPassword: true,
    }
    resource Instance: rds::DbInstance {
        DBClusterIdentifier: Ref(Db),
        Engine: "aurora-postgresql",
        DBInstanceClass: "db.r6g.large",
        MonitoringInterval: 60,
    }
}

fn main() {}
