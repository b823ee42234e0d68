use ha_macros::stack;

// A key schema entry without KeyType, and a defined attribute that is no key: the generated
// type takes KeySchema as free-form JSON, the macro still checks what the schema constrains.
stack! {
    stack Case { name: "Case${Suffix}" }

    resource Table: dynamodb::Table {
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "email", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "pk" }],
        SSESpecification: { SSEEnabled: true },
    }
}

fn main() {}
