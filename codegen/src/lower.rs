//! Stage 3: decide how each IR type is spelled in Rust — field types, serde
//! attributes, docs — without producing tokens yet. `emit` turns these plans
//! into tokens one to one.

use foldhash::{HashMap, HashMapExt};

use crate::ir::{
    Body, Docs, EnumValue, Field, IntegerWidth, Ir, Response, Shape, TypeDef, TypeId, TypeKind, Undeclared, Variant,
};
use crate::naming::{self, Scope};
use crate::{Enums, Options};

pub mod operations;

/// A Rust type expression.
#[derive(Debug, Clone, PartialEq)]
pub enum RustType {
    Bool,
    I64,
    F64,
    /// `crate::Number`: a JSON number kept as written (integer or not).
    Number,
    String,
    DateTime,
    /// `crate::FullDate`.
    Date,
    /// A primitive named by its Rust spelling (`i32`, `u64`, `f32`).
    Primitive(&'static str),
    /// `serde_json::Value`.
    Json,
    Vec(Box<RustType>),
    /// `(A, B, ...)`.
    Tuple(Vec<RustType>),
    /// `BTreeMap<String, T>`; free-form objects are `serde_json::Map`.
    Map(Box<RustType>),
    JsonObject,
    Option(Box<RustType>),
    Tristate(Box<RustType>),
    Box(Box<RustType>),
    /// A type of the module that uses it (a type of the crate root, from
    /// the root; a value enum of an operation module, from that module).
    Named(String),
    /// A type of the crate root, from an operation module: `crate::Name`.
    RootNamed(String),
    /// `crate::request::FilePart`: a file of a multipart body.
    FilePart,
}

/// How a field behaves when absent or `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Always present: `T`.
    Required,
    /// Present, maybe `null`: `Option<T>`, `None` serialized as `null`.
    RequiredNullable,
    /// May be absent: `Option<T>`, not serialized when `None`.
    Optional,
    /// May be absent or `null`: `Tristate<T>`, not serialized when absent.
    OptionalNullable,
}

#[derive(Debug, Clone)]
pub struct FieldPlan {
    pub name: String,
    /// The schema's `default`, when it is a literal of the field's type: an
    /// accessor `{name}_or_default()` returns it for an absent property.
    pub default: Option<DefaultValue>,
    pub json_name: String,
    pub ty: RustType,
    pub presence: Presence,
    /// A required member whose type has one value (a single-value tag such as
    /// JSON:API `type`): constructors fill it in rather than ask for it.
    pub implied: bool,
    pub docs: Vec<String>,
    pub deprecated: bool,
}

/// A `default` value the generated code can write as a Rust literal.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    Bool(bool),
    Integer(i64),
    Number(f64),
    Str(String),
    /// A listed value of an open enum: `EnumType::Variant`.
    Variant {
        enum_type: String,
        variant: String,
    },
}

/// One listed value of a string enum: its Rust variant and the string it stands for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EnumMember {
    pub variant: String,
    pub value: String,
}

#[derive(Debug, Clone)]
pub struct VariantPlan {
    pub name: String,
    pub ty: RustType,
    /// Set for tagged unions: the tag value that selects this variant.
    pub tag_value: Option<String>,
}

#[derive(Debug, Clone)]
pub enum ItemKind {
    /// `extra`: the name of the field (a `crate::Extra`) that keeps what the
    /// object carried beyond the fields: undeclared members (when kept), and
    /// `null` or absence a field's type cannot say.
    Struct {
        fields: Vec<FieldPlan>,
        extra: String,
        undeclared: UndeclaredPlan,
    },
    /// A string enum: `(variant, value)` pairs; `open`: plus the catch-all
    /// `Other(String)` for values not listed (else they are rejected).
    Enum {
        values: Vec<EnumMember>,
        open: bool,
    },
    Const {
        value: String,
    },
    Union {
        variants: Vec<VariantPlan>,
        strategy: UnionStrategy,
    },
    Alias {
        ty: RustType,
    },
}

/// Where a struct's undeclared members go.
#[derive(Debug, Clone, PartialEq)]
pub enum UndeclaredPlan {
    /// Into its `extra` field, as raw JSON.
    Kept,
    /// Nowhere: an undeclared member is an error (`additionalProperties: false`).
    Rejected,
    /// Into the map field `field`, each value a `ty` (`additionalProperties: {schema}`).
    Typed { field: String, ty: RustType },
}

/// How a union's JSON chooses its variant.
#[derive(Debug, Clone)]
pub enum UnionStrategy {
    /// The value of the property `tag` names the variant; `open`: a value
    /// not listed is kept raw in `Other` (else it is rejected).
    Tagged { tag: String, open: bool },
    /// No tag: only the variants that accept the value's JSON type are
    /// tried, an object's best explanation first (see [`Fit`]).
    Untagged(Vec<Fit>),
}

/// What one variant of an untagged union accepts, for choosing the variant
/// without trying every one. A variant that is itself a union has one fit per
/// branch of it (recursively), so its branches compete with the outer ones:
/// an outer object variant that would leave some of the payload's members
/// undeclared never wins over a nested branch that declares them all.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// The index of the union's variant this describes.
    pub variant: usize,
    /// The JSON types the variant accepts.
    pub kinds: JsonKinds,
    /// For an object with declared properties: what they are. `None` for a
    /// variant that accepts objects with any keys (a map, any JSON) or no
    /// object at all.
    pub object: Option<ObjectFit>,
}

/// The declared properties of an object variant.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ObjectFit {
    pub properties: Vec<String>,
    pub required: Vec<String>,
    /// Properties whose value is one of a listed set (enums and single-value tags).
    pub listed: Vec<(String, Vec<String>)>,
}

/// A set of JSON types (RFC 8259 section 3: object, array, string, number,
/// `true`/`false`, `null`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct JsonKinds {
    pub object: bool,
    pub array: bool,
    pub string: bool,
    pub number: bool,
    pub boolean: bool,
    pub null: bool,
}

