use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Table: dynamodb::Table {
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "email", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
        GlobalSecondaryIndexes: [{ IndexName: "ByEmail", KeySchema: [{ AttributeName: "email", KeyType: "HASH" }], Projection: { ProjectionType: "KEYS_ONLY" } }],
        SSESpecification: { SSEEnabled: true },
    }
}

fn main() {
    let s = Case::synth(&ha_core::Env::new("dev", "test"));
    let v: serde_json::Value = serde_json::from_str(&s.template.to_json_string()).unwrap();
    assert_eq!(v["Resources"]["Table"]["Properties"]["KeySchema"][0]["KeyType"], "HASH");
}
