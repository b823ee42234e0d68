//! Two stacks of one app: the consumer reads the producer's outputs as typed values, the app
//! exports what is imported, and the dependency is recorded for the runner.

use ha_core::{App, AppError, Env};
use ha_macros::stack;
use serde_json::{json, Value};

stack! {
    stack Network { name: "network-${Suffix}", description: "Producer" }

    resource Vpc: ec2::Vpc { CidrBlock: "10.0.0.0/16", EnableDnsSupport: true }
    resource SubnetA: ec2::Subnet { VpcId: Ref(Vpc), CidrBlock: "10.0.0.0/24" }
    resource SubnetB: ec2::Subnet { VpcId: Ref(Vpc), CidrBlock: "10.0.1.0/24" }

    output VpcId { Value: Ref(Vpc), Description: "The VPC" }
    output SubnetIds { Value: Join(",", [Ref(SubnetA), Ref(SubnetB)]) }
    output Named { Value: Ref(Vpc), Export: "shared-vpc-${Suffix}" }
}

mod data {
    use super::Network;

    ha_macros::stack! {
        stack Data { name: "data-${Suffix}", imports: [Network], tags: { Vpc: Network.VpcId } }

        resource Subnets: rds::DbSubnetGroup {
            DBSubnetGroupDescription: "database subnets",
            SubnetIds: Network.SubnetIds,
        }
        resource Sg: ec2::SecurityGroup {
            GroupDescription: "database clients",
            VpcId: Network.Named,
        }
        output NetworkVpc { Value: Network.VpcId }
        output FirstSubnet { Value: Select(0, Network.SubnetIds) }
    }
}

fn env() -> Env {
    Env::new("dev", "test")
}

fn template(s: &ha_core::Stack) -> Value {
    serde_json::from_str(&s.template.to_json_string()).unwrap()
}

#[test]
fn consumer_reads_outputs_as_imports() {
    let data = data::Data::synth(&env());
    let t = template(&data);
    let props = &t["Resources"]["Subnets"]["Properties"];
    assert_eq!(
        props["SubnetIds"],
        json!({"Fn::Split": [",", {"Fn::ImportValue": "network-dev-SubnetIds"}]})
    );
    assert_eq!(
        t["Resources"]["Sg"]["Properties"]["VpcId"],
        json!({"Fn::ImportValue": "shared-vpc-dev"}),
        "an output with its own literal export name is imported under that name"
    );
    assert_eq!(
        t["Outputs"]["NetworkVpc"]["Value"],
        json!({"Fn::ImportValue": "network-dev-VpcId"})
    );
    assert_eq!(
        t["Outputs"]["FirstSubnet"]["Value"],
        json!({"Fn::Select": [0, {"Fn::Split": [",", {"Fn::ImportValue": "network-dev-SubnetIds"}]}]})
    );
    let tags = t["Resources"]["Sg"]["Properties"]["Tags"]
        .as_array()
        .unwrap()
        .clone();
    assert!(
        tags.contains(&json!({"Key": "Vpc", "Value": {"Fn::ImportValue": "network-dev-VpcId"}}))
    );
    let imported: Vec<(&str, &str, &str)> = data
        .imports
        .iter()
        .map(|i| (i.stack.as_str(), i.output.as_str(), i.export.as_str()))
        .collect();
    assert_eq!(
        imported,
        [
            ("network-dev", "Named", "shared-vpc-dev"),
            ("network-dev", "SubnetIds", "network-dev-SubnetIds"),
            ("network-dev", "VpcId", "network-dev-VpcId"),
        ]
    );
    assert_eq!(data.depends_on(), ["network-dev"]);
}

#[test]
fn app_exports_what_is_imported_and_nothing_else() {
    let e = env();
    let alone = template(&Network::synth(&e));
    assert!(alone["Outputs"]["VpcId"].get("Export").is_none());

    let stacks = App::new()
        .stack(data::Data::synth(&e))
        .stack(Network::synth(&e))
        .build()
        .unwrap();
    assert_eq!(
        stacks[0].name, "data-dev",
        "the app keeps the order it was given"
    );
    assert_eq!(stacks[1].depends_on(), Vec::<String>::new());
    let net = template(&stacks[1]);
    assert_eq!(
        net["Outputs"]["VpcId"]["Export"],
        json!({"Name": "network-dev-VpcId"})
    );
    assert_eq!(
        net["Outputs"]["SubnetIds"]["Export"],
        json!({"Name": "network-dev-SubnetIds"})
    );
    assert_eq!(
        net["Outputs"]["Named"]["Export"],
        json!({"Name": "shared-vpc-dev"})
    );
    // The synth-time checks pass on both stacks.
    for s in &stacks {
        ha_core::synth(s, &e).unwrap();
    }
}

