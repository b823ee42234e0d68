use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Cluster: ecs::Cluster {}
    resource Task: ecs::TaskDefinition {
        RequiresCompatibilities: ["FARGATE"],
        NetworkMode: "awsvpc",
        Cpu: "256",
        Memory: "512",
        ContainerDefinitions: [{ Name: "app", Image: "public.ecr.aws/nginx/nginx:latest" }],
    }
    resource Service: ecs::Service {
        Cluster: Ref(Cluster),
        TaskDefinition: Ref(Task),
        CapacityProviderStrategy: [{ CapacityProvider: "FARGATE", Weight: 1 }],
    }
}

fn main() {
    let s = Case::synth(&ha_core::Env::new("dev", "test"));
    let v: serde_json::Value = serde_json::from_str(&s.template.to_json_string()).unwrap();
    assert!(v["Resources"]["Service"]["Properties"].get("LaunchType").is_none(), "{v:#}");
}
