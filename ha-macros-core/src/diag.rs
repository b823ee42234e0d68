//! Diagnostics collected in one pass and reported together.

use crate::rules::Rule;
use proc_macro2::Span;

/// An item other than a resource that a diagnostic belongs to, for `#[suppress]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// `parameter NAME`.
    Parameter(String),
    /// `condition NAME`.
    Condition(String),
    /// `output NAME`.
    Output(String),
    /// The `stack` header.
    Header,
}

/// One problem found in a stack.
#[derive(Debug, Clone)]
pub struct Diag {
    /// Where.
    pub span: Span,
    /// Which rule.
    pub rule: &'static Rule,
    /// What is wrong, naming the input.
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// The resource it belongs to (for suppressions).
    pub resource: Option<String>,
    /// The parameter, condition, output or header it belongs to (for suppressions).
    pub item: Option<Box<Item>>,
    /// Further places that belong to the same problem (e.g. the other edges of a cycle).
    pub notes: Vec<(Span, String)>,
    /// A warning (an announced AWS change, with its date) rather than an error.
    pub warning: bool,
}

impl Diag {
    /// A diagnostic for `rule` at `span`.
    pub fn new(
        rule: &'static Rule,
        span: Span,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Diag {
            span,
            rule,
            message: message.into(),
            help: help.into(),
            resource: None,
            item: None,
            notes: Vec::new(),
            warning: false,
        }
    }

    /// Marks the diagnostic as a warning: the stack still compiles.
    pub fn as_warning(mut self) -> Self {
        self.warning = true;
        self
    }

    /// Attaches the resource's logical id.
    pub fn in_resource(mut self, id: Option<&str>) -> Self {
        self.resource = id.map(str::to_owned);
        self
    }

    /// Attaches the parameter, condition, output or header.
    pub fn in_item(mut self, item: Option<Item>) -> Self {
        self.item = item.map(Box::new);
        self
    }

    /// Adds a related place.
    pub fn note(mut self, span: Span, text: impl Into<String>) -> Self {
        self.notes.push((span, text.into()));
        self
    }

    /// The full text: `[ID] message`, why, and help.
    pub fn text(&self) -> String {
        format!(
            "[{}] {}\n  = why: {}\n  = help: {}",
            self.rule.id, self.message, self.rule.rationale, self.help
        )
    }

    /// A compiler warning at the diagnostic's place, for a stack that compiles: stable proc
    /// macros cannot emit warnings, so the expansion uses a deprecated constant whose note
    /// is the diagnostic's text (rustc prints it as a `deprecated` warning there).
    pub fn to_warning(&self) -> proc_macro2::TokenStream {
        let note = format!("{} (warning, as of {})", self.text(), crate::facts::AS_OF);
        // Located at the literal, resolved where the macro's items live.
        let span = self.span.resolved_at(Span::call_site());
        quote::quote_spanned! {span=>
            const _: () = {
                #[deprecated(note = #note)]
                #[allow(non_upper_case_globals)]
                const ha_stack_warning: () = ();
                ha_stack_warning
            };
        }
    }

    /// As `syn::Error`s (the main one and one per note).
    pub fn to_error(&self) -> syn::Error {
        let mut e = syn::Error::new(self.span, self.text());
        for (span, text) in &self.notes {
            e.combine(syn::Error::new(
                *span,
                format!("[{}] note: {}", self.rule.id, text),
            ));
        }
        e
    }
}

/// Edit distance, for "did you mean" suggestions.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The candidate nearest to `name`, if it is close enough to be a likely typo.
pub fn nearest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    // A candidate that contains the name (ignoring case) says what was meant better than one a
    // few edits away: `QueueUrl` for `Url`, not `Arn`.
    let lower = name.to_ascii_lowercase();
    let containing = candidates
        .iter()
        .filter(|c| name.len() >= 3 && c.to_ascii_lowercase().contains(&lower))
        .min_by_key(|c| (c.len(), **c));
    if let Some(c) = containing {
        return Some(c);
    }
    let best = candidates
        .into_iter()
        .map(|c| (distance(name, c), c))
        .min_by_key(|(d, c)| (*d, c.len()))?;
    let limit = (name.chars().count() / 3).max(2);
    (best.0 <= limit).then_some(best.1)
}

/// `; did you mean `X`?` or nothing.
pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    nearest(name, candidates).map_or_else(String::new, |n| format!(" (did you mean `{n}`?)"))
}
