//! Composition inside `stack!{}`: `for` loops and constructs, expanded into plain items
//! before the stack is parsed, so every check runs on the expanded graph.
//!
//! ```text
//! for az in [1, 2, 3] { resource PrivateSubnet{az}: ec2::Subnet { .. } }
//! for (az, cidr) in [(1, "10.0.1.0/24"), (2, "10.0.2.0/24")] { .. }
//! for i in 1..=3 { .. }
//!
//! construct Worker(name: Name, runtime: String, memory: Number, key: Value) {
//!     resource {name}Role: iam::Role { .. }
//!     resource {name}: lambda::Function { Runtime: runtime, MemorySize: memory, Role: {name}Role.Arn }
//! }
//! use Worker(Api, "python3.13", 256, Key.Arn);
//! ```
//!
//! Inside a body, a bound name is replaced by its value: alone (`runtime`), in braces (`{key}`),
//! glued to identifiers to form a logical id (`PrivateSubnet{az}`, `{name}Role`), and as
//! `{az}` inside string literals (`"10.0.{az}.0/24"`; `${X}` is left to `Fn::Sub`). A name
//! followed by `:` is a property key and is never replaced. Substituted tokens keep the span
//! where they were written, so an error points at the literal in the loop list or the
//! argument at the `use`, and checks of a construct's items also note the `use` that made
//! them ([`Origin`]).
//!
//! `..x` splices a list or object argument into a list or object of the body
//! (`Statement: [..statements, { Sid: "TlsOnly", .. }]`). Parameters may have defaults
//! (`memory: Number = 128`), arguments may be named (`use Worker(Api, memory: 512);`), and
//! attributes written before a `use` (`#[suppress(..)]`) go on every resource it makes.

use proc_macro2::{Delimiter, Group, Ident, Literal, Span, TokenStream, TokenTree};
use std::collections::HashMap;

/// Where an expanded resource came from, for notes on its diagnostics.
#[derive(Clone)]
pub struct Origin {
    /// The construct's name.
    pub construct: String,
    /// The `use` that instantiated it.
    pub span: Span,
}

/// The kinds a construct parameter can have.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// An identifier: a logical id or part of one.
    Name,
    /// A string literal.
    String,
    /// An integer literal.
    Number,
    /// `true` or `false`.
    Bool,
    /// Any value (a reference, an object, a function call).
    Value,
}

const KINDS: &str = "`Name`, `String`, `Number`, `Bool` or `Value`";

struct Construct {
    params: Vec<Param>,
    body: TokenStream,
}

/// `name: Kind` or `name: Kind = default`.
struct Param {
    name: Ident,
    kind: Kind,
    default: Option<Vec<TokenTree>>,
}

/// The expanded items and the origins of the resources constructs produced.
pub struct Expanded {
    /// Plain items: no `for`, `construct` or `use` left.
    pub tokens: TokenStream,
    /// Logical id of each resource a construct produced, with the `use` that produced it.
    pub origins: HashMap<String, Origin>,
}

/// Nesting limit for `for` inside constructs inside `for`...: a construct that uses itself
/// stops here with an error instead of overflowing the stack.
const MAX_DEPTH: usize = 16;

/// Expands `for` loops, construct definitions and `use`s of a whole `stack!{}` body.
pub fn expand(input: TokenStream) -> syn::Result<Expanded> {
    let mut x = Expander {
        constructs: HashMap::new(),
        origins: HashMap::new(),
    };
    let tokens: Vec<TokenTree> = input.into_iter().collect();
    // Constructs may be used before they are defined: collect the definitions first.
    let rest = x.collect_constructs(tokens)?;
    let tokens = x.items(rest, 0, None)?;
    Ok(Expanded {
        tokens,
        origins: x.origins,
    })
}

struct Expander {
    constructs: HashMap<String, Construct>,
    origins: HashMap<String, Origin>,
}

fn err(span: Span, msg: impl std::fmt::Display) -> syn::Error {
    syn::Error::new(span, msg)
}

fn is_ident(t: Option<&TokenTree>, word: &str) -> bool {
    matches!(t, Some(TokenTree::Ident(i)) if i == word)
}

fn is_punct(t: Option<&TokenTree>, c: char) -> bool {
    matches!(t, Some(TokenTree::Punct(p)) if p.as_char() == c)
}

fn group(t: Option<&TokenTree>, d: Delimiter) -> Option<&Group> {
    match t {
        Some(TokenTree::Group(g)) if g.delimiter() == d => Some(g),
        _ => None,
    }
}

/// Splits a token list at top-level commas (a trailing comma adds no empty part).
fn split_commas(ts: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut parts = vec![Vec::new()];
    for t in ts {
        if matches!(&t, TokenTree::Punct(p) if p.as_char() == ',') {
            parts.push(Vec::new());
        } else {
            parts.last_mut().expect("never empty").push(t);
        }
    }
    if parts.last().is_some_and(Vec::is_empty) {
        parts.pop();
    }
    parts
}

