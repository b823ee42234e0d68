//! The syntax of `stack!{}` and its parser.
//!
//! ```text
//! stack NAME [(ARGS)] { name: "...${Suffix}...", description: "...", tags: { Key: value, ... }, imports: [OtherStack, ...] }
//! parameter NAME: TYPE { Default: "...", Description: "...", AllowedValues: [...], ... }
//! condition NAME = EXPR;
//! mapping NAME { TopKey: { SecondKey: value } }
//! #[deletion_policy(Delete)] #[depends_on(A, B)] #[condition(C)] #[suppress(HA-P002, "reason")]
//! resource NAME: service::Type { Property: value, ... }
//! output NAME { Value: value, Description: "...", Export: "...", Condition: C }
//! ```

use proc_macro2::{Span, TokenStream};
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{braced, bracketed, parenthesized, Ident, LitStr, Token};

/// A whole `stack!{}` invocation.
pub struct StackDef {
    /// The header.
    pub header: Header,
    /// Parameters, in source order.
    pub parameters: Vec<ParameterDef>,
    /// Conditions.
    pub conditions: Vec<ConditionDef>,
    /// Mappings.
    pub mappings: Vec<MappingDef>,
    /// Resources.
    pub resources: Vec<ResourceDef>,
    /// Outputs.
    pub outputs: Vec<OutputDef>,
    /// `defaults service::Type { .. }` blocks (already applied to the resources).
    pub defaults: Vec<DefaultsDef>,
    /// The resources that a construct produced, with the `use` that produced them.
    pub origins: std::collections::HashMap<String, crate::compose::Origin>,
    /// The files read for `Sub(include_str!("..."))`, as absolute paths: the expansion names
    /// them in `include_str!` again, so that cargo rebuilds the stack when one changes.
    pub included: Vec<String>,
}

/// `defaults service::Type { Property: value, .. }`: properties every resource of that type
/// in the stack gets unless it sets them itself.
pub struct DefaultsDef {
    /// `service`.
    pub service: Ident,
    /// `Type`.
    pub type_ident: Ident,
    /// The default properties.
    pub fields: Vec<(Key, Val)>,
}

/// `stack NAME(ARGS) { ... }`
pub struct Header {
    /// `#[suppress(..)]` attributes written before `stack`.
    pub attrs: Vec<Attr>,
    /// The Rust type the macro generates.
    pub ident: Ident,
    /// Extra synth arguments (`config: &Config`), passed to `synth`.
    pub args: Vec<(Ident, syn::Type)>,
    /// The stack-name pattern.
    pub name: Option<LitStr>,
    /// The template description.
    pub description: Option<LitStr>,
    /// Stack-wide tags.
    pub tags: Vec<(Key, Val)>,
    /// `imports: [Network, ..]`: the stacks (their Rust types) whose outputs this stack reads
    /// as `Network.Output`.
    pub imports: Vec<Ident>,
}

/// A property key: an identifier or a string literal.
#[derive(Clone)]
pub struct Key {
    /// The key text.
    pub name: String,
    /// Where it was written.
    pub span: Span,
}

/// A value written in the stack.
#[derive(Clone)]
pub enum Val {
    /// A string literal (may contain `${Suffix}` and `${...}` references).
    Str(LitStr),
    /// An integer literal (possibly negative).
    Int(i64, Span),
    /// A float literal.
    Float(f64, Span),
    /// `true` / `false`.
    Bool(bool, Span),
    /// `[a, b]`
    List(Vec<Val>, Span),
    /// `{ K: v }`
    Object(Vec<(Key, Val)>, Span),
    /// `Name(args)` — an intrinsic function.
    Call(Ident, Vec<Val>),
    /// `X.Attr.Sub` — shorthand for `GetAtt(X.Attr.Sub)`.
    Path(Ident, Vec<Ident>),
    /// A bare identifier (a logical id, condition or mapping name, or `Delete`-like words).
    Ident(Ident),
    /// `AWS::Region` and the other pseudo parameters.
    Pseudo(String, Span),
    /// A Rust expression: `(expr)` or `some_macro!(...)`.
    Rust(TokenStream, Span),
}

