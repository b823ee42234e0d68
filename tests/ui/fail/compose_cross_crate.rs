use ha_macros::stack;

// A construct from another crate is checked where it is used: a retention CloudWatch Logs
// does not offer, and an import of a construct the library does not export.
stack! {
    stack Case { name: "Case${Suffix}" }

    use ha_patterns::LambdaFunction;

    resource Key: kms::Key { EnableKeyRotation: true }
    use LambdaFunction(Resize, "resize", "def handler(e, c): return 1", Key.Arn, retention: 45);
}

stack! {
    stack Other { name: "Other${Suffix}" }

    use ha_patterns::NoSuchConstruct;
}

fn main() {}