fn stream(tokens: &[TokenTree]) -> TokenStream {
    tokens.iter().cloned().collect()
}

fn span_of(tokens: &[TokenTree], fallback: Span) -> Span {
    tokens.first().map_or(fallback, TokenTree::span)
}

/// The text a value contributes to a name or string: a literal's value or an identifier.
fn splice_text(value: &[TokenTree]) -> Option<String> {
    match value {
        [TokenTree::Ident(i)] => Some(i.to_string()),
        [TokenTree::Literal(l)] => {
            let t = TokenTree::Literal(l.clone());
            if let Ok(s) = syn::parse2::<syn::LitStr>(t.clone().into()) {
                Some(s.value())
            } else if let Ok(n) = syn::parse2::<syn::LitInt>(t.into()) {
                Some(n.base10_digits().to_owned())
            } else {
                None
            }
        }
        _ => None,
    }
}

impl Expander {
    /// Removes `construct NAME(..) { .. }` definitions at this level and records them.
    fn collect_constructs(&mut self, tokens: Vec<TokenTree>) -> syn::Result<Vec<TokenTree>> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            if !is_ident(tokens.get(i), "construct") {
                out.push(tokens[i].clone());
                i += 1;
                continue;
            }
            let kw = tokens[i].span();
            let usage = "a construct is declared as `construct Name(param: Kind, ..) { items }`";
            let Some(TokenTree::Ident(name)) = tokens.get(i + 1) else {
                return Err(err(kw, format!("expected the construct's name: {usage}")));
            };
            let params = group(tokens.get(i + 2), Delimiter::Parenthesis).ok_or_else(|| {
                err(
                    name.span(),
                    format!("expected `(` after `construct {name}`: {usage}"),
                )
            })?;
            let body = group(tokens.get(i + 3), Delimiter::Brace).ok_or_else(|| {
                err(
                    params.span_close(),
                    format!("expected `{{ items }}` after the parameters of `{name}`: {usage}"),
                )
            })?;
            let mut list = Vec::new();
            for part in split_commas(params.stream()) {
                let (p, kind, default) = match part.as_slice() {
                    [TokenTree::Ident(p), TokenTree::Punct(c), TokenTree::Ident(k), rest @ ..]
                        if c.as_char() == ':' =>
                    {
                        let default = match rest {
                            [] => None,
                            [TokenTree::Punct(eq), value @ ..] if eq.as_char() == '=' && !value.is_empty() => Some(value.to_vec()),
                            _ => {
                                return Err(err(
                                    span_of(rest, k.span()),
                                    format!("after `{p}: {k}` comes `,`, `)` or a default `= value`"),
                                ))
                            }
                        };
                        (p, k, default)
                    }
                    _ => {
                        return Err(err(
                            span_of(&part, params.span()),
                            format!("a parameter of `{name}` is written `name: Kind` (or `name: Kind = default`) with Kind one of {KINDS}"),
                        ))
                    }
                };
                let kind = match kind.to_string().as_str() {
                    "Name" => Kind::Name,
                    "String" => Kind::String,
                    "Number" => Kind::Number,
                    "Bool" => Kind::Bool,
                    "Value" => Kind::Value,
                    other => {
                        return Err(err(
                            kind.span(),
                            format!(
                            "unknown parameter kind `{other}` for `{p}` of `{name}`: use {KINDS}"
                        ),
                        ))
                    }
                };
                if let Some(d) = &default {
                    check_kind(&name.to_string(), p, kind, d, span_of(d, p.span()))?;
                }
                if list.iter().any(|q: &Param| q.name == *p) {
                    return Err(err(
                        p.span(),
                        format!("`{name}` declares the parameter `{p}` twice"),
                    ));
                }
                list.push(Param {
                    name: p.clone(),
                    kind,
                    default,
                });
            }
            let key = name.to_string();
            if self.constructs.contains_key(&key) {
                return Err(err(
                    name.span(),
                    format!("construct `{key}` is defined twice: give each construct its own name"),
                ));
            }
            self.constructs.insert(
                key,
                Construct {
                    params: list,
                    body: body.stream(),
                },
            );
            i += 4;
        }
        Ok(out)
    }

    /// Expands `for` and `use` items in a list of items.
    fn items(
        &mut self,
        tokens: Vec<TokenTree>,
        depth: usize,
        origin: Option<&Origin>,
    ) -> syn::Result<TokenStream> {
        let mut tokens = tokens;
        let mut out: Vec<TokenTree> = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            if is_ident(tokens.get(i), "let") {
                // A run of `let`s binds values for the items after it: one scan and one
                // substitution of those items for the whole run (a value may use the `let`s
                // before it in the run).
                let mut bindings: HashMap<String, Vec<TokenTree>> = HashMap::new();
                let mut names: Vec<Ident> = Vec::new();
                let mut used_in_run = std::collections::HashSet::new();
                let mut next = i;
                while is_ident(tokens.get(next), "let") {
                    let (name, value, after) = let_binding(&tokens, next)?;
                    if bindings.contains_key(&name.to_string()) {
                        return Err(twice(&name, name.span()));
                    }
                    let value: TokenStream = value.into_iter().collect();
                    used_in_run.extend(scan(&value, &bindings).used);
                    let value = substitute(value, &bindings)?.into_iter().collect();
                    bindings.insert(name.to_string(), value);
                    names.push(name);
                    next = after;
                }
                let rest: TokenStream = tokens.split_off(next).into_iter().collect();
                let found = scan(&rest, &bindings);
                if let Some((name, at)) = found.rebound {
                    return Err(twice(&name, at));
                }
                let unused = names.iter().find(|n| {
                    let n = n.to_string();
                    !found.used.contains(&n) && !used_in_run.contains(&n)
                });
                if let Some(n) = unused {
                    return Err(err(n.span(), format!("`let {n}` is never used: the items after it do not name `{n}` (or `{{{n}}}` in a string)")));
                }
                tokens.truncate(i);
                tokens.extend(substitute(rest, &bindings)?);
                continue;
            }
            if let Some(TokenTree::Ident(kw)) = tokens.get(i) {
                if depth > MAX_DEPTH && (kw == "for" || kw == "use") {
                    return Err(err(kw.span(), format!("`for` and `use` nest more than {MAX_DEPTH} levels deep here: does a construct use itself?")));
                }
                if kw == "for" {
                    let (expanded, next) = self.for_loop(&tokens, i, depth, origin)?;
                    out.extend(expanded);
                    i = next;
                    continue;
                }
                if kw == "use" && is_import(&tokens, i) {
                    let next = self.import(&tokens, i)?;
                    i = next;
                    continue;
                }
                if kw == "use" {
                    // Attributes written before `use` (`#[suppress(..)]`, ...) go on every
                    // resource the construct makes.
                    let mut attrs = Vec::new();
                    while out.len() >= 2
                        && is_punct(out.get(out.len() - 2), '#')
                        && group(out.last(), Delimiter::Bracket).is_some()
                    {
                        let tail = out.split_off(out.len() - 2);
                        attrs.splice(0..0, tail);
                    }
                    let (expanded, next) = self.use_construct(&tokens, i, depth)?;
                    for t in expanded {
                        if is_ident(Some(&t), "resource") {
                            out.extend(attrs.iter().cloned());
                        }
                        out.push(t);
                    }
                    i = next;
                    continue;
                }
                if kw == "construct" {
                    return Err(err(kw.span(), "a construct is defined at the top level of `stack!{}`, not inside a `for` or another construct"));
                }
                if kw == "resource" {
                    if let (Some(o), Some(TokenTree::Ident(id))) = (origin, tokens.get(i + 1)) {
                        self.origins.insert(id.to_string(), o.clone());
                    }
                }
            }
            out.push(tokens[i].clone());
            i += 1;
        }
        Ok(out.into_iter().collect())
    }

    /// `for PAT in ITER { BODY }` starting at `tokens[i]`.
    fn for_loop(
        &mut self,
        tokens: &[TokenTree],
        i: usize,
        depth: usize,
        origin: Option<&Origin>,
    ) -> syn::Result<(TokenStream, usize)> {
        let kw = tokens[i].span();
        let usage = "a loop is written `for x in [a, b, c] { items }`, `for (x, y) in [(a, 1), (b, 2)] { items }` or `for i in 1..=3 { items }`";
        let names: Vec<Ident> = match tokens.get(i + 1) {
            Some(TokenTree::Ident(n)) => vec![n.clone()],
            Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis => {
                let mut names = Vec::new();
                for part in split_commas(g.stream()) {
                    match part.as_slice() {
                        [TokenTree::Ident(n)] => names.push(n.clone()),
                        _ => {
                            return Err(err(
                                span_of(&part, g.span()),
                                format!("expected a name in the loop pattern: {usage}"),
                            ))
                        }
                    }
                }
                names
            }
            _ => return Err(err(kw, format!("expected a name after `for`: {usage}"))),
        };
        if !is_ident(tokens.get(i + 2), "in") {
            return Err(err(
                span_of(&tokens[(i + 2).min(tokens.len())..], kw),
                format!("expected `in`: {usage}"),
            ));
        }
        // The iterable runs up to the body's braces.
        let start = i + 3;
        let Some(body_at) =
            (start..tokens.len()).find(|&k| group(tokens.get(k), Delimiter::Brace).is_some())
        else {
            return Err(err(
                kw,
                format!("expected the loop body `{{ items }}`: {usage}"),
            ));
        };
        let iter = &tokens[start..body_at];
        let rows = self.loop_rows(iter, names.len(), kw, usage)?;
        let body = group(tokens.get(body_at), Delimiter::Brace).expect("found above");
        let mut out = TokenStream::new();
        for row in rows {
            let bindings: HashMap<String, Vec<TokenTree>> =
                names.iter().map(ToString::to_string).zip(row).collect();
            let substituted = substitute(body.stream(), &bindings)?;
            out.extend(self.items(substituted.into_iter().collect(), depth + 1, origin)?);
        }
        Ok((out, body_at + 1))
    }

    /// The values of each iteration: a list of values or tuples, or an integer range.
    fn loop_rows(
        &self,
        iter: &[TokenTree],
        arity: usize,
        kw: Span,
        usage: &str,
    ) -> syn::Result<Vec<Vec<Vec<TokenTree>>>> {
        if let [TokenTree::Group(g)] = iter {
            if g.delimiter() == Delimiter::Bracket {
                let mut rows = Vec::new();
                for item in split_commas(g.stream()) {
                    let row = match (arity, item.as_slice()) {
                        (1, _) => vec![item.clone()],
                        (_, [TokenTree::Group(t)]) if t.delimiter() == Delimiter::Parenthesis => {
                            split_commas(t.stream())
                        }
                        _ => vec![],
                    };
                    if row.len() != arity || row.iter().any(Vec::is_empty) {
                        return Err(err(span_of(&item, g.span()), format!("each element must bind {arity} value(s) to the loop pattern: {usage}")));
                    }
                    rows.push(row);
                }
                return Ok(rows);
            }
        }
        // `a..b` or `a..=b` over integers.
        let int = |t: Option<&TokenTree>| match t {
            Some(TokenTree::Literal(l)) => l.to_string().parse::<i64>().ok(),
            _ => None,
        };
        let (from, inclusive, to) = match iter {
            [a, TokenTree::Punct(d1), TokenTree::Punct(d2), b]
                if d1.as_char() == '.' && d2.as_char() == '.' =>
            {
                (int(Some(a)), false, int(Some(b)))
            }
            [a, TokenTree::Punct(d1), TokenTree::Punct(d2), TokenTree::Punct(eq), b]
                if d1.as_char() == '.' && d2.as_char() == '.' && eq.as_char() == '=' =>
            {
                (int(Some(a)), true, int(Some(b)))
            }
            _ => (None, false, None),
        };
        let (Some(from), Some(to)) = (from, to) else {
            return Err(err(
                span_of(iter, kw),
                format!("expected a list `[..]` or an integer range `1..=3` to loop over: {usage}"),
            ));
        };
        if arity != 1 {
            return Err(err(
                span_of(iter, kw),
                format!("a range binds one name, not a tuple: {usage}"),
            ));
        }
        let end = if inclusive { to + 1 } else { to };
        let span = span_of(iter, kw);
        Ok((from..end)
            .map(|n| {
                let mut l = Literal::i64_unsuffixed(n);
                l.set_span(span);
                vec![vec![TokenTree::Literal(l)]]
            })
            .collect())
    }

    /// `use path::Name;` starting at `tokens[i]`: satisfied when the construct is defined
    /// (the library's macro put its definition in front of the stack, see [`pending_import`]).
    fn import(&self, tokens: &[TokenTree], i: usize) -> syn::Result<usize> {
        let (path, name, next) = import_parts(tokens, i).expect("checked by is_import");
        if self.constructs.contains_key(&name.to_string()) {
            return Ok(next);
        }
        Err(err(
            name.span(),
            format!("construct `{name}` from `{path}` is not available: `{path}!` must be a construct exported with `ha_macros::constructs!` by a crate this one depends on"),
        ))
    }

    /// `use Name(args);` starting at `tokens[i]`.
    fn use_construct(
        &mut self,
        tokens: &[TokenTree],
        i: usize,
        depth: usize,
    ) -> syn::Result<(TokenStream, usize)> {
        let kw = tokens[i].span();
        let usage = "a construct is used as `use Name(arg, ..);`";
        let Some(TokenTree::Ident(name)) = tokens.get(i + 1) else {
            return Err(err(
                kw,
                format!("expected a construct's name after `use`: {usage}"),
            ));
        };
        let args = group(tokens.get(i + 2), Delimiter::Parenthesis).ok_or_else(|| {
            err(
                name.span(),
                format!("expected `(` after `use {name}`: {usage}"),
            )
        })?;
        if !is_punct(tokens.get(i + 3), ';') {
            return Err(err(
                args.span_close(),
                format!("expected `;` after `use {name}(..)`"),
            ));
        }
        let key = name.to_string();
        let Some(c) = self.constructs.get(&key) else {
            let hint = crate::diag::did_you_mean(&key, self.constructs.keys().map(String::as_str));
            return Err(err(name.span(), format!("construct `{key}` is not defined{hint}: define it with `construct {key}(..) {{ items }}` in this stack")));
        };
        let signature = || {
            let list: Vec<String> = c
                .params
                .iter()
                .map(|p| {
                    format!(
                        "{}: {:?}{}",
                        p.name,
                        p.kind,
                        if p.default.is_some() {
                            " = ..".to_owned()
                        } else {
                            String::new()
                        }
                    )
                })
                .collect();
            list.join(", ")
        };
        // Positional arguments first, then `name: value` ones, in any order.
        let mut given: Vec<Option<Vec<TokenTree>>> = vec![None; c.params.len()];
        let mut named = false;
        for (n, arg) in split_commas(args.stream()).into_iter().enumerate() {
            let label = match arg.as_slice() {
                [TokenTree::Ident(l), TokenTree::Punct(colon), rest @ ..]
                    if colon.as_char() == ':' && !is_punct(rest.first(), ':') =>
                {
                    Some((l.clone(), rest.to_vec()))
                }
                _ => None,
            };
            let (slot, value) = match label {
                Some((l, value)) => {
                    named = true;
                    let Some(slot) = c.params.iter().position(|p| p.name == l) else {
                        let hint = crate::diag::did_you_mean(
                            &l.to_string(),
                            c.params
                                .iter()
                                .map(|p| p.name.to_string())
                                .collect::<Vec<_>>()
                                .iter()
                                .map(String::as_str),
                        );
                        return Err(err(
                            l.span(),
                            format!(
                                "construct `{key}` has no parameter `{l}`{hint}; it takes ({})",
                                signature()
                            ),
                        ));
                    };
                    (slot, value)
                }
                None if named => {
                    return Err(err(span_of(&arg, name.span()), format!("a positional argument after `name: value` ones: write it as `{}: ..` or move it before them", c.params.get(n).map_or("name".to_owned(), |p| p.name.to_string()))));
                }
                None if n >= c.params.len() => {
                    return Err(err(
                        span_of(&arg, name.span()),
                        format!(
                            "construct `{key}` takes {} argument(s) ({}), found more",
                            c.params.len(),
                            signature()
                        ),
                    ));
                }
                None => (n, arg),
            };
            if given[slot].replace(value).is_some() {
                return Err(err(
                    name.span(),
                    format!(
                        "argument `{}` of construct `{key}` is given twice",
                        c.params[slot].name
                    ),
                ));
            }
        }
        let mut bindings = HashMap::new();
        for (p, arg) in c.params.iter().zip(given) {
            let arg = match (arg, &p.default) {
                (Some(a), _) => a,
                (None, Some(d)) => d.clone(),
                (None, None) => {
                    return Err(err(
                        name.span(),
                        format!(
                            "construct `{key}` needs the argument `{}` ({}); it takes ({})",
                            p.name,
                            kind_text(p.kind),
                            signature()
                        ),
                    ));
                }
            };
            check_kind(&key, &p.name, p.kind, &arg, span_of(&arg, name.span()))?;
            bindings.insert(p.name.to_string(), arg);
        }
        let body = substitute(c.body.clone(), &bindings)?;
        let origin = Origin {
            construct: key,
            span: name.span(),
        };
        let out = self.items(body.into_iter().collect(), depth + 1, Some(&origin))?;
        Ok((out, i + 4))
    }
}

