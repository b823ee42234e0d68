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
            BackupPlanRule: [{ RuleName: "pitr", TargetBackupVault: Ref(Vault), EnableContinuousBackup: true, Lifecycle: { DeleteAfterDays: 40 } }],
        },
    }
}

fn main() {}
