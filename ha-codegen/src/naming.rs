//! Turning CloudFormation names into Rust identifiers.

use std::collections::BTreeSet;

/// Rust keywords (strict, reserved and edition-2024 `gen`) that cannot be plain identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names the generated modules use unqualified; schema names equal to one get a suffix.
const RESERVED_TYPES: &[&str] = &[
    "Box", "Default", "From", "IndexMap", "Into", "Json", "None", "Option", "Render", "Self",
    "Some", "String", "Value", "Vec",
];

/// Whether `s` is a Rust keyword.
pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// Splits a name into words: at non-alphanumeric characters, at lower→upper and digit→upper
/// transitions, and before the last capital of an acronym followed by a lowercase letter
/// (`DBCluster` → `DB`, `Cluster`). Digits stay with the word before them (`AES256`, `S3`).
pub fn split_words(name: &str) -> Vec<String> {
    let name = name.replace("IPv", "Ipv");
    let mut words = Vec::new();
    for token in name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
    {
        let chars: Vec<char> = token.chars().collect();
        let mut cur = String::new();
        for (i, &c) in chars.iter().enumerate() {
            if i > 0 && c.is_ascii_uppercase() {
                let prev = chars[i - 1];
                let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
                if !prev.is_ascii_uppercase() || next_lower {
                    words.push(std::mem::take(&mut cur));
                }
            }
            cur.push(c);
        }
        words.push(cur);
    }
    words
}

fn capitalize(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    let mut chars = lower.chars();
    let first = chars.next().map(|c| c.to_ascii_uppercase());
    first.into_iter().chain(chars).collect()
}

/// `UpperCamel` of the words of `name`; digit-digit word joins get an underscore (`1.0` →
/// `1_0`). Empty when `name` has no alphanumeric character.
pub fn upper_camel(name: &str) -> String {
    let mut out = String::new();
    for w in split_words(name) {
        if out.ends_with(|c: char| c.is_ascii_digit())
            && w.starts_with(|c: char| c.is_ascii_digit())
        {
            out.push('_');
        }
        out.push_str(&capitalize(&w));
    }
    out
}

/// `snake_case` of the words of `name` (may be empty or start with a digit).
pub fn snake(name: &str) -> String {
    split_words(name)
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("_")
}

/// A struct field or module name: snake case, keywords get a trailing underscore, a leading
/// digit gets a `p` prefix, an empty name becomes `field`.
pub fn field_name(name: &str) -> String {
    let s = snake(name);
    if s.is_empty() {
        "field".to_owned()
    } else if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("p{s}")
    } else if is_keyword(&s) {
        format!("{s}_")
    } else {
        s
    }
}

/// A type name: UpperCamel, `V` prefix before a leading digit, `Def` suffix for names the
/// generated code uses itself.
pub fn type_name(name: &str) -> String {
    let s = upper_camel(name);
    if s.is_empty() {
        "Unnamed".to_owned()
    } else if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{s}")
    } else if RESERVED_TYPES.contains(&s.as_str()) {
        format!("{s}Def")
    } else {
        s
    }
}

/// The variant name of a string enum value (`aws:kms` → `AwsKms`, `1.0` → `V1_0`, `` → `Empty`).
pub fn variant_name(value: &str) -> String {
    let s = upper_camel(value);
    if value.is_empty() {
        "Empty".to_owned()
    } else if s.is_empty() {
        // Only punctuation, e.g. `*`: name it after its code points.
        let codes: Vec<String> = value.chars().map(|c| format!("{:X}", c as u32)).collect();
        format!("U{}", codes.join("_"))
    } else if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{s}")
    } else if s == "Self" {
        "SelfValue".to_owned()
    } else {
        s
    }
}

/// The accessor method of an attribute on `Handle<T>` (`Endpoint.Address` → `endpoint_address`).
pub fn attribute_method(attr: &str) -> String {
    let s = snake(attr);
    if matches!(s.as_str(), "logical_id" | "ref" | "get_att" | "new") {
        format!("{s}_attr")
    } else {
        field_name(attr)
    }
}

/// Hands out unique names: the first free of `candidate`, `candidate2`, `candidate3`, ...
#[derive(Debug, Default, Clone)]
pub struct NameSet {
    used: BTreeSet<String>,
}

impl NameSet {
    /// Takes `candidate` or the first free numbered variant of it.
    pub fn claim(&mut self, candidate: &str) -> String {
        let mut name = candidate.to_owned();
        let mut n = 2;
        while !self.used.insert(name.clone()) {
            name = format!("{candidate}{n}");
            n += 1;
        }
        name
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.used.contains(name)
    }
}
