use ha_macros::stack;

// A public database in one branch of a condition, and through a parameter default written as
// the string CloudFormation passes.
stack! {
    stack Case { name: "Case${Suffix}" }

    parameter Public: String { Default: "true", AllowedValues: ["true", "false"] }
    parameter Env: String { Default: "dev" }
    condition IsDev = Equals(Ref(Env), "dev");

    resource Db: rds::DbInstance {
        Engine: "postgres",
        DBInstanceClass: "db.t4g.micro",
        AllocatedStorage: "20",
        StorageEncrypted: true,
        MasterUsername: "app",
        ManageMasterUserPassword: true,
        PubliclyAccessible: If(IsDev, Ref(Public), false),
    }
}

fn main() {}
