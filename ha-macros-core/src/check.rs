//! Whole-stack checks: schema, references, graph, naming and policy rules.
//!
//! Every check pushes diagnostics into one list; nothing stops at the first problem.

use crate::ast::{ConditionDef, Key, ResourceDef, StackDef, Val};
use crate::diag::{did_you_mean, nearest, Diag, Item};
use crate::facts;
pub use crate::model::{get, Reference, Target};
use crate::model::{Findings, ResourceAttrs};
use crate::rules::{self, Rule};
use ha_registry::{ObjectDef, Property, ResourceType, Shape};
use proc_macro2::Span;
use std::collections::{BTreeMap, HashMap};

/// The result of checking a stack: its diagnostics and the resolved types.
pub struct Checked<'a> {
    /// Problems, not yet filtered by suppressions.
    pub diags: Vec<Diag>,
    /// Resource types by logical id.
    pub types: HashMap<String, Option<&'static ResourceType>>,
    /// Names of the resources, in order, with their definitions.
    pub resources: Vec<&'a ResourceDef>,
    /// The `(stack, output)` pairs of imported stacks that the stack's values read
    /// (`Network.VpcId`), sorted by name and unique.
    pub imports: Vec<(syn::Ident, syn::Ident)>,
    /// The longest environment suffix with which every physical name written in the stack
    /// stays within its limits (at most `ha_naming::suffix::MAX_LEN`), and why.
    pub suffix_bound: (usize, String),
}

/// The resource type a `service::Type` path names.
pub fn resolve_type(res: &ResourceDef) -> Result<Option<&'static ResourceType>, Box<Diag>> {
    let service = res.service.to_string();
    let rust_name = res.type_ident.to_string();
    if service == "custom" {
        return Ok(None);
    }
    if let Some(t) = ha_registry::by_rust_path(&service, &rust_name) {
        return Ok(Some(t));
    }
    let wanted = format!("{service}::{rust_name}");
    let candidates: Vec<String> = ha_registry::type_names()
        .map(|(_, service, rust_name)| format!("{service}::{rust_name}"))
        .collect();
    let hint = did_you_mean(&wanted, candidates.iter().map(String::as_str));
    Err(Box::new(Diag::new(
        &rules::UNKNOWN_TYPE,
        res.type_ident.span(),
        format!("`{wanted}` is not a resource type this toolkit knows{hint}"),
        "write `service::Type` as generated from the CloudFormation registry (e.g. `s3::Bucket`, `rds::DbCluster`) or `custom::Name` for a `Custom::Name` resource; schemas/types.txt lists every type of the registry",
    )
    .in_resource(Some(&res.ident.to_string()))))
}

pub(crate) struct Checker<'a> {
    def: &'a StackDef,
    names: HashMap<String, Target<'a>>,
    conditions: HashMap<String, Span>,
    mappings: HashMap<String, Span>,
    diags: Vec<Diag>,
    refs: Vec<Reference>,
    current: Option<String>,
    /// The parameter, condition, output or header being checked (for suppressions).
    item: Option<Item>,
    /// The conditions known to hold at the value being walked.
    scope: Vec<String>,
    /// What holds the value being walked, for messages.
    site: String,
    /// The outputs of imported stacks that the values walked read (`Network.VpcId`), by name.
    imports_read: std::collections::BTreeMap<(String, String), (syn::Ident, syn::Ident)>,
    /// The longest suffix every physical name written so far allows, and the name that
    /// bounds it (see `policy::check_name_limits`).
    suffix_bound: Option<(usize, String)>,
}

/// Associated items of a generated stack type, which outputs (also associated constants)
/// cannot be named.
pub const RESERVED_OUTPUT_NAMES: &[&str] = &[
    "NAME_PATTERN",
    "RESOURCE_COUNT",
    "SOURCES",
    "MAX_SUFFIX",
    "MAX_SUFFIX_REASON",
    "synth",
];

/// Runs every check on a parsed stack.
pub fn check(def: &StackDef) -> Checked<'_> {
    let mut c = Checker {
        def,
        names: HashMap::new(),
        conditions: HashMap::new(),
        mappings: HashMap::new(),
        diags: Vec::new(),
        refs: Vec::new(),
        current: None,
        item: None,
        scope: Vec::new(),
        site: String::new(),
        imports_read: std::collections::BTreeMap::new(),
        suffix_bound: None,
    };
    let mut types = HashMap::new();
    c.declare(&mut types);
    c.check_header();
    for p in &def.parameters {
        c.current = None;
        c.item = Some(Item::Parameter(p.ident.to_string()));
        p.attrs.iter().for_each(|a| c.check_suppression(a, false));
        c.check_parameter(p);
        for (k, v) in &p.fields {
            match k.name.as_str() {
                "Default" | "AllowedValues" => c.scan_literals(v),
                "Description"
                | "AllowedPattern"
                | "ConstraintDescription"
                | "MinLength"
                | "MaxLength"
                | "MinValue"
                | "MaxValue"
                | "NoEcho" => {}
                other => c.push(Diag::new(
                    &rules::UNKNOWN_PROPERTY,
                    k.span,
                    format!(
                        "parameter `{}` has no setting `{other}`{}",
                        p.ident,
                        did_you_mean(other, PARAMETER_SETTINGS.iter().copied())
                    ),
                    format!(
                        "parameters take {}",
                        list_names(PARAMETER_SETTINGS.iter().copied())
                    ),
                )),
            }
        }
    }
    for cond in &def.conditions {
        c.check_condition(cond);
    }
    c.item = None;
    for m in &def.mappings {
        c.current = None;
        c.site = format!("mapping `{}`", m.ident);
        for (_, v) in &m.entries {
            c.walk_json(v, &["Mappings".to_owned()]);
        }
    }
    for res in &def.resources {
        let ty = types.get(&res.ident.to_string()).copied().flatten();
        c.check_resource(res, ty, types.contains_key(&res.ident.to_string()));
    }
    for out in &def.outputs {
        c.current = None;
        c.item = Some(Item::Output(out.ident.to_string()));
        c.site = format!("output `{}`", out.ident);
        c.scope = match get(&out.fields, &["Condition"]) {
            Some(Val::Ident(i)) => vec![i.to_string()],
            _ => vec![],
        };
        out.attrs.iter().for_each(|a| c.check_suppression(a, false));
        for (k, v) in &out.fields {
            match k.name.as_str() {
                "Value" | "Export" => c.walk_json(v, std::slice::from_ref(&k.name)),
                "Description" => {}
                "Condition" => c.check_condition_name(v),
                other => c.push(Diag::new(
                    &rules::UNKNOWN_PROPERTY,
                    k.span,
                    format!("output `{}` has no setting `{other}`", out.ident),
                    "outputs take `Value`, `Description`, `Export` (the export name) and `Condition`",
                )),
            }
        }
        if !out.fields.iter().any(|(k, _)| k.name == "Value") {
            c.push(Diag::new(
                &rules::MISSING_REQUIRED,
                out.ident.span(),
                format!("output `{}` has no `Value`", out.ident),
                "add `Value: Ref(X)` or another value",
            ));
        }
    }
    c.item = None;
    c.check_references(&types);
    c.check_cycles(&types);
    c.check_imports();
    let resources = def.resources.iter().collect();
    Checked {
        diags: c.diags,
        types,
        resources,
        imports: c.imports_read.into_values().collect(),
        suffix_bound: c.suffix_bound.unwrap_or_else(|| {
            (
                ha_naming::suffix::MAX_LEN,
                "the toolkit's suffix grammar (ha_naming::suffix)".to_owned(),
            )
        }),
    }
}