impl JsonKinds {
    pub const ANY: JsonKinds =
        JsonKinds { object: true, array: true, string: true, number: true, boolean: true, null: true };
    const NONE: JsonKinds =
        JsonKinds { object: false, array: false, string: false, number: false, boolean: false, null: false };
    const OBJECT: JsonKinds = JsonKinds { object: true, ..Self::NONE };
    const ARRAY: JsonKinds = JsonKinds { array: true, ..Self::NONE };
    const STRING: JsonKinds = JsonKinds { string: true, ..Self::NONE };
    const NUMBER: JsonKinds = JsonKinds { number: true, ..Self::NONE };
    const BOOLEAN: JsonKinds = JsonKinds { boolean: true, ..Self::NONE };

    fn union(self, other: JsonKinds) -> JsonKinds {
        JsonKinds {
            object: self.object || other.object,
            array: self.array || other.array,
            string: self.string || other.string,
            number: self.number || other.number,
            boolean: self.boolean || other.boolean,
            null: self.null || other.null,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ItemPlan {
    pub name: String,
    /// Area features that enable this item: on when every set has a feature
    /// that is on. No sets: always compiled.
    pub features: Vec<Vec<String>>,
    /// The original schema name, for named schemas (used by the `dynamic` feature).
    pub schema_name: Option<String>,
    pub docs: Vec<String>,
    pub deprecated: bool,
    pub kind: ItemKind,
    /// `null` is a value of the schema too: the schema as a whole is
    /// `Option<Self>` (what `dynamic` reads it as).
    pub nullable: bool,
    /// Implement `schemars::JsonSchema` (behind the crate's `schemars` feature).
    pub json_schema: bool,
}

/// Plans for every type of the IR, sorted by Rust name (a stable order that
/// does not depend on traversal).
pub fn lower(ir: &Ir, options: &Options) -> Lowered {
    let features = if options.area_features { area_features(ir) } else { Vec::new() };
    let mut items: Vec<ItemPlan> = ir
        .types
        .iter()
        .map(|def| {
            let sets = if features.is_empty() { &[][..] } else { def.area_gates.as_slice() };
            let mut item = lower_type(ir, def, options);
            item.features = sets
                .iter()
                .map(|set| {
                    let mut names: Vec<String> = set.iter().map(|a| features[*a].name.clone()).collect();
                    names.sort();
                    names
                })
                .collect();
            item
        })
        .collect();
    let operations = operations::lower_operations(ir, &features);
    let places = Places::new(ir, &items, &operations);
    let docs: Vec<Vec<String>> = (0..ir.types.len()).map(|index| type_docs(ir, TypeId(index), &places)).collect();
    for (item, docs) in items.iter_mut().zip(docs) {
        item.docs = docs;
    }
    items.sort_by(|a, b| a.name.cmp(&b.name));
    let revision = ir.operations.iter().find_map(|op| op.revision.clone());
    Lowered { items, features, operations, revision }
}

/// Everything `emit` and `assemble` need.
#[derive(Debug, Clone)]
pub struct Lowered {
    /// Sorted by Rust name.
    pub items: Vec<ItemPlan>,
    /// One cargo feature per OpenAPI tag, in `Ir::areas` order (empty unless
    /// `Options::area_features`).
    pub features: Vec<AreaFeature>,
    /// One module per API operation, sorted by module name.
    pub operations: operations::OperationsPlan,
    /// The API revision the operations send (`revision` header default).
    pub revision: Option<String>,
}

/// A cargo feature that enables the types of one OpenAPI tag's operations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaFeature {
    pub name: String,
    pub tag: String,
}

fn area_features(ir: &Ir) -> Vec<AreaFeature> {
    let mut scope = Scope::with_reserved(naming::RESERVED_FEATURE_NAMES);
    ir.areas
        .iter()
        .map(|area| {
            // A tag named like a feature of the crate's own (`Client`) becomes `client-api`.
            let mut name = naming::feature_name(&area.tag);
            if naming::RESERVED_FEATURE_NAMES.contains(&name.as_str()) {
                name.push_str("-api");
            }
            AreaFeature { name: scope.claim(&name, "-"), tag: area.tag.clone() }
        })
        .collect()
}

/// The Rust names of a struct's fields, in order ([`naming::field_names`]:
/// snake_case, symbols spelled out where two collide); and the scope that
/// holds them, for the struct's own fields (`extra`) to be named after.
pub(crate) fn field_names(fields: &[Field]) -> (Vec<String>, Scope) {
    let properties: Vec<&str> = fields.iter().map(|field| field.json_name.as_str()).collect();
    let names = naming::field_names(&properties);
    let mut scope = Scope::default();
    for name in &names {
        scope.claim(name, "_");
    }
    (names, scope)
}

/// The Rust name of the field of `fields` whose JSON name is `json_name`.
pub(crate) fn field_name_of(fields: &[Field], json_name: &str) -> Option<String> {
    let index = fields.iter().position(|field| field.json_name == json_name)?;
    field_names(fields).0.into_iter().nth(index)
}

fn lower_type(ir: &Ir, def: &TypeDef, options: &Options) -> ItemPlan {
    let open_enums = options.enums_of(&def.origin.file) == Enums::Open;
    let kind = match &def.kind {
        TypeKind::Struct { fields, undeclared } => {
            let (names, mut scope) = field_names(fields);
            let undeclared = match undeclared {
                Undeclared::Kept => UndeclaredPlan::Kept,
                Undeclared::Rejected => UndeclaredPlan::Rejected,
                Undeclared::Typed(members) => UndeclaredPlan::Typed {
                    field: scope.claim(naming::ADDITIONAL_PROPERTIES_FIELD, "_"),
                    ty: rust_type(ir, members),
                },
            };
            ItemKind::Struct {
                fields: fields.iter().zip(names).map(|(f, name)| lower_field(ir, f, name)).collect(),
                extra: scope.claim("extra", "_"),
                undeclared,
            }
        }
        TypeKind::Enum { values } => ItemKind::Enum {
            values: values.iter().map(|v| EnumMember { variant: v.variant.clone(), value: v.value.clone() }).collect(),
            open: open_enums,
        },
        TypeKind::Const { value } => ItemKind::Const { value: value.clone() },
        TypeKind::Union { variants, tag } => ItemKind::Union {
            strategy: union_strategy(ir, variants, tag.as_deref(), open_enums),
            variants: variants
                .iter()
                .map(|v| VariantPlan {
                    name: v.name.clone(),
                    ty: boxed_if(v.boxed, rust_type(ir, &v.shape)),
                    tag_value: v.tag_value.clone(),
                })
                .collect(),
        },
        TypeKind::Alias { shape } => ItemKind::Alias { ty: rust_type(ir, shape) },
    };
    ItemPlan {
        name: def.name.clone(),
        features: Vec::new(),
        schema_name: def.schema_name.clone(),
        // Assembled by `type_docs` once every item's features are known.
        docs: Vec::new(),
        deprecated: def.docs.deprecated,
        kind,
        nullable: def.nullable,
        json_schema: options.json_schema,
    }
}

/// What type docs say about where a type sits: the types and operations by
/// origin (to name what encloses an inline type), each type's features, and
/// the operations that return each type.
struct Places<'a> {
    /// The first type of each origin (file, JSON pointer).
    types: HashMap<(&'a str, &'a str), TypeId>,
    /// The operation of each origin: its `operationId`.
    operations: HashMap<(&'a str, &'a str), &'a str>,
    /// The area features of each type, by `TypeId` (see [`ItemPlan::features`]).
    features: Vec<Vec<Vec<String>>>,
    /// The operation modules whose response is each type, sorted.
    returned_by: HashMap<TypeId, Vec<&'a operations::OperationPlan>>,
    /// The operation modules whose response is a list of each type, sorted.
    returned_in_lists: HashMap<TypeId, Vec<&'a operations::OperationPlan>>,
    /// The operations whose JSON request body is each type.
    bodies: HashMap<TypeId, Vec<&'a str>>,
    /// The inline types that became other names of each shared type
    /// (`TypeDef::same_as`), by name.
    aliases: HashMap<TypeId, Vec<TypeId>>,
}

impl<'a> Places<'a> {
    fn new(ir: &'a Ir, items: &[ItemPlan], plan: &'a operations::OperationsPlan) -> Self {
        let mut types = HashMap::new();
        for (index, def) in ir.types.iter().enumerate() {
            types.entry((def.origin.file.as_str(), def.origin.pointer.as_str())).or_insert(TypeId(index));
        }
        let operations = ir
            .operations
            .iter()
            .map(|op| ((op.origin.file.as_str(), op.origin.pointer.as_str()), op.id.as_str()))
            .collect();
        let modules: HashMap<&str, &operations::OperationPlan> =
            plan.modules.iter().map(|module| (module.id.as_str(), module)).collect();
        let mut returned_by: HashMap<TypeId, Vec<&operations::OperationPlan>> = HashMap::new();
        let mut returned_in_lists: HashMap<TypeId, Vec<&operations::OperationPlan>> = HashMap::new();
        for op in &ir.operations {
            let (Response::Json { shape, .. }, Some(module)) = (op.response(), modules.get(op.id.as_str())) else {
                continue;
            };
            match shape {
                Shape::Named(id) => returned_by.entry(*id).or_default().push(module),
                Shape::Array(item) => {
                    if let Shape::Named(id) = &**item {
                        returned_in_lists.entry(*id).or_default().push(module);
                    }
                }
                _ => {}
            }
        }
        let mut bodies: HashMap<TypeId, Vec<&str>> = HashMap::new();
        for op in &ir.operations {
            if let Body::Json { shape: Shape::Named(id), .. } = &op.body {
                bodies.entry(*id).or_default().push(op.id.as_str());
            }
        }
        for modules in returned_by.values_mut().chain(returned_in_lists.values_mut()) {
            modules.sort_by(|a, b| a.module.cmp(&b.module));
            modules.dedup_by(|a, b| a.module == b.module);
        }
        let features = items.iter().map(|item| item.features.clone()).collect();
        let mut aliases: HashMap<TypeId, Vec<TypeId>> = HashMap::new();
        for (index, def) in ir.types.iter().enumerate() {
            if let Some(canonical) = def.same_as {
                aliases.entry(canonical).or_default().push(TypeId(index));
            }
        }
        for names in aliases.values_mut() {
            names.sort_by(|a, b| ir.get(*a).name.cmp(&ir.get(*b).name));
        }
        Places { types, operations, features, returned_by, returned_in_lists, bodies, aliases }
    }

