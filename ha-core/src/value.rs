//! Property values and intrinsic functions as typed Rust values.
//!
//! Every property of a generated resource type is a [`Value<T>`]: either a literal `T` or an
//! intrinsic function whose result CloudFormation computes at deploy time. Free-form JSON
//! properties (policy documents, key policies, dashboards) are [`Json`] trees, which may embed
//! intrinsics anywhere. Everything renders through [`Render`] into `serde_json::Value`, with
//! object keys in a fixed order, so the same source always gives the same bytes.

use indexmap::IndexMap;
use serde_json::Value as J;

/// Renders a value into CloudFormation JSON.
pub trait Render {
    /// The CloudFormation JSON of this value.
    fn render(&self) -> J;
}

/// A property value: a literal or an intrinsic function.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<T> {
    /// A literal value known at synth time.
    Lit(T),
    /// A value computed by CloudFormation.
    Fn(Box<Intrinsic>),
}

impl<T> Value<T> {
    /// Wraps an intrinsic function.
    pub fn intrinsic(i: Intrinsic) -> Self {
        Value::Fn(Box::new(i))
    }
}

impl<T: Render> Render for Value<T> {
    fn render(&self) -> J {
        match self {
            Value::Lit(v) => v.render(),
            Value::Fn(i) => i.render(),
        }
    }
}

/// Builds any value-like type from an intrinsic function.
pub trait FromIntrinsic {
    /// Wraps `i` in `Self`.
    fn from_intrinsic(i: Intrinsic) -> Self;
}

impl<T> FromIntrinsic for Value<T> {
    fn from_intrinsic(i: Intrinsic) -> Self {
        Value::intrinsic(i)
    }
}

impl FromIntrinsic for Json {
    fn from_intrinsic(i: Intrinsic) -> Self {
        Json::Fn(Box::new(i))
    }
}

impl<T> From<Intrinsic> for Value<T> {
    fn from(i: Intrinsic) -> Self {
        Value::intrinsic(i)
    }
}

impl From<&str> for Value<String> {
    fn from(s: &str) -> Self {
        Value::Lit(s.to_owned())
    }
}

impl From<String> for Value<String> {
    fn from(s: String) -> Self {
        Value::Lit(s)
    }
}

impl From<&String> for Value<String> {
    fn from(s: &String) -> Self {
        Value::Lit(s.clone())
    }
}

impl From<bool> for Value<bool> {
    fn from(b: bool) -> Self {
        Value::Lit(b)
    }
}

macro_rules! int_into_value {
    ($($t:ty),*) => {$(
        impl From<$t> for Value<i64> {
            fn from(n: $t) -> Self {
                Value::Lit(i64::from(n))
            }
        }
        impl From<$t> for Value<f64> {
            fn from(n: $t) -> Self {
                Value::Lit(f64::from(n))
            }
        }
    )*};
}
int_into_value!(i8, i16, i32, u8, u16, u32);

impl From<i64> for Value<i64> {
    fn from(n: i64) -> Self {
        Value::Lit(n)
    }
}

impl From<f64> for Value<f64> {
    fn from(n: f64) -> Self {
        Value::Lit(n)
    }
}

impl<T> From<Vec<Value<T>>> for Value<Vec<Value<T>>> {
    fn from(v: Vec<Value<T>>) -> Self {
        Value::Lit(v)
    }
}

impl From<Json> for Value<Json> {
    fn from(j: Json) -> Self {
        Value::Lit(j)
    }
}

/// Renders `value` into the object `m` under `key` (generated `Render` impls use it for
/// required properties: one call per field keeps the generated code small to compile).
pub fn put<T: Render>(m: &mut serde_json::Map<String, J>, key: &str, value: &T) {
    m.insert(key.to_owned(), value.render());
}

/// Like [`put`], for an optional property: nothing is written when it is unset.
pub fn put_opt<T: Render>(m: &mut serde_json::Map<String, J>, key: &str, value: &Option<T>) {
    if let Some(v) = value {
        put(m, key, v);
    }
}

impl Render for String {
    fn render(&self) -> J {
        J::String(self.clone())
    }
}

impl Render for bool {
    fn render(&self) -> J {
        J::Bool(*self)
    }
}

impl Render for i64 {
    fn render(&self) -> J {
        J::from(*self)
    }
}

impl Render for f64 {
    fn render(&self) -> J {
        // Whole numbers render without a fraction so that `5.0` and `5` give the same bytes.
        if self.fract() == 0.0 && self.abs() < 9.0e15 {
            J::from(*self as i64)
        } else {
            serde_json::Number::from_f64(*self).map_or(J::Null, J::Number)
        }
    }
}

