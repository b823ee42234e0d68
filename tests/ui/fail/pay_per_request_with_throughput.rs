use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Table: dynamodb::Table {
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
        SSESpecification: { SSEEnabled: true },
        ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
    }
}

fn main() {}
