//! The intermediate model: what the input means, independent of how Rust
//! spells it in tokens. Built by `resolve`, completed by `analyze`, and
//! immutable from then on; nothing after `resolve` sees the raw documents.
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
    /// The operations of OpenAPI documents, in document and path order.
    pub operations: Vec<Operation>,
    /// Where and how the operations are sent (servers, security schemes).
    pub api: Api,
}

/// Where an API is served and how it authenticates requests: from the first
/// OpenAPI document that says (OpenAPI 3 `servers` and
/// `components.securitySchemes`; Swagger 2 `schemes`, `host`, `basePath` and
/// `securityDefinitions`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Api {
    /// The first server's URL, its variables replaced by their defaults
    /// (`https://a.example.com/v1`); a scheme-relative `//host` gets `https:`.
    /// `None` when no document declares one.
    pub server_url: Option<String>,
    /// The security schemes a client can authenticate with: first the ones
    /// the document's top-level `security` requires, in its order, then the
    /// others by name. Schemes a client cannot use (HTTP `digest`, mutual
    /// TLS) are left out.
    pub security_schemes: Vec<SecurityScheme>,
}

/// One security scheme (OpenAPI 3.1 §4.8.27).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// The scheme's key in `securitySchemes`.
    pub name: String,
    pub kind: SecuritySchemeKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecuritySchemeKind {
    /// `type: apiKey`: the key in the header, query parameter or cookie
    /// `parameter`, after `prefix` (a vendor convention, else empty).
    ApiKey { location: ApiKeyLocation, parameter: String, prefix: String },
    /// `type: http, scheme: bearer`, and OAuth 2.0 / OpenID Connect, whose
    /// access tokens are sent the same way (RFC 6750).
    Bearer,
    /// `type: http, scheme: basic` (RFC 7617).
    Basic,
}

/// Where an API key goes (`in`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    Header,
    Query,
    Cookie,
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

    /// The struct a shape names, following aliases; `None` for any other
    /// shape (and for a cycle of aliases).
    pub fn struct_behind(&self, shape: &Shape) -> Option<TypeId> {
        let mut shape = shape;
        for _ in 0..self.types.len() + 1 {
            let Shape::Named(id) = shape else { return None };
            match &self.get(*id).kind {
                TypeKind::Struct { .. } => return Some(*id),
                TypeKind::Alias { shape: next } => shape = next,
                _ => return None,
            }
        }
        None
    }
}

/// Where a type comes from: a file and a JSON pointer into it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    pub file: String,
    pub pointer: String,
}

/// Documentation carried over from the schema.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Docs {
    pub title: Option<String>,
    pub description: Option<String>,
    /// Example values, as compact JSON text.
    pub examples: Vec<String>,
    /// The `default` value.
    pub default: Option<serde_json::Value>,
    pub deprecated: bool,
    /// A string `format` the Rust type does not express (`uuid`, `uri`, `email`,
    /// `time`, `byte`, ...): the value stays a `String` and the docs say so.
    pub format: Option<String>,
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
    /// `null` is a value of the schema too (OpenAPI 3.0 `nullable`, a `null`
    /// in its `type` list or `enum`, a `{type: null}` branch). The type holds
    /// the other values; every reference carries the `null` as an `Option`.
    pub nullable: bool,
    /// Set by `analyze` (identical-type sharing): this inline type is
    /// identical to that one and became an alias of it.
    pub same_as: Option<TypeId>,
    /// Set by `analyze`: when the type is compiled, as sets of indices into
    /// [`Ir::areas`]: on when every set has an area whose feature is on. No
    /// sets: always compiled.
    pub area_gates: Vec<Vec<usize>>,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    /// An object with known properties, and what it allows beside them.
    Struct { fields: Vec<Field>, undeclared: Undeclared },
    /// A string enum of several values; always open (an unknown value is kept).
    Enum { values: Vec<EnumValue> },
    /// A string with exactly one allowed value (the JSON:API `type` tag).
    Const { value: String },
    /// `oneOf` / `anyOf`: one of several shapes.
    Union { variants: Vec<Variant>, tag: Option<String> },
    /// A schema that names another shape (`type: string`, an array, a `$ref`).
    Alias { shape: Shape },
}