/// What an argument of a kind looks like, for messages.
fn kind_text(kind: Kind) -> &'static str {
    match kind {
        Kind::Name => "an identifier (a logical id or part of one)",
        Kind::String => "a string literal",
        Kind::Number => "an integer literal",
        Kind::Bool => "`true` or `false`",
        Kind::Value => "a value",
    }
}

/// An argument matches its parameter's kind.
fn check_kind(
    construct: &str,
    p: &Ident,
    kind: Kind,
    arg: &[TokenTree],
    span: Span,
) -> syn::Result<()> {
    let ok = match kind {
        Kind::Value => !arg.is_empty(),
        Kind::Name => matches!(arg, [TokenTree::Ident(_)]),
        Kind::Bool => matches!(arg, [TokenTree::Ident(b)] if b == "true" || b == "false"),
        Kind::String => {
            matches!(arg, [TokenTree::Literal(_)])
                && syn::parse2::<syn::LitStr>(stream(arg)).is_ok()
        }
        // syn reads a leading `-` as part of the literal.
        Kind::Number => syn::parse2::<syn::LitInt>(stream(arg)).is_ok(),
    };
    if ok {
        return Ok(());
    }
    let found = if arg.is_empty() {
        "nothing".to_owned()
    } else {
        format!("`{}`", stream(arg))
    };
    let want = kind_text(kind);
    Err(err(span, format!("argument `{p}` of construct `{construct}` is a {kind:?} and takes {want}, found {found}")))
}

