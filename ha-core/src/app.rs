//! Multi-stack apps: typed references from one stack to another stack's outputs.
//!
//! A stack declared with `stack!{}` exposes each of its outputs as an associated constant of
//! its type (`Network::VpcId`, an [`OutputRef`]). Another stack that lists the producer in its
//! header (`imports: [Network]`) reads it as `Network.VpcId`; the macro expands that to
//! [`import`], and the compiler checks that the output exists (the constant) and that its kind
//! fits the property (the [`ImportInto`] bound). [`App::build`] then adds the export to the
//! producer's output and records the dependency between the stacks.

use crate::stack::{Env, Stack, SUFFIX_PLACEHOLDER};
use crate::value::{Intrinsic, Json, Value};
use std::marker::PhantomData;

/// The kinds of outputs, as another stack may import them.
pub mod kind {
    /// An output whose value is a string: imported with `Fn::ImportValue`.
    #[derive(Debug, Clone, Copy)]
    pub enum StringOutput {}
    /// An output whose value is `Join(",", [..])`: imported as a list (`Fn::Split` of
    /// `Fn::ImportValue`).
    #[derive(Debug, Clone, Copy)]
    pub enum ListOutput {}
    /// An output with a `Condition`: its export may not exist, so no stack can import it.
    #[derive(Debug, Clone, Copy)]
    pub enum ConditionalOutput {}
    /// An output whose export name is computed by CloudFormation: another stack cannot know
    /// it at synth time.
    #[derive(Debug, Clone, Copy)]
    pub enum ComputedExportName {}
}

/// An output of a stack declared with `stack!{}`, as another stack imports it.
pub struct OutputRef<K> {
    /// The producer's Rust type name, e.g. `Network`.
    pub stack: &'static str,
    /// The producer's stack-name pattern (`network-${Suffix}`).
    pub name_pattern: &'static str,
    /// The output's logical id.
    pub output: &'static str,
    /// The export name pattern the producer declares, if it names the export itself.
    pub export_pattern: Option<&'static str>,
    _kind: PhantomData<fn() -> K>,
}

impl<K> Clone for OutputRef<K> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K> Copy for OutputRef<K> {}

impl<K> std::fmt::Debug for OutputRef<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.stack, self.output)
    }
}

impl<K> OutputRef<K> {
    /// The output `output` of the stack type `stack`.
    pub const fn new(
        stack: &'static str,
        name_pattern: &'static str,
        output: &'static str,
        export_pattern: Option<&'static str>,
    ) -> Self {
        OutputRef {
            stack,
            name_pattern,
            output,
            export_pattern,
            _kind: PhantomData,
        }
    }

    /// The producer's stack name in `env`.
    pub fn stack_name(&self, env: &Env) -> String {
        self.name_pattern.replace(SUFFIX_PLACEHOLDER, &env.suffix)
    }

    /// The export name in `env`: the producer's own `Export`, else `<stack name>-<output>`.
    pub fn export_name(&self, env: &Env) -> String {
        match self.export_pattern {
            Some(p) => p.replace(SUFFIX_PLACEHOLDER, &env.suffix),
            None => format!("{}-{}", self.stack_name(env), self.output),
        }
    }

    /// The import as the consuming stack records it.
    pub fn import(&self, env: &Env) -> Import {
        Import {
            stack: self.stack_name(env),
            output: self.output.to_owned(),
            export: self.export_name(env),
        }
    }
}

/// One output a stack imports from another stack of its app.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Import {
    /// The producer's stack name.
    pub stack: String,
    /// The output's logical id in the producer.
    pub output: String,
    /// The export name.
    pub export: String,
}

/// How an output of kind `Self` fills a property of type `T`.
#[diagnostic::on_unimplemented(
    message = "a stack output of kind `{Self}` cannot fill a property of type `{T}`",
    label = "this output does not fit the property",
    note = "a StringOutput fills string properties, a ListOutput (an output whose value is `Join(\",\", [..])`) fills list properties; a ConditionalOutput (an output with a Condition) and an output with a computed Export name cannot be imported"
)]
pub trait ImportInto<T> {
    /// The value reading export `export`.
    fn import(export: String) -> T;
}

fn import_value(export: String) -> Intrinsic {
    Intrinsic::ImportValue(Json::Str(export))
}

fn split(export: String) -> Intrinsic {
    Intrinsic::Split(",".to_owned(), Json::Fn(Box::new(import_value(export))))
}

impl ImportInto<Value<String>> for kind::StringOutput {
    fn import(export: String) -> Value<String> {
        Value::intrinsic(import_value(export))
    }
}

impl ImportInto<Json> for kind::StringOutput {
    fn import(export: String) -> Json {
        Json::Fn(Box::new(import_value(export)))
    }
}

impl ImportInto<Value<Json>> for kind::StringOutput {
    fn import(export: String) -> Value<Json> {
        Value::intrinsic(import_value(export))
    }
}

