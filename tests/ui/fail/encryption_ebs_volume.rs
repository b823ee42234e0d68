use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Volume: ec2::Volume { AvailabilityZone: Select(0, GetAZs()), Size: 10, Encrypted: false }
}

fn main() {}
