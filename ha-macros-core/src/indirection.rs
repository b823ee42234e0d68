//! Every value a property can take, for rules that reject literals.
//!
//! A literal reaches a property directly, or through an indirection: a branch of `If(..)`, a
//! parameter's `Default` or one of its `AllowedValues`, a cell of a `FindInMap`. The rules in
//! `policy.rs` read literals; to make them see through indirections, a resource is also
//! checked in *variants*: copies in which every choice point is replaced by one concrete value.
//!
//! A choice point's concrete values are those of all its alternatives, one after the other
//! (a parameter reference inside an `If` branch contributes each of its values). A list,
//! object or function call combines its children's concrete values by index: its `j`-th
//! concrete value takes the `j`-th of each child (the last where a child has fewer). So every
//! literal that can reach a property is checked in at least one variant, and the number of
//! variants is the largest number of leaves below one choice point, not the product over all
//! of them. Rules that relate two properties see some of their combinations only.
//!
//! Each substitution is recorded as a [`Via`], so that a diagnostic found in a variant can say
//! how the literal got there ("via parameter `EngineVersion` default").

use crate::ast::{ResourceDef, StackDef, Val};
use proc_macro2::Span;

/// One substitution made to build a variant.
#[derive(Clone)]
pub struct Via {
    /// Where the indirection is written in the resource (the `If`, `Ref` or `FindInMap`).
    pub at: Span,
    /// Where the chosen value is written.
    pub value: Span,
    /// How the value got there, for the note.
    pub text: String,
}

/// A copy of a resource with every choice point resolved.
pub struct Variant {
    /// The resource with its properties substituted.
    pub res: ResourceDef,
    /// The substitutions made.
    pub via: Vec<Via>,
}

/// Indirections nest (a parameter default could be written as another reference); resolution
/// stops at this depth.
const MAX_DEPTH: usize = 8;

/// A concrete value and the substitutions that produced it.
type Concrete = (Val, Vec<Via>);

/// The concrete values of `v`.
fn concrete(def: &StackDef, v: &Val, depth: usize) -> Vec<Concrete> {
    if depth > MAX_DEPTH {
        return vec![(v.clone(), Vec::new())];
    }
    let choice = |at: Span, alts: Vec<(&Val, String)>| -> Vec<Concrete> {
        alts.into_iter()
            .flat_map(|(alt, text)| {
                let value = alt.span();
                concrete(def, alt, depth + 1)
                    .into_iter()
                    .map(move |(c, mut via)| {
                        via.push(Via {
                            at,
                            value,
                            text: text.clone(),
                        });
                        (c, via)
                    })
            })
            .collect()
    };
    match v {
        Val::Call(f, args) if f == "If" && args.len() == 3 => {
            let cond = match &args[0] {
                Val::Ident(i) => i.to_string(),
                other => other.kind().to_owned(),
            };
            choice(
                f.span(),
                vec![
                    (&args[1], format!("via `If({cond}, ..)` then-branch")),
                    (&args[2], format!("via `If({cond}, ..)` else-branch")),
                ],
            )
        }
        Val::Call(f, args) if f == "Ref" => {
            match args.first().and_then(|a| parameter_values(def, a)) {
                Some(alts) => choice(f.span(), alts),
                None => vec![(v.clone(), Vec::new())],
            }
        }
        Val::Call(f, args) if f == "FindInMap" && args.len() == 3 => {
            match mapping_cells(def, &args[0], &args[1], &args[2]) {
                Some(alts) => choice(f.span(), alts),
                None => vec![(v.clone(), Vec::new())],
            }
        }
        Val::Call(f, args) => combine(def, args.iter().collect(), depth)
            .into_iter()
            .map(|(items, via)| (Val::Call(f.clone(), items), via))
            .collect(),
        Val::List(items, s) => combine(def, items.iter().collect(), depth)
            .into_iter()
            .map(|(items, via)| (Val::List(items, *s), via))
            .collect(),
        Val::Object(fields, s) => {
            let keys: Vec<_> = fields.iter().map(|(k, _)| k.clone()).collect();
            combine(def, fields.iter().map(|(_, v)| v).collect(), depth)
                .into_iter()
                .map(|(vals, via)| {
                    (
                        Val::Object(keys.iter().cloned().zip(vals).collect(), *s),
                        via,
                    )
                })
                .collect()
        }
        other => vec![(other.clone(), Vec::new())],
    }
}