    /// What an inline type is, from where it sits in the nearest enclosing
    /// generated type or operation: "The `attributes` of [`Profile`]."
    /// `None` when its origin says nothing the docs can use.
    fn place(&self, ir: &Ir, id: TypeId) -> Option<String> {
        self.place_in_docs_of(ir, id, id)
    }

    /// [`Places::place`] of `id`, said in the docs of `docs_of`: a link to
    /// the parent only where the parent is compiled whenever `docs_of` is.
    fn place_in_docs_of(&self, ir: &Ir, id: TypeId, docs_of: TypeId) -> Option<String> {
        let def = ir.get(id);
        let pointer = def.origin.pointer.as_str();
        let segments: Vec<&str> = pointer.split('/').collect();
        // `segments[0]` is the empty text before the first `/`; the prefix of
        // `k` segments is the pointer of an enclosing schema.
        for k in (1..segments.len()).rev() {
            let prefix = &pointer[..segments[..k].iter().map(|s| s.len() + 1).sum::<usize>() - 1];
            let rest = &segments[k..];
            let key = (def.origin.file.as_str(), prefix);
            if let Some(&parent) = self.types.get(&key).filter(|&&parent| parent != id) {
                let parent_name = &ir.get(parent).name;
                // A link only where the parent is compiled whenever this type is.
                let subject = match self.implies(&self.features[docs_of.0], &self.features[parent.0]) {
                    true => format!("[`{parent_name}`]"),
                    false => format!("`{parent_name}`"),
                };
                return describe(Phrase { text: subject, the: false }, rest);
            }
            if let Some(operation) = self.operations.get(&key) {
                return operation_place(operation, rest);
            }
        }
        match segments.get(1..) {
            Some(["components", kind @ ("requestBodies" | "responses"), name, "content", _, "schema", rest @ ..]) => {
                let kind = if *kind == "requestBodies" { "request body" } else { "response" };
                describe(Phrase { text: format!("{kind} {}", inline_code(&unescape(name))), the: true }, rest)
            }
            _ => None,
        }
    }

