//! The stack model the rules read, and the one interface through which they read it.
//!
//! `stack!{}` runs in four steps: composition (`compose.rs`: `for`, constructs, `defaults`)
//! and parsing (`ast.rs`) produce plain items; lowering (`check.rs`, `Checker::declare` and
//! the typed attributes of [`ResourceAttrs`]) resolves every logical name to a [`Target`]
//! and every resource to its registry type; the checks then run as passes over that model:
//! the structural ones (schema, references, graph) in `check.rs`, the per-type rules of the
//! catalogue in `policy.rs`; `expand.rs` reads the same model.
//!
//! A per-type rule sees the model only through [`Findings`]: it looks names up and reports
//! there. `check.rs` implements `Findings` and runs the catalogue; `policy.rs` never names
//! `check.rs`, so adding a rule touches `rules.rs` (its id and rationale) and `policy.rs`
//! (its function and its row in `policy::CATALOGUE`), nothing else.

use crate::ast::{Key, ResourceDef, Val};
use crate::rules::Rule;
use ha_registry::ResourceType;
use proc_macro2::Span;

/// What a logical name refers to.
#[derive(Clone, Copy)]
pub enum Target<'a> {
    /// A resource, with its registry type (None for `Custom::` types).
    Resource(&'a ResourceDef, Option<&'static ResourceType>),
    /// A template parameter.
    Parameter,
}

/// One reference from a resource (or output/condition) to a logical name.
pub struct Reference {
    /// The referring resource (None for outputs, conditions, tags).
    pub from: Option<String>,
    /// The name referred to.
    pub to: String,
    /// `None` for `Ref`, the attribute for `GetAtt`.
    pub attribute: Option<String>,
    /// Where.
    pub span: Span,
    /// The property path it sits under (e.g. `AliasTarget.HostedZoneId`).
    pub path: Vec<String>,
    /// Whether it came from `DependsOn` (no type checks apply).
    pub depends_on: bool,
    /// Whether it is a `${X}` / `${X.Attr}` variable inside a string.
    pub in_string: bool,
    /// The conditions known to hold where it is written: the condition of its resource or
    /// output and those of the enclosing `If(Cond, <here>, ..)`.
    pub scope: Vec<String>,
    /// What holds it, for messages (`resource `Api``, `output `Url``).
    pub site: String,
}

/// Looks up a property value by path in a list of fields.
pub fn get<'v>(fields: &'v [(Key, Val)], path: &[&str]) -> Option<&'v Val> {
    let (first, rest) = path.split_first()?;
    let v = fields
        .iter()
        .find(|(k, _)| k.name == *first)
        .map(|(_, v)| v)?;
    if rest.is_empty() {
        return Some(v);
    }
    match v {
        Val::Object(inner, _) => get(inner, rest),
        _ => None,
    }
}

/// What a per-type rule may ask of the stack and how it reports.
pub trait Findings<'a> {
    /// Pushes an error of `rule` on the resource being checked.
    fn push_error(&mut self, rule: &'static Rule, span: Span, message: String, help: String);
    /// Pushes a warning (an announced AWS change: the stack still compiles).
    fn push_warning(&mut self, rule: &'static Rule, span: Span, message: String, help: String);
    /// What a logical name is, if the stack declares it.
    fn target(&self, name: &str) -> Option<Target<'a>>;
    /// Whether the stack declares a resource of this registry type.
    fn any_resource_of(&self, type_name: &str) -> bool;
    /// The longest suffix every physical name seen so far allows, if one bounds it.
    fn suffix_bound(&self) -> Option<usize>;
    /// Records that a name allows suffixes of at most `fits` characters, and why.
    fn bound_suffix(&mut self, fits: usize, why: String);
}

impl<'a> dyn Findings<'a> + '_ {
    /// [`Findings::push_error`] with any string-like help.
    pub fn report(
        &mut self,
        rule: &'static Rule,
        span: Span,
        message: String,
        help: impl Into<String>,
    ) {
        self.push_error(rule, span, message, help.into());
    }

    /// [`Findings::push_warning`] with any string-like help.
    pub fn warn(
        &mut self,
        rule: &'static Rule,
        span: Span,
        message: String,
        help: impl Into<String>,
    ) {
        self.push_warning(rule, span, message, help.into());
    }
}

/// The resource attributes in typed form, lowered in this one place from `#[..]` (computed
/// where needed: a walk over a resource's few attributes): what the checks, the rules and the
/// expansion read instead of walking the attribute list themselves. Malformed attributes (unknown
/// names, wrong arguments) are reported by `Checker::check_attributes`; what does not lower
/// is left out here, and when an attribute is repeated the first one counts.
#[derive(Default)]
pub struct ResourceAttrs<'a> {
    /// `#[deletion_policy(..)]`.
    pub deletion_policy: Option<&'a Val>,
    /// `#[update_replace_policy(..)]`.
    pub update_replace_policy: Option<&'a Val>,
    /// `#[condition(C)]`.
    pub condition: Option<&'a syn::Ident>,
    /// `#[depends_on(..)]`: the ids of every such attribute, in order.
    pub depends_on: Vec<&'a syn::Ident>,
    /// `#[metadata({ .. })]`.
    pub metadata: Option<&'a Val>,
    /// `#[suppress(ID, "reason")]`: the rule id and the reason as written (HA-P005 checks it).
    pub suppressions: Vec<(String, Option<&'a syn::LitStr>)>,
}

impl<'a> ResourceAttrs<'a> {
    /// Lowers the attributes of one resource.
    pub fn of(res: &'a ResourceDef) -> Self {
        let mut out = ResourceAttrs::default();
        for a in &res.attrs {
            let (first, second) = (a.args.first(), a.args.get(1));
            match (a.name.to_string().as_str(), first) {
                ("deletion_policy", Some(v)) => _ = out.deletion_policy.get_or_insert(v),
                ("update_replace_policy", Some(v)) => {
                    _ = out.update_replace_policy.get_or_insert(v)
                }
                ("condition", Some(Val::Ident(i))) => _ = out.condition.get_or_insert(i),
                ("metadata", Some(v)) => _ = out.metadata.get_or_insert(v),
                ("depends_on", _) => out.depends_on.extend(a.args.iter().filter_map(|v| match v {
                    Val::Ident(i) => Some(i),
                    _ => None,
                })),
                ("suppress", Some(Val::Str(id))) => {
                    out.suppressions.push((id.value(), reason(second)))
                }
                ("suppress", Some(Val::Ident(id))) => {
                    out.suppressions.push((id.to_string(), reason(second)))
                }
                _ => {}
            }
        }
        out
    }
}

fn reason(v: Option<&Val>) -> Option<&syn::LitStr> {
    match v {
        Some(Val::Str(s)) => Some(s),
        _ => None,
    }
}
