// The README's example stack: `cargo run -p ha-tests --example readme -- dev`.
use ha_macros::stack;

stack! {
    stack Orders {
        name: "Orders${Suffix}",
        description: "Order events with an encrypted queue and table",
        tags: { Project: "orders", Environment: "${Suffix}", Owner: Ref(Owner) },
    }

    parameter Owner: String { Default: "platform-team", Description: "Owner cost-allocation tag" }
    parameter Stage: String { Default: "dev", AllowedValues: ["dev", "prod"], Description: "prod turns deletion protection on" }

    condition IsProduction = Equals(Ref(Stage), "prod");

    resource Key: kms::Key {
        Description: "Orders data key (${Suffix})",
        EnableKeyRotation: true,
        KeyPolicy: {
            Version: "2012-10-17",
            Statement: [{
                Sid: "AccountAdmin",
                Effect: "Allow",
                Principal: { AWS: "arn:${AWS::Partition}:iam::${AWS::AccountId}:root" },
                Action: ["kms:Create*", "kms:Describe*", "kms:Enable*", "kms:Put*", "kms:Update*", "kms:Revoke*", "kms:Get*", "kms:ScheduleKeyDeletion", "kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*"],
                Resource: "*",
            }],
        },
    }

    resource Queue: sqs::Queue {
        QueueName: "orders-${Suffix}",
        KmsMasterKeyId: Key.Arn,
        VisibilityTimeout: 60,
    }

    #[deletion_policy(Delete)]
    resource Table: dynamodb::Table {
        TableName: "orders-${Suffix}",
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
        SSESpecification: { SSEEnabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: If(IsProduction, true, false),
    }

    output QueueUrl { Value: Ref(Queue), Description: "Orders queue URL" }
    output TableArn { Value: Table.Arn, Export: "${AWS::StackName}-TableArn" }
}

fn main() {
    let suffix = std::env::args().nth(1).unwrap_or_else(|| "dev".to_owned());
    let stack = Orders::synth(&ha_core::Env::new(suffix, "argv[1]"));
    println!("# stack {}", stack.name);
    print!("{}", stack.template.to_json_string());
}