/// What an object allows beside its declared properties (JSON Schema
/// `additionalProperties`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Undeclared {
    /// Any member (`additionalProperties` absent, `true` or `{}`): kept as read.
    Kept,
    /// None (`additionalProperties: false`): an undeclared member is an error.
    Rejected,
    /// Members whose values have this shape (`additionalProperties: {schema}`).
    Typed(Shape),
}

/// A property of a struct.
#[derive(Debug, Clone)]
pub struct Field {
    /// The property name in JSON (its Rust name is `lower`'s business:
    /// `lower::field_names`).
    pub json_name: String,
    /// The shape of a present, non-null value.
    pub shape: Shape,
    pub required: bool,
    pub nullable: bool,
    /// Set by the recursion pass: the field must be boxed to give the type a size.
    pub boxed: bool,
    /// Set by `analyze` (sparse fieldsets): a JSON:API resource
    /// attribute that a response leaves out unless this sparse fieldset
    /// parameter (`fields[profile]`) lists it. Such a field is never required.
    pub sparse_fieldset: Option<String>,
    pub docs: Docs,
}

/// One allowed value of an enum.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
    /// Any `number` (`float` and `double` too): `crate::Number`, which keeps
    /// integer and fraction apart, so no width is chosen.
    Number,
    String,
    /// `format: date-time`.
    DateTime,
    /// `format: date` (RFC 3339 full-date, `2024-01-31`).
    Date,
    /// An integer whose `format` or range fixes a width other than 64-bit
    /// signed (`int32`, `uint64`, `minimum: 0, maximum: 2^64`). Plain
    /// `integer` is [`Shape::Integer`].
    SizedInteger(IntegerWidth),
    Array(Box<Shape>),
    /// A fixed-length array (`prefixItems`, or draft-07 `items: [...]`, with
    /// no further items allowed): one shape per position.
    Tuple(Vec<Shape>),
    /// An object with arbitrary keys and values of one shape.
    Map(Box<Shape>),
    /// A value that may also be `null`.
    Nullable(Box<Shape>),
    Named(TypeId),
}

/// One API operation: a method of an OpenAPI `paths` entry.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The `operationId` as written; for an operation without one, a name
    /// made of its method and path (`get_pets_pet_id`), see `id_declared`.
    pub id: String,
    /// Whether `id` is the document's `operationId`.
    pub id_declared: bool,
    /// Other ids the same operation is known by (a vendor extension, see `vendor`).
    pub aliases: Vec<String>,
    pub method: Method,
    /// The path template (`/api/profiles/{id}`).
    pub path: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// OpenAPI tags (the areas that enable the operation).
    pub tags: Vec<String>,
    /// The scopes it needs: the vendor's list (see `vendor`), else the
    /// scopes of its security requirements.
    pub scopes: Vec<String>,
    /// Whether requests carry credentials: `false` only when the operation
    /// declares `security: []` (no requirement).
    pub authenticated: bool,
    /// Its documented rate limits (a vendor convention, see `vendor`).
    pub rate_limit: RateLimit,
    pub params: Vec<Param>,
    pub body: Body,
    /// Every 2xx response, in status order; never empty: an operation that
    /// declares none has one `Response::Empty` of status `2XX`.
    pub responses: Vec<Response>,
    /// Cookie parameters, which the request does not model.
    pub unmodelled_params: Vec<String>,
    /// The default of the `revision` header parameter (`2026-07-15`), for
    /// the crate's `REVISION` constant (the header is sent as a parameter).
    pub revision: Option<String>,
    /// The media types of the 2xx responses, sent as `accept` (empty: none).
    pub accept: Vec<String>,
    pub origin: Origin,
}

impl Operation {
    /// The response the client decodes: the first 2xx in status order.
    pub fn response(&self) -> &Response {
        &self.responses[0]
    }
}

/// The width and signedness of a [`Shape::SizedInteger`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IntegerWidth {
    I8,
    I16,
    I32,
    I128,
    U8,
    U16,
    U32,
    U64,
    U128,
}