impl<'a> Checker<'a> {
    /// `imports: [..]` of the header: no stack imports itself, an imported stack's name is not
    /// also a logical id here (`X.Y` would be ambiguous), each import is read somewhere (the
    /// runner orders stacks by the outputs they read), and no output takes a name the
    /// generated stack type already uses.
    fn check_imports(&mut self) {
        let h = &self.def.header;
        let mut seen = std::collections::HashSet::new();
        for i in &h.imports {
            let name = i.to_string();
            let problem = if *i == h.ident {
                Some((
                    format!("stack `{name}` imports itself"),
                    "remove it from `imports`".to_owned(),
                ))
            } else if !seen.insert(name.clone()) {
                Some((
                    format!("stack `{name}` is imported twice"),
                    "remove the second entry".to_owned(),
                ))
            } else if self.names.contains_key(&name) {
                Some((
                    format!("`{name}` is both an imported stack and a name declared in this stack, so `{name}.X` would be ambiguous"),
                    format!("rename the `{name}` declared here"),
                ))
            } else if !self.imports_read.keys().any(|(stack, _)| *stack == name) {
                Some((
                    format!("stack `{name}` is imported but no value reads its outputs"),
                    format!("read an output (`{name}.OutputName`) or remove `{name}` from `imports`: the runner orders stacks by the outputs they read"),
                ))
            } else {
                None
            };
            if let Some((message, help)) = problem {
                self.push(Diag::new(&rules::CROSS_STACK, i.span(), message, help));
            }
        }
        for o in &self.def.outputs {
            let name = o.ident.to_string();
            if RESERVED_OUTPUT_NAMES.contains(&name.as_str()) {
                self.push(Diag::new(
                    &rules::CROSS_STACK,
                    o.ident.span(),
                    format!(
                        "output `{name}` would clash with the generated `{}::{name}`",
                        h.ident
                    ),
                    format!(
                        "rename the output (names taken: {})",
                        RESERVED_OUTPUT_NAMES.join(", ")
                    ),
                ));
            }
        }
    }

    fn push(&mut self, d: Diag) {
        let cur = self.current.clone();
        let item = self.item.clone();
        self.diags.push(d.in_resource(cur.as_deref()).in_item(item));
    }

    fn declare(&mut self, types: &mut HashMap<String, Option<&'static ResourceType>>) {
        let mut seen: HashMap<String, Span> = HashMap::new();
        let mut dup = |name: &syn::Ident, what: &str, diags: &mut Vec<Diag>| {
            let key = name.to_string();
            if let Some(first) = seen.get(&key) {
                diags.push(
                    Diag::new(
                        &rules::DUPLICATE_ID,
                        name.span(),
                        format!("logical id `{key}` is declared twice (this {what} and an earlier declaration)"),
                        "give each resource and parameter its own logical id",
                    )
                    .note(*first, format!("`{key}` first declared here")),
                );
                false
            } else {
                seen.insert(key, name.span());
                true
            }
        };
        for p in &self.def.parameters {
            if dup(&p.ident, "parameter", &mut self.diags) {
                self.names.insert(p.ident.to_string(), Target::Parameter);
            }
        }
        for r in &self.def.resources {
            if !dup(&r.ident, "resource", &mut self.diags) {
                continue;
            }
            match resolve_type(r) {
                Ok(t) => {
                    types.insert(r.ident.to_string(), t);
                    self.names
                        .insert(r.ident.to_string(), Target::Resource(r, t));
                }
                Err(d) => {
                    self.diags.push(*d);
                    // Still declared, so references to it do not add noise.
                    self.names
                        .insert(r.ident.to_string(), Target::Resource(r, None));
                }
            }
        }
        let mut seen_out: HashMap<String, Span> = HashMap::new();
        for o in &self.def.outputs {
            let key = o.ident.to_string();
            if let Some(first) = seen_out.insert(key.clone(), o.ident.span()) {
                self.diags.push(
                    Diag::new(
                        &rules::DUPLICATE_ID,
                        o.ident.span(),
                        format!("output `{key}` is declared twice"),
                        "give each output its own name",
                    )
                    .note(first, format!("`{key}` first declared here")),
                );
            }
        }
        for c in &self.def.conditions {
            let key = c.ident.to_string();
            if let Some(first) = self.conditions.insert(key.clone(), c.ident.span()) {
                self.diags.push(
                    Diag::new(
                        &rules::DUPLICATE_ID,
                        c.ident.span(),
                        format!("condition `{key}` is declared twice"),
                        "give each condition its own name",
                    )
                    .note(first, format!("`{key}` first declared here")),
                );
            }
        }
        for m in &self.def.mappings {
            self.mappings.insert(m.ident.to_string(), m.ident.span());
        }
    }

    /// The parameter's type exists, and its default is one of its AllowedValues.
    fn check_parameter(&mut self, p: &crate::ast::ParameterDef) {
        let known = facts::parameter_types();
        if !known.contains(&p.type_name) {
            let hint = did_you_mean(&p.type_name, known.iter().map(String::as_str));
            self.push(Diag::new(
                &rules::UNKNOWN_PARAMETER_TYPE,
                p.type_span,
                format!("parameter `{}` has the type `{}`, which is not a CloudFormation parameter type{hint}", p.ident, p.type_name),
                "use `String`, `Number`, `List<Number>`, `CommaDelimitedList`, an AWS-specific type such as `AWS::EC2::VPC::Id` or `List<AWS::EC2::Subnet::Id>`, or `AWS::SSM::Parameter::Value<String>`",
            ));
        }
        let (Some(default), Some(Val::List(allowed, _))) = (
            get(&p.fields, &["Default"]),
            get(&p.fields, &["AllowedValues"]),
        ) else {
            return;
        };
        let texts: Option<Vec<String>> = std::iter::once(default)
            .chain(allowed)
            .map(literal_text)
            .collect();
        let Some((value, allowed)) = texts.as_deref().and_then(<[String]>::split_first) else {
            return;
        };
        if !allowed.contains(value) {
            self.push(Diag::new(
                &rules::NOT_IN_ENUM,
                default.span(),
                format!(
                    "the default `{value}` of parameter `{}` is not one of its AllowedValues ({})",
                    p.ident,
                    list_names(allowed.iter().map(String::as_str))
                ),
                "make the default one of the allowed values, or add it to AllowedValues; CloudFormation rejects the stack when the parameter is left at its default",
            ));
        }
    }

