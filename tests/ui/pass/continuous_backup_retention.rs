use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Key: kms::Key {
        KeyPolicy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:${AWS::Partition}:iam::${AWS::AccountId}:root" }, Action: "kms:*", Resource: "*" }] },
    }
    resource Vault: backup::BackupVault { BackupVaultName: "vault-${Suffix}", EncryptionKeyArn: Key.Arn }
    resource Plan: backup::BackupPlan {
        BackupPlan: {
            BackupPlanName: "plan-${Suffix}",
            BackupPlanRule: [{ RuleName: "pitr", TargetBackupVault: Ref(Vault), EnableContinuousBackup: true, Lifecycle: { DeleteAfterDays: 35 } }],
        },
    }
}

fn main() {
    let s = Case::synth(&ha_core::Env::new("dev", "test"));
    let v: serde_json::Value = serde_json::from_str(&s.template.to_json_string()).unwrap();
    assert!(v["Resources"]["Plan"]["Properties"]["BackupPlan"]["BackupPlanRule"][0]["Lifecycle"]["DeleteAfterDays"] == 35, "{v:#}");
}