    /// Whether everything that compiles an item gated by `item` also compiles
    /// one gated by `other` (both as in [`ItemPlan::features`]): some set of
    /// `item` is within each set of `other`.
    fn implies(&self, item: &[Vec<String>], other: &[Vec<String>]) -> bool {
        other.iter().all(|need| item.iter().any(|set| set.iter().all(|f| need.contains(f))))
    }
}

/// Where an inline type sits; for a type that identical inline schemas
/// share, where each of them sits (its own place only when it is one of
/// them, not a copy made to carry the shared name): "The `node` of
/// [`TreeA`] and the `node` of [`TreeB`]." At most three, then how many more.
fn shared_place(ir: &Ir, id: TypeId, places: &Places) -> Option<String> {
    const NAMED: usize = 3;
    let Some(aliases) = places.aliases.get(&id) else { return places.place(ir, id) };
    let origin = &ir.get(id).origin;
    let copy = aliases.iter().any(|alias| ir.get(*alias).origin == *origin);
    let members = (!copy).then_some(id).into_iter().chain(aliases.iter().copied());
    let phrases: Vec<String> = members
        .filter_map(|member| places.place_in_docs_of(ir, member, id))
        .map(|sentence| decapitalize_the(sentence.trim_end_matches('.')))
        .collect();
    let (first, rest) = phrases.split_first()?;
    let mut named: Vec<&str> = rest.iter().take(NAMED - 1).map(String::as_str).collect();
    let more = rest.len().saturating_sub(NAMED - 1);
    let more_text = format!("{more} more");
    if more > 0 {
        named.push(&more_text);
    }
    Some(match named.split_last() {
        None => format!("{}.", capitalize(first)),
        Some((last, [])) => format!("{} and {last}.", capitalize(first)),
        Some((last, middle)) => format!("{}, {} and {last}.", capitalize(first), middle.join(", ")),
    })
}

/// A place sentence as a phrase inside another: "The `x` of …" → "the `x` of …".
fn decapitalize_the(sentence: &str) -> String {
    match sentence.strip_prefix("The ") {
        Some(rest) => format!("the {rest}"),
        None => {
            let mut chars = sentence.chars();
            chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
        }
    }
}

/// For a type that identical inline schemas share (see `analyze`), the
/// names they have as its aliases: "Identical inline schemas share this
/// type; [`TreeANode`] and [`TreeBNode`] are its other names." At most eight
/// are named, then how many more; a name is a link only where its alias is
/// compiled whenever this type is.
fn shared_by(ir: &Ir, id: TypeId, places: &Places) -> Option<String> {
    const NAMED: usize = 8;
    let aliases = places.aliases.get(&id)?;
    let mut names: Vec<String> = aliases
        .iter()
        .take(NAMED)
        .map(|alias| {
            let name = &ir.get(*alias).name;
            match places.implies(&places.features[id.0], &places.features[alias.0]) {
                true => format!("[`{name}`]"),
                false => format!("`{name}`"),
            }
        })
        .collect();
    if aliases.len() > NAMED {
        names.push(format!("{} more", aliases.len() - NAMED));
    }
    let list = match names.split_last() {
        Some((last, [])) => format!("{last} is its other name"),
        Some((last, rest)) => format!("{} and {last} are its other names", rest.join(", ")),
        None => return None,
    };
    Some(format!("Identical inline schemas share this type; {list}."))
}

/// A noun phrase under construction; `the`: it takes "The" at the start of
/// a sentence ("`data` of [`P`]"), else it has its article ("an item of …").
struct Phrase {
    text: String,
    the: bool,
}

/// The phrase for what sits at the pointer segments `rest` under `subject`.
fn describe(mut subject: Phrase, rest: &[&str]) -> Option<String> {
    let mut rest = rest;
    while !rest.is_empty() {
        let (text, the, used) = match rest {
            ["properties", name, ..] => (format!("{} of {}", inline_code(&unescape(name)), subject.text), true, 2),
            ["items" | "prefixItems", index, ..] if index.parse::<usize>().is_ok() => {
                (format!("item {index} of {}", subject.text), false, 2)
            }
            ["items", ..] => (format!("an item of {}", subject.text), false, 1),
            ["additionalProperties", ..] => (format!("a value of {}", subject.text), false, 1),
            ["patternProperties", _, ..] => (format!("a value of {}", subject.text), false, 2),
            ["oneOf" | "anyOf", _, ..] => (format!("a branch of {}", subject.text), false, 2),
            // `allOf` parts are merged into the type that holds them.
            ["allOf", _, ..] => (subject.text, subject.the, 2),
            _ => return None,
        };
        subject = Phrase { text, the };
        rest = &rest[used..];
    }
    let sentence = match subject.the {
        true => format!("The {}", subject.text),
        false => capitalize(&subject.text),
    };
    Some(format!("{sentence}."))
}

/// The phrase for what sits at `rest` under the operation `id` (its body, its
/// response, or something inside them).
fn operation_place(id: &str, rest: &[&str]) -> Option<String> {
    let id = inline_code(id);
    match rest {
        ["requestBody", "content", _, "schema", rest @ ..] => {
            describe(Phrase { text: format!("request body of {id}"), the: true }, rest)
        }
        ["responses", status, "content", _, "schema", rest @ ..] => {
            describe(Phrase { text: format!("`{status}` response of {id}"), the: true }, rest)
        }
        ["parameters", _, "schema", rest @ ..] => {
            describe(Phrase { text: format!("a parameter of {id}"), the: false }, rest)
        }
        _ => None,
    }
}

/// A pointer token as written (`~1` is `/`, `~0` is `~`).
fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The operations that return the type, each a link to its module where the
/// module is compiled whenever the type is (else its path as code).
fn response_links(id: TypeId, places: &Places) -> Option<Vec<String>> {
    operation_links(id, places.returned_by.get(&id)?, places)
}

/// Links to `modules`, as [`response_links`] makes them.
fn operation_links(id: TypeId, modules: &[&operations::OperationPlan], places: &Places) -> Option<Vec<String>> {
    let features = &places.features[id.0];
    let links = modules
        .iter()
        .map(|module| {
            let name = &module.module;
            let gate = [module.features.clone()];
            match module.features.is_empty() || places.implies(features, &gate) {
                true => format!("[`operations::{name}`](crate::operations::{name})"),
                false => format!("`operations::{name}`"),
            }
        })
        .collect();
    Some(links)
}

/// A summary for a type with no docs and no place of its own: what uses it
/// (a request body, a response), else what its structure says it is; `true`
/// when it links the operations that return the type.
fn use_summary(ir: &Ir, id: TypeId, places: &Places) -> (String, bool) {
    let list = |ids: Vec<&str>| ids.iter().map(|id| inline_code(id)).collect::<Vec<_>>().join(", ");
    let responses = response_links(id, places).unwrap_or_default();
    let bodies = places.bodies.get(&id).cloned().unwrap_or_default();
    let summary = match (bodies.is_empty(), responses.is_empty()) {
        (false, true) => format!("The request body of {}.", list(bodies)),
        (true, false) => format!("The response of {}.", responses.join(", ")),
        (false, false) => {
            format!("The request body of {} and the response of {}.", list(bodies), responses.join(", "))
        }
        (true, true) => structure_summary(ir, id, places),
    };
    (summary, !responses.is_empty())
}

/// A summary for a type that nothing else describes: what its structure
/// says a value is, so that the line says more than the name does.
fn structure_summary(ir: &Ir, id: TypeId, places: &Places) -> String {
    let def = ir.get(id);
    match &def.kind {
        TypeKind::Struct { fields, undeclared } => struct_summary(ir, id, fields, undeclared, places),
        TypeKind::Enum { values } => enum_summary(values),
        TypeKind::Const { value } => format!("The string {}.", value_code(value)),
        TypeKind::Union { variants, tag } => union_summary(ir, id, variants, tag.as_deref(), places),
        TypeKind::Alias { shape: Shape::Named(target) } => {
            format!("Another name for {}.", type_link(ir, *target, id, places))
        }
        TypeKind::Alias { shape: Shape::String } if def.docs.format.is_some() => {
            format!("A string in the {} format.", inline_code(def.docs.format.as_deref().unwrap_or_default()))
        }
        TypeKind::Alias { shape } => format!("{}.", capitalize(&shape_phrase(ir, shape, id, places, false))),
    }
}

/// A string enum by its values: all of a few, else how many and the first.
fn enum_summary(values: &[EnumValue]) -> String {
    const LISTED: usize = 6;
    let codes: Vec<String> = values.iter().map(|v| value_code(&v.value)).collect();
    match codes.len() <= LISTED {
        true => format!("One of {}.", codes.join(", ")),
        false => format!("One of {} string values, such as {}.", codes.len(), and_list(&codes[..3])),
    }
}

/// An object by its members: a JSON:API resource object or identifier by
/// its type (a standard shape, read at a glance), a one-member wrapper by
/// what that member holds, else the first few member names.
fn struct_summary(ir: &Ir, id: TypeId, fields: &[Field], undeclared: &Undeclared, places: &Places) -> String {
    const LISTED: usize = 4;
    if let Some(summary) = json_api_summary(ir, fields) {
        return summary;
    }
    let names: Vec<String> = fields.iter().map(|f| inline_code(&f.json_name)).collect();
    // Typed undeclared members are as much what the object holds as its fields.
    let others = match undeclared {
        Undeclared::Typed(shape) => format!(", and other members each {}", shape_phrase(ir, shape, id, places, false)),
        _ => String::new(),
    };
    match (fields, undeclared) {
        ([], Undeclared::Rejected) => "An empty object.".to_owned(),
        ([], Undeclared::Kept) => "An object with any members.".to_owned(),
        ([], Undeclared::Typed(shape)) => {
            format!("An object whose members are each {}.", shape_phrase(ir, shape, id, places, false))
        }
        // A single-value member is what tells such an object apart: say the value.
        ([field], _) => match const_value(ir, &field.shape) {
            Some(value) => format!("An object whose {} is always {}{others}.", names[0], value_code(value)),
            None => {
                let phrase = shape_phrase(ir, &field.shape, id, places, false);
                format!("An object whose {} is {phrase}{others}.", names[0])
            }
        },
        _ if names.len() <= LISTED => format!("An object with {}{others}.", and_list(&names)),
        _ => {
            let more = names.len() - LISTED;
            let members = if more == 1 { "member" } else { "members" };
            format!("An object with {} and {more} more {members}{others}.", names[..LISTED].join(", "))
        }
    }
}

/// A JSON:API resource object (a single-value `type` beside `attributes`
/// or `relationships`; `id` is left out when the client creates it) or
/// resource identifier object (`type` and `id` only, maybe `meta`), by type.
fn json_api_summary(ir: &Ir, fields: &[Field]) -> Option<String> {
    let has = |name: &str| fields.iter().any(|f| f.json_name == name);
    let kind = fields.iter().find(|f| f.json_name == "type").and_then(|f| const_value(ir, &f.shape))?;
    let kind = inline_code(kind);
    if has("attributes") || has("relationships") {
        return Some(format!("A JSON:API resource object of type {kind}."));
    }
    let identifier = fields.iter().all(|f| ["type", "id", "lid", "meta"].contains(&f.json_name.as_str()));
    (identifier && (has("id") || has("lid"))).then(|| format!("A JSON:API resource identifier object of type {kind}."))
}

/// The value of a single-value type behind the shape (through aliases).
fn const_value<'a>(ir: &'a Ir, shape: &Shape) -> Option<&'a str> {
    let mut shape = shape;
    for _ in 0..=ir.types.len() {
        let Shape::Named(id) = shape else { return None };
        match &ir.get(*id).kind {
            TypeKind::Const { value } => return Some(value),
            TypeKind::Alias { shape: next } => shape = next,
            _ => return None,
        }
    }
    None
}

