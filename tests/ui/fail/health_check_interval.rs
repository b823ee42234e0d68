use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Check: route53::HealthCheck {
        HealthCheckConfig: { Type: "HTTPS", FullyQualifiedDomainName: "app.example.com", ResourcePath: "/health", RequestInterval: 20 },
    }
}

fn main() {}