impl<T: Render> Render for Vec<T> {
    fn render(&self) -> J {
        J::Array(self.iter().map(Render::render).collect())
    }
}

impl<T: Render> Render for IndexMap<String, T> {
    fn render(&self) -> J {
        J::Object(self.iter().map(|(k, v)| (k.clone(), v.render())).collect())
    }
}

/// Free-form JSON that may embed intrinsic functions anywhere.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A number with a fraction.
    Float(f64),
    /// A string.
    Str(String),
    /// An array.
    Array(Vec<Json>),
    /// An object; keys keep their insertion order.
    Object(IndexMap<String, Json>),
    /// An intrinsic function.
    Fn(Box<Intrinsic>),
}

impl Render for Json {
    fn render(&self) -> J {
        match self {
            Json::Null => J::Null,
            Json::Bool(b) => J::Bool(*b),
            Json::Int(n) => J::from(*n),
            Json::Float(f) => f.render(),
            Json::Str(s) => J::String(s.clone()),
            Json::Array(items) => items.render(),
            Json::Object(map) => map.render(),
            Json::Fn(i) => i.render(),
        }
    }
}

impl From<&str> for Json {
    fn from(s: &str) -> Self {
        Json::Str(s.to_owned())
    }
}

impl From<String> for Json {
    fn from(s: String) -> Self {
        Json::Str(s)
    }
}

impl From<bool> for Json {
    fn from(b: bool) -> Self {
        Json::Bool(b)
    }
}

impl From<i64> for Json {
    fn from(n: i64) -> Self {
        Json::Int(n)
    }
}

impl From<i32> for Json {
    fn from(n: i32) -> Self {
        Json::Int(i64::from(n))
    }
}

impl From<u32> for Json {
    fn from(n: u32) -> Self {
        Json::Int(i64::from(n))
    }
}

impl From<f64> for Json {
    fn from(n: f64) -> Self {
        Json::Float(n)
    }
}

impl From<Intrinsic> for Json {
    fn from(i: Intrinsic) -> Self {
        Json::Fn(Box::new(i))
    }
}

impl<T: Into<Json>> From<Vec<T>> for Json {
    fn from(items: Vec<T>) -> Self {
        Json::Array(items.into_iter().map(Into::into).collect())
    }
}

impl<T: Render> From<Value<T>> for Json {
    /// Embeds a typed value in free-form JSON (e.g. a `Value<String>` from a `GetAtt` accessor
    /// inside a policy document).
    fn from(v: Value<T>) -> Self {
        match v {
            Value::Fn(i) => Json::Fn(i),
            Value::Lit(l) => Json::from_rendered(&l.render()),
        }
    }
}

impl Json {
    /// Converts plain JSON (no intrinsics) into a `Json` tree.
    pub fn from_rendered(v: &J) -> Json {
        match v {
            J::Null => Json::Null,
            J::Bool(b) => Json::Bool(*b),
            J::Number(n) => n
                .as_i64()
                .map_or_else(|| Json::Float(n.as_f64().unwrap_or(0.0)), Json::Int),
            J::String(s) => Json::Str(s.clone()),
            J::Array(a) => Json::Array(a.iter().map(Json::from_rendered).collect()),
            J::Object(o) => Json::Object(
                o.iter()
                    .map(|(k, v)| (k.clone(), Json::from_rendered(v)))
                    .collect(),
            ),
        }
    }

    /// Builds an object from key/value pairs, keeping their order.
    pub fn object<K: Into<String>>(pairs: impl IntoIterator<Item = (K, Json)>) -> Json {
        Json::Object(pairs.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }
}

/// The pseudo parameters CloudFormation defines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pseudo {
    /// `AWS::Region`
    Region,
    /// `AWS::AccountId`
    AccountId,
    /// `AWS::Partition`
    Partition,
    /// `AWS::URLSuffix`
    UrlSuffix,
    /// `AWS::StackName`
    StackName,
    /// `AWS::StackId`
    StackId,
    /// `AWS::NoValue`
    NoValue,
    /// `AWS::NotificationARNs`
    NotificationArns,
}

impl Pseudo {
    /// All pseudo parameters.
    pub const ALL: [Pseudo; 8] = [
        Pseudo::Region,
        Pseudo::AccountId,
        Pseudo::Partition,
        Pseudo::UrlSuffix,
        Pseudo::StackName,
        Pseudo::StackId,
        Pseudo::NoValue,
        Pseudo::NotificationArns,
    ];