    fn check_header(&mut self) {
        let h = &self.def.header;
        self.site = "the stack tags".to_owned();
        self.item = Some(Item::Header);
        h.attrs
            .iter()
            .for_each(|a| self.check_suppression(a, false));
        match &h.name {
            Some(n) if n.value().contains(ha_suffix()) => {
                self.scan_string(&n.value(), n.span(), &[])
            }
            Some(n) => self.push(Diag::new(
                &rules::STACK_NAME_WITHOUT_SUFFIX,
                n.span(),
                format!(
                    "stack name \"{}\" does not contain `${{Suffix}}`",
                    n.value()
                ),
                format!("write e.g. `name: \"{}${{Suffix}}\"`", n.value()),
            )),
            None => self.push(Diag::new(
                &rules::STACK_NAME_WITHOUT_SUFFIX,
                h.ident.span(),
                format!("stack `{}` declares no stack name", h.ident),
                "add `name: \"MyStack${Suffix}\"` to the stack header",
            )),
        }
        for (_, v) in &h.tags {
            self.walk_json(v, &["Tags".to_owned()]);
        }
    }

    fn check_condition(&mut self, cond: &ConditionDef) {
        self.current = None;
        self.item = Some(Item::Condition(cond.ident.to_string()));
        self.site = format!("condition `{}`", cond.ident);
        cond.attrs
            .iter()
            .for_each(|a| self.check_suppression(a, false));
        self.walk_json(&cond.expr, &["Conditions".to_owned()]);
    }

    fn check_condition_name(&mut self, v: &Val) {
        match v {
            Val::Ident(i) => {
                let name = i.to_string();
                if !self.conditions.contains_key(&name) {
                    let hint = did_you_mean(&name, self.conditions.keys().map(String::as_str));
                    self.push(Diag::new(
                        &rules::UNKNOWN_REFERENCE,
                        i.span(),
                        format!("condition `{name}` is not declared{hint}"),
                        "declare it with `condition NAME = Equals(..);`",
                    ));
                }
            }
            other => self.push(Diag::new(
                &rules::WRONG_KIND,
                other.span(),
                format!(
                    "a condition is named by an identifier, found {}",
                    other.kind()
                ),
                "write the condition's name, e.g. `IsProduction`",
            )),
        }
    }

    fn check_resource(
        &mut self,
        res: &ResourceDef,
        ty: Option<&'static ResourceType>,
        known: bool,
    ) {
        let id = res.ident.to_string();
        self.current = Some(id.clone());
        self.site = format!("resource `{id}`");
        self.scope = ResourceAttrs::of(res)
            .condition
            .map(ToString::to_string)
            .into_iter()
            .collect();
        self.check_attributes(res);
        if !known {
            for (k, v) in &res.props {
                self.walk_json(v, std::slice::from_ref(&k.name));
            }
            return;
        }
        match ty {
            Some(t) => {
                self.check_object(&res.props, t.properties, res.ident.span(), &[], t.name);
                crate::policy::check_resource(self, res, t);
                self.check_variants(res, t);
            }
            None => {
                // Custom::Name — ServiceToken is required, everything else is free-form.
                if !res.props.iter().any(|(k, _)| k.name == "ServiceToken") {
                    self.push(Diag::new(
                        &rules::MISSING_REQUIRED,
                        res.ident.span(),
                        format!("custom resource `{id}` has no `ServiceToken`"),
                        "add `ServiceToken: Handler.Arn` (the Lambda function or SNS topic that serves it)",
                    ));
                }
                for (k, v) in &res.props {
                    self.walk_json(v, std::slice::from_ref(&k.name));
                }
            }
        }
    }

    fn check_attributes(&mut self, res: &ResourceDef) {
        for a in &res.attrs {
            let name = a.name.to_string();
            match name.as_str() {
                "deletion_policy" | "update_replace_policy" => {
                    for arg in &a.args {
                        match arg {
                            Val::Ident(i)
                                if matches!(
                                    i.to_string().as_str(),
                                    "Retain" | "RetainExceptOnCreate"
                                ) =>
                            {
                                self.push(Diag::new(
                                    &rules::RETAIN_POLICY,
                                    i.span(),
                                    format!("`{name}({i})` on `{}` keeps the resource after the stack is gone", res.ident),
                                    "use `Delete` (or `Snapshot` for databases and volumes); stateful data is protected by deletion protection and backups instead",
                                ));
                            }
                            Val::Ident(i)
                                if matches!(i.to_string().as_str(), "Delete" | "Snapshot") => {}
                            other => {
                                // `Retain` reached through `If(..)` or a list is still `Retain`.
                                let inside = match other {
                                    Val::Call(f, _) => format!("{f}(..)"),
                                    _ => other.kind().to_owned(),
                                };
                                for (span, word) in retain_words(other) {
                                    self.push(Diag::new(
                                        &rules::RETAIN_POLICY,
                                        span,
                                        format!("`{name}` on `{}` can be `{word}` (inside {inside}), which keeps the resource after the stack is gone", res.ident),
                                        "use `Delete` (or `Snapshot` for databases and volumes) in every branch; stateful data is protected by deletion protection and backups instead",
                                    ));
                                }
                                let computed = matches!(other, Val::Call(..) | Val::Rust(..));
                                self.push(Diag::new(
                                    &rules::NOT_IN_ENUM,
                                    other.span(),
                                    if computed {
                                        format!("`{name}` takes a literal `Delete` or `Snapshot`: a computed value cannot be checked at compile time (`Retain` and `RetainExceptOnCreate` are forbidden by HA-P001)")
                                    } else {
                                        format!("`{name}` takes `Delete` or `Snapshot` (`Retain` and `RetainExceptOnCreate` are forbidden by HA-P001)")
                                    },
                                    "write e.g. `#[deletion_policy(Delete)]`",
                                ));
                            }
                        }
                    }
                }
                "depends_on" => {
                    for arg in &a.args {
                        match arg {
                            Val::Ident(i) => self.refs.push(Reference {
                                from: self.current.clone(),
                                to: i.to_string(),
                                attribute: None,
                                span: i.span(),
                                path: vec!["DependsOn".into()],
                                depends_on: true,
                                in_string: false,
                                scope: self.scope.clone(),
                                site: self.site.clone(),
                            }),
                            other => self.push(Diag::new(
                                &rules::WRONG_KIND,
                                other.span(),
                                "`depends_on` takes logical ids",
                                "write `#[depends_on(OtherResource)]`",
                            )),
                        }
                    }
                }
                "condition" => {
                    if let Some(v) = a.args.first() {
                        self.check_condition_name(v);
                    }
                }
                "metadata" => {
                    for v in &a.args {
                        self.walk_json(v, &["Metadata".into()]);
                    }
                }
                "suppress" => self.check_suppression(a, true),
                other => {
                    let hint = did_you_mean(
                        other,
                        [
                            "deletion_policy",
                            "update_replace_policy",
                            "depends_on",
                            "condition",
                            "metadata",
                            "suppress",
                        ],
                    );
                    self.push(Diag::new(
                        &rules::UNKNOWN_PROPERTY,
                        a.name.span(),
                        format!("unknown resource attribute `#[{other}]`{hint}"),
                        "resources take #[deletion_policy(..)], #[update_replace_policy(..)], #[depends_on(..)], #[condition(..)], #[metadata({..})] and #[suppress(RULE, \"reason\")]",
                    ));
                }
            }
        }
    }

