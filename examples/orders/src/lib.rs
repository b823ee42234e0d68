//! Build your own: an app crate written only with the toolkit's public API.
//!
//! - the stack: one `stack!{}` (checked at compile time: references, naming, encryption,
//!   deletion policies);
//! - the app: [`OrdersApp`] implements [`ha_synth::StackApp`] (its own flags, parameters, tags
//!   and what "protected" means for it);
//! - the CLI: `src/main.rs` is one line, `ha_deploy::app::main(OrdersApp)`, and gets synth,
//!   diff, deploy, watch, drift, outputs, graph, destroy and bootstrap with the runner's data
//!   safety (`tests/deploy.rs` runs it against the local endpoint).

use ha_macros::stack;
use ha_synth::{StackApp, SynthContext, SynthOutput};

stack! {
    stack Orders {
        name: "Orders${Suffix}",
        description: "Order intake: encrypted queues (intake and dead letters) and an order table",
        tags: { Project: "orders", Environment: "${Suffix}", Owner: Ref(Owner) },
    }

    parameter Owner: String { Default: "platform-team", Description: "Owner cost-allocation tag" }
    parameter Stage: String { Default: "dev", AllowedValues: ["dev", "prod"], Description: "prod turns the table's deletion protection on" }

    condition IsProduction = Equals(Ref(Stage), "prod");

    resource DeadLetters: sqs::Queue {
        QueueName: "orders-dlq-${Suffix}",
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 1209600,
    }

    resource Intake: sqs::Queue {
        QueueName: "orders-intake-${Suffix}",
        SqsManagedSseEnabled: true,
        VisibilityTimeout: 60,
        RedrivePolicy: { deadLetterTargetArn: DeadLetters.Arn, maxReceiveCount: 5 },
    }

    #[deletion_policy(Delete)]
    resource OrderTable: dynamodb::Table {
        TableName: "orders-${Suffix}",
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [{ AttributeName: "orderId", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "orderId", KeyType: "HASH" }],
        SSESpecification: { SSEEnabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: If(IsProduction, true, false),
    }

    output IntakeQueueUrl { Value: Ref(Intake), Description: "Where producers send orders" }
    output OrderTableName { Value: Ref(OrderTable), Description: "Order table" }
}

/// The app's own flags (added to every verb of the CLI).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct OrdersArgs {
    /// Production: the table's deletion protection on, destroy refused without --force
    /// (implied by suffix `prod`)
    #[arg(long)]
    pub production: bool,
    /// Owner cost-allocation tag
    #[arg(long, default_value = "platform-team")]
    pub owner: String,
}

/// The orders app.
#[derive(Debug, Clone, Copy, Default)]
pub struct OrdersApp;

impl StackApp for OrdersApp {
    type Args = OrdersArgs;

    fn synth(&self, ctx: &SynthContext, args: &OrdersArgs) -> anyhow::Result<SynthOutput> {
        let env = ha_core::Env::new(ctx.suffix.clone(), ctx.suffix_source.clone());
        let stack = Orders::synth(&env);
        // the synth-time checks (suffix, physical-name limits, quotas), every problem at once
        let template_json = ha_core::synth::synth(&stack, &env)
            .map_err(|e| anyhow::anyhow!("{e}"))?
            .json;
        let production = args.production || ctx.suffix == "prod";
        let stage = if production { "prod" } else { "dev" };
        Ok(SynthOutput {
            stack_name: stack.name,
            create_only: ha_synth::create_only(&template_json)?,
            template_json,
            parameters: vec![
                ("Owner".into(), args.owner.clone()),
                ("Stage".into(), stage.into()),
            ],
            tags: vec![("Project".into(), "orders".into())],
            deletion_protected: production,
            unprotect_parameters: vec![("Stage".into(), "dev".into())],
            delete_data_parameters: Vec::new(),
            sources: ha_synth::sources(Orders::SOURCES),
            depends_on: Vec::new(),
        })
    }
}
