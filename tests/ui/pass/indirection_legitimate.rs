use ha_macros::stack;

// The same indirections with values every rule accepts compile: both If branches, every
// parameter default and allowed value, every mapping cell, and a region among a parameter's
// AllowedValues (a choice, not a hard-coded region).
stack! {
    stack Case { name: "Case${Suffix}" }

    parameter EngineVersion: String { Default: "16.8", AllowedValues: ["16.8", "16.9"] }
    parameter Runtime: String { Default: "python3.13", AllowedValues: ["python3.13", "python3.12"] }
    parameter HomeRegion: String { Default: "us-east-1", AllowedValues: ["us-east-1", "eu-west-1"] }
    parameter Env: String { Default: "dev" }
    condition IsDev = Equals(Ref(Env), "dev");
    mapping Runtimes {
        Prod: { Lambda: "python3.13" },
        Dev: { Lambda: "python3.12" },
    }

    resource Db: rds::DbCluster {
        Engine: "aurora-postgresql",
        EngineVersion: If(IsDev, Ref(EngineVersion), "16.9"),
        StorageEncrypted: true,
        MasterUsername: "app",
        ManageMasterUserPassword: true,
    }

    resource Role: iam::Role {
        AssumeRolePolicyDocument: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
        },
    }

    resource Fn: lambda::Function {
        Runtime: If(IsDev, FindInMap(Runtimes, "Dev", "Lambda"), Ref(Runtime)),
        Handler: "index.handler",
        Role: Role.Arn,
        Code: { ZipFile: "def handler(e, c): return 1" },
        Environment: { Variables: { HOME_REGION: Ref(HomeRegion) } },
    }

    resource Table: dynamodb::Table {
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [
            { AttributeName: "pk", AttributeType: "S" },
            { AttributeName: "gsi", AttributeType: "S" },
        ],
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
        GlobalSecondaryIndexes: [{
            IndexName: "ByGsi",
            KeySchema: [{ AttributeName: "gsi", KeyType: "HASH" }],
            Projection: { ProjectionType: "ALL" },
        }],
        SSESpecification: { SSEEnabled: true },
    }
}

fn main() {
    let s = Case::synth(&ha_core::Env::new("dev", "test"));
    let v: serde_json::Value = serde_json::from_str(&s.template.to_json_string()).unwrap();
    assert_eq!(
        v["Resources"]["Db"]["Properties"]["EngineVersion"],
        serde_json::json!({ "Fn::If": ["IsDev", { "Ref": "EngineVersion" }, "16.9"] })
    );
    assert_eq!(
        v["Parameters"]["HomeRegion"]["AllowedValues"],
        serde_json::json!(["us-east-1", "eu-west-1"])
    );
}