    /// `on_resource`: the attribute sits on a resource, where rules of AWS's offline validator
    /// may be acknowledged too (recorded in the resource's metadata for the runner).
    fn check_suppression(&mut self, a: &crate::ast::Attr, on_resource: bool) {
        let rule = match a.args.first() {
            Some(Val::Str(s)) => Some((s.value(), s.span())),
            Some(Val::Ident(i)) => Some((i.to_string(), i.span())),
            _ => None,
        };
        let Some((rule_id, span)) = rule else {
            self.push(Diag::new(
                &rules::SUPPRESSION_WITHOUT_REASON,
                a.name.span(),
                "`#[suppress]` needs a rule id and a reason",
                "write `#[suppress(HA-IAM002, \"why this rule does not apply here\")]`",
            ));
            return;
        };
        match rules::find(&rule_id) {
            None if rules::is_validator_rule(&rule_id) && on_resource => {}
            None if rules::is_validator_rule(&rule_id) => self.push(Diag::new(
                &rules::SUPPRESSION_WITHOUT_REASON,
                span,
                format!("`{rule_id}` is a rule of AWS's offline validator: it can be acknowledged on a resource only"),
                "move the `#[suppress(..)]` to the resource the finding names",
            )),
            None => {
                let hint = did_you_mean(&rule_id, rules::ALL.iter().map(|r| r.id));
                self.push(Diag::new(
                    &rules::SUPPRESSION_WITHOUT_REASON,
                    span,
                    format!("`{rule_id}` is not a rule id{hint}"),
                    "the README lists every rule id",
                ));
            }
            Some(r) if !r.suppressible => self.push(Diag::new(
                &rules::SUPPRESSION_WITHOUT_REASON,
                span,
                format!("rule {} ({}) cannot be suppressed", r.id, r.title),
                "fix the stack instead: AWS would reject it",
            )),
            Some(_) => {}
        }
        let reason_ok = matches!(a.args.get(1), Some(Val::Str(s)) if s.value().trim().len() >= 10);
        if !reason_ok {
            let at = a.args.get(1).map_or(span, Val::span);
            self.push(Diag::new(
                &rules::SUPPRESSION_WITHOUT_REASON,
                at,
                format!("suppression of `{rule_id}` has no written reason"),
                format!("write `#[suppress({rule_id}, \"why this rule does not apply to this resource\")]` (at least 10 characters)"),
            ));
        }
    }

