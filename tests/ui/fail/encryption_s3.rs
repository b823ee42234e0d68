use ha_macros::stack;

stack! {
    stack Case { name: "Case${Suffix}" }

    resource Bucket: s3::Bucket { VersioningConfiguration: { Status: "Enabled" } }
}

fn main() {}