impl ImportInto<Intrinsic> for kind::StringOutput {
    fn import(export: String) -> Intrinsic {
        import_value(export)
    }
}

impl ImportInto<Value<Vec<Value<String>>>> for kind::ListOutput {
    fn import(export: String) -> Value<Vec<Value<String>>> {
        Value::intrinsic(split(export))
    }
}

impl ImportInto<Json> for kind::ListOutput {
    fn import(export: String) -> Json {
        Json::Fn(Box::new(split(export)))
    }
}

impl ImportInto<Value<Json>> for kind::ListOutput {
    fn import(export: String) -> Value<Json> {
        Value::intrinsic(split(export))
    }
}

impl ImportInto<Intrinsic> for kind::ListOutput {
    fn import(export: String) -> Intrinsic {
        split(export)
    }
}

/// The value of `output` in a property of the consuming stack (what `Network.VpcId`
/// expands to).
pub fn import<K: ImportInto<T>, T>(output: &OutputRef<K>, env: &Env) -> T {
    K::import(output.export_name(env))
}

/// Where a stack sits in its app's import graph: every `stack!{}` type implements it, and
/// evaluates [`ImportDepth::DEPTH`] at compile time, so stacks that import each other in a
/// cycle do not compile (rustc reports the cycle as `<A as ImportDepth>::DEPTH` requiring
/// `<B as ImportDepth>::DEPTH`, naming the stacks on it).
pub trait ImportDepth {
    /// How many stacks lie below this one (0: it imports nothing).
    const DEPTH: usize;
}

/// The depth of a stack whose imports have the depths `deps`: one more than the deepest.
pub const fn depth(deps: &[usize]) -> usize {
    let mut max = 0;
    let mut i = 0;
    while i < deps.len() {
        if deps[i] + 1 > max {
            max = deps[i] + 1;
        }
        i += 1;
    }
    max
}

/// Why the stacks of an app do not fit together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppError {
    /// Two stacks render the same stack name.
    DuplicateStack(String),
    /// A stack imports from a stack that is not in the app.
    MissingProducer {
        /// The importing stack.
        consumer: String,
        /// The import.
        import: Import,
    },
    /// The producer has no such output (a stale build of the producer).
    MissingOutput {
        /// The importing stack.
        consumer: String,
        /// The import.
        import: Import,
    },
    /// The producer exports the output under another name.
    ExportMismatch {
        /// The import.
        import: Import,
        /// The name the producer's template exports.
        found: String,
    },
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AppError::DuplicateStack(n) => write!(
                f,
                "two stacks of the app are named `{n}`: give each stack its own name pattern"
            ),
            AppError::MissingProducer { consumer, import } => write!(
                f,
                "stack `{consumer}` imports output `{}` of stack `{}`, which is not in the app: add that stack to the app",
                import.output, import.stack
            ),
            AppError::MissingOutput { consumer, import } => write!(
                f,
                "stack `{consumer}` imports output `{}` of stack `{}`, which has no such output",
                import.output, import.stack
            ),
            AppError::ExportMismatch { import, found } => write!(
                f,
                "output `{}` of stack `{}` is exported as `{found}`, but its importers read `{}`",
                import.output, import.stack, import.export
            ),
        }
    }
}

impl std::error::Error for AppError {}

/// The stacks of an app, linked: every imported output exported by its producer.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct App {
    stacks: Vec<Stack>,
}

impl App {
    /// An empty app.
    pub fn new() -> Self {
        App::default()
    }

    /// Adds a stack (the order is kept where dependencies allow).
    #[must_use]
    pub fn stack(mut self, stack: Stack) -> Self {
        self.stacks.push(stack);
        self
    }

    /// Exports every output another stack imports and returns the stacks in the order they
    /// were added ([`Stack::depends_on`] names what each one needs deployed first).
    pub fn build(mut self) -> Result<Vec<Stack>, AppError> {
        for (i, s) in self.stacks.iter().enumerate() {
            if self.stacks[..i].iter().any(|o| o.name == s.name) {
                return Err(AppError::DuplicateStack(s.name.clone()));
            }
        }
        let wanted: Vec<(String, Import)> = self
            .stacks
            .iter()
            .flat_map(|s| s.imports.iter().map(|i| (s.name.clone(), i.clone())))
            .collect();
        for (consumer, import) in wanted {
            let Some(producer) = self.stacks.iter_mut().find(|s| s.name == import.stack) else {
                return Err(AppError::MissingProducer { consumer, import });
            };
            let Some(output) = producer.template.outputs.get_mut(&import.output) else {
                return Err(AppError::MissingOutput { consumer, import });
            };
            let name = Json::Str(import.export.clone());
            match &output.export_name {
                None => output.export_name = Some(name),
                Some(found) if *found == name => {}
                Some(found) => {
                    let found = crate::value::Render::render(found).to_string();
                    return Err(AppError::ExportMismatch { import, found });
                }
            }
        }
        Ok(self.stacks)
    }
}
