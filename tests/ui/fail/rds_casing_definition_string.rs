use ha_macros::stack;

// HA-A018 also reads a state machine written as JSON text (`DefinitionString`, plain or in a
// `Sub`): the finding lands on the string.
stack! {
    stack Case { name: "Case${Suffix}" }

    resource Role: iam::Role {
        AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "states.amazonaws.com" }, Action: "sts:AssumeRole" }] },
    }
    resource Flow: stepfunctions::StateMachine {
        RoleArn: Role.Arn,
        DefinitionString: r#"{"StartAt": "Describe", "States": {"Describe": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:rds:describeDBClusters", "Parameters": {"DBClusterIdentifier": "db-1"}, "End": true}}}"#,
    }
    resource SubFlow: stepfunctions::StateMachine {
        RoleArn: Role.Arn,
        DefinitionString: Sub(r#"{"StartAt": "Fail", "States": {"Fail": {"Type": "Task", "Resource": "arn:${AWS::Partition}:states:::aws-sdk:rds:failoverDBCluster", "Parameters": {"DbClusterIdentifier": "db-1", "TargetDBInstanceIdentifier": "db-2"}, "End": true}}}"#),
    }
}

fn main() {}