/// A union by its branches: the branches when there are a few, else how
/// many; the tag property that tells them apart, if any.
fn union_summary(ir: &Ir, id: TypeId, variants: &[Variant], tag: Option<&str>, places: &Places) -> String {
    const LISTED: usize = 4;
    let told_apart = tag.map(|tag| format!(", told apart by {}", inline_code(tag))).unwrap_or_default();
    let branches: Vec<String> = variants.iter().map(|v| shape_phrase(ir, &v.shape, id, places, false)).collect();
    match branches.split_last() {
        Some((last, rest)) if branches.len() <= LISTED && !rest.is_empty() => {
            format!("One of {} or {last}{told_apart}.", rest.join(", "))
        }
        _ => format!("One of {} shapes{told_apart}.", branches.len()),
    }
}

/// A noun phrase for a value of `shape` in the docs of `docs_of`
/// ("a string", "a list of [`Tag`]"); `plural` for what a list or map holds.
fn shape_phrase(ir: &Ir, shape: &Shape, docs_of: TypeId, places: &Places, plural: bool) -> String {
    let noun = |one: &str, many: &str| if plural { many.to_owned() } else { one.to_owned() };
    let (container, many) = if plural { ("lists", "maps") } else { ("a list", "a map") };
    match shape {
        Shape::Any => noun("any JSON value", "JSON values"),
        Shape::Bool => noun("a boolean", "booleans"),
        Shape::Integer => noun("an integer", "integers"),
        Shape::Number => noun("a number", "numbers"),
        Shape::String => noun("a string", "strings"),
        Shape::DateTime => noun("an RFC 3339 date-time", "RFC 3339 date-times"),
        Shape::Date => noun("an RFC 3339 full-date", "RFC 3339 full-dates"),
        Shape::SizedInteger(width) => {
            let (sign, bits) = width_words(*width);
            let article = if !sign.is_empty() || bits == 8 { "an" } else { "a" };
            noun(&format!("{article} {sign}{bits}-bit integer"), &format!("{sign}{bits}-bit integers"))
        }
        Shape::Array(item) => format!("{container} of {}", shape_phrase(ir, item, docs_of, places, true)),
        Shape::Map(value) => format!("{many} from strings to {}", shape_phrase(ir, value, docs_of, places, true)),
        Shape::Tuple(items) => {
            let items: Vec<String> = items.iter().map(|i| shape_phrase(ir, i, docs_of, places, false)).collect();
            format!("{container} of {} items ({})", items.len(), and_list(&items))
        }
        Shape::Nullable(inner) => format!("{} or `null`", shape_phrase(ir, inner, docs_of, places, plural)),
        Shape::Named(target) => type_link(ir, *target, docs_of, places),
    }
}