/// Words after which a placeholder starts a new name rather than continuing this one
/// (`resource {name}Role`).
const KEYWORDS: &[&str] = &[
    "let",
    "resource",
    "output",
    "parameter",
    "condition",
    "mapping",
    "use",
    "for",
    "in",
    "stack",
];

/// A placeholder `{x}` for a bound `x`: the name and the braces' span.
fn placeholder(
    t: Option<&TokenTree>,
    b: &HashMap<String, Vec<TokenTree>>,
) -> Option<(String, Span)> {
    let g = group(t, Delimiter::Brace)?;
    match g.stream().into_iter().collect::<Vec<_>>().as_slice() {
        [TokenTree::Ident(n)] if b.contains_key(&n.to_string()) => Some((n.to_string(), g.span())),
        _ => None,
    }
}

/// A name glued from identifiers and at least one placeholder starting at `tokens[i]`
/// (`Private{az}Subnet`), with the index after it.
fn glued_name(
    tokens: &[TokenTree],
    i: usize,
    b: &HashMap<String, Vec<TokenTree>>,
) -> syn::Result<Option<(Ident, usize)>> {
    let mut j = i;
    let mut name = String::new();
    let mut span = None;
    let mut placeholders = 0;
    let mut last_was_ident = false;
    loop {
        if let Some((n, s)) = placeholder(tokens.get(j), b) {
            let text = splice_text(&b[&n]).ok_or_else(|| {
                err(s, format!("`{{{n}}}` is `{}` here, which cannot be part of a name: glue only identifiers, integers or strings into names", stream(&b[&n])))
            })?;
            name.push_str(&text);
            span.get_or_insert(s);
            placeholders += 1;
            last_was_ident = false;
        } else if let Some(TokenTree::Ident(id)) = tokens.get(j) {
            let keyword = KEYWORDS.iter().any(|k| id == k);
            if last_was_ident || keyword {
                break;
            }
            name.push_str(&id.to_string());
            span.get_or_insert(id.span());
            last_was_ident = true;
        } else {
            break;
        }
        j += 1;
    }
    if placeholders == 0 || j - i < 2 {
        return Ok(None);
    }
    let span = span.expect("at least two pieces");
    if syn::parse_str::<Ident>(&name).is_err() {
        return Err(err(span, format!("`{name}` is not a valid name: a logical id is letters and digits, starting with a letter")));
    }
    Ok(Some((Ident::new(&name, span), j)))
}

