use ha_macros::stack;

// HA-N003: physical names checked with the suffix at its longest (16 characters), directly,
// through an `If` branch and through a parameter default; the schema's maximum length for a
// type the naming table has no rule for.
stack! {
    stack Case { name: "Case${Suffix}" }

    parameter LogsBucketName: String { Default: "Logs-${Suffix}" }
    condition IsProd = Equals("${AWS::Region}", "us-east-1");

    resource Data: s3::Bucket {
        BucketName: "Data-${Suffix}",
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] },
    }
    resource Logs: s3::Bucket {
        BucketName: Ref(LogsBucketName),
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] },
    }
    resource Alb: elasticloadbalancingv2::LoadBalancer {
        Name: If(IsProd, "prod-${Suffix}", "the-application-lb-${Suffix}"),
        Subnets: ["subnet-1", "subnet-2"],
    }
    resource Bus: events::EventBus { Name: "bus-${Suffix}" }
    resource Archive: events::Archive { ArchiveName: "orders-archive-for-the-main-event-bus-${Suffix}", SourceArn: Bus.Arn }
}

fn main() {}
