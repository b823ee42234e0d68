use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Check: route53::HealthCheck {
        HealthCheckConfig: { Type: "HTTPS", FullyQualifiedDomainName: "app.example.com", ResourcePath: "/health", RequestInterval: 30 },
    }
}

fn main() {
    let s = Case::synth(&ha_core::Env::new("dev", "test"));
    let v: serde_json::Value = serde_json::from_str(&s.template.to_json_string()).unwrap();
    assert!(v["Resources"]["Check"]["Properties"]["HealthCheckConfig"]["RequestInterval"] == 30, "{v:#}");
}