impl Val {
    /// Where the value was written.
    pub fn span(&self) -> Span {
        match self {
            Val::Str(s) => s.span(),
            Val::Int(_, s)
            | Val::Float(_, s)
            | Val::Bool(_, s)
            | Val::List(_, s)
            | Val::Object(_, s) => *s,
            Val::Call(i, _) | Val::Path(i, _) | Val::Ident(i) => i.span(),
            Val::Pseudo(_, s) | Val::Rust(_, s) => *s,
        }
    }

    /// A short description of the kind of value, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Val::Str(_) => "a string",
            Val::Int(..) => "an integer",
            Val::Float(..) => "a number",
            Val::Bool(..) => "a boolean",
            Val::List(..) => "a list",
            Val::Object(..) => "an object",
            Val::Call(..) | Val::Path(..) | Val::Pseudo(..) => "an intrinsic function",
            Val::Ident(_) => "a bare name",
            Val::Rust(..) => "a Rust expression",
        }
    }
}

/// `#[name(args)]` on a resource.
#[derive(Clone)]
pub struct Attr {
    /// The attribute name.
    pub name: Ident,
    /// Its arguments.
    pub args: Vec<Val>,
}

/// `parameter NAME: TYPE { ... }`
pub struct ParameterDef {
    /// `#[suppress(..)]` attributes.
    pub attrs: Vec<Attr>,
    /// Logical id.
    pub ident: Ident,
    /// Parameter type (`String`, `Number`, `CommaDelimitedList`, `AWS::EC2::VPC::Id`,
    /// `List<AWS::EC2::Subnet::Id>`, `AWS::SSM::Parameter::Value<String>`...).
    pub type_name: String,
    /// Where the type was written (its first segment).
    pub type_span: Span,
    /// Settings.
    pub fields: Vec<(Key, Val)>,
}

/// `condition NAME = EXPR;`
pub struct ConditionDef {
    /// `#[suppress(..)]` attributes.
    pub attrs: Vec<Attr>,
    /// Name.
    pub ident: Ident,
    /// The condition expression.
    pub expr: Val,
}

/// `mapping NAME { ... }`
pub struct MappingDef {
    /// Name.
    pub ident: Ident,
    /// Top-level keys with their second-level objects.
    pub entries: Vec<(Key, Val)>,
}

/// `resource NAME: service::Type { ... }`
pub struct ResourceDef {
    /// Attributes such as `#[depends_on(..)]`.
    pub attrs: Vec<Attr>,
    /// Logical id.
    pub ident: Ident,
    /// `service` of `service::Type`, or `custom` for `Custom::` types.
    pub service: Ident,
    /// `Type`.
    pub type_ident: Ident,
    /// Properties.
    pub props: Vec<(Key, Val)>,
    /// Span of the property block.
    pub body_span: Span,
}

/// `output NAME { ... }`
pub struct OutputDef {
    /// `#[suppress(..)]` attributes.
    pub attrs: Vec<Attr>,
    /// Logical id.
    pub ident: Ident,
    /// Fields (`Value`, `Description`, `Export`, `Condition`).
    pub fields: Vec<(Key, Val)>,
}

/// A stray `,` or `;` where `expected` should start: say so at that token, not just
/// "expected ident".
fn no_stray(input: ParseStream, expected: &str) -> syn::Result<()> {
    let p = if input.peek(Token![,]) {
        ","
    } else if input.peek(Token![;]) {
        ";"
    } else {
        return Ok(());
    };
    Err(syn::Error::new(
        input.span(),
        format!("unexpected `{p}`: expected {expected} here (remove the stray `{p}`)"),
    ))
}

fn parse_key(input: ParseStream) -> syn::Result<Key> {
    no_stray(input, "a field name (`Name: value`)")?;
    if input.peek(LitStr) {
        let s: LitStr = input.parse()?;
        Ok(Key {
            name: s.value(),
            span: s.span(),
        })
    } else {
        let i: Ident = input.call(syn::ext::IdentExt::parse_any)?;
        Ok(Key {
            name: i.to_string(),
            span: i.span(),
        })
    }
}

/// Parses `{ K: v, ... }` (the braces already opened into `content`).
fn parse_fields(content: ParseStream) -> syn::Result<Vec<(Key, Val)>> {
    let mut out = Vec::new();
    while !content.is_empty() {
        let k = parse_key(content)?;
        content.parse::<Token![:]>()?;
        let v: Val = content.parse()?;
        out.push((k, v));
        if content.is_empty() {
            break;
        }
        content.parse::<Token![,]>()?;
    }
    Ok(out)
}

