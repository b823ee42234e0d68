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
        LaunchType: "FARGATE",
        CapacityProviderStrategy: [{ CapacityProvider: "FARGATE", Weight: 1 }],
    }
}

fn main() {}