    /// Checks an object's keys against its schema and recurses.
    fn check_object(
        &mut self,
        fields: &[(Key, Val)],
        props: &'static [Property],
        owner: Span,
        path: &[String],
        type_name: &str,
    ) {
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for (k, v) in fields {
            if let Some(first) = seen.insert(&k.name, k.span) {
                self.push(
                    Diag::new(
                        &rules::DUPLICATE_ID,
                        k.span,
                        format!("property `{}` is set twice", k.name),
                        "keep one of them",
                    )
                    .note(first, "first set here"),
                );
            }
            let mut p = path.to_vec();
            p.push(k.name.clone());
            match props.iter().find(|p| p.name == k.name) {
                Some(prop) => self.check_value(v, prop.shape, &p, type_name),
                None => {
                    let hint = did_you_mean(&k.name, props.iter().map(|p| p.name));
                    let at = if path.is_empty() {
                        type_name.to_owned()
                    } else {
                        format!("{type_name} {}", path.join("."))
                    };
                    self.push(Diag::new(
                        &rules::UNKNOWN_PROPERTY,
                        k.span,
                        format!("`{}` is not a property of {at}{hint}", k.name),
                        format!(
                            "valid properties: {}",
                            list_names(props.iter().map(|p| p.name))
                        ),
                    ));
                    self.walk_json(v, &p);
                }
            }
        }
        let missing: Vec<&str> = props
            .iter()
            .filter(|p| p.required && !seen.contains_key(p.name))
            .map(|p| p.name)
            .collect();
        if !missing.is_empty() {
            let at = if path.is_empty() {
                type_name.to_owned()
            } else {
                format!("{type_name} {}", path.join("."))
            };
            self.push(Diag::new(
                &rules::MISSING_REQUIRED,
                owner,
                format!("{at} requires {}", list_names(missing.iter().copied())),
                format!(
                    "add {}",
                    missing
                        .iter()
                        .map(|m| format!("`{m}: ..`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
    }

    fn wrong_kind(&mut self, v: &Val, expected: &str, path: &[String]) {
        self.push(Diag::new(
            &rules::WRONG_KIND,
            v.span(),
            format!(
                "`{}` expects {expected}, found {}",
                path.join("."),
                v.kind()
            ),
            format!("write {expected} here"),
        ));
    }

    /// Checks a value against its shape.
    pub(crate) fn check_value(
        &mut self,
        v: &Val,
        shape: &'static Shape,
        path: &[String],
        type_name: &str,
    ) {
        match v {
            Val::Call(..) | Val::Path(..) | Val::Pseudo(..) => return self.walk_json(v, path),
            Val::Rust(..) => return,
            Val::Ident(i) if i == "NoValue" => return,
            _ => {}
        }
        match shape {
            Shape::String {
                min_len, max_len, ..
            } => match v {
                Val::Str(s) => {
                    self.scan_string(&s.value(), s.span(), path);
                    let value = s.value();
                    if !value.contains("${") {
                        let len = value.chars().count() as u32;
                        if min_len.is_some_and(|m| len < m) || max_len.is_some_and(|m| len > m) {
                            self.push(Diag::new(
                                &rules::OUT_OF_RANGE,
                                s.span(),
                                format!(
                                    "`{}` is {len} characters; the schema allows {}..={}",
                                    path.join("."),
                                    min_len.unwrap_or(0),
                                    max_len.map_or("unbounded".into(), |m| m.to_string())
                                ),
                                "shorten or lengthen the value",
                            ));
                        }
                    }
                }
                // CloudFormation accepts numbers where strings are expected (they are sent as strings).
                Val::Int(..) | Val::Float(..) => {}
                _ => self.wrong_kind(v, "a string", path),
            },
            Shape::Enum(e) => {
                let text = match v {
                    Val::Str(s) => Some(s.value()),
                    Val::Int(n, _) => Some(n.to_string()),
                    _ => None,
                };
                match text {
                    Some(t) if e.values.iter().any(|ev| ev.value == t) => {}
                    // A rule of its own explains this value better (e.g. SecureString).
                    Some(t) if crate::policy::enum_covered(type_name, path, &t) => {}
                    Some(t) => {
                        let hint = match v {
                            Val::Int(n, _) => {
                                nearest_numbers(*n, e.values.iter().map(|ev| ev.value))
                            }
                            _ => did_you_mean(&t, e.values.iter().map(|ev| ev.value)),
                        };
                        self.push(Diag::new(
                            &rules::NOT_IN_ENUM,
                            v.span(),
                            format!(
                                "`{t}` is not an allowed value of `{}` on {type_name}{hint}",
                                path.join(".")
                            ),
                            format!(
                                "use one of: {}",
                                list_names(e.values.iter().map(|ev| ev.value))
                            ),
                        ));
                    }
                    None => self.wrong_kind(v, "one of the enumerated values", path),
                }
            }
            Shape::Integer { min, max } => match v {
                Val::Int(n, span) => {
                    if min.is_some_and(|m| *n < m) || max.is_some_and(|m| *n > m) {
                        self.push(Diag::new(
                            &rules::OUT_OF_RANGE,
                            *span,
                            format!(
                                "`{}` = {n} is outside {}..={}",
                                path.join("."),
                                min.map_or("-inf".into(), |m| m.to_string()),
                                max.map_or("inf".into(), |m| m.to_string())
                            ),
                            "pick a value inside the range the schema allows",
                        ));
                    }
                }
                _ => self.wrong_kind(v, "an integer", path),
            },
            Shape::Number => {
                if !matches!(v, Val::Int(..) | Val::Float(..)) {
                    self.wrong_kind(v, "a number", path);
                }
            }
            Shape::Boolean => {
                if !matches!(v, Val::Bool(..)) {
                    self.wrong_kind(v, "`true` or `false`", path);
                }
            }
            Shape::Json => self.walk_json(v, path),
            Shape::Array(item) => match v {
                Val::List(items, _) => {
                    for it in items {
                        self.check_value(it, item, path, type_name);
                    }
                }
                _ => self.wrong_kind(v, "a list `[..]`", path),
            },
            Shape::Map(item) => match v {
                Val::Object(fields, _) => {
                    for (k, fv) in fields {
                        let mut p = path.to_vec();
                        p.push(k.name.clone());
                        self.check_value(fv, item, &p, type_name);
                    }
                }
                _ => self.wrong_kind(v, "a map `{ key: value }`", path),
            },
            Shape::Object(def) => match v {
                Val::Object(fields, span) => self.check_nested(fields, def, *span, path, type_name),
                _ => self.wrong_kind(v, "an object `{ .. }`", path),
            },
        }
    }

    fn check_nested(
        &mut self,
        fields: &[(Key, Val)],
        def: &'static ObjectDef,
        span: Span,
        path: &[String],
        type_name: &str,
    ) {
        self.check_object(fields, def.properties, span, path, type_name);
    }

    /// Walks free-form values: intrinsic calls, references, literals.
    pub(crate) fn walk_json(&mut self, v: &Val, path: &[String]) {
        match v {
            Val::Str(s) => self.scan_string(&s.value(), s.span(), path),
            Val::List(items, _) => items.iter().for_each(|i| self.walk_json(i, path)),
            Val::Object(fields, _) => {
                for (k, fv) in fields {
                    let mut p = path.to_vec();
                    p.push(k.name.clone());
                    self.walk_json(fv, &p);
                }
            }
            Val::Path(head, rest) if self.def.header.imports.iter().any(|i| i == head) => {
                self.imports_read.insert(
                    (head.to_string(), rest[0].to_string()),
                    (head.clone(), rest[0].clone()),
                );
                if let Some(extra) = rest.get(1) {
                    self.push(Diag::new(
                        &rules::CROSS_STACK,
                        extra.span(),
                        format!(
                            "`{head}.{}`: output `{}` of stack `{head}` is a plain value without attributes",
                            rest.iter().map(ToString::to_string).collect::<Vec<_>>().join("."),
                            rest[0]
                        ),
                        format!("write `{head}.{}`", rest[0]),
                    ));
                }
            }
            Val::Path(head, rest) => {
                let attr = rest.iter().map(ToString::to_string).collect::<Vec<_>>().join(".");
                self.reference(head.to_string(), Some(attr), head.span(), path);
            }
            Val::Pseudo(name, span) => {
                if ha_pseudo(name).is_none() {
                    let hint = did_you_mean(name, pseudos());
                    self.push(Diag::new(
                        &rules::UNKNOWN_REFERENCE,
                        *span,
                        format!("`{name}` is not a pseudo parameter{hint}"),
                        format!("pseudo parameters are {}", pseudos().collect::<Vec<_>>().join(", ")),
                    ));
                }
            }
            Val::Call(name, args) => self.check_call(name, args, path),
            Val::Ident(i) if i == "NoValue" => {}
            Val::Ident(i) => self.push(Diag::new(
                &rules::WRONG_KIND,
                i.span(),
                format!("bare name `{i}` is not a value"),
                format!("write `Ref({i})` for a reference, `{i}.Attribute` for GetAtt, or \"{i}\" for a string"),
            )),
            Val::Int(..) | Val::Float(..) | Val::Bool(..) | Val::Rust(..) => {}
        }
    }

    fn reference(&mut self, to: String, attribute: Option<String>, span: Span, path: &[String]) {
        self.refs.push(Reference {
            from: self.current.clone(),
            to,
            attribute,
            span,
            path: path.to_vec(),
            depends_on: false,
            in_string: false,
            scope: self.scope.clone(),
            site: self.site.clone(),
        });
    }

    fn arity(
        &mut self,
        name: &syn::Ident,
        args: &[Val],
        n: std::ops::RangeInclusive<usize>,
        usage: &str,
    ) -> bool {
        if n.contains(&args.len()) {
            true
        } else {
            self.push(Diag::new(
                &rules::WRONG_KIND,
                name.span(),
                format!("`{name}` takes {usage}"),
                format!("write `{name}({usage})`"),
            ));
            false
        }
    }

    fn check_call(&mut self, name: &syn::Ident, args: &[Val], path: &[String]) {
        let n = name.to_string();
        match n.as_str() {
            "Ref" => {
                if !self.arity(name, args, 1..=1, "one logical id") {
                    return;
                }
                match &args[0] {
                    Val::Ident(i) => self.reference(i.to_string(), None, i.span(), path),
                    Val::Pseudo(..) => self.walk_json(&args[0], path),
                    other => self.wrong_kind(
                        other,
                        "a logical id (`Ref(Bucket)`) or a pseudo parameter",
                        path,
                    ),
                }
            }
            "GetAtt" => {
                if !self.arity(name, args, 1..=2, "`X.Attribute` or `X, \"Attribute\"`") {
                    return;
                }
                match (&args[0], args.get(1)) {
                    (Val::Path(..), None) => self.walk_json(&args[0], path),
                    (Val::Ident(i), Some(Val::Str(a))) => {
                        self.reference(i.to_string(), Some(a.value()), i.span(), path)
                    }
                    (other, _) => self.wrong_kind(other, "`X.Attribute`", path),
                }
            }
            "Sub" => {
                if !self.arity(
                    name,
                    args,
                    1..=2,
                    "a template string and an optional variable map",
                ) {
                    return;
                }
                let vars: Vec<String> = match args.get(1) {
                    Some(Val::Object(fields, _)) => {
                        for (_, fv) in fields {
                            self.walk_json(fv, path);
                        }
                        fields.iter().map(|(k, _)| k.name.clone()).collect()
                    }
                    Some(other) => {
                        self.wrong_kind(other, "a variable map `{ Name: value }`", path);
                        vec![]
                    }
                    None => vec![],
                };
                match &args[0] {
                    Val::Str(s) => self.scan_sub(&s.value(), s.span(), path, &vars),
                    other => self.wrong_kind(other, "a string literal", path),
                }
            }
            "If" => {
                if !self.arity(name, args, 3..=3, "a condition name and two values") {
                    return;
                }
                self.check_condition_name(&args[0]);
                // The first branch is used only where the condition holds.
                let depth = self.scope.len();
                if let Val::Ident(c) = &args[0] {
                    self.scope.push(c.to_string());
                }
                self.walk_json(&args[1], path);
                self.scope.truncate(depth);
                self.walk_json(&args[2], path);
            }
            "Condition" => {
                if self.arity(name, args, 1..=1, "a condition name") {
                    self.check_condition_name(&args[0]);
                }
            }
            "FindInMap" => {
                if !self.arity(name, args, 3..=3, "a mapping name and two keys") {
                    return;
                }
                match &args[0] {
                    Val::Ident(i) if self.mappings.contains_key(&i.to_string()) => {}
                    Val::Ident(i) => {
                        let hint =
                            did_you_mean(&i.to_string(), self.mappings.keys().map(String::as_str));
                        self.push(Diag::new(
                            &rules::UNKNOWN_REFERENCE,
                            i.span(),
                            format!("mapping `{i}` is not declared{hint}"),
                            "declare it with `mapping NAME { Key: { Key2: value } }`",
                        ));
                    }
                    other => self.wrong_kind(other, "a mapping name", path),
                }
                self.walk_json(&args[1], path);
                self.walk_json(&args[2], path);
            }
            "Join" | "Split" => {
                if !self.arity(name, args, 2..=2, "a delimiter string and a value") {
                    return;
                }
                if !matches!(args[0], Val::Str(_)) {
                    self.wrong_kind(&args[0], "a delimiter string", path);
                }
                self.walk_json(&args[1], path);
            }
            "Select" | "Equals" => {
                if self.arity(name, args, 2..=2, "two values") {
                    args.iter().for_each(|a| self.walk_json(a, path));
                }
            }
            "Cidr" => {
                if self.arity(
                    name,
                    args,
                    3..=3,
                    "a CIDR block, a count and a number of bits",
                ) {
                    args.iter().for_each(|a| self.walk_json(a, path));
                }
            }
            "GetAZs" => {
                if self.arity(name, args, 0..=1, "an optional region") {
                    args.iter().for_each(|a| self.walk_json(a, path));
                }
            }
            "Not" | "ImportValue" | "Base64" => {
                if self.arity(name, args, 1..=1, "one value") {
                    self.walk_json(&args[0], path);
                }
            }
            "And" | "Or" => {
                if self.arity(name, args, 2..=10, "2 to 10 conditions") {
                    args.iter().for_each(|a| self.walk_json(a, path));
                }
            }
            other => {
                let hint = did_you_mean(other, INTRINSICS.iter().copied());
                self.push(Diag::new(
                    &rules::WRONG_KIND,
                    name.span(),
                    format!("`{other}(..)` is not an intrinsic function{hint}"),
                    format!(
                        "intrinsics are {}; Rust expressions go in parentheses `(expr)`",
                        INTRINSICS.join(", ")
                    ),
                ));
            }
        }
    }

    /// A plain string: `${...}` references (it renders as `Fn::Sub` when it has any) and
    /// hard-coded regions and accounts.
    fn scan_string(&mut self, s: &str, span: Span, path: &[String]) {
        if s.contains("${") {
            self.scan_sub(s, span, path, &[]);
        } else {
            self.scan_literal_text(s, span);
        }
    }

    fn scan_literals(&mut self, v: &Val) {
        match v {
            Val::Str(s) => self.scan_literal_text(&s.value(), s.span()),
            Val::List(items, _) => items.iter().for_each(|i| self.scan_literals(i)),
            _ => {}
        }
    }

    fn scan_literal_text(&mut self, s: &str, span: Span) {
        // Regions are policed in resource properties only: a condition comparing
        // `AWS::Region` with a region, a region among a parameter's AllowedValues, a mapping
        // keyed by region or an output are legitimate.
        let in_resource = self.current.is_some();
        if let Some(region) = facts::find_region(s).filter(|_| in_resource) {
            self.push(Diag::new(
                &rules::HARDCODED_REGION,
                span,
                format!("\"{s}\" hard-codes the region `{region}`"),
                "write `${AWS::Region}` (or `AWS::Region`) so the stack deploys to any region",
            ));
        }
        if let Some(account) = facts::find_account(s) {
            self.push(Diag::new(
                &rules::HARDCODED_ACCOUNT,
                span,
                format!("\"{s}\" hard-codes the account id `{account}`"),
                "write `${AWS::AccountId}` so the stack deploys to any account",
            ));
        }
    }

    fn scan_sub(&mut self, s: &str, span: Span, path: &[String], vars: &[String]) {
        let mut literal = String::new();
        let mut rest = s;
        while let Some(start) = rest.find("${") {
            literal.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                self.push(Diag::new(
                    &rules::WRONG_KIND,
                    span,
                    format!("unclosed `${{` in \"{s}\""),
                    "close it with `}` or write `${!` for a literal `${`",
                ));
                return;
            };
            let inner = &after[..end];
            rest = &after[end + 1..];
            if inner.starts_with('!') || inner == "Suffix" || vars.iter().any(|v| v == inner) {
                continue;
            }
            if inner.starts_with("AWS::") {
                if ha_pseudo(inner).is_none() {
                    let hint = did_you_mean(inner, pseudos());
                    self.push(Diag::new(
                        &rules::UNKNOWN_REFERENCE,
                        span,
                        format!("`${{{inner}}}` is not a pseudo parameter{hint}"),
                        format!(
                            "pseudo parameters are {}",
                            pseudos().collect::<Vec<_>>().join(", ")
                        ),
                    ));
                }
                continue;
            }
            let (to, attribute) = match inner.split_once('.') {
                Some((res, attr)) => (res.to_owned(), Some(attr.to_owned())),
                None => (inner.to_owned(), None),
            };
            self.reference(to, attribute, span, path);
            if let Some(r) = self.refs.last_mut() {
                r.in_string = true;
            }
        }
        literal.push_str(rest);
        self.scan_literal_text(&literal, span);
    }

    fn check_references(&mut self, types: &HashMap<String, Option<&'static ResourceType>>) {
        let refs = std::mem::take(&mut self.refs);
        for r in &refs {
            self.current = r.from.clone();
            let target = self.names.get(&r.to).copied();
            match target {
                None if r.attribute.is_none()
                    && !r.depends_on
                    && self.conditions.contains_key(&r.to) =>
                {
                    self.push(Diag::new(
                        &rules::WRONG_KIND,
                        r.span,
                        format!("`{}` is a condition, not a resource or parameter", r.to),
                        "use conditions with `If(Cond, a, b)` or `#[condition(Cond)]`",
                    ))
                }
                None if self.def.outputs.iter().any(|o| o.ident == r.to) => {
                    let (what, help) = if r.depends_on {
                        (
                            "outputs cannot be depended on: DependsOn takes resources",
                            "depend on the resource the output reads instead",
                        )
                    } else {
                        (
                            "outputs cannot be referenced inside the stack",
                            "refer to the resource or parameter the output reads instead",
                        )
                    };
                    self.push(Diag::new(
                        &rules::UNKNOWN_REFERENCE,
                        r.span,
                        format!("`{}` is an output; {what}", r.to),
                        help,
                    ))
                }
                None => {
                    // DependsOn and GetAtt only take resources; a Ref also takes parameters.
                    let candidates: Vec<String> = if r.depends_on || r.attribute.is_some() {
                        self.def
                            .resources
                            .iter()
                            .map(|x| x.ident.to_string())
                            .collect()
                    } else {
                        self.names.keys().cloned().collect()
                    };
                    let (hint, suggested) = if r.in_string {
                        // in a string, `${Suffix}` is a name too
                        let names = candidates.iter().map(String::as_str).chain(["Suffix"]);
                        let n = nearest(&r.to, names);
                        (
                            n.map_or_else(String::new, |n| format!(" (did you mean `${{{n}}}`?)")),
                            n,
                        )
                    } else {
                        (
                            did_you_mean(&r.to, candidates.iter().map(String::as_str)),
                            None,
                        )
                    };
                    let what = if r.depends_on {
                        "DependsOn".to_owned()
                    } else if r.in_string {
                        let attr = r
                            .attribute
                            .as_ref()
                            .map_or_else(String::new, |a| format!(".{a}"));
                        format!("`${{{}{attr}}}` in a string is a reference", r.to)
                    } else if r.attribute.is_some() {
                        "GetAtt".to_owned()
                    } else {
                        "Ref".to_owned()
                    };
                    self.push(Diag::new(
                        &rules::UNKNOWN_REFERENCE,
                        r.span,
                        format!(
                            "{what} to `{}`, which is not declared in this stack{hint}",
                            r.to
                        ),
                        if suggested == Some("Suffix") {
                            "the environment suffix is written `${Suffix}`, with a capital S"
                                .to_owned()
                        } else {
                            format!(
                                "declare `resource {} ..` or `parameter {} ..`, or fix the name",
                                r.to, r.to
                            )
                        },
                    ));
                }
                Some(Target::Parameter) => {
                    if r.depends_on {
                        self.push(Diag::new(
                            &rules::WRONG_KIND,
                            r.span,
                            format!("`{}` is a parameter; DependsOn takes resources", r.to),
                            "remove it from #[depends_on]",
                        ));
                    } else if let Some(a) = &r.attribute {
                        self.push(Diag::new(
                            &rules::UNKNOWN_ATTRIBUTE,
                            r.span,
                            format!("`{}` is a parameter; it has no attribute `{a}`", r.to),
                            format!("use `Ref({})`", r.to),
                        ));
                    }
                }
                Some(Target::Resource(target, ty)) => {
                    self.check_conditional_reference(r, target);
                    let ty = types.get(&r.to).copied().flatten().or(ty);
                    if let (Some(attr), Some(t)) = (&r.attribute, ty) {
                        if t.attribute(attr).is_none() {
                            let hint = did_you_mean(attr, t.attributes.iter().map(|a| a.name));
                            let avail = if t.attributes.is_empty() {
                                "none".to_owned()
                            } else {
                                list_names(t.attributes.iter().map(|a| a.name))
                            };
                            self.push(Diag::new(
                                &rules::UNKNOWN_ATTRIBUTE,
                                r.span,
                                format!("{} `{}` has no attribute `{attr}`{hint}", t.name, r.to),
                                format!("attributes of {}: {avail}", t.name),
                            ));
                            continue;
                        }
                    }
                    if !r.depends_on {
                        if let Some(t) = ty {
                            crate::policy::check_reference_type(self, r, t);
                        }
                    }
                }
            }
        }
        self.refs = refs;
    }

    /// A reference to a resource that has `#[condition(C)]` must sit where C holds.
    fn check_conditional_reference(&mut self, r: &Reference, target: &ResourceDef) {
        let Some(cond) = ResourceAttrs::of(target).condition else {
            return;
        };
        let cond = cond.to_string();
        if r.scope.iter().any(|s| self.implies(s, &cond, 0)) {
            return;
        }
        let what = if r.depends_on {
            "depends on"
        } else {
            "refers to"
        };
        let help = match (&r.from, r.depends_on) {
            (Some(from), true) => format!("add `#[condition({cond})]` to `{from}` (or a condition that implies it), or drop the DependsOn"),
            (Some(from), false) => format!("add `#[condition({cond})]` to `{from}` (or a condition that implies it), or write the value as `If({cond}, <this reference>, NoValue)`"),
            (None, _) => format!("limit {} to `{cond}` (`Condition: {cond}` on an output), or write the value as `If({cond}, <this reference>, ..)`", r.site),
        };
        self.push(Diag::new(
            &rules::CONDITIONAL_REFERENCE,
            r.span,
            format!(
                "{} {what} `{}`, which exists only when condition `{cond}` holds, but {} is not limited to `{cond}`",
                r.site, r.to, r.site
            ),
            help,
        ));
    }

    /// Whether condition `a` holding means `b` holds: the same condition, or `a` is an `And`
    /// with `Condition(x)` among its terms where `x` implies `b`.
    fn implies(&self, a: &str, b: &str, depth: usize) -> bool {
        if a == b {
            return true;
        }
        // Bounded: conditions that name each other in a loop end here.
        if depth > self.def.conditions.len() {
            return false;
        }
        let Some(def) = self.def.conditions.iter().find(|c| c.ident == a) else {
            return false;
        };
        let Val::Call(f, terms) = &def.expr else {
            return false;
        };
        f == "And"
            && terms.iter().any(|t| match t {
                Val::Call(g, args) if g == "Condition" => {
                    matches!(args.first(), Some(Val::Ident(x)) if self.implies(&x.to_string(), b, depth + 1))
                }
                _ => false,
            })
    }

    fn check_cycles(&mut self, _types: &HashMap<String, Option<&'static ResourceType>>) {
        let ids: Vec<String> = self
            .def
            .resources
            .iter()
            .map(|r| r.ident.to_string())
            .collect();
        let index: HashMap<&str, usize> = ids
            .iter()
            .enumerate()
            .map(|(i, s)| (s.as_str(), i))
            .collect();
        let mut edges: Vec<Vec<(usize, Span)>> = vec![Vec::new(); ids.len()];
        for r in &self.refs {
            if let (Some(from), Some(&to)) = (
                r.from.as_deref().and_then(|f| index.get(f)),
                index.get(r.to.as_str()),
            ) {
                edges[*from].push((to, r.span));
            }
        }
        for scc in strongly_connected(&edges) {
            let self_loop = scc.len() == 1 && edges[scc[0]].iter().any(|(t, _)| *t == scc[0]);
            if scc.len() < 2 && !self_loop {
                continue;
            }
            let mut members: Vec<usize> = scc.clone();
            members.sort_unstable();
            let names: Vec<&str> = members.iter().map(|&i| ids[i].as_str()).collect();
            let first = members[0];
            let mut d = Diag::new(
                &rules::CYCLE,
                self.def.resources[first].ident.span(),
                format!("circular dependency between resources: {}", names.join(" -> ")),
                "break the cycle: move the reference into a separate resource (e.g. an AWS::SQS::QueuePolicy instead of a property), or drop a DependsOn",
            )
            .in_resource(Some(&ids[first]));
            for &m in &members {
                for (to, span) in &edges[m] {
                    if members.contains(to) {
                        d = d.note(*span, format!("`{}` refers to `{}` here", ids[m], ids[*to]));
                    }
                }
            }
            self.diags.push(d);
        }
    }

    /// The per-type rules again on every variant of the resource (each `If` branch,
    /// parameter default and allowed value, mapping cell: `indirection.rs`). A problem found
    /// only in a variant is reported at the literal, with a note saying how it got there.
    fn check_variants(&mut self, res: &ResourceDef, t: &'static ResourceType) {
        use crate::indirection::{same_place, variants};
        let key = |d: &Diag| (d.rule.id, d.message.clone(), format!("{:?}", d.span));
        let mut seen: std::collections::HashSet<_> = self.diags.iter().map(key).collect();
        for v in variants(self.def, res) {
            let start = self.diags.len();
            crate::policy::check_resource(self, &v.res, t);
            for mut d in self.diags.split_off(start) {
                if !seen.insert(key(&d)) {
                    continue;
                }
                let at_value: Vec<_> = v
                    .via
                    .iter()
                    .filter(|w| same_place(w.value, d.span))
                    .collect();
                let how = if at_value.is_empty() {
                    v.via.iter().collect()
                } else {
                    at_value
                };
                for w in how {
                    d = d.note(
                        w.at,
                        format!("{}: the value reaches `{}` this way", w.text, res.ident),
                    );
                }
                self.diags.push(d);
            }
        }
    }
}

impl<'a> Findings<'a> for Checker<'a> {
    fn push_error(&mut self, rule: &'static Rule, span: Span, message: String, help: String) {
        self.push(Diag::new(rule, span, message, help));
    }

    fn push_warning(&mut self, rule: &'static Rule, span: Span, message: String, help: String) {
        self.push(Diag::new(rule, span, message, help).as_warning());
    }

    fn target(&self, name: &str) -> Option<Target<'a>> {
        self.names.get(name).copied()
    }

    fn any_resource_of(&self, type_name: &str) -> bool {
        self.names
            .values()
            .any(|t| matches!(t, Target::Resource(_, Some(rt)) if rt.name == type_name))
    }

    fn suffix_bound(&self) -> Option<usize> {
        self.suffix_bound.as_ref().map(|(b, _)| *b)
    }

    fn bound_suffix(&mut self, fits: usize, why: String) {
        self.suffix_bound = Some((fits, why));
    }
}

/// Tarjan's strongly connected components, iteratively.
fn strongly_connected(edges: &[Vec<(usize, Span)>]) -> Vec<Vec<usize>> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut out = Vec::new();
    let mut next = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (v, ref mut ei)) = work.last_mut() {
            if *ei == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&(w, _)) = edges[v].get(*ei) {
                *ei += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut comp = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp.push(w);
                    if w == v {
                        break;
                    }
                }
                out.push(comp);
            }
        }
    }
    out
}

