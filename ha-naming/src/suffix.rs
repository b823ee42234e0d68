//! The environment suffix (`dev`, `pr123`, `prod`): every physical name carries it, so its
//! grammar bounds every name of every stack.
//!
//! Allowed: `[a-z0-9-]`, starting and ending with a letter or digit, no `--`, 1 to [`MAX_LEN`]
//! characters. Lowercase because S3 bucket names and Synthetics canary names derive from it
//! and accept no uppercase; no leading, trailing or doubled hyphen because the suffix is joined
//! to prefixes with `-` and RDS identifiers reject `--` and a trailing `-`, ALB and
//! target-group names a leading or trailing one. The 16-character budget: the longest derived
//! names must still fit their limits, and the tightest are ALB and target-group names (32
//! characters), whose prefixes (`<app>-tg-green-`) take up to 16. A stack may allow less: the
//! `stack!{}` macro computes, from the stack's own names, the longest suffix with which every
//! name stays within its limits (the stack type's `MAX_SUFFIX`).

use crate::{bad_chars, collapse_hyphens};

/// The longest suffix the toolkit accepts.
pub const MAX_LEN: usize = 16;

/// Every character a suffix may contain (the worst case the macro checks names with).
pub const CHARS: &str = "abcdefghijklmnopqrstuvwxyz0123456789-";

/// Whether `c` may appear in a suffix.
pub fn allowed(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'
}

/// What is wrong with `s` as a suffix of at most `max` characters, as (message, fix) pairs;
/// empty when it is valid. `source` names where the suffix came from (`--suffix`,
/// `ENVIRONMENT_SUFFIX`) and appears in the fixes; `why_max` says what a longer suffix would
/// break.
pub fn problems(s: &str, max: usize, source: &str, why_max: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut err = |message: String, fix: String| out.push((message, fix));
    if s.is_empty() {
        err(
            "is empty; every physical name carries the suffix, so environments would collide"
                .into(),
            format!("set {source} to 1-{max} characters of [a-z0-9-], e.g. `dev`"),
        );
        return out;
    }
    let n = s.chars().count();
    if n > max {
        err(
            format!("is {n} characters, more than {max}: {why_max}"),
            format!("shorten {source} to at most {max} characters"),
        );
    }
    let bad = bad_chars(s, allowed);
    if !bad.is_empty() {
        let lower: String = s
            .chars()
            .map(|c| c.to_ascii_lowercase())
            .filter(|c| allowed(*c))
            .collect();
        err(
            format!(
                "contains {bad}; only lowercase letters, digits and `-` are allowed, because S3 bucket and canary names derive from it"
            ),
            format!("set {source} to `{lower}`"),
        );
    }
    if s.starts_with('-') || s.ends_with('-') {
        err(
            "starts or ends with `-`; it is joined to prefixes with `-`, and ALB, target-group and RDS names may not have a doubled, leading or trailing hyphen".into(),
            format!("set {source} to `{}`", s.trim_matches('-')),
        );
    }
    if s.contains("--") {
        err(
            "contains `--`, which RDS cluster and instance identifiers reject".into(),
            format!(
                "set {source} to a value with single hyphens, e.g. `{}`",
                collapse_hyphens(s)
            ),
        );
    }
    out
}
