use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Key: kms::Key {
        KeyPolicy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:${AWS::Partition}:iam::${AWS::AccountId}:root" }, Action: "kms:*", Resource: "*" }] },
    }
    resource Topic: sns::Topic { KmsMasterKeyId: Key.Arn }
    resource Vault: backup::BackupVault {
        BackupVaultName: "vault-${Suffix}",
        EncryptionKeyArn: Key.Arn,
        Notifications: { BackupVaultEvents: ["BACKUP_JOB_COMPLETED", "BACKUP_JOB_FAILED"], SNSTopicArn: Ref(Topic) },
    }
}

fn main() {}