/// The HTTP method of an operation: the operation fields of an OpenAPI Path
/// Item (OpenAPI 3.1 §4.8.9; Swagger 2.0 has the same but `trace`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    /// Every method, in the order the specification lists the Path Item's
    /// fields; the one list every stage reads operations by.
    pub const ALL: [Method; 8] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Options,
        Method::Head,
        Method::Patch,
        Method::Trace,
    ];

    /// The Path Item field (`get`).
    pub fn key(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }

    /// The method as sent (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// Rate limits as counts per period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RateLimit {
    pub burst: Option<Limit>,
    pub steady: Option<Limit>,
    pub daily: Option<Limit>,
}

/// `75/s`: a count per period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub count: u32,
    pub period: Period,
}

/// The window of a rate limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Second,
    Minute,
    Hour,
    Day,
}

impl Period {
    /// The unit as written in `75/s`: `s`, `m`, `h`, `d`.
    pub fn unit(self) -> char {
        match self {
            Period::Second => 's',
            Period::Minute => 'm',
            Period::Hour => 'h',
            Period::Day => 'd',
        }
    }
}

/// A path, query or header parameter.
#[derive(Debug, Clone)]
pub struct Param {
    /// The name as sent (`fields[profile]`, `page[cursor]`, `id`, `revision`).
    pub name: String,
    pub location: ParamIn,
    pub required: bool,
    pub description: Option<String>,
    pub kind: ParamKind,
    /// The schema's `default` as the text sent (`2026-07-15`, `20`), for a
    /// parameter that is sent with it when the caller sets none (headers).
    pub default: Option<String>,
}

/// Where a parameter goes (`in`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamIn {
    Path,
    Query,
    Header,
}

#[derive(Debug, Clone)]
pub enum ParamKind {
    /// A single value of a primitive shape (string, integer, number, boolean, date-time).
    Value(Shape),
    /// One of listed strings.
    Enum(Vec<String>),
    /// A comma-separated list of listed strings (`fields[...]`, `include`).
    EnumList(Vec<String>),
    /// A JSON:API `filter` expression, with the fields and operators the
    /// vendor conventions (`vendor`) say it allows.
    Filter(Vec<FilterField>),
}

/// A field a `filter` may test, and how.
#[derive(Debug, Clone)]
pub struct FilterField {
    pub field: String,
    /// Operators that take one value (`equals`, `greater-than`).
    pub single: Vec<String>,
    /// Operators that take a list (`any`).
    pub list: Vec<String>,
    /// Operators that take no value (`has`).
    pub unary: Vec<String>,
    pub value: FilterValueKind,
}

/// The type of a filter field's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterValueKind {
    String,
    Enum(Vec<String>),
    DateTime,
    Boolean,
    Integer,
    Number,
    /// Not documented (older revisions list only field and operator names).
    Unknown,
}

/// The request body.
#[derive(Debug, Clone)]
pub enum Body {
    None,
    /// A JSON document of this shape, sent as `media_type` (`application/json`,
    /// `application/vnd.api+json`).
    Json {
        shape: Shape,
        required: bool,
        media_type: String,
    },
    /// A `multipart/form-data` body: one part per property of its object schema.
    Multipart {
        parts: Vec<Part>,
        required: bool,
    },
    /// A body in a media type this generator does not model.
    Unmodelled {
        media_type: String,
    },
}

/// One part of a `multipart/form-data` body (a property of its schema).
#[derive(Debug, Clone)]
pub struct Part {
    /// The property name, sent as the part's `name`.
    pub name: String,
    pub required: bool,
    pub description: Option<String>,
    pub kind: PartKind,
    /// The part's `Content-Type` from the media type's `encoding` object,
    /// else the schema's `contentMediaType`; for a file, the one sent when
    /// the caller gives none.
    pub content_type: Option<String>,
}

/// What a multipart part carries.
#[derive(Debug, Clone)]
pub enum PartKind {
    /// A file (`format: binary`, or OpenAPI 3.1 `contentMediaType`): bytes,
    /// a filename and a content type; `list`: an array of them, one part each.
    File { list: bool },
    /// A value: strings as they are, anything else as JSON text; `list`: an
    /// array, one part per item.
    Text { shape: Shape, list: bool },
}

/// A successful (2xx) response.
#[derive(Debug, Clone)]
pub enum Response {
    /// A JSON document of this shape.
    Json { status: String, shape: Shape },
    /// Text (`text/plain`, `text/csv`, any `text/*` media type), read as a string.
    Text { status: String },
    /// No body (`202`, `204`).
    Empty { status: String },
}
