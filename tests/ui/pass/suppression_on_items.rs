use ha_macros::stack;

stack! {
    #[suppress(HA-P004, "the audit account is fixed by the organisation")]
    stack Case { name: "Case${Suffix}", tags: { AuditAccount: "123456789012" } }

    #[suppress(HA-P004, "the audit account is fixed by the organisation")]
    parameter AuditAccount: String { Default: "123456789012", AllowedValues: ["123456789012", "210987654321"] }

    #[suppress(HA-P004, "logs stay in the audit account only")]
    condition InAudit = Equals(AWS::AccountId, "123456789012");

    #[condition(InAudit)]
    resource Queue: sqs::Queue { SqsManagedSseEnabled: true }

    #[suppress(HA-P004, "documents the account operators sign in to")]
    output Console { Value: "https://123456789012.signin.aws.amazon.com/console" }
}

fn main() {
    let s = Case::synth(&ha_core::Env::new("dev", "test"));
    let v: serde_json::Value = serde_json::from_str(&s.template.to_json_string()).unwrap();
    assert_eq!(v["Conditions"]["InAudit"]["Fn::Equals"][1], "123456789012", "{v:#}");
    assert_eq!(v["Outputs"]["Console"]["Value"], "https://123456789012.signin.aws.amazon.com/console", "{v:#}");
}
