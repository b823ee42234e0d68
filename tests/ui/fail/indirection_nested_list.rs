use ha_macros::stack;

// Provisioned throughput inside a global secondary index of an on-demand table.
stack! {
    stack Case { name: "Case${Suffix}" }

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
            ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
        }],
        SSESpecification: { SSEEnabled: true },
    }
}

fn main() {}
