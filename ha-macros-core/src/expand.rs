//! Expansion of a checked stack into typed constructs of `ha_core`.

use crate::ast::{Key, ResourceDef, StackDef, Val};
use crate::check::Checked;
use crate::model::ResourceAttrs;
use ha_registry::{ResourceType, Shape};
use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{format_ident, quote_spanned};
use std::cell::Cell;
use syn::Ident;

// Where the tokens the expansion makes up are located. Not at the call site: rustc identifies
// the expansion by its call site, the span of the whole `stack!{}` invocation, and a token
// located or resolved there (or a `macro_rules!` invoked from the expansion) makes the hash of
// everything around it depend on the invocation's length, so that any edit that changes the
// length re-checks and recompiles the whole expansion. Located at a name the author wrote (the
// stack's, and each resource's, parameter's, condition's, mapping's and output's) instead, with
// that name's hygiene, an edit recompiles what it touched and what comes after it
// (docs/edit-loop.md, "Why most edits cost more than the best case").
// The expansion's own names (`__t`, `env`, ...) all share one hygiene, that of the stack's
// name: the user's tokens keep theirs, and a construct body that arrives through a library's
// `macro_rules!` brings another, which must not hide the expansion's locals from it.
thread_local! {
    static HERE: Cell<Option<Span>> = const { Cell::new(None) };
    static HOME: Cell<Option<Span>> = const { Cell::new(None) };
}

/// The span the expansion's own tokens get now: located at the innermost [`At`], resolved as
/// the stack's name (the call site outside [`At`], as in unit tests that expand a fragment).
pub(crate) fn here() -> Span {
    HERE.with(Cell::get).unwrap_or_else(Span::call_site)
}

/// The hygiene of the expansion's own names (see [`here`]).
fn home() -> Span {
    HOME.with(Cell::get).unwrap_or_else(Span::call_site)
}

/// While alive, the expansion's own tokens are located at `span` and resolved as the
/// innermost [`Home`] (see [`here`]).
pub(crate) struct At(Option<Span>);

impl At {
    pub(crate) fn new(span: Span) -> At {
        let span = span.resolved_at(home());
        At(HERE.with(|h| h.replace(Some(span))))
    }
}

impl Drop for At {
    fn drop(&mut self) {
        HERE.with(|h| h.set(self.0));
    }
}

/// While alive, the expansion's own names resolve as `span` (see [`here`]).
struct Home(Option<Span>);

impl Home {
    fn new(span: Span) -> Home {
        Home(HOME.with(|h| h.replace(Some(span))))
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        HOME.with(|h| h.set(self.0));
    }
}

/// `quote!` with every token at [`here`].
macro_rules! q {
    ($($t:tt)*) => { ::quote::quote_spanned!($crate::expand::here()=> $($t)*) };
}

/// `ts` with each token's (and group's) span replaced by `span_of` it, depth first in order.
fn respan(ts: TokenStream, span_of: &mut impl FnMut(&TokenTree) -> Span) -> TokenStream {
    ts.into_iter()
        .map(|tt| {
            let span = span_of(&tt);
            let mut tt = match tt {
                TokenTree::Group(g) => TokenTree::Group(proc_macro2::Group::new(
                    g.delimiter(),
                    respan(g.stream(), span_of),
                )),
                other => other,
            };
            tt.set_span(span);
            tt
        })
        .collect()
}

/// Moves the literals that `quote` interpolation put at the call site (strings and numbers
/// the expansion computed) to the last identifier before them; see [`here`].
pub fn relocate_literals(ts: TokenStream, mut last: Span) -> TokenStream {
    let call_site = Span::call_site().start();
    respan(ts, &mut |tt| match tt {
        TokenTree::Ident(i) => {
            last = i.span();
            last
        }
        TokenTree::Literal(l) if l.span().start() == call_site => last,
        other => other.span(),
    })
}

/// The author's tokens `ts` (a stack argument's name or type, written in the stack's header),
/// located at [`here`] with their own hygiene: a per-resource function that declares them
/// then lies inside its resource's text, so that an edit before the resource leaves the
/// function's hash alone.
fn moved(ts: TokenStream) -> TokenStream {
    respan(ts, &mut |tt| match tt {
        // A literal has no hygiene to keep, and the one `quote` interpolated is resolved at
        // the call site.
        TokenTree::Literal(_) => here(),
        other => other.span().located_at(here()),
    })
}

/// Every identifier in `ts`, nested groups included.
fn names_in(ts: TokenStream, out: &mut std::collections::BTreeSet<String>) {
    for tt in ts {
        match tt {
            TokenTree::Ident(i) => {
                out.insert(i.to_string());
            }
            TokenTree::Group(g) => names_in(g.stream(), out),
            _ => {}
        }
    }
}

/// An identifier from the registry: ha-codegen never emits a keyword there (it appends `_`).
fn ident(s: &str) -> Ident {
    Ident::new(s, here())
}