/// `..x` where `x` is bound to a list `[..]` or an object `{..}`: its elements or fields,
/// inserted where the splice stands (`[first, ..more]`, `{ A: 1, ..extra, B: 2 }`). The comma
/// written after the splice is dropped when the spliced value is empty or already ends in
/// one. Returns the tokens and the index after the splice.
fn splice(
    tokens: &[TokenTree],
    i: usize,
    b: &HashMap<String, Vec<TokenTree>>,
) -> Option<(Vec<TokenTree>, usize)> {
    if !(is_punct(tokens.get(i), '.') && is_punct(tokens.get(i + 1), '.')) {
        return None;
    }
    let Some(TokenTree::Ident(name)) = tokens.get(i + 2) else {
        return None;
    };
    let value = b.get(&name.to_string())?;
    let [TokenTree::Group(g)] = value.as_slice() else {
        return None;
    };
    if !matches!(g.delimiter(), Delimiter::Bracket | Delimiter::Brace) {
        return None;
    }
    let inner: Vec<TokenTree> = g.stream().into_iter().collect();
    let mut next = i + 3;
    let ends_open = inner.is_empty() || is_punct(inner.last(), ',');
    if ends_open && is_punct(tokens.get(next), ',') {
        next += 1;
    }
    Some((inner, next))
}