#[test]
fn app_errors_name_the_stacks() {
    let e = env();
    let err = App::new().stack(data::Data::synth(&e)).build().unwrap_err();
    assert!(matches!(err, AppError::MissingProducer { .. }));
    assert_eq!(
        err.to_string(),
        "stack `data-dev` imports output `Named` of stack `network-dev`, which is not in the app: add that stack to the app"
    );

    let err = App::new()
        .stack(Network::synth(&e))
        .stack(Network::synth(&e))
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "two stacks of the app are named `network-dev`: give each stack its own name pattern"
    );

    let mut stale = Network::synth(&e);
    stale.template.outputs.shift_remove("VpcId");
    let err = App::new()
        .stack(stale)
        .stack(data::Data::synth(&e))
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "stack `data-dev` imports output `VpcId` of stack `network-dev`, which has no such output"
    );

    let mut renamed = Network::synth(&e);
    renamed.template.outputs["VpcId"].export_name = Some(ha_core::Json::Str("other".into()));
    let err = App::new()
        .stack(renamed)
        .stack(data::Data::synth(&e))
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "output `VpcId` of stack `network-dev` is exported as `\"other\"`, but its importers read `network-dev-VpcId`"
    );
}

#[test]
fn output_refs_name_stack_output_and_export() {
    let e = env();
    assert_eq!(format!("{:?}", Network::VpcId), "Network.VpcId");
    let copy = Network::SubnetIds;
    assert_eq!(copy.stack_name(&e), "network-dev");
    assert_eq!(copy.clone().export_name(&e), "network-dev-SubnetIds");
    assert_eq!(Network::Named.export_name(&e), "shared-vpc-dev");
    use ha_core::app::ImportDepth;
    assert_eq!(<Network as ImportDepth>::DEPTH, 0);
    assert_eq!(<data::Data as ImportDepth>::DEPTH, 1);
}

#[test]
fn imports_into_free_form_json() {
    use ha_core::app::import;
    use ha_core::{Json, Render};
    let e = env();
    let one: Json = import(&Network::VpcId, &e);
    assert_eq!(
        one.render(),
        json!({"Fn::ImportValue": "network-dev-VpcId"})
    );
    let many: Json = import(&Network::SubnetIds, &e);
    assert_eq!(
        many.render(),
        json!({"Fn::Split": [",", {"Fn::ImportValue": "network-dev-SubnetIds"}]})
    );
    // Free-form map properties (`Value<Json>`) take either kind.
    let one: ha_core::Value<Json> = import(&Network::VpcId, &e);
    assert_eq!(
        one.render(),
        json!({"Fn::ImportValue": "network-dev-VpcId"})
    );
    let many: ha_core::Value<Json> = import(&Network::SubnetIds, &e);
    assert_eq!(
        many.render(),
        json!({"Fn::Split": [",", {"Fn::ImportValue": "network-dev-SubnetIds"}]})
    );
    assert_eq!(
        Network::VpcId.import(&e),
        ha_core::Import {
            stack: "network-dev".into(),
            output: "VpcId".into(),
            export: "network-dev-VpcId".into()
        }
    );
}

#[test]
fn const_helpers_also_work_at_run_time() {
    use ha_core::app::{depth, kind, OutputRef};
    // The macro evaluates both in constants; here at run time, with values a caller picks.
    let deps = std::hint::black_box([0, 2, 1]);
    assert_eq!(depth(&deps), 3);
    assert_eq!(depth(std::hint::black_box(&[])), 0);
    let out: OutputRef<kind::StringOutput> =
        OutputRef::new("Own", "own-${Suffix}", "Id", std::hint::black_box(None));
    assert_eq!(out.export_name(&env()), "own-dev-Id");
}