/// `A`, `B` and `C` (at most 12, then "and N more").
pub fn list_names<'x>(names: impl Iterator<Item = &'x str>) -> String {
    let all: Vec<&str> = names.collect();
    let shown: Vec<String> = all.iter().take(12).map(|n| format!("`{n}`")).collect();
    let more = all.len().saturating_sub(12);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

/// ` (nearest allowed: `7` or `14`)` for a number outside an enumerated set of numbers.
fn nearest_numbers<'x>(n: i64, values: impl Iterator<Item = &'x str>) -> String {
    let nums: Vec<i64> = values.filter_map(|v| v.parse().ok()).collect();
    let below = nums.iter().copied().filter(|&x| x < n).max();
    let above = nums.iter().copied().filter(|&x| x > n).min();
    match (below, above) {
        (Some(b), Some(a)) => format!(" (nearest allowed: `{b}` or `{a}`)"),
        (Some(x), None) | (None, Some(x)) => format!(" (nearest allowed: `{x}`)"),
        (None, None) => String::new(),
    }
}

/// The text of a literal as CloudFormation passes it to a parameter (None for expressions).
fn literal_text(v: &Val) -> Option<String> {
    match v {
        Val::Str(s) => Some(s.value()),
        Val::Int(n, _) => Some(n.to_string()),
        Val::Float(f, _) => Some(f.to_string()),
        Val::Bool(b, _) => Some(b.to_string()),
        _ => None,
    }
}