/// `let name = value;` at `tokens[i]`: the name, the value's tokens and the index after `;`.
fn let_binding(tokens: &[TokenTree], i: usize) -> syn::Result<(Ident, Vec<TokenTree>, usize)> {
    let kw = tokens[i].span();
    let usage = "a value is bound as `let name = value;` and used by name in the items after it";
    let Some(TokenTree::Ident(name)) = tokens.get(i + 1) else {
        return Err(err(kw, format!("expected a name after `let`: {usage}")));
    };
    if !is_punct(tokens.get(i + 2), '=') {
        return Err(err(
            span_of(&tokens[(i + 2).min(tokens.len())..], name.span()),
            format!("expected `=` after `let {name}`: {usage}"),
        ));
    }
    let start = i + 3;
    let Some(end) = (start..tokens.len()).find(|&k| is_punct(tokens.get(k), ';')) else {
        return Err(err(
            name.span(),
            format!("expected `;` after the value of `let {name}`: {usage}"),
        ));
    };
    if end == start {
        return Err(err(
            name.span(),
            format!("`let {name}` has no value: {usage}"),
        ));
    }
    Ok((name.clone(), tokens[start..end].to_vec(), end + 1))
}

/// The error for a name bound twice by `let`.
fn twice(name: &dyn std::fmt::Display, at: Span) -> syn::Error {
    err(
        at,
        format!("`{name}` is bound by `let` twice: give the second value its own name"),
    )
}