    /// The name used in `Ref` and `${}`.
    pub fn name(self) -> &'static str {
        match self {
            Pseudo::Region => "AWS::Region",
            Pseudo::AccountId => "AWS::AccountId",
            Pseudo::Partition => "AWS::Partition",
            Pseudo::UrlSuffix => "AWS::URLSuffix",
            Pseudo::StackName => "AWS::StackName",
            Pseudo::StackId => "AWS::StackId",
            Pseudo::NoValue => "AWS::NoValue",
            Pseudo::NotificationArns => "AWS::NotificationARNs",
        }
    }

    /// Looks a pseudo parameter up by its name.
    pub fn from_name(name: &str) -> Option<Pseudo> {
        Pseudo::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The longest value this pseudo parameter can take, for worst-case name-length checks
    /// (`None` where it is not bounded or not a scalar); the table is [`ha_naming::PSEUDO`].
    pub fn max_len(self) -> Option<usize> {
        pseudo_fact(self).1
    }
}

/// The row of [`ha_naming::PSEUDO`] for `p` (every pseudo parameter has one).
pub(crate) fn pseudo_fact(p: Pseudo) -> (&'static str, Option<usize>, &'static str) {
    let row = ha_naming::PSEUDO.iter().find(|(n, ..)| *n == p.name());
    *row.expect("ha_naming::PSEUDO lists every pseudo parameter")
}

/// An intrinsic function.
#[derive(Debug, Clone, PartialEq)]
pub enum Intrinsic {
    /// `Ref` to a resource, parameter or pseudo parameter.
    Ref(String),
    /// `Fn::GetAtt` of a resource attribute.
    GetAtt(String, String),
    /// `Fn::Sub` with an optional variable map.
    Sub(String, IndexMap<String, Json>),
    /// `Fn::Join`
    Join(String, Json),
    /// `Fn::Select`
    Select(Json, Json),
    /// `Fn::Split`
    Split(String, Json),
    /// `Fn::GetAZs` (empty string: the stack's region).
    GetAzs(Json),
    /// `Fn::If`
    If(String, Json, Json),
    /// `Fn::Equals`
    Equals(Json, Json),
    /// `Fn::And`
    And(Vec<Json>),
    /// `Fn::Or`
    Or(Vec<Json>),
    /// `Fn::Not`
    Not(Json),
    /// `Condition` (a named condition inside a condition expression).
    Condition(String),
    /// `Fn::ImportValue`
    ImportValue(Json),
    /// `Fn::Base64`
    Base64(Json),
    /// `Fn::Cidr`
    Cidr(Json, Json, Json),
    /// `Fn::FindInMap`
    FindInMap(String, Json, Json),
}

impl Intrinsic {
    /// `Ref` of a pseudo parameter.
    pub fn pseudo(p: Pseudo) -> Intrinsic {
        Intrinsic::Ref(p.name().to_owned())
    }
}

fn one(key: &str, v: J) -> J {
    let mut m = serde_json::Map::new();
    m.insert(key.to_owned(), v);
    J::Object(m)
}

impl Render for Intrinsic {
    fn render(&self) -> J {
        match self {
            Intrinsic::Ref(name) => one("Ref", J::String(name.clone())),
            Intrinsic::GetAtt(res, attr) => one(
                "Fn::GetAtt",
                J::Array(vec![J::String(res.clone()), J::String(attr.clone())]),
            ),
            Intrinsic::Sub(s, vars) if vars.is_empty() => one("Fn::Sub", J::String(s.clone())),
            Intrinsic::Sub(s, vars) => one(
                "Fn::Sub",
                J::Array(vec![J::String(s.clone()), vars.render()]),
            ),
            Intrinsic::Join(sep, items) => one(
                "Fn::Join",
                J::Array(vec![J::String(sep.clone()), items.render()]),
            ),
            Intrinsic::Select(i, list) => {
                one("Fn::Select", J::Array(vec![i.render(), list.render()]))
            }
            Intrinsic::Split(sep, s) => one(
                "Fn::Split",
                J::Array(vec![J::String(sep.clone()), s.render()]),
            ),
            Intrinsic::GetAzs(region) => one("Fn::GetAZs", region.render()),
            Intrinsic::If(c, a, b) => one(
                "Fn::If",
                J::Array(vec![J::String(c.clone()), a.render(), b.render()]),
            ),
            Intrinsic::Equals(a, b) => one("Fn::Equals", J::Array(vec![a.render(), b.render()])),
            Intrinsic::And(items) => one("Fn::And", items.render()),
            Intrinsic::Or(items) => one("Fn::Or", items.render()),
            Intrinsic::Not(c) => one("Fn::Not", J::Array(vec![c.render()])),
            Intrinsic::Condition(c) => one("Condition", J::String(c.clone())),
            Intrinsic::ImportValue(v) => one("Fn::ImportValue", v.render()),
            Intrinsic::Base64(v) => one("Fn::Base64", v.render()),
            Intrinsic::Cidr(block, count, bits) => one(
                "Fn::Cidr",
                J::Array(vec![block.render(), count.render(), bits.render()]),
            ),
            Intrinsic::FindInMap(map, k1, k2) => one(
                "Fn::FindInMap",
                J::Array(vec![J::String(map.clone()), k1.render(), k2.render()]),
            ),
        }
    }
}