/// Signedness and bits of a sized integer, as words ("unsigned ", 32).
fn width_words(width: IntegerWidth) -> (&'static str, u32) {
    match width {
        IntegerWidth::I8 => ("", 8),
        IntegerWidth::I16 => ("", 16),
        IntegerWidth::I32 => ("", 32),
        IntegerWidth::I128 => ("", 128),
        IntegerWidth::U8 => ("unsigned ", 8),
        IntegerWidth::U16 => ("unsigned ", 16),
        IntegerWidth::U32 => ("unsigned ", 32),
        IntegerWidth::U64 => ("unsigned ", 64),
        IntegerWidth::U128 => ("unsigned ", 128),
    }
}

/// The name of `target` in the docs of `docs_of`: a link only where
/// `target` is compiled whenever `docs_of` is (else rustdoc warns).
fn type_link(ir: &Ir, target: TypeId, docs_of: TypeId, places: &Places) -> String {
    let name = &ir.get(target).name;
    match places.implies(&places.features[docs_of.0], &places.features[target.0]) {
        true => format!("[`{name}`]"),
        false => format!("`{name}`"),
    }
}

/// A string value as inline code; the empty string as `""`.
fn value_code(value: &str) -> String {
    match value {
        "" => "`\"\"`".to_owned(),
        value => inline_code(value),
    }
}

/// "a", "a and b", "a, b and c".
fn and_list(items: &[String]) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}
/// The rustdoc of a type: first what it is (its title or description, else
/// where it sits, else what uses it, else its structure), then its notes, the operations that
/// return it, and last where it comes from.
fn type_docs(ir: &Ir, id: TypeId, places: &Places) -> Vec<String> {
    let def = ir.get(id);
    let described = def.docs.title.as_deref().is_some_and(|t| t != def.name && !t.trim().is_empty())
        || def.docs.description.as_deref().is_some_and(|d| !d.trim().is_empty());
    let place = if def.schema_name.is_none() { shared_place(ir, id, places) } else { None };
    let mut paragraphs: Vec<Vec<String>> = Vec::new();
    let docs = doc_lines(&def.docs, Some(&def.name));
    let mut says_returned = false;
    match (described, place) {
        (true, place) => {
            paragraphs.push(docs);
            paragraphs.extend(place.map(|p| vec![p]));
        }
        (false, place) => {
            let summary = match place {
                Some(place) => place,
                None => {
                    // A summary that links the operations returning the type says what "Returned by" would.
                    let (summary, returned) = use_summary(ir, id, places);
                    says_returned = returned;
                    summary
                }
            };
            paragraphs.push(vec![summary]);
            paragraphs.push(docs);
        }
    }
    paragraphs.extend(shared_by(ir, id, places).map(|line| vec![line]));
    if def.nullable {
        paragraphs.push(vec![format!(
            "`null` is a value of this schema too: as a whole it is `Option<{}>`, as every reference to it is.",
            def.name
        )]);
    }
    if let (Some(links), false) = (response_links(id, places), says_returned) {
        paragraphs.push(vec![format!("Returned by {}.", links.join(", "))]);
    }
    if let Some(links) = places.returned_in_lists.get(&id).and_then(|modules| operation_links(id, modules, places)) {
        paragraphs.push(vec![format!("Returned in a list by {}.", links.join(", "))]);
    }
    paragraphs.push(vec![match &def.schema_name {
        Some(name) => format!("Schema `{name}` (`{}#{}`).", def.origin.file, def.origin.pointer),
        None => format!("Inline schema at `{}#{}`.", def.origin.file, def.origin.pointer),
    }]);
    if let Some(same) = def.same_as {
        let same = &ir.get(same).name;
        paragraphs.push(vec![format!(
            "Identical to [`{same}`] (same fields, names and docs), so it is that type under a second name."
        )]);
    }
    let mut lines = Vec::new();
    for paragraph in paragraphs.into_iter().filter(|p| !p.is_empty()) {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(paragraph);
    }
    lines
}

fn union_strategy(ir: &Ir, variants: &[Variant], tag: Option<&str>, open: bool) -> UnionStrategy {
    match tag {
        Some(tag) => UnionStrategy::Tagged { tag: tag.to_owned(), open },
        None => {
            let mut fits = Vec::new();
            for (index, variant) in variants.iter().enumerate() {
                fits.extend(variant_fits(ir, index, &variant.shape, &mut Vec::new()));
            }
            UnionStrategy::Untagged(fits)
        }
    }
}