/// What [`scan`] finds of a set of bound names.
struct Scan {
    /// The names used: as an identifier, or as `{name}` inside a string.
    used: std::collections::HashSet<String>,
    /// A later `let` that binds one of them again, with where.
    rebound: Option<(String, Span)>,
}

/// One walk over `ts`, at any depth: which bound names it uses and whether it binds one again.
fn scan(ts: &TokenStream, b: &HashMap<String, Vec<TokenTree>>) -> Scan {
    fn walk(ts: TokenStream, b: &HashMap<String, Vec<TokenTree>>, out: &mut Scan) {
        let mut after_let = false;
        for t in ts {
            match &t {
                TokenTree::Ident(id) => {
                    let name = id.to_string();
                    if b.contains_key(&name) {
                        if after_let {
                            out.rebound.get_or_insert((name.clone(), id.span()));
                        }
                        out.used.insert(name);
                    }
                }
                TokenTree::Group(g) => walk(g.stream(), b, out),
                TokenTree::Literal(l) => out.used.extend(placeholders_in(l, b)),
                TokenTree::Punct(_) => {}
            }
            after_let = matches!(&t, TokenTree::Ident(id) if id == "let");
        }
    }
    let mut out = Scan {
        used: std::collections::HashSet::new(),
        rebound: None,
    };
    walk(ts.clone(), b, &mut out);
    out
}

/// Replaces bound names in `ts` (see the module docs).
fn substitute(ts: TokenStream, b: &HashMap<String, Vec<TokenTree>>) -> syn::Result<TokenStream> {
    let tokens: Vec<TokenTree> = ts.into_iter().collect();
    let mut out: Vec<TokenTree> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if let Some((inner, next)) = splice(&tokens, i, b) {
            out.extend(inner);
            i = next;
            continue;
        }
        if let Some((name, next)) = glued_name(&tokens, i, b)? {
            out.push(TokenTree::Ident(name));
            i = next;
            continue;
        }
        if let Some((n, _)) = placeholder(tokens.get(i), b) {
            // `{x}` alone: the value itself.
            out.extend(b[&n].iter().cloned());
            i += 1;
            continue;
        }
        match &tokens[i] {
            TokenTree::Ident(id) => {
                // A bound name alone is its value, unless it is a key (`x: ..`, not `x::`).
                let key = is_punct(tokens.get(i + 1), ':') && !is_punct(tokens.get(i + 2), ':');
                match b.get(&id.to_string()) {
                    Some(v) if !key => out.extend(v.iter().cloned()),
                    _ => out.push(tokens[i].clone()),
                }
            }
            // A group that names no bound value stays as it is: rebuilding it would only
            // copy it (most of a stack, for a `let` at its top).
            TokenTree::Group(g) if !uses_any(&g.stream(), b) => out.push(tokens[i].clone()),
            TokenTree::Group(g) => {
                let mut ng = Group::new(g.delimiter(), substitute(g.stream(), b)?);
                ng.set_span(g.span());
                out.push(TokenTree::Group(ng));
            }
            TokenTree::Literal(l) => out.push(TokenTree::Literal(interpolate(l, b))),
            TokenTree::Punct(_) => out.push(tokens[i].clone()),
        }
        i += 1;
    }
    Ok(out.into_iter().collect())
}

/// The bound names written as `{name}` inside a literal (what [`interpolate`] fills).
fn placeholders_in(l: &Literal, b: &HashMap<String, Vec<TokenTree>>) -> Vec<String> {
    let text = l.to_string();
    if !text.contains('{') {
        return Vec::new();
    }
    b.keys()
        .filter(|n| text.contains(&format!("{{{n}}}")))
        .cloned()
        .collect()
}

/// Whether any bound name occurs in `ts`, at any depth: as an identifier (alone, glued,
/// spliced, in `{x}`) or as `{x}` inside a string. What [`substitute`] would change.
fn uses_any(ts: &TokenStream, b: &HashMap<String, Vec<TokenTree>>) -> bool {
    ts.clone().into_iter().any(|t| match t {
        TokenTree::Ident(id) => b.contains_key(&id.to_string()),
        TokenTree::Group(g) => uses_any(&g.stream(), b),
        TokenTree::Literal(l) => !placeholders_in(&l, b).is_empty(),
        TokenTree::Punct(_) => false,
    })
}

