//! The CloudFormation template model and its deterministic rendering.

use crate::resource::Resource;
use crate::value::{Json, Render};
use indexmap::IndexMap;
use serde_json::Value as J;

/// `DeletionPolicy` / `UpdateReplacePolicy` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// Delete the resource.
    Delete,
    /// Take a snapshot, then delete (stateful types only).
    Snapshot,
    /// Keep the resource (rejected by rule HA-P001 in `stack!{}`).
    Retain,
    /// Keep the resource unless its creation failed (rejected by rule HA-P001).
    RetainExceptOnCreate,
}

impl Policy {
    /// The CloudFormation spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Policy::Delete => "Delete",
            Policy::Snapshot => "Snapshot",
            Policy::Retain => "Retain",
            Policy::RetainExceptOnCreate => "RetainExceptOnCreate",
        }
    }
}

/// One resource of a template, with its rendered properties and attributes.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceEntry {
    /// The CloudFormation type.
    pub type_name: String,
    /// The rendered `Properties` object.
    pub properties: J,
    /// `DependsOn` logical ids.
    pub depends_on: Vec<String>,
    /// `DeletionPolicy`.
    pub deletion_policy: Option<Policy>,
    /// `UpdateReplacePolicy`.
    pub update_replace_policy: Option<Policy>,
    /// `Condition`.
    pub condition: Option<String>,
    /// `Metadata`.
    pub metadata: Option<Json>,
}

impl ResourceEntry {
    /// An entry for a typed resource.
    pub fn new<R: Resource>(resource: &R) -> Self {
        ResourceEntry {
            type_name: R::TYPE_NAME.to_owned(),
            properties: resource.render(),
            depends_on: Vec::new(),
            deletion_policy: None,
            update_replace_policy: None,
            condition: None,
            metadata: None,
        }
    }

    fn render(&self) -> J {
        let mut m = serde_json::Map::new();
        m.insert("Type".into(), J::String(self.type_name.clone()));
        if let Some(c) = &self.condition {
            m.insert("Condition".into(), J::String(c.clone()));
        }
        if !self.depends_on.is_empty() {
            m.insert(
                "DependsOn".into(),
                J::Array(self.depends_on.iter().cloned().map(J::String).collect()),
            );
        }
        if let Some(p) = self.deletion_policy {
            m.insert("DeletionPolicy".into(), J::String(p.as_str().into()));
        }
        if let Some(p) = self.update_replace_policy {
            m.insert("UpdateReplacePolicy".into(), J::String(p.as_str().into()));
        }
        if let Some(md) = &self.metadata {
            m.insert("Metadata".into(), md.render());
        }
        let has_props = matches!(&self.properties, J::Object(o) if !o.is_empty());
        if has_props {
            m.insert("Properties".into(), self.properties.clone());
        }
        J::Object(m)
    }
}

/// A template parameter.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parameter {
    /// `Type`, e.g. `String`, `Number`, `CommaDelimitedList`.
    pub type_name: String,
    /// `Default`.
    pub default: Option<String>,
    /// `Description`.
    pub description: Option<String>,
    /// `AllowedValues`.
    pub allowed_values: Vec<String>,
    /// `AllowedPattern`.
    pub allowed_pattern: Option<String>,
    /// `ConstraintDescription`.
    pub constraint_description: Option<String>,
    /// `MinLength`.
    pub min_length: Option<i64>,
    /// `MaxLength`.
    pub max_length: Option<i64>,
    /// `MinValue`.
    pub min_value: Option<i64>,
    /// `MaxValue`.
    pub max_value: Option<i64>,
    /// `NoEcho`.
    pub no_echo: bool,
}

impl Parameter {
    fn render(&self) -> J {
        let mut m = serde_json::Map::new();
        m.insert("Type".into(), J::String(self.type_name.clone()));
        if let Some(d) = &self.default {
            m.insert("Default".into(), J::String(d.clone()));
        }
        if let Some(d) = &self.description {
            m.insert("Description".into(), J::String(d.clone()));
        }
        if !self.allowed_values.is_empty() {
            m.insert(
                "AllowedValues".into(),
                J::Array(self.allowed_values.iter().cloned().map(J::String).collect()),
            );
        }
        if let Some(p) = &self.allowed_pattern {
            m.insert("AllowedPattern".into(), J::String(p.clone()));
        }
        if let Some(c) = &self.constraint_description {
            m.insert("ConstraintDescription".into(), J::String(c.clone()));
        }
        for (key, v) in [
            ("MinLength", self.min_length),
            ("MaxLength", self.max_length),
            ("MinValue", self.min_value),
            ("MaxValue", self.max_value),
        ] {
            if let Some(v) = v {
                m.insert(key.into(), J::from(v));
            }
        }
        if self.no_echo {
            m.insert("NoEcho".into(), J::Bool(true));
        }
        J::Object(m)
    }
}

