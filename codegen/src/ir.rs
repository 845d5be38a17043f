//! The intermediate model: what the input means, independent of how Rust
//! spells it in tokens. Built by `resolve`, complete and immutable before
//! `lower` starts; nothing after this stage sees the raw input documents.
//!
//! Every named type lives in one arena ([`Ir::types`]) addressed by
//! [`TypeId`]; references between types (including cycles) are ids.

/// Index of a type in [`Ir::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// The whole model of one run.
#[derive(Debug, Default)]
pub struct Ir {
    pub types: Vec<TypeDef>,
    /// OpenAPI tags and the types their operations use (directly, before
    /// closure): the basis of per-area cargo features.
    pub areas: Vec<Area>,
}

/// The operations of one OpenAPI tag, as far as types are concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Area {
    /// The tag as written (`Custom Objects`).
    pub tag: String,
    /// Types referenced by the tag's operations (parameters, bodies, responses).
    pub roots: Vec<TypeId>,
}

impl Ir {
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }
}

/// Where a type comes from: a file and a JSON pointer into it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    pub file: String,
    pub pointer: String,
}

/// Documentation carried over from the schema.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Docs {
    pub title: Option<String>,
    pub description: Option<String>,
    /// Example values, as compact JSON text.
    pub examples: Vec<String>,
    /// The `default` value.
    pub default: Option<serde_json::Value>,
    pub deprecated: bool,
    pub read_only: bool,
    pub write_only: bool,
}

/// A type with a name of its own.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// The Rust name, final (collisions already settled).
    pub name: String,
    /// The original schema name for component / `$defs` schemas.
    pub schema_name: Option<String>,
    pub origin: Origin,
    pub docs: Docs,
    pub kind: TypeKind,
    /// Set by [`crate::graph::share_identical_types`]: this inline type is
    /// identical to that one and became an alias of it.
    pub same_as: Option<TypeId>,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    /// An object with known properties.
    Struct { fields: Vec<Field> },
    /// A string enum of several values; always open (an unknown value is kept).
    Enum { values: Vec<EnumValue> },
    /// A string with exactly one allowed value (the JSON:API `type` tag).
    Const { value: String },
    /// `oneOf` / `anyOf`: one of several shapes.
    Union { variants: Vec<Variant>, tag: Option<String> },
    /// A schema that names another shape (`type: string`, an array, a `$ref`).
    Alias { shape: Shape },
}

/// A property of a struct.
#[derive(Debug, Clone)]
pub struct Field {
    /// The property name in JSON.
    pub json_name: String,
    /// The Rust field name, final.
    pub rust_name: String,
    /// The shape of a present, non-null value.
    pub shape: Shape,
    pub required: bool,
    pub nullable: bool,
    /// Set by the recursion pass: the field must be boxed to give the type a size.
    pub boxed: bool,
    pub docs: Docs,
}

/// One allowed value of an enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumValue {
    pub value: String,
    pub variant: String,
}

/// One branch of a union.
#[derive(Debug, Clone)]
pub struct Variant {
    pub name: String,
    pub shape: Shape,
    /// The value of the union's tag property that selects this branch.
    pub tag_value: Option<String>,
    /// Set by the recursion pass.
    pub boxed: bool,
}

/// The shape of a value: a primitive, a container, or a named type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Shape {
    /// Anything (free-form JSON).
    Any,
    Bool,
    Integer,
    Number,
    String,
    /// `format: date-time`.
    DateTime,
    Array(Box<Shape>),
    /// An object with arbitrary keys and values of one shape.
    Map(Box<Shape>),
    /// A value that may also be `null`.
    Nullable(Box<Shape>),
    Named(TypeId),
}