/// `{x}` inside a string literal (not `${x}`, which is `Fn::Sub`'s).
fn interpolate(l: &Literal, b: &HashMap<String, Vec<TokenTree>>) -> Literal {
    let Ok(s) = syn::parse2::<syn::LitStr>(TokenTree::Literal(l.clone()).into()) else {
        return l.clone();
    };
    let text = s.value();
    let mut out = String::new();
    let mut rest = text.as_str();
    let mut changed = false;
    while let Some(open) = rest.find('{') {
        let (before, after) = rest.split_at(open);
        out.push_str(before);
        let value = after[1..].find('}').and_then(|close| {
            let name = &after[1..=close];
            let dollar = before.ends_with('$');
            (!dollar).then(|| b.get(name).and_then(|v| splice_text(v)).map(|t| (t, close)))?
        });
        match value {
            Some((t, close)) => {
                out.push_str(&t);
                rest = &after[close + 2..];
                changed = true;
            }
            None => {
                out.push('{');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    if !changed {
        return l.clone();
    }
    let mut n = Literal::string(&out);
    n.set_span(l.span());
    n
}

/// `use a::b::Name;`: the path, the construct's name and the index after the `;`.
fn import_parts(tokens: &[TokenTree], i: usize) -> Option<(String, Ident, usize)> {
    let mut j = i + 1;
    let mut path = String::new();
    let mut last;
    loop {
        let TokenTree::Ident(seg) = tokens.get(j)? else {
            return None;
        };
        path.push_str(&seg.to_string());
        last = seg.clone();
        j += 1;
        if is_punct(tokens.get(j), ':') && is_punct(tokens.get(j + 1), ':') {
            path.push_str("::");
            j += 2;
            continue;
        }
        break;
    }
    (path.contains("::") && is_punct(tokens.get(j), ';')).then(|| (path, last, j + 1))
}

fn is_import(tokens: &[TokenTree], i: usize) -> bool {
    import_parts(tokens, i).is_some()
}

/// The first `use path::Name;` of a stack whose construct is not defined in it yet. The
/// `stack!` macro then hands the whole invocation to `path!`, a `macro_rules!` macro that the
/// construct library generated with `ha_macros::constructs!`: it puts the construct's
/// definition in front of the tokens and calls `stack!` again (docs/composition.md).
pub fn pending_import(input: &TokenStream) -> Option<TokenStream> {
    let tokens: Vec<TokenTree> = input.clone().into_iter().collect();
    let defined: Vec<String> = tokens
        .windows(2)
        .filter(|w| is_ident(w.first(), "construct"))
        .filter_map(|w| match &w[1] {
            TokenTree::Ident(n) => Some(n.to_string()),
            _ => None,
        })
        .collect();
    (0..tokens.len())
        .filter(|&i| is_ident(tokens.get(i), "use"))
        .filter_map(|i| import_parts(&tokens, i).map(|(_, name, next)| (i, name, next)))
        .find(|(_, name, _)| !defined.contains(&name.to_string()))
        .map(|(i, _, next)| stream(&tokens[i + 1..next - 1]))
}

/// The expansion of `ha_macros::constructs! { construct A(..) { .. } .. }` in a construct
/// library: one exported `macro_rules!` per construct that prepends its definition to a
/// `stack!{}` invocation handed over by [`pending_import`].
pub fn export(input: TokenStream) -> TokenStream {
    let tokens: Vec<TokenTree> = input.into_iter().collect();
    let mut x = Expander {
        constructs: HashMap::new(),
        origins: HashMap::new(),
    };
    // The definitions must parse as constructs (their bodies are checked where they are used).
    let rest = match x.collect_constructs(tokens.clone()) {
        Ok(rest) => rest,
        Err(e) => return e.to_compile_error(),
    };
    if let Some(t) = rest.first() {
        return err(
            t.span(),
            "`ha_macros::constructs!` takes `construct Name(params) { items }` definitions only",
        )
        .to_compile_error();
    }
    let mut out = TokenStream::new();
    let mut i = 0;
    while i + 3 < tokens.len() && is_ident(tokens.get(i), "construct") {
        let def = stream(&tokens[i..i + 4]);
        // An identifier: collect_constructs accepted the definition.
        let name = Ident::new(&tokens[i + 1].to_string(), tokens[i + 1].span());
        let params = tokens[i + 2].to_string();
        let doc = format!("Construct `{name}{params}` for `stack!{{}}`: write `use <this crate>::{name};` inside the stack, then `use {name}(..);`.");
        out.extend(quote::quote! {
            #[doc = #doc]
            #[macro_export]
            macro_rules! #name {
                ($($stack:tt)*) => { ::ha_macros::stack! { #def $($stack)* } };
            }
        });
        i += 4;
    }
    out
}
