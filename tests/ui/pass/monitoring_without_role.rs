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
    resource MonitoringRole: iam::Role {
        AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "monitoring.rds.amazonaws.com" }, Action: "sts:AssumeRole" }] },
    }
    resource Instance: rds::DbInstance {
        DBClusterIdentifier: Ref(Db),
        Engine: "aurora-postgresql",
        DBInstanceClass: "db.r6g.large",
        MonitoringInterval: 60,
        MonitoringRoleArn: MonitoringRole.Arn,
    }
}

fn main() {
    let s = Case::synth(&ha_core::Env::new("dev", "test"));
    let v: serde_json::Value = serde_json::from_str(&s.template.to_json_string()).unwrap();
    assert!(v["Resources"]["Instance"]["Properties"]["MonitoringRoleArn"]["Fn::GetAtt"][0] == "MonitoringRole", "{v:#}");
}