/// `true` or `false` at [`here`] (interpolating a `bool` would put it at the call site).
fn boolean(b: bool) -> Ident {
    ident(if b { "true" } else { "false" })
}

struct Ctx<'a> {
    types: &'a std::collections::HashMap<String, Option<&'static ResourceType>>,
    /// The defs module of the resource being expanded.
    defs: TokenStream,
    /// The stacks of `imports: [..]`.
    imports: &'a [Ident],
}

impl Ctx<'_> {
    /// `Network.VpcId` where `Network` is an imported stack: the output constant of the
    /// producer's type, read through `ha_core::app::import`. rustc checks that the output
    /// exists (the constant, spanned at the output's name) and that its kind fits where the
    /// value goes (`ImportInto`, spanned at the whole reference).
    fn import(&self, v: &Val, target: TokenStream) -> Option<TokenStream> {
        let Val::Path(head, rest) = v else {
            return None;
        };
        if !self.imports.iter().any(|i| i == head) {
            return None;
        }
        let out = &rest[0];
        let constant = quote_spanned!(out.span()=> #head::#out);
        Some(quote_spanned!(head.span()=> __h::app::import::<_, #target>(&#constant, env)))
    }

    fn intrinsic(&self, v: &Val) -> TokenStream {
        if let Some(i) = self.import(v, q!(__h::Intrinsic)) {
            return i;
        }
        match v {
            Val::Call(name, args) => self.call(name, args),
            Val::Path(head, rest) => {
                let attr: Vec<String> = rest.iter().map(ToString::to_string).collect();
                self.get_att(head, &attr.join("."))
            }
            // A pseudo parameter or `NoValue`: the checks let no other value reach here (a
            // bare name used to recurse through `json` forever).
            other => {
                let name = if let Val::Pseudo(name, _) = other {
                    name.as_str()
                } else {
                    "AWS::NoValue"
                };
                q!(__h::Intrinsic::Ref(__Str::from(#name)))
            }
        }
    }

    /// `Fn::GetAtt`: the checks have proven the attribute exists on the resource's type, so
    /// the expansion calls `Handle::get_att` directly. (The generated accessor, `Key.arn()`,
    /// renders the same, but with every registry type's accessors in scope rustc would weigh
    /// each `impl Handle<..>` that has a method of that name at every call.)
    fn get_att(&self, head: &Ident, attr: &str) -> TokenStream {
        quote_spanned!(head.span()=> #head.get_att(#attr))
    }

    fn call(&self, name: &Ident, args: &[Val]) -> TokenStream {
        let j = |i: usize| self.json(&args[i]);
        let s = |i: usize| match &args[i] {
            Val::Str(s) => {
                let v = s.value();
                q!(__Str::from(#v))
            }
            other => {
                let j = self.json(other);
                q!(__Str::from(__h::Render::render(&#j).as_str().unwrap_or_default()))
            }
        };
        let n = |i: usize| match &args[i] {
            Val::Ident(id) => {
                let v = id.to_string();
                q!(__Str::from(#v))
            }
            _ => q!(__Str::new()),
        };
        match name.to_string().as_str() {
            "Ref" => match &args[0] {
                Val::Ident(id) if self.types.contains_key(&id.to_string()) => q!(#id.r#ref()),
                Val::Ident(id) => {
                    let v = id.to_string();
                    q!(__h::Intrinsic::Ref(__Str::from(#v)))
                }
                other => self.intrinsic(other),
            },
            "GetAtt" => match (&args[0], args.get(1)) {
                (Val::Ident(id), Some(Val::Str(a))) => self.get_att(id, &a.value()),
                (other, _) => self.intrinsic(other),
            },
            "Sub" => {
                let text = match &args[0] {
                    Val::Str(s) => s.value(),
                    _ => String::new(),
                };
                let vars: Vec<TokenStream> = match args.get(1) {
                    Some(Val::Object(fields, _)) => fields
                        .iter()
                        .map(|(k, v)| {
                            let key = &k.name;
                            let val = self.json(v);
                            q!((__Str::from(#key), #val))
                        })
                        .collect(),
                    _ => vec![],
                };
                q!(__h::Intrinsic::Sub(
                    __Str::from(#text).replace(__h::stack::SUFFIX_PLACEHOLDER, &env.suffix),
                    [#(#vars),*].into_iter().collect()
                ))
            }
            "Join" => {
                let (a, b) = (s(0), j(1));
                q!(__h::Intrinsic::Join(#a, #b))
            }
            "Split" => {
                let (a, b) = (s(0), j(1));
                q!(__h::Intrinsic::Split(#a, #b))
            }
            "Select" => {
                let (a, b) = (j(0), j(1));
                q!(__h::Intrinsic::Select(#a, #b))
            }
            "GetAZs" => {
                let region = if args.is_empty() {
                    q!(__h::Json::Str(__Str::new()))
                } else {
                    j(0)
                };
                q!(__h::Intrinsic::GetAzs(#region))
            }
            "If" => {
                let (c, a, b) = (n(0), j(1), j(2));
                q!(__h::Intrinsic::If(#c, #a, #b))
            }
            "Equals" => {
                let (a, b) = (j(0), j(1));
                q!(__h::Intrinsic::Equals(#a, #b))
            }
            "And" | "Or" => {
                let items: Vec<TokenStream> = args.iter().map(|a| self.json(a)).collect();
                let variant = format_ident!("{}", name.to_string(), span = here());
                q!(__h::Intrinsic::#variant(::std::vec::Vec::from([#(#items),*])))
            }
            "Not" => {
                let a = j(0);
                q!(__h::Intrinsic::Not(#a))
            }
            "Condition" => {
                let c = n(0);
                q!(__h::Intrinsic::Condition(#c))
            }
            "ImportValue" => {
                let a = j(0);
                q!(__h::Intrinsic::ImportValue(#a))
            }
            "Base64" => {
                let a = j(0);
                q!(__h::Intrinsic::Base64(#a))
            }
            "Cidr" => {
                let (a, b, c) = (j(0), j(1), j(2));
                q!(__h::Intrinsic::Cidr(#a, #b, #c))
            }
            _ => {
                // FindInMap (the only other intrinsic that passes the checks).
                let (m, a, b) = (n(0), j(1), j(2));
                q!(__h::Intrinsic::FindInMap(#m, #a, #b))
            }
        }
    }

    /// A free-form JSON expression (`ha_core::Json`).
    fn json(&self, v: &Val) -> TokenStream {
        match v {
            Val::Str(s) => {
                let text = s.value();
                q!(__h::interpolate_json(#text, env))
            }
            Val::Int(n, _) => q!(__h::Json::Int(#n)),
            Val::Float(f, _) => q!(__h::Json::Float(#f)),
            Val::Bool(b, _) => {
                let b = boolean(*b);
                q!(__h::Json::Bool(#b))
            }
            Val::List(items, _) => {
                let items: Vec<TokenStream> = items.iter().map(|i| self.json(i)).collect();
                q!(__h::Json::Array(::std::vec::Vec::from([#(#items),*])))
            }
            Val::Object(fields, _) => {
                let pairs = self.json_pairs(fields);
                q!(__h::Json::Object([#(#pairs),*].into_iter().collect()))
            }
            Val::Rust(ts, span) => quote_spanned!(*span=> __h::Json::from(#ts)),
            other => {
                let i = self.intrinsic(other);
                q!(__h::Json::Fn(::std::boxed::Box::new(#i)))
            }
        }
    }

    fn json_pairs(&self, fields: &[(Key, Val)]) -> Vec<TokenStream> {
        fields
            .iter()
            .map(|(k, v)| {
                let key = &k.name;
                let val = self.json(v);
                q!((__Str::from(#key), #val))
            })
            .collect()
    }

    /// A typed `ha_core::Value<T>` expression for a value of `shape`.
    fn typed(&self, v: &Val, shape: &'static Shape) -> TokenStream {
        let lit = |inner: TokenStream| q!(__h::Value::Lit(#inner));
        if let Some(i) = self.import(v, q!(_)) {
            return i;
        }
        match v {
            Val::Call(..) | Val::Path(..) | Val::Pseudo(..) => {
                let i = self.intrinsic(v);
                return q!(__h::FromIntrinsic::from_intrinsic(#i));
            }
            Val::Ident(i) if i == "NoValue" => {
                let i = self.intrinsic(v);
                return q!(__h::FromIntrinsic::from_intrinsic(#i));
            }
            Val::Rust(ts, span) => return quote_spanned!(*span=> ::core::convert::Into::into(#ts)),
            _ => {}
        }
        match (shape, v) {
            (Shape::String { .. }, Val::Str(s)) => {
                let text = s.value();
                q!(__h::interpolate(#text, env))
            }
            (Shape::String { .. }, Val::Int(n, _)) => {
                let text = n.to_string();
                lit(q!(__Str::from(#text)))
            }
            (Shape::String { .. }, Val::Float(f, _)) => {
                let text = f.to_string();
                lit(q!(__Str::from(#text)))
            }
            (Shape::Enum(e), _) => {
                let text = match v {
                    Val::Str(s) => s.value(),
                    Val::Int(n, _) => n.to_string(),
                    _ => String::new(),
                };
                let variant = e
                    .values
                    .iter()
                    .find(|ev| ev.value == text)
                    .map_or("Unknown", |ev| ev.variant);
                let (defs, en, var) = (&self.defs, ident(e.rust_name), ident(variant));
                lit(quote_spanned!(v.span()=> #defs::#en::#var))
            }
            (Shape::Integer { .. }, Val::Int(n, _)) => lit(q!(#n)),
            (Shape::Number, Val::Int(n, _)) => {
                let f = *n as f64;
                lit(q!(#f))
            }
            (Shape::Number, Val::Float(f, _)) => lit(q!(#f)),
            (Shape::Boolean, Val::Bool(b, _)) => {
                let b = boolean(*b);
                lit(q!(#b))
            }
            (Shape::Array(item), Val::List(items, _)) => {
                let items: Vec<TokenStream> = items.iter().map(|i| self.typed(i, item)).collect();
                lit(q!(::std::vec::Vec::from([#(#items),*])))
            }
            (Shape::Map(item), Val::Object(fields, _)) => {
                let pairs: Vec<TokenStream> = fields
                    .iter()
                    .map(|(k, fv)| {
                        let key = &k.name;
                        let val = self.typed(fv, item);
                        q!((__Str::from(#key), #val))
                    })
                    .collect();
                lit(q!([#(#pairs),*].into_iter().collect::<__h::__private::IndexMap<_, _>>()))
            }
            (Shape::Object(def), Val::Object(fields, span)) => {
                let body = self.struct_fields(fields, def.properties);
                let (defs, name) = (&self.defs, ident(def.rust_name));
                lit(quote_spanned!(*span=> #defs::#name { #body }))
            }
            // Free-form JSON, and anything the checks let through as JSON.
            _ => {
                let j = self.json(v);
                lit(j)
            }
        }
    }

    fn struct_fields(
        &self,
        fields: &[(Key, Val)],
        props: &'static [ha_registry::Property],
    ) -> TokenStream {
        let mut out = TokenStream::new();
        // A type without required properties derives `Default` (ha-codegen): the properties
        // not written are filled from it rather than listed one `None` each.
        let defaulted = props.iter().all(|p| !p.required);
        for p in props {
            let given = fields.iter().find(|(k, _)| k.name == p.name);
            if defaulted && given.is_none() {
                continue;
            }
            // A field the user wrote carries the span of their key, so that an editor's hover
            // and go-to-definition on `Property:` land on the generated field.
            let f = match given {
                Some((k, _)) => Ident::new(p.rust_field, k.span),
                None => ident(p.rust_field),
            };
            let t = match given {
                Some((_, v)) => {
                    let e = self.typed(v, p.shape);
                    if p.required {
                        q!(#f: #e,)
                    } else {
                        q!(#f: __S(#e),)
                    }
                }
                None => q!(#f: __N,),
            };
            out.extend(t);
        }
        if defaulted {
            out.extend(q!(..::core::default::Default::default()));
        }
        out
    }
}

/// `(key, file, line, column)` of every resource and every property it sets.
pub fn source_table(def: &StackDef) -> Vec<(String, String, u32, u32)> {
    let at = |key: String, span: proc_macro2::Span| {
        let p = span.start();
        let (line, column) = (p.line as u32, p.column as u32 + 1);
        (key, span.file(), line, column)
    };
    let mut out = Vec::new();
    for r in &def.resources {
        let id = r.ident.to_string();
        out.push(at(id.clone(), r.ident.span()));
        for (k, _) in &r.props {
            out.push(at(format!("{id}.{}", k.name), k.span));
        }
    }
    out
}

/// The expansion of a stack that passed every check.
pub fn expand(def: &StackDef, checked: &Checked<'_>) -> TokenStream {
    let _home = Home::new(def.header.ident.span());
    let _at = At::new(def.header.ident.span());
    // One string literal, not a slice of tuples: a table of a thousand tuples costs rustc
    // about 50 ms of type checking on every edit of the HA stack; a literal costs nothing.
    let sources: String = source_table(def)
        .into_iter()
        .map(|(k, f, l, c)| format!("{k}\t{f}:{l}:{c}\n"))
        .collect();
    let types = &checked.types;
    let imports = &def.header.imports;
    let base = Ctx {
        types,
        defs: q!(__h::resources),
        imports,
    };
    let name = &def.header.ident;
    let (arg_names, arg_types): (Vec<&Ident>, Vec<&syn::Type>) =
        def.header.args.iter().map(|(n, t)| (n, t)).unzip();
    let stack_name = def
        .header
        .name
        .as_ref()
        .map(syn::LitStr::value)
        .unwrap_or_default();
    let description = def.header.description.as_ref().map(syn::LitStr::value);
    let description = description.map_or_else(|| q!(__N), |d| q!(__S(__Str::from(#d))));
    let string_shape: &'static Shape = &Shape::String {
        min_len: None,
        max_len: None,
        pattern: None,
    };
    let tags: Vec<TokenStream> = def
        .header
        .tags
        .iter()
        .map(|(k, v)| {
            let key = &k.name;
            let val = base.typed(v, string_shape);
            q!((__Str::from(#key), #val))
        })
        .collect();

    let mut handles = Vec::new();
    for r in &def.resources {
        let _at = At::new(r.ident.span());
        let id = &r.ident;
        let id_str = id.to_string();
        let ty = match types.get(&id_str) {
            Some(Some(t)) => {
                // Through ha-core's per-service macro: the type when the service's feature is
                // on, a compile error naming the feature when it is off. The path carries the
                // user's spans (`sqs::Queue`) for hover and go-to-definition.
                let (svc, n) = (
                    Ident::new(t.service, r.service.span()),
                    Ident::new(t.rust_name, r.type_ident.span()),
                );
                let alias = resource_alias(&id_str);
                let service_macro = format_ident!("__ha_service_{}", t.service, span = here());
                // Used only when ha-core lacks the service's feature; spanned at the type path,
                // where the error lands.
                let message = format!(
                    "`{}::{}` needs the cargo feature `{}` of ha-core, which is not enabled: add it to the ha-core dependency in Cargo.toml, e.g. `ha-core = {{ path = \"..\", features = [\"{}\"] }}` (one feature per service; `all` enables every service and slows builds)",
                    r.service, r.type_ident, t.service, t.service
                );
                handles.push(quote_spanned!(r.type_ident.span()=> __h::#service_macro! { [::core::compile_error!(#message);] #alias = #svc::#n }));
                q!(#alias)
            }
            _ => q!(__h::resource::Custom),
        };
        // A const item in the stack's hidden module, not a `let` in `synth`: visible to the
        // per-resource functions, and no scope nesting per resource.
        handles.push(quote_spanned!(id.span()=> pub(crate) const #id: __h::Handle<#ty> = __h::Handle::new(#id_str);));
    }

    let params: Vec<TokenStream> = def
        .parameters
        .iter()
        .map(|p| {
            let _at = At::new(p.ident.span());
            let id = p.ident.to_string();
            let type_name = &p.type_name;
            let mut sets = Vec::new();
            for (k, v) in &p.fields {
                let text = |v: &Val| match v {
                    Val::Str(s) => {
                        let t = s.value();
                        q!(__Str::from(#t).replace(__h::stack::SUFFIX_PLACEHOLDER, &env.suffix))
                    }
                    Val::Int(n, _) => {
                        let t = n.to_string();
                        q!(__Str::from(#t))
                    }
                    Val::Rust(ts, _) => q!(::std::string::ToString::to_string(&(#ts))),
                    _ => q!(__Str::new()),
                };
                let num = |v: &Val| match v {
                    Val::Int(n, _) => q!(__S(#n)),
                    _ => q!(__N),
                };
                sets.push(match k.name.as_str() {
                    "Default" => {
                        let t = text(v);
                        q!(__p.default = __S(#t);)
                    }
                    "Description" => {
                        let t = text(v);
                        q!(__p.description = __S(#t);)
                    }
                    "AllowedPattern" => {
                        let t = text(v);
                        q!(__p.allowed_pattern = __S(#t);)
                    }
                    "ConstraintDescription" => {
                        let t = text(v);
                        q!(__p.constraint_description = __S(#t);)
                    }
                    "AllowedValues" => {
                        let items: Vec<TokenStream> = match v {
                            Val::List(items, _) => items.iter().map(text).collect(),
                            _ => vec![],
                        };
                        q!(__p.allowed_values = ::std::vec::Vec::from([#(#items),*]);)
                    }
                    "MinLength" => {
                        let t = num(v);
                        q!(__p.min_length = #t;)
                    }
                    "MaxLength" => {
                        let t = num(v);
                        q!(__p.max_length = #t;)
                    }
                    "MinValue" => {
                        let t = num(v);
                        q!(__p.min_value = #t;)
                    }
                    "MaxValue" => {
                        let t = num(v);
                        q!(__p.max_value = #t;)
                    }
                    _ => {
                        let b = boolean(matches!(v, Val::Bool(true, _)));
                        q!(__p.no_echo = #b;)
                    }
                });
            }
            q! {{
                let mut __p = __h::Parameter { type_name: __Str::from(#type_name), ..::std::default::Default::default() };
                #(#sets)*
                __t.parameters.insert(__Str::from(#id), __p);
            }}
        })
        .collect();

    let conditions: Vec<TokenStream> = def
        .conditions
        .iter()
        .map(|c| {
            let _at = At::new(c.ident.span());
            let id = c.ident.to_string();
            let j = base.json(&c.expr);
            q!(__t.conditions.insert(__Str::from(#id), #j);)
        })
        .collect();

    let mappings: Vec<TokenStream> = def
        .mappings
        .iter()
        .map(|m| {
            let _at = At::new(m.ident.span());
            let id = m.ident.to_string();
            let tops: Vec<TokenStream> = m
                .entries
                .iter()
                .map(|(k, v)| {
                    let key = &k.name;
                    let inner = match v {
                        Val::Object(f, _) => base.json_pairs(f),
                        _ => vec![],
                    };
                    q!((__Str::from(#key), [#(#inner),*].into_iter().collect()))
                })
                .collect();
            q!(__t.mappings.insert(__Str::from(#id), [#(#tops),*].into_iter().collect());)
        })
        .collect();

    // One function per resource: the compile cost stays linear in the number of resources,
    // and an edit recompiles only the functions whose resource changed.
    // Stack arguments reach them by reference (a reference type is passed as it is); an
    // argument of another type is cloned inside, so a Rust expression sees it unchanged.
    // The arguments as the per-resource functions declare them: the author's names and types,
    // moved to the resource (see `moved`), so that what a function holds lies inside its
    // resource's text.
    // Returns the parameters and the rebinding statements.
    let fn_signature = || -> (Vec<TokenStream>, Vec<TokenStream>) {
        let (mut params, mut rebind) = (Vec::new(), Vec::new());
        for (n, t) in &def.header.args {
            let by_ref = matches!(t, syn::Type::Reference(_));
            let (n, t) = (moved(q!(#n)), moved(q!(#t)));
            if by_ref {
                params.push(q!(#n: #t));
            } else {
                params.push(q!(#n: &#t));
                rebind.push(q!(let #n: #t = ::std::clone::Clone::clone(#n);));
            }
        }
        (params, rebind)
    };
    let fn_args: Vec<TokenStream> = def
        .header
        .args
        .iter()
        .map(|(n, t)| match t {
            syn::Type::Reference(_) => q!(#n),
            _ => q!(&#n),
        })
        .collect();
    // Each resource is built by its own function in its own module, `<hidden>::__resource_<Id>::build`:
    // rustc gives every module its own codegen unit in incremental builds, so an edit
    // recompiles the resources that changed and `synth`, not the whole stack.
    let hidden = format_ident!("__stack_{}", name);
    let resource_ids: std::collections::HashSet<String> =
        def.resources.iter().map(|r| r.ident.to_string()).collect();
    let mut resource_mods = Vec::new();
    let mut resource_calls = Vec::new();
    for r in &def.resources {
        // A resource that a construct made is written in two places, the construct's body and
        // the `use`: its function is located at the `use` as a whole (see `here`), so that
        // editing the text between the two does not recompile it. rustc's errors inside it
        // point at the `use`; the macro's own checks still point into the construct's body.
        let origin = def.origins.get(&r.ident.to_string()).map(|o| o.span);
        let _at = At::new(origin.unwrap_or_else(|| r.ident.span()));
        // Named after the logical id (unique, and stable across edits).
        let m = format_ident!(
            "__resource_{}",
            r.ident,
            span = r.ident.span().located_at(here())
        );
        let body = expand_resource(
            r,
            types.get(&r.ident.to_string()).copied().flatten(),
            types,
            imports,
        );
        let body = if origin.is_some() { moved(body) } else { body };
        let (fn_params, fn_rebind) = fn_signature();
        // What the function names from the stack's hidden module, imported one by one: a glob
        // import of it (one handle and one module per resource) in every resource's module
        // made name resolution quadratic in the number of resources. The author's scope, two
        // levels up, comes in whole (its size does not grow with the stack).
        let mut named = std::collections::BTreeSet::new();
        names_in(body.clone(), &mut named);
        let alias = resource_alias(&r.ident.to_string()).to_string();
        let imports: Vec<Ident> = named
            .into_iter()
            .filter(|n| *n == alias || resource_ids.contains(n.as_str()))
            .map(|n| ident(&n))
            .collect();
        // `inline(never)`: each function is called once, and inlining all of them would give
        // an optimizing build one huge function again (superlinear in LLVM).
        resource_mods.push(q! {
            pub(crate) mod #m {
                use super::super::*;
                use super::{__h, __N, __S, __Str #(, #imports)*};
                #[inline(never)]
                pub(crate) fn build(
                    env: &__h::Env,
                    __t: &mut __h::Template,
                    __tags: &[(__Str, __h::Value<__Str>)],
                    __sup: &mut ::std::vec::Vec<__h::Suppression>
                    #(, #fn_params)*
                ) {
                    #(#fn_rebind)*
                    #body
                }
            }
        });
        resource_calls
            .push(q!(#hidden::#m::build(env, &mut __t, &__tags, &mut __sup #(, #fn_args)*);));
    }

    let outputs: Vec<TokenStream> = def
        .outputs
        .iter()
        .map(|o| {
            let _at = At::new(o.ident.span());
            let id = o.ident.to_string();
            let field = |n: &str| o.fields.iter().find(|(k, _)| k.name == n).map(|(_, v)| v);
            let value = field("Value").map_or_else(|| q!(__h::Json::Null), |v| base.json(v));
            let desc = match field("Description") {
                Some(Val::Str(s)) => {
                    let t = s.value();
                    q!(__S(__Str::from(#t)))
                }
                _ => q!(__N),
            };
            let export = field("Export").map_or_else(|| q!(__N), |v| {
                let j = base.json(v);
                q!(__S(#j))
            });
            let cond = match field("Condition") {
                Some(Val::Ident(i)) => {
                    let t = i.to_string();
                    q!(__S(__Str::from(#t)))
                }
                _ => q!(__N),
            };
            q!(__t.outputs.insert(__Str::from(#id), __h::Output { value: #value, description: #desc, export_name: #export, condition: #cond });)
        })
        .collect();

    let output_refs = output_refs(def, &stack_name);
    let import_list: Vec<TokenStream> = checked
        .imports
        .iter()
        .map(|(h, o)| quote_spanned!(o.span()=> #h::#o.import(env)))
        .collect();
    let depth = q!(::ha_core::app::depth(&[#(<#imports as ::ha_core::app::ImportDepth>::DEPTH),*]));
    // Spanned at the stack's name: a cycle error points there, once per stack on the cycle.
    let depth_item = quote_spanned!(name.span()=> const DEPTH: usize = #depth;);
    let count = def.resources.len();
    let (max_suffix, max_suffix_reason) = &checked.suffix_bound;
    let included = &def.included;
    q! {
        // The expansion's tokens carry the author's spans and hygiene (see `here`), so rustc and
        // clippy lint them as if written by hand: what the author does not use is not theirs
        // to fix.
        /// A stack declared with `stack!{}`.
        #[allow(dead_code)]
        pub struct #name;

        /// The resource handles and per-resource builders of the stack (generated).
        #[doc(hidden)]
        #[allow(non_snake_case, non_upper_case_globals, dead_code, unused_imports, unused_variables, unused_mut, clippy::all)]
        mod #hidden {
            use super::*;
            // Short names for the paths the expansion repeats most (every unset property is
            // an `Option::None`): half the tokens rustc receives, parses and resolves per edit.
            pub(crate) use ::std::option::Option::{None as __N, Some as __S};
            pub(crate) use ::std::string::String as __Str;
            pub(crate) use ::ha_core as __h;
            #(const _: &str = include_str!(#included);)*
            #(#handles)*
            #(#resource_mods)*
        }

        #[allow(dead_code, non_upper_case_globals, clippy::all)]
        impl #name {
            /// The stack-name pattern; `${Suffix}` is replaced by the environment suffix.
            pub const NAME_PATTERN: &'static str = #stack_name;
            /// How many resources the stack declares.
            pub const RESOURCE_COUNT: usize = #count;
            /// Where each resource (`"Id"`) and each property it sets (`"Id.Property"`) is
            /// written in the Rust source, one `key<TAB>file:line:column` line each
            /// (`ha_synth::sources` reads it). The runner prints AWS validator findings at
            /// these places; nothing of it goes into the template.
            pub const SOURCES: &'static str = #sources;
            /// The longest environment suffix with which every physical name written in the
            /// stack stays within its limits (at most `ha_naming::suffix::MAX_LEN`); a CLI
            /// validates `--suffix` against it (`ha_naming::suffix::problems`).
            pub const MAX_SUFFIX: usize = #max_suffix;
            /// What bounds [`Self::MAX_SUFFIX`]: the name that a longer suffix would break.
            pub const MAX_SUFFIX_REASON: &'static str = #max_suffix_reason;
            #(#output_refs)*

            /// Builds the stack for the environment `env`.
            #[allow(non_snake_case, non_upper_case_globals, dead_code, unused_imports, unused_variables, unused_mut, clippy::all)]
            pub fn synth(env: &::ha_core::Env #(, #arg_names: #arg_types)*) -> ::ha_core::Stack {
                use #hidden::*;
                let __tags: ::std::vec::Vec<(__Str, __h::Value<__Str>)> = ::std::vec::Vec::from([#(#tags),*]);
                let mut __t = __h::Template { description: #description, ..::std::default::Default::default() };
                let mut __sup: ::std::vec::Vec<__h::Suppression> = ::std::vec::Vec::new();
                #(#params)*
                #(#mappings)*
                #(#conditions)*
                #(#resource_calls)*
                #(#outputs)*
                __h::Stack {
                    imports: ::std::vec::Vec::from([#(#import_list),*]),
                    name: __Str::from(#stack_name).replace(__h::stack::SUFFIX_PLACEHOLDER, &env.suffix),
                    template: __t,
                    tags: __tags,
                    suppressions: __sup,
                }
            }
        }

        // Evaluated at compile time: stacks importing each other in a cycle do not compile.
        #[allow(clippy::all)]
        impl ::ha_core::app::ImportDepth for #name {
            #depth_item
        }
        const _: usize = <#name as ::ha_core::app::ImportDepth>::DEPTH;
    }
}

/// Each output as an associated constant of the stack's type, which another stack's
/// `Name.Output` reads: its kind is a `ListOutput` for `Join(",", ..)`, a
/// `ConditionalOutput` under a `Condition` and a `ComputedExportName` when `Export` is not a
/// string literal, else a `StringOutput`.
fn output_refs(def: &StackDef, stack_name: &str) -> Vec<TokenStream> {
    let stack = def.header.ident.to_string();
    def.outputs
        .iter()
        .map(|o| {
            let _at = At::new(o.ident.span());
            let field = |n: &str| o.fields.iter().find(|(k, _)| k.name == n).map(|(_, v)| v);
            let export = field("Export");
            let kind = match (field("Value"), field("Condition"), export) {
                (_, Some(_), _) => "ConditionalOutput",
                (_, None, Some(e)) if !matches!(e, Val::Str(s) if !s.value().replace("${Suffix}", "").contains("${")) => "ComputedExportName",
                (Some(Val::Call(f, args)), ..)
                    if f == "Join" && matches!(args.first(), Some(Val::Str(s)) if s.value() == ",") =>
                {
                    "ListOutput"
                }
                _ => "StringOutput",
            };
            let kind = format_ident!("{}", kind, span = here());
            let export = match export {
                Some(Val::Str(s)) => {
                    let t = s.value();
                    q!(::std::option::Option::Some(#t))
                }
                _ => q!(::std::option::Option::None),
            };
            let id = &o.ident;
            let id_str = id.to_string();
            let doc = format!("Output `{id_str}`, for stacks that import this one (`{stack}.{id_str}`).");
            quote_spanned! {id.span()=>
                #[doc = #doc]
                #[allow(non_upper_case_globals)]
                pub const #id: ::ha_core::app::OutputRef<::ha_core::app::kind::#kind> =
                    ::ha_core::app::OutputRef::new(#stack, #stack_name, #id_str, #export);
            }
        })
        .collect()
}

/// The type alias of resource `id` in the stack's hidden module (see the handles).
fn resource_alias(id: &str) -> Ident {
    format_ident!("__Type{}", id, span = here())
}

fn expand_resource(
    r: &ResourceDef,
    ty: Option<&'static ResourceType>,
    types: &std::collections::HashMap<String, Option<&'static ResourceType>>,
    imports: &[Ident],
) -> TokenStream {
    let id = r.ident.to_string();
    let base = Ctx {
        types,
        defs: q!(__h::resources),
        imports,
    };
    let entry = match ty {
        Some(t) => {
            // The type path carries the user's spans (`sqs::Queue`), for hover and
            // go-to-definition on the type they wrote.
            let (svc, defs) = (ident(t.service), ident(t.defs_module));
            let ctx = Ctx {
                types,
                defs: q!(__h::resources::#svc::#defs),
                imports,
            };
            let n = resource_alias(&id);
            let body = ctx.struct_fields(&r.props, t.properties);
            // Located at the user's property block (errors point there), resolved where the
            // macro's own locals live: the stack may arrive through a construct library's
            // `macro_rules!`, whose hygiene would otherwise hide `__tags` and `__t`.
            let span = r.body_span.resolved_at(home());
            quote_spanned! {span=>
                let __e = __h::Resource::add_to(#n { #body }, __t, #id, __tags);
            }
        }
        None => {
            let type_name = format!("Custom::{}", r.type_ident);
            let pairs = base.json_pairs(&r.props);
            q! {
                let __e = __t.add_custom(#id, #type_name, __h::Json::Object([#(#pairs),*].into_iter().collect()));
            }
        }
    };
    let mut sets = Vec::new();
    let attrs = ResourceAttrs::of(r);
    let deps: Vec<String> = attrs.depends_on.iter().map(ToString::to_string).collect();
    if !deps.is_empty() {
        sets.push(q!(__e.depends_on = ::std::vec::Vec::from([#(__Str::from(#deps)),*]);));
    }
    for (policy, field) in [
        (attrs.deletion_policy, q!(deletion_policy)),
        (attrs.update_replace_policy, q!(update_replace_policy)),
    ] {
        if let Some(Val::Ident(p)) = policy {
            sets.push(q!(__e.#field = __S(__h::Policy::#p);));
        }
    }
    if let Some(c) = attrs.condition {
        let c = c.to_string();
        sets.push(q!(__e.condition = __S(__Str::from(#c));));
    }
    let mut metadata: Vec<TokenStream> = match attrs.metadata {
        Some(Val::Object(fields, _)) => base.json_pairs(fields),
        _ => vec![],
    };
    let mut sup = Vec::new();
    for (rule, reason) in &attrs.suppressions {
        let Some(reason) = reason.map(syn::LitStr::value) else {
            continue;
        };
        sup.push(q!(__h::Json::Object([(__Str::from("Rule"), __h::Json::Str(__Str::from(#rule))), (__Str::from("Reason"), __h::Json::Str(__Str::from(#reason)))].into_iter().collect())));
        sets.push(q!(__sup.push(__h::Suppression { logical_id: __Str::from(#id), rule: __Str::from(#rule), reason: __Str::from(#reason) });));
    }
    if !sup.is_empty() {
        metadata.push(q!((
            __Str::from("HaSuppressions"),
            __h::Json::Array(::std::vec::Vec::from([#(#sup),*]))
        )));
    }
    if !metadata.is_empty() {
        sets.push(
            q!(__e.metadata = __S(__h::Json::Object([#(#metadata),*].into_iter().collect()));),
        );
    }
    q! {{
        #entry
        #(#sets)*
    }}
}