/// Constructors for the intrinsic functions, for hand-written Rust and for macro expansions.
pub mod fns {
    use super::{Intrinsic, Json, Pseudo};
    use indexmap::IndexMap;

    /// `Ref` to a logical id or parameter.
    pub fn r#ref(name: impl Into<String>) -> Intrinsic {
        Intrinsic::Ref(name.into())
    }
    /// `Fn::GetAtt`.
    pub fn get_att(resource: impl Into<String>, attribute: impl Into<String>) -> Intrinsic {
        Intrinsic::GetAtt(resource.into(), attribute.into())
    }
    /// `Fn::Sub` without a variable map.
    pub fn sub(template: impl Into<String>) -> Intrinsic {
        Intrinsic::Sub(template.into(), IndexMap::new())
    }
    /// `Fn::Sub` with a variable map.
    pub fn sub_with<K: Into<String>>(
        template: impl Into<String>,
        vars: impl IntoIterator<Item = (K, Json)>,
    ) -> Intrinsic {
        Intrinsic::Sub(
            template.into(),
            vars.into_iter().map(|(k, v)| (k.into(), v)).collect(),
        )
    }
    /// `Fn::Join`.
    pub fn join(sep: impl Into<String>, items: impl Into<Json>) -> Intrinsic {
        Intrinsic::Join(sep.into(), items.into())
    }
    /// `Fn::Select`.
    pub fn select(index: impl Into<Json>, list: impl Into<Json>) -> Intrinsic {
        Intrinsic::Select(index.into(), list.into())
    }
    /// `Fn::Split`.
    pub fn split(sep: impl Into<String>, source: impl Into<Json>) -> Intrinsic {
        Intrinsic::Split(sep.into(), source.into())
    }
    /// `Fn::GetAZs` of the stack's own region.
    pub fn get_azs() -> Intrinsic {
        Intrinsic::GetAzs(Json::Str(String::new()))
    }
    /// `Fn::If`.
    pub fn if_(
        condition: impl Into<String>,
        then: impl Into<Json>,
        otherwise: impl Into<Json>,
    ) -> Intrinsic {
        Intrinsic::If(condition.into(), then.into(), otherwise.into())
    }
    /// `Fn::Equals`.
    pub fn equals(a: impl Into<Json>, b: impl Into<Json>) -> Intrinsic {
        Intrinsic::Equals(a.into(), b.into())
    }
    /// `Fn::And`.
    pub fn and(items: Vec<Json>) -> Intrinsic {
        Intrinsic::And(items)
    }
    /// `Fn::Or`.
    pub fn or(items: Vec<Json>) -> Intrinsic {
        Intrinsic::Or(items)
    }
    /// `Fn::Not`.
    pub fn not(c: impl Into<Json>) -> Intrinsic {
        Intrinsic::Not(c.into())
    }
    /// `Condition` reference inside a condition expression.
    pub fn condition(name: impl Into<String>) -> Intrinsic {
        Intrinsic::Condition(name.into())
    }
    /// `Fn::ImportValue`.
    pub fn import_value(name: impl Into<Json>) -> Intrinsic {
        Intrinsic::ImportValue(name.into())
    }
    /// `Fn::Base64`.
    pub fn base64(v: impl Into<Json>) -> Intrinsic {
        Intrinsic::Base64(v.into())
    }
    /// `Fn::Cidr`.
    pub fn cidr(
        block: impl Into<Json>,
        count: impl Into<Json>,
        bits: impl Into<Json>,
    ) -> Intrinsic {
        Intrinsic::Cidr(block.into(), count.into(), bits.into())
    }
    /// `Fn::FindInMap`.
    pub fn find_in_map(
        map: impl Into<String>,
        k1: impl Into<Json>,
        k2: impl Into<Json>,
    ) -> Intrinsic {
        Intrinsic::FindInMap(map.into(), k1.into(), k2.into())
    }
    /// `Ref` of a pseudo parameter.
    pub fn pseudo(p: Pseudo) -> Intrinsic {
        Intrinsic::pseudo(p)
    }
}