/// The children's concrete values combined by index.
fn combine(def: &StackDef, children: Vec<&Val>, depth: usize) -> Vec<(Vec<Val>, Vec<Via>)> {
    let each: Vec<Vec<Concrete>> = children
        .iter()
        .map(|c| concrete(def, c, depth + 1))
        .collect();
    let n = each.iter().map(Vec::len).max().unwrap_or(1);
    (0..n)
        .map(|j| {
            let mut vals = Vec::with_capacity(each.len());
            let mut via = Vec::new();
            for options in &each {
                let (v, w) = &options[j.min(options.len() - 1)];
                vals.push(v.clone());
                via.extend(w.iter().cloned());
            }
            (vals, via)
        })
        .collect()
}

/// A parameter's `Default` and each `AllowedValues` entry; `None` when it declares
/// neither (its value is unknown until deploy time).
fn parameter_values<'d>(def: &'d StackDef, name: &Val) -> Option<Vec<(&'d Val, String)>> {
    let Val::Ident(name) = name else { return None };
    let p = def.parameters.iter().find(|p| p.ident == *name)?;
    let mut alts = Vec::new();
    for (k, v) in &p.fields {
        match (k.name.as_str(), v) {
            ("Default", _) => alts.push((v, format!("via parameter `{name}` default"))),
            ("AllowedValues", Val::List(items, _)) => alts.extend(
                items
                    .iter()
                    .map(|i| (i, format!("via parameter `{name}` AllowedValues entry"))),
            ),
            _ => {}
        }
    }
    (!alts.is_empty()).then_some(alts)
}

/// The cells of a mapping a `FindInMap` can read: all of them, narrowed by the keys that
/// are written as literals.
fn mapping_cells<'d>(
    def: &'d StackDef,
    map: &Val,
    top: &Val,
    second: &Val,
) -> Option<Vec<(&'d Val, String)>> {
    let Val::Ident(m) = map else { return None };
    let mapping = def.mappings.iter().find(|x| x.ident == *m)?;
    let literal = |v: &Val| match v {
        Val::Str(s) => Some(s.value()),
        Val::Ident(i) => Some(i.to_string()),
        _ => None,
    };
    let (top, second) = (literal(top), literal(second));
    let mut alts = Vec::new();
    for (k1, inner) in &mapping.entries {
        if top.as_ref().is_some_and(|t| *t != k1.name) {
            continue;
        }
        let Val::Object(cells, _) = inner else {
            continue;
        };
        for (k2, cell) in cells {
            if second.as_ref().is_none_or(|s| *s == k2.name) {
                alts.push((
                    cell,
                    format!("via mapping `{m}` cell `{}.{}`", k1.name, k2.name),
                ));
            }
        }
    }
    (!alts.is_empty()).then_some(alts)
}

/// Whether `v` holds a choice point that [`concrete`] resolves.
fn has_choice(def: &StackDef, v: &Val) -> bool {
    match v {
        Val::Call(f, args) if f == "If" && args.len() == 3 => true,
        Val::Call(f, args) if f == "Ref" => args
            .first()
            .and_then(|a| parameter_values(def, a))
            .is_some(),
        Val::Call(f, args) if f == "FindInMap" && args.len() == 3 => {
            mapping_cells(def, &args[0], &args[1], &args[2]).is_some()
        }
        Val::Call(_, items) | Val::List(items, _) => items.iter().any(|i| has_choice(def, i)),
        Val::Object(fields, _) => fields.iter().any(|(_, f)| has_choice(def, f)),
        _ => false,
    }
}

/// The variants of a resource (none when its properties hold no choice point).
pub fn variants(def: &StackDef, res: &ResourceDef) -> Vec<Variant> {
    // Most resources hold no choice point: find that out without copying their properties.
    if !res.props.iter().any(|(_, v)| has_choice(def, v)) {
        return Vec::new();
    }
    let keys: Vec<_> = res.props.iter().map(|(k, _)| k.clone()).collect();
    let all = combine(def, res.props.iter().map(|(_, v)| v).collect(), 0);
    all.into_iter()
        .map(|(vals, via)| Variant {
            res: ResourceDef {
                attrs: res.attrs.clone(),
                ident: res.ident.clone(),
                service: res.service.clone(),
                type_ident: res.type_ident.clone(),
                props: keys.iter().cloned().zip(vals).collect(),
                body_span: res.body_span,
            },
            via,
        })
        .collect()
}

/// Whether two spans are the same place (compared by their debug form, which carries the
/// byte range inside a real macro invocation).
pub fn same_place(a: Span, b: Span) -> bool {
    format!("{a:?}") == format!("{b:?}")
}