impl Parse for Val {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        no_stray(input, "a value")?;
        let span = input.span();
        if input.peek(LitStr) {
            return Ok(Val::Str(input.parse()?));
        }
        if input.peek(Token![-]) || input.peek(syn::LitInt) || input.peek(syn::LitFloat) {
            let neg = input.parse::<Option<Token![-]>>()?.is_some();
            let sign = if neg { -1.0 } else { 1.0 };
            if input.peek(syn::LitFloat) {
                let f: syn::LitFloat = input.parse()?;
                return Ok(Val::Float(sign * f.base10_parse::<f64>()?, span));
            }
            let i: syn::LitInt = input.parse()?;
            let n = i.base10_parse::<i64>()?;
            return Ok(Val::Int(if neg { -n } else { n }, span));
        }
        if input.peek(syn::LitBool) {
            let b: syn::LitBool = input.parse()?;
            return Ok(Val::Bool(b.value, span));
        }
        if input.peek(syn::token::Bracket) {
            let content;
            bracketed!(content in input);
            let items: Punctuated<Val, Token![,]> = Punctuated::parse_terminated(&content)?;
            return Ok(Val::List(items.into_iter().collect(), span));
        }
        if input.peek(syn::token::Brace) {
            let content;
            braced!(content in input);
            return Ok(Val::Object(parse_fields(&content)?, span));
        }
        if input.peek(syn::token::Paren) {
            let content;
            parenthesized!(content in input);
            let ts: TokenStream = content.parse()?;
            return Ok(Val::Rust(ts, span));
        }
        let ident: Ident = input.call(syn::ext::IdentExt::parse_any)?;
        if input.peek(Token![::]) {
            // A pseudo parameter (`AWS::Region`) or a Rust path to a macro (`std::include_str!`).
            let mut path = vec![ident.to_string()];
            while input.peek(Token![::]) {
                input.parse::<Token![::]>()?;
                let seg: Ident = input.call(syn::ext::IdentExt::parse_any)?;
                path.push(seg.to_string());
            }
            if input.peek(Token![!]) {
                let bang: Token![!] = input.parse()?;
                let group: proc_macro2::Group = input.parse()?;
                let segs = path.iter().map(|s| Ident::new(s, span));
                let ts = quote::quote!(#(#segs)::* #bang #group);
                return Ok(Val::Rust(ts, span));
            }
            return Ok(Val::Pseudo(path.join("::"), span));
        }
        if input.peek(Token![!]) {
            let bang: Token![!] = input.parse()?;
            let group: proc_macro2::Group = input.parse()?;
            return Ok(Val::Rust(quote::quote!(#ident #bang #group), span));
        }
        if input.peek(syn::token::Paren) {
            let content;
            parenthesized!(content in input);
            let args: Punctuated<Val, Token![,]> = Punctuated::parse_terminated(&content)?;
            let mut args: Vec<Val> = args.into_iter().collect();
            if ident == "Sub" {
                if let Some(text) = args.first().and_then(included_text) {
                    args[0] = Val::Str(text?);
                }
            }
            return Ok(Val::Call(ident, args));
        }
        if input.peek(Token![.]) {
            let mut rest = Vec::new();
            while input.peek(Token![.]) {
                input.parse::<Token![.]>()?;
                rest.push(input.call(syn::ext::IdentExt::parse_any)?);
            }
            return Ok(Val::Path(ident, rest));
        }
        Ok(Val::Ident(ident))
    }
}

thread_local! {
    /// The files `Sub(include_str!(..))` read while the stack being parsed was parsed.
    static INCLUDED: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// `include_str!("path")` (or `std::include_str!`) as the text of a `Sub`: the file's content,
/// read now so that every check sees it (its `${..}` references, the rules that read the
/// property), as a string literal spanned at the path. A relative path is resolved like
/// `include_str!` does, against the directory of the file that holds the stack.
fn included_text(v: &Val) -> Option<syn::Result<LitStr>> {
    let Val::Rust(ts, _) = v else { return None };
    let tokens: Vec<proc_macro2::TokenTree> = ts.clone().into_iter().collect();
    let (name, group) = match tokens.as_slice() {
        [.., proc_macro2::TokenTree::Ident(name), proc_macro2::TokenTree::Punct(_), proc_macro2::TokenTree::Group(g)] => {
            (name, g)
        }
        _ => return None,
    };
    if name != "include_str" {
        return None;
    }
    let path: LitStr = match syn::parse2(group.stream()) {
        Ok(p) => p,
        Err(e) => return Some(Err(e)),
    };
    let base = path.span().local_file();
    let dir = base
        .as_deref()
        .and_then(std::path::Path::parent)
        .unwrap_or(std::path::Path::new(""));
    let full = dir.join(path.value());
    let read =
        std::fs::read_to_string(&full).and_then(|text| Ok((text, std::fs::canonicalize(&full)?)));
    Some(match read {
        Ok((text, abs)) => {
            INCLUDED.with(|i| i.borrow_mut().push(abs.to_string_lossy().into_owned()));
            Ok(LitStr::new(&text, path.span()))
        }
        Err(e) => Err(syn::Error::new(
            path.span(),
            format!(
                "cannot read `{}` for `Sub(include_str!(..))` (looked for {}): {e}",
                path.value(),
                full.display()
            ),
        )),
    })
}

fn parse_attr(input: ParseStream) -> syn::Result<Attr> {
    input.parse::<Token![#]>()?;
    let content;
    bracketed!(content in input);
    let name: Ident = content.parse()?;
    let mut args = Vec::new();
    if content.peek(syn::token::Paren) {
        let inner;
        parenthesized!(inner in content);
        while !inner.is_empty() {
            args.push(parse_attr_arg(&inner)?);
            if inner.is_empty() {
                break;
            }
            inner.parse::<Token![,]>()?;
        }
    }
    Ok(Attr { name, args })
}

/// Attribute arguments: values, plus rule ids such as `HA-P002` (identifier and number
/// joined by dashes), which become string values.
fn parse_attr_arg(input: ParseStream) -> syn::Result<Val> {
    if input.peek(Ident) && input.peek2(Token![-]) {
        let first: Ident = input.parse()?;
        let span = first.span();
        let mut text = first.to_string();
        while input.peek(Token![-]) {
            input.parse::<Token![-]>()?;
            if input.peek(syn::LitInt) {
                let n: syn::LitInt = input.parse()?;
                text.push('-');
                text.push_str(&n.to_string());
            } else {
                let i: Ident = input.call(syn::ext::IdentExt::parse_any)?;
                text.push('-');
                text.push_str(&i.to_string());
            }
        }
        return Ok(Val::Str(LitStr::new(&text, span)));
    }
    input.parse()
}

/// A parameter type: a path such as `String` or `AWS::EC2::VPC::Id`, optionally with one
/// generic argument, itself a type (`List<AWS::EC2::Subnet::Id>`,
/// `AWS::SSM::Parameter::Value<List<String>>`).
fn parse_type_name(input: ParseStream) -> syn::Result<(String, Span)> {
    let first: Ident = input.parse()?;
    let span = first.span();
    let mut s = first.to_string();
    while input.peek(Token![::]) {
        input.parse::<Token![::]>()?;
        let seg: Ident = input.parse()?;
        s.push_str("::");
        s.push_str(&seg.to_string());
    }
    if input.peek(Token![<]) {
        input.parse::<Token![<]>()?;
        let (inner, _) = parse_type_name(input)?;
        input.parse::<Token![>]>()?;
        s = format!("{s}<{inner}>");
    }
    Ok((s, span))
}

/// Takes the attributes of a parameter, condition, output or the header, which accept
/// `#[suppress(..)]` only.
fn only_suppress(attrs: &mut Vec<Attr>, what: &str) -> syn::Result<Vec<Attr>> {
    if let Some(a) = attrs.iter().find(|a| a.name != "suppress") {
        return Err(syn::Error::new(
            a.name.span(),
            format!("`#[{}(..)]` goes on resources only; {what} takes `#[suppress(RULE-ID, \"reason\")]` and no other attribute", a.name),
        ));
    }
    Ok(std::mem::take(attrs))
}

impl Parse for StackDef {
    /// Expands composition (`for`, `construct`, `use`: `compose.rs`), parses the plain items,
    /// then applies `defaults`.
    fn parse(input: ParseStream) -> syn::Result<Self> {
        use syn::parse::Parser;
        let tokens: TokenStream = input.parse()?;
        let expanded = crate::compose::expand(tokens)?;
        INCLUDED.with(|i| i.borrow_mut().clear());
        let mut def = parse_items.parse2(expanded.tokens)?;
        def.origins = expanded.origins;
        def.included = INCLUDED.with(|i| i.take());
        apply_defaults(&mut def)?;
        Ok(def)
    }
}

/// Gives every resource the `defaults` of its type that it does not set itself.
fn apply_defaults(def: &mut StackDef) -> syn::Result<()> {
    for (n, d) in def.defaults.iter().enumerate() {
        let same = |a: &Ident, b: &Ident, x: &Ident, y: &Ident| a == x && b == y;
        if let Some(first) = def.defaults[..n]
            .iter()
            .find(|e| same(&e.service, &e.type_ident, &d.service, &d.type_ident))
        {
            let mut e = syn::Error::new(
                d.type_ident.span(),
                format!(
                    "`defaults {}::{}` is declared twice: merge the two blocks",
                    d.service, d.type_ident
                ),
            );
            e.combine(syn::Error::new(first.type_ident.span(), "the first block"));
            return Err(e);
        }
        let mut applied = false;
        for r in def
            .resources
            .iter_mut()
            .filter(|r| same(&r.service, &r.type_ident, &d.service, &d.type_ident))
        {
            applied = true;
            for (k, v) in &d.fields {
                if !r.props.iter().any(|(rk, _)| rk.name == k.name) {
                    r.props.push((k.clone(), v.clone()));
                }
            }
        }
        if !applied {
            return Err(syn::Error::new(
                d.type_ident.span(),
                format!("`defaults {}::{}` applies to no resource: no resource of this stack has that type (a typo?)", d.service, d.type_ident),
            ));
        }
    }
    Ok(())
}

/// The items of a stack, after composition is expanded.
fn parse_items(input: ParseStream) -> syn::Result<StackDef> {
    {
        let mut header = None;
        let mut def = StackDef {
            header: Header {
                attrs: vec![],
                ident: Ident::new("Stack", Span::call_site()),
                args: vec![],
                name: None,
                description: None,
                tags: vec![],
                imports: vec![],
            },
            parameters: vec![],
            conditions: vec![],
            mappings: vec![],
            resources: vec![],
            outputs: vec![],
            defaults: vec![],
            origins: std::collections::HashMap::new(),
            included: Vec::new(),
        };
        while !input.is_empty() {
            let mut attrs = Vec::new();
            while input.peek(Token![#]) {
                attrs.push(parse_attr(input)?);
            }
            no_stray(
                input,
                "an item (`resource`, `parameter`, `condition`, `mapping`, `output`, `defaults`, `for`, `construct` or `use`)",
            )?;
            let kw: Ident = input.call(syn::ext::IdentExt::parse_any)?;
            match kw.to_string().as_str() {
                "stack" => {
                    let ident: Ident = input.parse()?;
                    let mut args = Vec::new();
                    if input.peek(syn::token::Paren) {
                        let content;
                        parenthesized!(content in input);
                        while !content.is_empty() {
                            let name: Ident = content.parse()?;
                            content.parse::<Token![:]>()?;
                            let ty: syn::Type = content.parse()?;
                            args.push((name, ty));
                            if content.is_empty() {
                                break;
                            }
                            content.parse::<Token![,]>()?;
                        }
                    }
                    let content;
                    braced!(content in input);
                    let fields = parse_fields(&content)?;
                    let mut h = Header { attrs: only_suppress(&mut attrs, "the stack header")?, ident, args, name: None, description: None, tags: vec![], imports: vec![] };
                    for (k, v) in fields {
                        match (k.name.as_str(), v) {
                            ("name", Val::Str(s)) => h.name = Some(s),
                            ("description", Val::Str(s)) => h.description = Some(s),
                            ("tags", Val::Object(t, _)) => h.tags = t,
                            ("imports", Val::List(items, span)) => {
                                for item in items {
                                    let Val::Ident(i) = item else {
                                        return Err(syn::Error::new(span, "`imports` lists the stacks whose outputs this stack reads, by their Rust type: `imports: [Network, Data]`"));
                                    };
                                    h.imports.push(i);
                                }
                            }
                            (other, _) => {
                                return Err(syn::Error::new(
                                    k.span,
                                    format!("unknown stack setting `{other}`: the stack header takes `name: \"...\"`, `description: \"...\"`, `tags: {{ Key: value }}` and `imports: [OtherStack, ..]`"),
                                ))
                            }
                        }
                    }
                    if header.replace(()).is_some() {
                        return Err(syn::Error::new(kw.span(), "a `stack!{}` invocation declares one stack: remove this second `stack` header"));
                    }
                    def.header = h;
                }
                "parameter" => {
                    let attrs = only_suppress(&mut attrs, "a parameter")?;
                    let ident: Ident = input.parse()?;
                    let usage = |e: syn::Error| syn::Error::new(e.span(), format!("{e}: a parameter is declared as `parameter {ident}: Type {{ Default: .., .. }}` or `parameter {ident}: Type;`, with a CloudFormation parameter type such as `String`, `Number`, `AWS::EC2::VPC::Id`, `List<AWS::EC2::Subnet::Id>` or `AWS::SSM::Parameter::Value<String>`"));
                    input.parse::<Token![:]>().map_err(usage)?;
                    let (type_name, type_span) = parse_type_name(input).map_err(usage)?;
                    let fields = if input.peek(syn::token::Brace) {
                        let content;
                        braced!(content in input);
                        parse_fields(&content)?
                    } else {
                        input.parse::<Token![;]>().map_err(usage)?;
                        vec![]
                    };
                    def.parameters.push(ParameterDef { attrs, ident, type_name, type_span, fields });
                }
                "condition" => {
                    let attrs = only_suppress(&mut attrs, "a condition")?;
                    let ident: Ident = input.parse()?;
                    input.parse::<Token![=]>()?;
                    let expr: Val = input.parse()?;
                    input.parse::<Token![;]>()?;
                    def.conditions.push(ConditionDef { attrs, ident, expr });
                }
                "mapping" => {
                    let ident: Ident = input.parse()?;
                    let content;
                    braced!(content in input);
                    def.mappings.push(MappingDef { ident, entries: parse_fields(&content)? });
                }
                "resource" => {
                    let ident: Ident = input.parse()?;
                    let usage = |e: syn::Error| syn::Error::new(e.span(), format!("{e}: a resource is declared as `resource {ident}: service::Type {{ Property: value, .. }}`"));
                    input.parse::<Token![:]>().map_err(usage)?;
                    let service: Ident = input.parse().map_err(usage)?;
                    input.parse::<Token![::]>().map_err(usage)?;
                    let type_ident: Ident = input.parse().map_err(usage)?;
                    let content;
                    let brace = braced!(content in input);
                    let props = parse_fields(&content)?;
                    def.resources.push(ResourceDef { attrs, ident, service, type_ident, props, body_span: brace.span.join() });
                    continue;
                }
                "defaults" => {
                    let usage = |e: syn::Error| syn::Error::new(e.span(), format!("{e}: defaults are declared as `defaults service::Type {{ Property: value, .. }}`"));
                    let service: Ident = input.parse().map_err(usage)?;
                    input.parse::<Token![::]>().map_err(usage)?;
                    let type_ident: Ident = input.parse().map_err(usage)?;
                    let content;
                    braced!(content in input);
                    def.defaults.push(DefaultsDef { service, type_ident, fields: parse_fields(&content)? });
                }
                "output" => {
                    let attrs = only_suppress(&mut attrs, "an output")?;
                    let ident: Ident = input.parse()?;
                    let content;
                    braced!(content in input);
                    def.outputs.push(OutputDef { attrs, ident, fields: parse_fields(&content)? });
                }
                other => {
                    return Err(syn::Error::new(
                        kw.span(),
                        format!("expected `stack`, `parameter`, `condition`, `mapping`, `resource`, `output`, `defaults`, `for`, `construct` or `use`, found `{other}`"),
                    ))
                }
            }
            if let Some(a) = attrs.first() {
                return Err(syn::Error::new(
                    a.name.span(),
                    format!("a mapping takes no attributes: `#[{}(..)]` goes on resources (and `#[suppress(RULE-ID, \"reason\")]` also on parameters, conditions, outputs and the stack header)", a.name),
                ));
            }
        }
        if header.is_none() {
            return Err(syn::Error::new(
                Span::call_site(),
                "missing `stack NAME { name: \"...${Suffix}\" }` header: every stack declares its Rust name and a stack name carrying the environment suffix",
            ));
        }
        Ok(def)
    }
}