/// The fits of the union variant `variant` of shape `shape`: one, or one per
/// branch when the shape is itself a union. `unions` holds the unions being
/// opened, so a union that contains itself is not opened again.
fn variant_fits(ir: &Ir, variant: usize, shape: &Shape, unions: &mut Vec<TypeId>) -> Vec<Fit> {
    let opaque = |kinds| vec![Fit { variant, kinds, object: None }];
    match shape {
        Shape::Nullable(inner) => {
            let mut fits = variant_fits(ir, variant, inner, unions);
            for fit in &mut fits {
                fit.kinds.null = true;
            }
            fits
        }
        Shape::Named(id) => match &ir.get(*id).kind {
            TypeKind::Struct { fields, .. } => {
                vec![Fit { variant, kinds: JsonKinds::OBJECT, object: Some(object_fit(ir, fields)) }]
            }
            TypeKind::Alias { shape } => variant_fits(ir, variant, shape, unions),
            TypeKind::Union { variants, .. } if !unions.contains(id) => {
                unions.push(*id);
                let fits = variants.iter().flat_map(|v| variant_fits(ir, variant, &v.shape, unions)).collect();
                unions.pop();
                fits
            }
            _ => opaque(json_kinds(ir, shape, &mut Vec::new())),
        },
        _ => opaque(json_kinds(ir, shape, &mut Vec::new())),
    }
}

/// The JSON types a value of `shape` may have. `seen` guards against
/// recursive aliases and unions.
fn json_kinds(ir: &Ir, shape: &Shape, seen: &mut Vec<TypeId>) -> JsonKinds {
    match shape {
        Shape::Any => JsonKinds::ANY,
        Shape::Bool => JsonKinds::BOOLEAN,
        Shape::Integer | Shape::Number | Shape::SizedInteger(_) => JsonKinds::NUMBER,
        Shape::String | Shape::DateTime | Shape::Date => JsonKinds::STRING,
        Shape::Array(_) | Shape::Tuple(_) => JsonKinds::ARRAY,
        Shape::Map(_) => JsonKinds::OBJECT,
        Shape::Nullable(inner) => JsonKinds { null: true, ..json_kinds(ir, inner, seen) },
        Shape::Named(id) if seen.contains(id) => JsonKinds::NONE,
        Shape::Named(id) => {
            seen.push(*id);
            let kinds = match &ir.get(*id).kind {
                TypeKind::Struct { .. } => JsonKinds::OBJECT,
                TypeKind::Enum { .. } | TypeKind::Const { .. } => JsonKinds::STRING,
                TypeKind::Alias { shape } => json_kinds(ir, shape, seen),
                TypeKind::Union { variants, .. } => {
                    variants.iter().fold(JsonKinds::NONE, |all, v| all.union(json_kinds(ir, &v.shape, seen)))
                }
            };
            seen.pop();
            kinds
        }
    }
}

/// The declared properties of an object variant.
fn object_fit(ir: &Ir, fields: &[Field]) -> ObjectFit {
    let mut fit = ObjectFit::default();
    for field in fields {
        fit.properties.push(field.json_name.clone());
        if field.required {
            fit.required.push(field.json_name.clone());
        }
        let listed = match &field.shape {
            Shape::Named(id) => match &ir.get(*id).kind {
                TypeKind::Const { value } => Some(vec![value.clone()]),
                TypeKind::Enum { values } => Some(values.iter().map(|v| v.value.clone()).collect()),
                _ => None,
            },
            _ => None,
        };
        if let Some(values) = listed {
            fit.listed.push((field.json_name.clone(), values));
        }
    }
    fit
}

fn lower_field(ir: &Ir, field: &Field, name: String) -> FieldPlan {
    let ty = boxed_if(field.boxed, rust_type(ir, &field.shape));
    // `serde_json::Value` holds `null` itself: an optional free-form property
    // keeps absent and `null` apart like a nullable one.
    let nullable = field.nullable || field.shape == Shape::Any;
    let (presence, ty) = match (field.required, nullable) {
        (true, true) if field.shape == Shape::Any => (Presence::Required, ty),
        (true, false) => (Presence::Required, ty),
        (true, true) => (Presence::RequiredNullable, RustType::Option(Box::new(ty))),
        (false, false) => (Presence::Optional, RustType::Option(Box::new(ty))),
        (false, true) => (Presence::OptionalNullable, RustType::Tristate(Box::new(ty))),
    };
    // An attribute a sparse fieldset left out was not sent, not defaulted:
    // no accessor may invent its value.
    let defaulted = !field.required && field.sparse_fieldset.is_none();
    let default =
        if defaulted { field.docs.default.as_ref().and_then(|d| default_value(ir, &field.shape, d)) } else { None };
    let mut docs = doc_lines(&field.docs, None);
    if let Some(param) = &field.sparse_fieldset {
        if !docs.is_empty() {
            docs.push(String::new());
        }
        docs.push(format!(
            "Sparse fieldset: absent from a response to a request whose `{param}` does not list `{}`.",
            field.json_name
        ));
    }
    FieldPlan {
        default,
        name,
        json_name: field.json_name.clone(),
        ty,
        presence,
        implied: presence == Presence::Required && is_const(ir, &field.shape),
        docs,
        deprecated: field.docs.deprecated,
    }
}

/// Whether values of the shape are a single-value type (a unit struct).
fn is_const(ir: &Ir, shape: &Shape) -> bool {
    const_value(ir, shape).is_some()
}

/// The default as a literal of the field's shape; `None` when it does not fit
/// (then it is only documented).
fn default_value(ir: &Ir, shape: &Shape, default: &serde_json::Value) -> Option<DefaultValue> {
    use serde_json::Value;
    match (shape, default) {
        (Shape::Bool, Value::Bool(b)) => Some(DefaultValue::Bool(*b)),
        (Shape::Integer, Value::Number(n)) => n.as_i64().map(DefaultValue::Integer),
        (Shape::Number, Value::Number(n)) => n.as_f64().filter(|f| f.is_finite()).map(DefaultValue::Number),
        (Shape::String, Value::String(s)) => Some(DefaultValue::Str(s.clone())),
        (Shape::Named(id), Value::String(s)) => match &ir.get(*id).kind {
            TypeKind::Enum { values } => values
                .iter()
                .find(|v| v.value == *s)
                .map(|v| DefaultValue::Variant { enum_type: ir.get(*id).name.clone(), variant: v.variant.clone() }),
            _ => None,
        },
        _ => None,
    }
}