/// A template output.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    /// `Value`.
    pub value: Json,
    /// `Description`.
    pub description: Option<String>,
    /// `Export.Name`.
    pub export_name: Option<Json>,
    /// `Condition`.
    pub condition: Option<String>,
}

impl Output {
    fn render(&self) -> J {
        let mut m = serde_json::Map::new();
        if let Some(d) = &self.description {
            m.insert("Description".into(), J::String(d.clone()));
        }
        if let Some(c) = &self.condition {
            m.insert("Condition".into(), J::String(c.clone()));
        }
        m.insert("Value".into(), self.value.render());
        if let Some(e) = &self.export_name {
            let mut ex = serde_json::Map::new();
            ex.insert("Name".into(), e.render());
            m.insert("Export".into(), J::Object(ex));
        }
        J::Object(m)
    }
}

/// A CloudFormation template. Sections keep insertion order, so rendering is deterministic.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Template {
    /// `Description`.
    pub description: Option<String>,
    /// Template-level `Metadata`.
    pub metadata: Option<Json>,
    /// `Parameters`.
    pub parameters: IndexMap<String, Parameter>,
    /// `Mappings`: map name → top key → second key → value.
    pub mappings: IndexMap<String, IndexMap<String, IndexMap<String, Json>>>,
    /// `Conditions`.
    pub conditions: IndexMap<String, Json>,
    /// `Resources`.
    pub resources: IndexMap<String, ResourceEntry>,
    /// `Outputs`.
    pub outputs: IndexMap<String, Output>,
}

impl Template {
    /// Adds a typed resource and returns its entry for attributes (`DependsOn`, policies…).
    pub fn add<R: Resource>(&mut self, logical_id: &str, resource: &R) -> &mut ResourceEntry {
        self.resources
            .insert(logical_id.to_owned(), ResourceEntry::new(resource));
        self.resources.get_mut(logical_id).expect("inserted above")
    }

    /// Adds a `Custom::*` resource with free-form properties.
    pub fn add_custom(
        &mut self,
        logical_id: &str,
        type_name: &str,
        properties: Json,
    ) -> &mut ResourceEntry {
        let entry = ResourceEntry {
            type_name: type_name.to_owned(),
            properties: properties.render(),
            depends_on: Vec::new(),
            deletion_policy: None,
            update_replace_policy: None,
            condition: None,
            metadata: None,
        };
        self.resources.insert(logical_id.to_owned(), entry);
        self.resources.get_mut(logical_id).expect("inserted above")
    }

    /// The template as a JSON value.
    pub fn render(&self) -> J {
        let mut m = serde_json::Map::new();
        m.insert(
            "AWSTemplateFormatVersion".into(),
            J::String("2010-09-09".into()),
        );
        if let Some(d) = &self.description {
            m.insert("Description".into(), J::String(d.clone()));
        }
        if let Some(md) = &self.metadata {
            m.insert("Metadata".into(), md.render());
        }
        if !self.parameters.is_empty() {
            m.insert(
                "Parameters".into(),
                J::Object(
                    self.parameters
                        .iter()
                        .map(|(k, p)| (k.clone(), p.render()))
                        .collect(),
                ),
            );
        }
        if !self.mappings.is_empty() {
            m.insert(
                "Mappings".into(),
                J::Object(
                    self.mappings
                        .iter()
                        .map(|(k, top)| {
                            (
                                k.clone(),
                                J::Object(
                                    top.iter()
                                        .map(|(k2, second)| (k2.clone(), second.render()))
                                        .collect(),
                                ),
                            )
                        })
                        .collect(),
                ),
            );
        }
        if !self.conditions.is_empty() {
            m.insert("Conditions".into(), self.conditions.render());
        }
        m.insert(
            "Resources".into(),
            J::Object(
                self.resources
                    .iter()
                    .map(|(k, r)| (k.clone(), r.render()))
                    .collect(),
            ),
        );
        if !self.outputs.is_empty() {
            m.insert(
                "Outputs".into(),
                J::Object(
                    self.outputs
                        .iter()
                        .map(|(k, o)| (k.clone(), o.render()))
                        .collect(),
                ),
            );
        }
        J::Object(m)
    }

    /// The template as pretty-printed JSON text with a trailing newline. Byte-identical for
    /// the same template, run after run.
    pub fn to_json_string(&self) -> String {
        let mut s =
            serde_json::to_string_pretty(&self.render()).expect("JSON values always serialize");
        s.push('\n');
        s
    }
}
