//! A stack of 151 resources written with `stack!{}`, for the synth benchmark
//! (`cargo bench -p ha-tests --bench synth`) and the edit-loop script
//! (`scripts/bench-edit-loop.sh`). Generated once by hand-run Python; edit freely.

use ha_macros::stack;

stack! {
    stack Big {
        name: "Big${Suffix}",
        description: "benchmark stack",
        tags: { Project: "big", Environment: "${Suffix}" },
    }

    resource Key: kms::Key {
        Description: "big key",
        EnableKeyRotation: true,
        KeyPolicy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:${AWS::Partition}:iam::${AWS::AccountId}:root" }, Action: "kms:*", Resource: "*" }] },
    }

    resource Logs0: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-0",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue0: sqs::Queue {
        QueueName: "big-q0-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic0: sns::Topic {
        TopicName: "big-t0-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs1: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-1",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue1: sqs::Queue {
        QueueName: "big-q1-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic1: sns::Topic {
        TopicName: "big-t1-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs2: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-2",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue2: sqs::Queue {
        QueueName: "big-q2-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic2: sns::Topic {
        TopicName: "big-t2-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs3: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-3",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue3: sqs::Queue {
        QueueName: "big-q3-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic3: sns::Topic {
        TopicName: "big-t3-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs4: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-4",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue4: sqs::Queue {
        QueueName: "big-q4-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic4: sns::Topic {
        TopicName: "big-t4-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs5: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-5",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue5: sqs::Queue {
        QueueName: "big-q5-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic5: sns::Topic {
        TopicName: "big-t5-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs6: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-6",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue6: sqs::Queue {
        QueueName: "big-q6-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic6: sns::Topic {
        TopicName: "big-t6-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs7: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-7",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue7: sqs::Queue {
        QueueName: "big-q7-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic7: sns::Topic {
        TopicName: "big-t7-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs8: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-8",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue8: sqs::Queue {
        QueueName: "big-q8-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic8: sns::Topic {
        TopicName: "big-t8-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs9: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-9",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue9: sqs::Queue {
        QueueName: "big-q9-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic9: sns::Topic {
        TopicName: "big-t9-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs10: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-10",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue10: sqs::Queue {
        QueueName: "big-q10-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic10: sns::Topic {
        TopicName: "big-t10-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs11: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-11",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue11: sqs::Queue {
        QueueName: "big-q11-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic11: sns::Topic {
        TopicName: "big-t11-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs12: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-12",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue12: sqs::Queue {
        QueueName: "big-q12-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic12: sns::Topic {
        TopicName: "big-t12-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs13: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-13",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue13: sqs::Queue {
        QueueName: "big-q13-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic13: sns::Topic {
        TopicName: "big-t13-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs14: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-14",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue14: sqs::Queue {
        QueueName: "big-q14-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic14: sns::Topic {
        TopicName: "big-t14-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs15: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-15",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue15: sqs::Queue {
        QueueName: "big-q15-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic15: sns::Topic {
        TopicName: "big-t15-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs16: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-16",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue16: sqs::Queue {
        QueueName: "big-q16-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic16: sns::Topic {
        TopicName: "big-t16-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs17: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-17",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue17: sqs::Queue {
        QueueName: "big-q17-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic17: sns::Topic {
        TopicName: "big-t17-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs18: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-18",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue18: sqs::Queue {
        QueueName: "big-q18-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic18: sns::Topic {
        TopicName: "big-t18-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs19: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-19",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue19: sqs::Queue {
        QueueName: "big-q19-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic19: sns::Topic {
        TopicName: "big-t19-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs20: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-20",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue20: sqs::Queue {
        QueueName: "big-q20-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic20: sns::Topic {
        TopicName: "big-t20-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs21: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-21",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue21: sqs::Queue {
        QueueName: "big-q21-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic21: sns::Topic {
        TopicName: "big-t21-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs22: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-22",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue22: sqs::Queue {
        QueueName: "big-q22-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic22: sns::Topic {
        TopicName: "big-t22-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs23: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-23",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue23: sqs::Queue {
        QueueName: "big-q23-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic23: sns::Topic {
        TopicName: "big-t23-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs24: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-24",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue24: sqs::Queue {
        QueueName: "big-q24-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic24: sns::Topic {
        TopicName: "big-t24-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs25: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-25",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue25: sqs::Queue {
        QueueName: "big-q25-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic25: sns::Topic {
        TopicName: "big-t25-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs26: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-26",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue26: sqs::Queue {
        QueueName: "big-q26-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic26: sns::Topic {
        TopicName: "big-t26-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs27: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-27",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue27: sqs::Queue {
        QueueName: "big-q27-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic27: sns::Topic {
        TopicName: "big-t27-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs28: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-28",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue28: sqs::Queue {
        QueueName: "big-q28-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic28: sns::Topic {
        TopicName: "big-t28-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs29: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-29",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue29: sqs::Queue {
        QueueName: "big-q29-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic29: sns::Topic {
        TopicName: "big-t29-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs30: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-30",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue30: sqs::Queue {
        QueueName: "big-q30-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic30: sns::Topic {
        TopicName: "big-t30-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs31: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-31",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue31: sqs::Queue {
        QueueName: "big-q31-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic31: sns::Topic {
        TopicName: "big-t31-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs32: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-32",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue32: sqs::Queue {
        QueueName: "big-q32-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic32: sns::Topic {
        TopicName: "big-t32-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs33: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-33",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue33: sqs::Queue {
        QueueName: "big-q33-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic33: sns::Topic {
        TopicName: "big-t33-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs34: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-34",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue34: sqs::Queue {
        QueueName: "big-q34-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic34: sns::Topic {
        TopicName: "big-t34-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs35: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-35",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue35: sqs::Queue {
        QueueName: "big-q35-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic35: sns::Topic {
        TopicName: "big-t35-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs36: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-36",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue36: sqs::Queue {
        QueueName: "big-q36-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic36: sns::Topic {
        TopicName: "big-t36-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs37: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-37",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue37: sqs::Queue {
        QueueName: "big-q37-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic37: sns::Topic {
        TopicName: "big-t37-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs38: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-38",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue38: sqs::Queue {
        QueueName: "big-q38-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic38: sns::Topic {
        TopicName: "big-t38-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs39: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-39",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue39: sqs::Queue {
        QueueName: "big-q39-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic39: sns::Topic {
        TopicName: "big-t39-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs40: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-40",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue40: sqs::Queue {
        QueueName: "big-q40-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic40: sns::Topic {
        TopicName: "big-t40-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs41: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-41",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue41: sqs::Queue {
        QueueName: "big-q41-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic41: sns::Topic {
        TopicName: "big-t41-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs42: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-42",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue42: sqs::Queue {
        QueueName: "big-q42-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic42: sns::Topic {
        TopicName: "big-t42-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs43: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-43",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue43: sqs::Queue {
        QueueName: "big-q43-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic43: sns::Topic {
        TopicName: "big-t43-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs44: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-44",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue44: sqs::Queue {
        QueueName: "big-q44-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic44: sns::Topic {
        TopicName: "big-t44-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs45: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-45",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue45: sqs::Queue {
        QueueName: "big-q45-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic45: sns::Topic {
        TopicName: "big-t45-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs46: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-46",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue46: sqs::Queue {
        QueueName: "big-q46-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic46: sns::Topic {
        TopicName: "big-t46-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs47: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-47",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue47: sqs::Queue {
        QueueName: "big-q47-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic47: sns::Topic {
        TopicName: "big-t47-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs48: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-48",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue48: sqs::Queue {
        QueueName: "big-q48-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic48: sns::Topic {
        TopicName: "big-t48-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    resource Logs49: logs::LogGroup {
        LogGroupName: "/big/${Suffix}/group-49",
        RetentionInDays: 7,
        KmsKeyId: Key.Arn,
    }

    resource Queue49: sqs::Queue {
        QueueName: "big-q49-${Suffix}",
        KmsMasterKeyId: Ref(Key),
        VisibilityTimeout: 30,
    }

    resource Topic49: sns::Topic {
        TopicName: "big-t49-${Suffix}",
        KmsMasterKeyId: Ref(Key),
    }

    output KeyArn { Value: Key.Arn }
    output FirstQueue { Value: Ref(Queue0) }
}

#[allow(dead_code)]
fn main() {
    let env = ha_core::Env::new("dev", "--suffix");
    let stack = Big::synth(&env);
    match ha_core::synth(&stack, &env) {
        Ok(s) => println!(
            "{} resources, {} bytes, needs_s3={}",
            s.resource_count, s.bytes, s.needs_s3
        ),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