fn boxed_if(boxed: bool, ty: RustType) -> RustType {
    if boxed {
        RustType::Box(Box::new(ty))
    } else {
        ty
    }
}

/// The Rust type of a value shape.
pub fn rust_type(ir: &Ir, shape: &Shape) -> RustType {
    match shape {
        Shape::Any => RustType::Json,
        Shape::Bool => RustType::Bool,
        Shape::Integer => RustType::I64,
        Shape::Number => RustType::Number,
        Shape::String => RustType::String,
        Shape::DateTime => RustType::DateTime,
        Shape::Date => RustType::Date,
        Shape::SizedInteger(width) => RustType::Primitive(match width {
            IntegerWidth::I8 => "i8",
            IntegerWidth::I16 => "i16",
            IntegerWidth::I32 => "i32",
            IntegerWidth::I128 => "i128",
            IntegerWidth::U8 => "u8",
            IntegerWidth::U16 => "u16",
            IntegerWidth::U32 => "u32",
            IntegerWidth::U64 => "u64",
            IntegerWidth::U128 => "u128",
        }),
        Shape::Array(item) => RustType::Vec(Box::new(rust_type(ir, item))),
        Shape::Tuple(items) => RustType::Tuple(items.iter().map(|item| rust_type(ir, item)).collect()),
        Shape::Map(value) if **value == Shape::Any => RustType::JsonObject,
        Shape::Map(value) => RustType::Map(Box::new(rust_type(ir, value))),
        Shape::Nullable(inner) => RustType::Option(Box::new(rust_type(ir, inner))),
        Shape::Named(id) => RustType::Named(ir.get(*id).name.clone()),
    }
}

/// Rustdoc lines from schema documentation.
pub(crate) fn doc_lines(docs: &Docs, type_name: Option<&str>) -> Vec<String> {
    let mut lines = Vec::new();
    let paragraph = |text: &str, lines: &mut Vec<String>| {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(text.trim().replace("\r\n", "\n").replace('\r', "\n").lines().map(|l| l.trim_end().to_owned()));
    };
    if let Some(title) = &docs.title {
        if Some(title.as_str()) != type_name {
            paragraph(title, &mut lines);
        }
    }
    if let Some(description) = &docs.description {
        paragraph(description, &mut lines);
    }
    let mut notes = Vec::new();
    if let Some(format) = &docs.format {
        notes.push(format!("Format: `{format}` (not checked: kept as a string)."));
    }
    if docs.read_only {
        notes.push("Read-only: sent by the API, ignored in requests.".to_owned());
    }
    if docs.write_only {
        notes.push("Write-only: accepted in requests, never returned.".to_owned());
    }
    if let Some(default) = &docs.default {
        notes.push(format!("Default: {}.", inline_code(&default.to_string())));
    }
    for example in &docs.examples {
        notes.push(format!("Example: {}.", inline_code(example)));
    }
    if !notes.is_empty() {
        paragraph(&notes.join("\n\n"), &mut lines);
    }
    lines
}

/// Markdown inline code that survives backticks in the text.
fn inline_code(text: &str) -> String {
    let text = text.replace('\n', " ");
    let fence = if text.contains('`') { "``" } else { "`" };
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Diagnostics;
    use crate::{load, Input, Options};

    /// The first doc line of each item generated from a JSON Schema, by name.
    fn summaries(schema: serde_json::Value) -> Vec<(String, String)> {
        let input = Input { path: "schema.json".to_owned(), text: schema.to_string() };
        let loaded = load::load(&[input]).unwrap();
        let (ir, _) = crate::resolve_and_analyze(&loaded, &[], Diagnostics::default()).unwrap();
        let items = super::lower(&ir, &Options::default()).items;
        items.into_iter().map(|item| (item.name, item.docs[0].clone())).collect()
    }

    /// Types with no title, description or place are summed up by their
    /// structure, not by their names in words.
    #[test]
    fn undescribed_types_are_summed_up_by_their_structure() {
        let branch = |tag: &str| {
            serde_json::json!({"type": "object", "required": ["kind"],
                "properties": {"kind": {"const": tag}, "size": {"type": "integer"}}})
        };
        let refs: Vec<serde_json::Value> =
            ["A", "B", "C", "D", "E"].iter().map(|t| serde_json::json!({"$ref": format!("#/$defs/{t}")})).collect();
        let schema = serde_json::json!({"$defs": {
            "Colour": {"enum": ["red", "orange", "yellow", "green", "blue", "indigo", "violet"]},
            "Shape": {"oneOf": refs, "discriminator": {"propertyName": "kind"}},
            "A": branch("a"), "B": branch("b"), "C": branch("c"), "D": branch("d"), "E": branch("e"),
            "Either": {"oneOf": [{"type": "string"}, {"$ref": "#/$defs/A"}]},
            "Profile": {"type": "object", "required": ["type", "id"], "properties": {
                "type": {"const": "profile"}, "id": {"type": "string"}, "attributes": {"type": "object"}}},
            "Stamps": {"type": "array", "items": {"type": "string", "format": "date-time"}},
            "Sizes": {"type": "object", "additionalProperties": {"$ref": "#/$defs/A"}},
            "When": {"type": "string", "format": "date-time"},
            "Wide": {"type": "object", "properties": {"a": {}, "b": {}, "c": {}, "d": {}, "e": {}, "f": {}}},
        }});
        let found = summaries(schema);
        let summary = |name: &str| found.iter().find(|(n, _)| n == name).map(|(_, s)| s.as_str()).unwrap();
        assert_eq!(summary("Colour"), "One of 7 string values, such as `red`, `orange` and `yellow`.");
        assert_eq!(summary("Shape"), "One of 5 shapes, told apart by `kind`.");
        assert_eq!(summary("A"), "An object with `kind` and `size`.");
        assert_eq!(summary("Either"), "One of a string or [`A`].");
        assert_eq!(summary("Profile"), "A JSON:API resource object of type `profile`.");
        assert_eq!(summary("Stamps"), "A list of RFC 3339 date-times.");
        assert_eq!(summary("Sizes"), "A map from strings to [`A`].");
        assert_eq!(summary("When"), "An RFC 3339 date-time.");
        assert_eq!(summary("Wide"), "An object with `a`, `b`, `c`, `d` and 2 more members.");
    }
}
