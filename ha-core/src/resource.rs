//! The contract between generated resource types and the template model.

use crate::template::{ResourceEntry, Template};
use crate::value::{Intrinsic, Render, Value};
use std::marker::PhantomData;

/// A CloudFormation resource type generated from its registry schema.
pub trait Resource: Render {
    /// The CloudFormation type name, e.g. `AWS::S3::Bucket`.
    const TYPE_NAME: &'static str;
    /// The attributes `Fn::GetAtt` may read, as the schema declares them.
    const ATTRIBUTES: &'static [&'static str];
    /// Adds stack-wide tags to the resource's tag property, keeping tags the resource sets
    /// itself. Types the schema does not mark taggable ignore the call and return `false`.
    fn apply_tags(&mut self, tags: &[(String, Value<String>)]) -> bool;

    /// Adds the stack tags, renders the resource into `template` as `logical_id` and returns
    /// its entry (for `DependsOn`, policies...). What `stack!` expands each resource to.
    ///
    /// Every type implements it as a call of [`add_to_template`]. It is a method of each type,
    /// not one generic function, so that the rendering, the tag merge and the drop of each type
    /// are compiled once, in ha-core, and not again in every stack crate after each edit
    /// (docs/edit-loop.md).
    fn add_to<'t>(
        self,
        template: &'t mut Template,
        logical_id: &str,
        tags: &[(String, Value<String>)],
    ) -> &'t mut ResourceEntry
    where
        Self: Sized;
}

/// The body of [`Resource::add_to`]: tags, then the rendered resource in the template.
pub fn add_to_template<'t, R: Resource>(
    mut resource: R,
    template: &'t mut Template,
    logical_id: &str,
    tags: &[(String, Value<String>)],
) -> &'t mut ResourceEntry {
    resource.apply_tags(tags);
    template.add(logical_id, &resource)
}

/// A typed handle on a resource declared in a stack: `Ref` and the attribute accessors the
/// generated code adds per type (so `GetAtt` of an undeclared attribute does not compile).
pub struct Handle<T> {
    logical_id: &'static str,
    _type: PhantomData<fn() -> T>,
}

impl<T> Clone for Handle<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Handle<T> {}

impl<T> std::fmt::Debug for Handle<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Handle({})", self.logical_id)
    }
}

impl<T> Handle<T> {
    /// A handle on the resource with this logical id.
    pub const fn new(logical_id: &'static str) -> Self {
        Handle {
            logical_id,
            _type: PhantomData,
        }
    }

    /// The logical id.
    pub fn logical_id(&self) -> &'static str {
        self.logical_id
    }

    /// `Ref` of the resource.
    pub fn r#ref(&self) -> Intrinsic {
        Intrinsic::Ref(self.logical_id.to_owned())
    }

    /// `Fn::GetAtt` of an attribute; generated accessors call this with declared names only.
    pub fn get_att(&self, attribute: &str) -> Intrinsic {
        Intrinsic::GetAtt(self.logical_id.to_owned(), attribute.to_owned())
    }
}

/// Merges stack tags into a list-shaped tag property (`[{Key, Value}]`), keeping the
/// resource's own tags and their order, and appending stack tags it does not set.
pub fn merge_tag_list<T>(
    existing: &mut Option<Value<Vec<Value<T>>>>,
    tags: &[(String, Value<String>)],
    key_of: impl Fn(&T) -> Option<&str>,
    make: impl Fn(String, Value<String>) -> T,
) -> bool {
    let list = existing.get_or_insert_with(|| Value::Lit(Vec::new()));
    let Value::Lit(items) = list else {
        // The whole tag list is an intrinsic: leave it as the author wrote it.
        return false;
    };
    // An entry written as an intrinsic has no key we can read: it never hides a stack tag.
    let own: Vec<&str> = items
        .iter()
        .filter_map(|item| lit(item).and_then(&key_of))
        .collect();
    let missing = tags_not_in(tags, &own);
    items.extend(missing.map(|(k, v)| Value::Lit(make(k.clone(), v.clone()))));
    true
}

/// The literal inside a value, if it is one.
fn lit<T>(value: &Value<T>) -> Option<&T> {
    // One line on purpose: coverage counts lines per generic instantiation.
    let Value::Lit(t) = value else { return None };
    Some(t)
}

/// The stack tags whose keys are not among the resource's own, in stack order.
fn tags_not_in<'t>(
    tags: &'t [(String, Value<String>)],
    own: &[&str],
) -> impl Iterator<Item = &'t (String, Value<String>)> {
    let own: std::collections::BTreeSet<String> = own.iter().map(|k| (*k).to_owned()).collect();
    tags.iter().filter(move |(k, _)| !own.contains(k))
}

/// Merges stack tags into a map-shaped tag property (`{key: value}`).
pub fn merge_tag_map(
    existing: &mut Option<Value<indexmap::IndexMap<String, Value<String>>>>,
    tags: &[(String, Value<String>)],
) -> bool {
    let map = existing.get_or_insert_with(|| Value::Lit(indexmap::IndexMap::new()));
    let Value::Lit(map) = map else {
        return false;
    };
    for (k, v) in tags {
        map.entry(k.clone()).or_insert_with(|| v.clone());
    }
    true
}

/// The marker type of `Custom::*` resources in handles: any attribute may be read.
#[derive(Debug, Clone, Copy)]
pub enum Custom {}