/// The suffix placeholder.
fn ha_suffix() -> &'static str {
    "${Suffix}"
}

/// The settings a `parameter` takes.
const PARAMETER_SETTINGS: &[&str] = &[
    "Default",
    "Description",
    "AllowedValues",
    "AllowedPattern",
    "ConstraintDescription",
    "MinLength",
    "MaxLength",
    "MinValue",
    "MaxValue",
    "NoEcho",
];

/// The pseudo parameters (the table of `ha_naming`, which also gives their worst cases).
pub fn pseudos() -> impl Iterator<Item = &'static str> + Clone {
    ha_naming::PSEUDO.iter().map(|(name, ..)| *name)
}

fn ha_pseudo(name: &str) -> Option<&'static str> {
    pseudos().find(|p| *p == name)
}

/// The intrinsic functions `stack!{}` understands.
pub const INTRINSICS: &[&str] = &[
    "Ref",
    "GetAtt",
    "Sub",
    "Join",
    "Select",
    "Split",
    "GetAZs",
    "If",
    "Equals",
    "And",
    "Or",
    "Not",
    "Condition",
    "ImportValue",
    "Base64",
    "Cidr",
    "FindInMap",
];

/// Ordered map of resource types by logical id, for deterministic iteration in tests.
pub fn sorted_types(
    types: &HashMap<String, Option<&'static ResourceType>>,
) -> BTreeMap<String, Option<&'static str>> {
    types
        .iter()
        .map(|(k, v)| (k.clone(), v.map(|t| t.name)))
        .collect()
}

/// Every `Retain` / `RetainExceptOnCreate` word (identifier or string) inside a value, at any
/// depth of function arguments and lists.
fn retain_words(v: &Val) -> Vec<(proc_macro2::Span, String)> {
    let is_retain = |w: &str| matches!(w, "Retain" | "RetainExceptOnCreate");
    match v {
        Val::Ident(i) if is_retain(&i.to_string()) => vec![(i.span(), i.to_string())],
        Val::Str(l) if is_retain(&l.value()) => vec![(l.span(), l.value())],
        Val::Call(_, args) | Val::List(args, _) => args.iter().flat_map(retain_words).collect(),
        _ => Vec::new(),
    }
}
