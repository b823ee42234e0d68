//! Macro expansion time (`stack()`: compose, parse, check, expand) against stack size, for a
//! stack written out resource by resource and for the same stack written with a construct used
//! in a `for` loop. Prints numbers, asserts nothing about time.
//! Run with `cargo bench -p ha-macros-core --bench expansion`.

use proc_macro2::TokenStream;
use std::time::Instant;

/// `1 + 3 * trios` resources: a KMS key, then a log group, a queue and a topic per trio.
fn plain(trios: usize) -> TokenStream {
    let mut s = String::from(
        "stack S { name: \"S${Suffix}\" }\nresource Key: kms::Key { EnableKeyRotation: true }\n",
    );
    for n in 1..=trios {
        s.push_str(&format!(
            "resource Logs{n}: logs::LogGroup {{ RetentionInDays: 7, KmsKeyId: Key.Arn }}\n\
             resource Queue{n}: sqs::Queue {{ KmsMasterKeyId: Key.Arn }}\n\
             resource Topic{n}: sns::Topic {{ KmsMasterKeyId: Ref(Key) }}\n"
        ));
    }
    s.parse().unwrap()
}

/// The same resources, written as one construct used in a loop.
fn composed(trios: usize) -> TokenStream {
    format!(
        "stack S {{ name: \"S${{Suffix}}\" }}\n\
         resource Key: kms::Key {{ EnableKeyRotation: true }}\n\
         construct Trio(n: Number) {{\n\
             resource Logs{{n}}: logs::LogGroup {{ RetentionInDays: 7, KmsKeyId: Key.Arn }}\n\
             resource Queue{{n}}: sqs::Queue {{ KmsMasterKeyId: Key.Arn }}\n\
             resource Topic{{n}}: sns::Topic {{ KmsMasterKeyId: Ref(Key) }}\n\
         }}\n\
         for i in 1..={trios} {{ use Trio(i); }}\n"
    )
    .parse()
    .unwrap()
}

fn median_ms(runs: usize, input: &TokenStream) -> (f64, usize) {
    let mut times = Vec::new();
    let mut size = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let out = ha_macros_core::stack(input.clone());
        times.push(t.elapsed().as_secs_f64() * 1e3);
        // Without the source-location table, whose line numbers differ between the two forms.
        let text = out.to_string();
        let table = text.find("SOURCES").expect("the SOURCES table");
        let end = table + text[table..].find(';').expect("its end");
        size = text.len() - (end - table);
    }
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], size)
}

fn main() {
    println!("| Resources | written out | for + construct | expansion size |");
    println!("|---:|---:|---:|---:|");
    for trios in [50, 166, 500] {
        let (a, b) = (plain(trios), composed(trios));
        let (ta, sa) = median_ms(7, &a);
        let (tb, sb) = median_ms(7, &b);
        // Both forms expand to code of the same size (the source-location table aside).
        assert_eq!(sa, sb, "same expansion size");
        println!(
            "| {} | {ta:.1} ms | {tb:.1} ms | {:.1} MB |",
            1 + 3 * trios,
            sa as f64 / 1e6
        );
    }
}
