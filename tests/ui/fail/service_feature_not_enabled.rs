use ha_macros::stack;

// `apigatewayv2` is a service of the registry, but this crate does not enable the ha-core
// feature of that name: the type path is an error that names the feature to add.
stack! {
    stack Case { name: "Case${Suffix}" }

    resource Api: apigatewayv2::Api { Name: "api-${Suffix}", ProtocolType: "HTTP" }
    output Endpoint { Value: Api.ApiEndpoint }
}

fn main() {}
