//! Stage 1c: check each document against its dialect's vocabulary, after
//! load (and overlays) and before resolve, so a mistake in a schema is
//! reported instead of passing silently (`"type": "strin"` becoming
//! `serde_json::Value`, `"itmes"` ignored).
//!
//! The dialect is the document's: Swagger 2.0, OpenAPI 3.0, OpenAPI 3.1, or
//! JSON Schema (any draft from 4 to 2020-12). The checker knows each one's
//! vocabulary: the keyword names of a schema and the JSON type of each
//! keyword's value, the `type` names, and the fields of the OpenAPI objects
//! (Operation, Parameter, Response, MediaType, Components, ...), each with the
//! type of its value. Extension members (`x-…`) are always allowed. It reports:
//!
//! - [`Code::UnknownTypeName`] (error): a `type` no specification defines,
//!   with the nearest name (`strin` → `string`);
//! - [`Code::InvalidKeywordValue`] (error): a value of the wrong JSON type
//!   where the generator reads it (`"properties": []`);
//! - [`Code::UnknownKeyword`] (warning): a keyword or field the dialect does
//!   not define, with the nearest known one (`itmes` → `items`, `respones` →
//!   `responses`), or one of another dialect (`nullable` in OpenAPI 3.1);
//! - [`Code::RequiredWithoutProperty`] (warning): a `required` entry naming no
//!   member of `properties` where nothing else could declare it;
//! - [`Code::NonConforming`] (warning): any other value that does not conform
//!   and that the generator does without (`"minLength": "3"`).
//!
//! Across the OpenAPI documents (see [`check_operations`]) it reports
//! [`Code::UnknownSecurityScheme`] (a security requirement naming no declared
//! scheme), [`Code::UnknownSecuritySchemeType`] (`type: htp`, or none),
//! [`Code::UnusableSecurityScheme`] (a scheme the client cannot send, such as
//! `mutualTLS`: left out of the client) and [`Code::DuplicateOperationId`].
//!
//! Vocabularies differ in whether unknown members are mistakes. OpenAPI's
//! objects and the schemas of Swagger 2.0 and OpenAPI 3.0 are closed (only
//! their fields and `x-…`): every unknown member is reported. JSON Schema
//! (and so OpenAPI 3.1's schemas) allows keywords of one's own: an unknown
//! keyword is reported only when it is within a typo of a known one.
//! Keywords of every JSON Schema draft are known in a JSON Schema document,
//! as the generator reads them all the same.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::ir::Method;
use crate::load::{self, Document, DocumentKind, Loaded};
use crate::pointer;
use crate::resolve::api;

/// Check every document of a run.
pub fn check(loaded: &Loaded) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    for document in &loaded.documents {
        check_document(document, &mut diagnostics);
    }
    check_operations(loaded, &mut diagnostics);
    diagnostics.normalize();
    diagnostics
}

/// The vocabularies a document can be written in; a bit each, so a keyword
/// or field lists the dialects that define it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dialect {
    Swagger2,
    OpenApi30,
    OpenApi31,
    JsonSchema,
}

impl Dialect {
    fn bit(self) -> u8 {
        match self {
            Dialect::Swagger2 => SW,
            Dialect::OpenApi30 => O30,
            Dialect::OpenApi31 => O31,
            Dialect::JsonSchema => JS,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Dialect::Swagger2 => "Swagger 2.0",
            Dialect::OpenApi30 => "OpenAPI 3.0",
            Dialect::OpenApi31 => "OpenAPI 3.1",
            Dialect::JsonSchema => "JSON Schema",
        }
    }

    /// Whether a schema may carry keywords of its own (JSON Schema's rule).
    fn open_schemas(self) -> bool {
        matches!(self, Dialect::OpenApi31 | Dialect::JsonSchema)
    }
}

const SW: u8 = 1;
const O30: u8 = 2;
const O31: u8 = 4;
const JS: u8 = 8;
const V3: u8 = O30 | O31;
const OAS: u8 = SW | V3;
const ALL: u8 = OAS | JS;
/// JSON Schema keywords: JSON Schema documents and OpenAPI 3.1's schemas.
const JS31: u8 = JS | O31;

/// What a keyword's or field's value must be.
#[derive(Clone, Copy)]
enum Kind {
    Any,
    Str,
    Bool,
    Number,
    /// A non-negative integer.
    Count,
    Strings,
    /// An array of anything (`enum`, `examples`).
    Array,
    /// An object of anything (`$vocabulary`, an example's `value` map).
    Map,
    /// An object of strings (a discriminator's `mapping`).
    StrMap,
    /// An object of string arrays (`dependentRequired`, a security requirement).
    StringsMap,
    Schema,
    Schemas,
    SchemaMap,
    /// `items`: a schema, or (before 2020-12) an array of them.
    SchemaOrSchemas,
    /// `dependencies`: an object of schemas or string arrays.
    Dependencies,
    /// `type`: a type name or an array of them.
    Type,
    /// `exclusiveMinimum` / `exclusiveMaximum`: a boolean in draft 4, OpenAPI
    /// 3.0 and Swagger 2.0, a number from draft 6 and in OpenAPI 3.1.
    Exclusive,
    /// `discriminator`: an object in OpenAPI 3, a property name in Swagger 2.0.
    Discriminator,
    /// A parameter's `in`.
    In,
    Object(&'static Spec),
    MapOf(&'static Spec),
    List(&'static Spec),
}

impl Kind {
    fn describe(self, dialect: Dialect) -> &'static str {
        match self {
            Kind::Any => "any value",
            Kind::Str | Kind::In => "a string",
            Kind::Bool => "a boolean",
            Kind::Number => "a number",
            Kind::Count => "a non-negative integer",
            Kind::Strings => "an array of strings",
            Kind::Array => "an array",
            Kind::Map | Kind::Object(_) => "an object",
            Kind::StrMap => "an object of strings",
            Kind::StringsMap => "an object of string arrays",
            Kind::Schema => "a schema (an object or a boolean)",
            Kind::Schemas => "an array of schemas",
            Kind::SchemaMap => "an object of schemas",
            Kind::SchemaOrSchemas => "a schema or an array of schemas",
            Kind::Dependencies => "an object of schemas or string arrays",
            Kind::Type => "a type name or an array of type names",
            Kind::Exclusive => match exclusive(dialect) {
                Exclusive::Bool => "a boolean",
                Exclusive::Number => "a number",
                Exclusive::Either => "a number (or, in draft 4, a boolean)",
            },
            Kind::Discriminator if dialect == Dialect::Swagger2 => "a property name (a string)",
            Kind::Discriminator => "an object (`propertyName`, `mapping`)",
            Kind::MapOf(_) => "an object",
            Kind::List(_) => "an array",
        }
    }
}

enum Exclusive {
    Bool,
    Number,
    Either,
}

fn exclusive(dialect: Dialect) -> Exclusive {
    match dialect {
        Dialect::Swagger2 | Dialect::OpenApi30 => Exclusive::Bool,
        Dialect::OpenApi31 => Exclusive::Number,
        Dialect::JsonSchema => Exclusive::Either,
    }
}

/// A keyword of a schema or a field of an OpenAPI object.
struct Field {
    name: &'static str,
    kind: Kind,
    /// Whether the generator reads the value: a wrong type there leaves it
    /// nothing sensible to generate, so it is an error; elsewhere a warning.
    reads: bool,
    /// The dialects that define it.
    dialects: u8,
    /// For a field of another dialect: what to write instead.
    instead: &'static str,
}

const fn f(name: &'static str, kind: Kind, dialects: u8) -> Field {
    Field { name, kind, reads: false, dialects, instead: "" }
}

/// A field the generator reads.
const fn r(name: &'static str, kind: Kind, dialects: u8) -> Field {
    Field { name, kind, reads: true, dialects, instead: "" }
}

const fn instead(field: Field, instead: &'static str) -> Field {
    Field { instead, ..field }
}

/// An OpenAPI object: its fixed fields, and what its other keys (a map's
/// entries) must be.
struct Spec {
    name: &'static str,
    /// Groups of fields (shared groups are listed by name).
    fields: &'static [&'static [Field]],
    entries: Option<(Keys, Kind)>,
    /// May be a Reference Object (`$ref`), checked as that alone.
    reference: bool,
}

impl Spec {
    fn all_fields(&self) -> impl Iterator<Item = &Field> + Clone {
        self.fields.iter().flat_map(|group| group.iter())
    }
}

#[derive(Clone, Copy)]
enum Keys {
    /// Any key (a map by name).
    Any,
    /// Paths: `/…`.
    Path,
    /// Responses: HTTP status codes (`200`; `2XX` from OpenAPI 3).
    Status,
}

// The vocabulary of schemas.

static SCHEMA: &[Field] = &[
    // Its value is checked by resolve, which follows it.
    r("$ref", Kind::Any, ALL),
    f("$schema", Kind::Str, JS31),
    r("$id", Kind::Str, JS31),
    f("id", Kind::Str, JS31),
    r("$anchor", Kind::Str, JS31),
    f("$dynamicRef", Kind::Str, JS31),
    f("$dynamicAnchor", Kind::Str, JS31),
    f("$recursiveRef", Kind::Str, JS31),
    f("$recursiveAnchor", Kind::Bool, JS31),
    f("$vocabulary", Kind::Map, JS31),
    f("$comment", Kind::Str, JS31),
    r("$defs", Kind::SchemaMap, JS31),
    r("definitions", Kind::SchemaMap, JS31),
    f("title", Kind::Str, ALL),
    f("description", Kind::Str, ALL),
    f("default", Kind::Any, ALL),
    instead(f("examples", Kind::Array, JS31), "`example` (one value)"),
    f("example", Kind::Any, ALL),
    instead(f("const", Kind::Any, JS31), "an `enum` of one value"),
    r("enum", Kind::Array, ALL),
    f("deprecated", Kind::Bool, JS31 | V3),
    f("readOnly", Kind::Bool, ALL),
    f("writeOnly", Kind::Bool, JS31 | V3),
    r("type", Kind::Type, ALL),
    f("format", Kind::Str, ALL),
    f("multipleOf", Kind::Number, ALL),
    f("maximum", Kind::Number, ALL),
    f("minimum", Kind::Number, ALL),
    f("exclusiveMaximum", Kind::Exclusive, ALL),
    f("exclusiveMinimum", Kind::Exclusive, ALL),
    f("maxLength", Kind::Count, ALL),
    f("minLength", Kind::Count, ALL),
    f("pattern", Kind::Str, ALL),
    f("maxItems", Kind::Count, ALL),
    f("minItems", Kind::Count, ALL),
    f("uniqueItems", Kind::Bool, ALL),
    f("maxContains", Kind::Count, JS31),
    f("minContains", Kind::Count, JS31),
    f("maxProperties", Kind::Count, ALL),
    f("minProperties", Kind::Count, ALL),
    r("required", Kind::Strings, ALL),
    f("dependentRequired", Kind::StringsMap, JS31),
    f("dependencies", Kind::Dependencies, JS31),
    f("dependentSchemas", Kind::SchemaMap, JS31),
    r("allOf", Kind::Schemas, ALL),
    r("anyOf", Kind::Schemas, JS31 | V3),
    r("oneOf", Kind::Schemas, JS31 | V3),
    f("not", Kind::Schema, JS31 | V3),
    f("if", Kind::Schema, JS31),
    f("then", Kind::Schema, JS31),
    f("else", Kind::Schema, JS31),
    r("items", Kind::SchemaOrSchemas, ALL),
    r("prefixItems", Kind::Schemas, JS31),
    f("additionalItems", Kind::Schema, JS31),
    f("contains", Kind::Schema, JS31),
    f("unevaluatedItems", Kind::Schema, JS31),
    r("properties", Kind::SchemaMap, ALL),
    r("patternProperties", Kind::SchemaMap, JS31),
    r("additionalProperties", Kind::Schema, ALL),
    f("unevaluatedProperties", Kind::Schema, JS31),
    f("propertyNames", Kind::Schema, JS31),
    f("contentMediaType", Kind::Str, JS31),
    f("contentEncoding", Kind::Str, JS31),
    f("contentSchema", Kind::Schema, JS31),
    instead(
        r("nullable", Kind::Bool, O30 | JS),
        "`type: [..., \"null\"]` (OpenAPI 3.1), or the `x-nullable: true` extension (Swagger 2.0)",
    ),
    r("discriminator", Kind::Discriminator, OAS | JS),
    f("xml", Kind::Object(&XML), OAS | JS),
    f("externalDocs", Kind::Object(&EXTERNAL_DOCS), OAS | JS),
];

/// The `type` names of JSON Schema; Swagger 2.0 adds `file`.
const TYPE_NAMES: &[&str] = &["string", "number", "integer", "boolean", "object", "array", "null"];

// The objects of OpenAPI (3.0, 3.1) and Swagger 2.0.

static ROOT: Spec = Spec {
    name: "document",
    fields: &[&[
        f("openapi", Kind::Str, V3),
        f("swagger", Kind::Str, SW),
        f("info", Kind::Object(&INFO), OAS),
        f("jsonSchemaDialect", Kind::Str, O31),
        f("servers", Kind::List(&SERVER), V3),
        f("host", Kind::Str, SW),
        f("basePath", Kind::Str, SW),
        f("schemes", Kind::Strings, SW),
        f("consumes", Kind::Strings, SW),
        f("produces", Kind::Strings, SW),
        r("paths", Kind::Object(&PATHS), OAS),
        f("webhooks", Kind::MapOf(&PATH_ITEM), O31),
        r("components", Kind::Object(&COMPONENTS), V3),
        instead(r("definitions", Kind::SchemaMap, SW), "`components.schemas`"),
        f("parameters", Kind::MapOf(&PARAMETER), SW),
        f("responses", Kind::MapOf(&RESPONSE), SW),
        f("securityDefinitions", Kind::MapOf(&SECURITY_SCHEME), SW),
        f("security", Kind::List(&SECURITY_REQUIREMENT), OAS),
        f("tags", Kind::List(&TAG), OAS),
        f("externalDocs", Kind::Object(&EXTERNAL_DOCS), OAS),
    ]],
    entries: None,
    reference: false,
};

static INFO: Spec = Spec {
    name: "Info",
    fields: &[&[
        f("title", Kind::Str, OAS),
        f("summary", Kind::Str, O31),
        f("description", Kind::Str, OAS),
        f("termsOfService", Kind::Str, OAS),
        f("contact", Kind::Object(&CONTACT), OAS),
        f("license", Kind::Object(&LICENSE), OAS),
        f("version", Kind::Str, OAS),
    ]],
    entries: None,
    reference: false,
};

static CONTACT: Spec = Spec {
    name: "Contact",
    fields: &[&[f("name", Kind::Str, OAS), f("url", Kind::Str, OAS), f("email", Kind::Str, OAS)]],
    entries: None,
    reference: false,
};

static LICENSE: Spec = Spec {
    name: "License",
    fields: &[&[f("name", Kind::Str, OAS), f("identifier", Kind::Str, O31), f("url", Kind::Str, OAS)]],
    entries: None,
    reference: false,
};

static SERVER: Spec = Spec {
    name: "Server",
    fields: &[&[
        f("url", Kind::Str, V3),
        f("description", Kind::Str, V3),
        f("variables", Kind::MapOf(&SERVER_VARIABLE), V3),
    ]],
    entries: None,
    reference: false,
};

static SERVER_VARIABLE: Spec = Spec {
    name: "Server Variable",
    fields: &[&[f("enum", Kind::Strings, V3), f("default", Kind::Str, V3), f("description", Kind::Str, V3)]],
    entries: None,
    reference: false,
};

static COMPONENTS: Spec = Spec {
    name: "Components",
    fields: &[&[
        r("schemas", Kind::SchemaMap, V3),
        f("responses", Kind::MapOf(&RESPONSE), V3),
        r("parameters", Kind::MapOf(&PARAMETER), V3),
        f("examples", Kind::MapOf(&EXAMPLE), V3),
        r("requestBodies", Kind::MapOf(&REQUEST_BODY), V3),
        f("headers", Kind::MapOf(&HEADER), V3),
        f("securitySchemes", Kind::MapOf(&SECURITY_SCHEME), V3),
        f("links", Kind::MapOf(&LINK), V3),
        f("callbacks", Kind::MapOf(&CALLBACK), V3),
        f("pathItems", Kind::MapOf(&PATH_ITEM), O31),
    ]],
    entries: None,
    reference: false,
};

static PATHS: Spec =
    Spec { name: "Paths", fields: &[], entries: Some((Keys::Path, Kind::Object(&PATH_ITEM))), reference: false };

static PATH_ITEM: Spec = Spec {
    name: "Path Item",
    fields: &[&[
        f("$ref", Kind::Str, OAS),
        f("summary", Kind::Str, V3),
        f("description", Kind::Str, V3),
        r("get", Kind::Object(&OPERATION), OAS),
        r("put", Kind::Object(&OPERATION), OAS),
        r("post", Kind::Object(&OPERATION), OAS),
        r("delete", Kind::Object(&OPERATION), OAS),
        f("options", Kind::Object(&OPERATION), OAS),
        f("head", Kind::Object(&OPERATION), OAS),
        r("patch", Kind::Object(&OPERATION), OAS),
        f("trace", Kind::Object(&OPERATION), V3),
        f("servers", Kind::List(&SERVER), V3),
        r("parameters", Kind::List(&PARAMETER), OAS),
    ]],
    entries: None,
    reference: false,
};

static OPERATION: Spec = Spec {
    name: "Operation",
    fields: &[&[
        f("tags", Kind::Strings, OAS),
        f("summary", Kind::Str, OAS),
        f("description", Kind::Str, OAS),
        f("externalDocs", Kind::Object(&EXTERNAL_DOCS), OAS),
        r("operationId", Kind::Str, OAS),
        f("consumes", Kind::Strings, SW),
        f("produces", Kind::Strings, SW),
        r("parameters", Kind::List(&PARAMETER), OAS),
        r("requestBody", Kind::Object(&REQUEST_BODY), V3),
        r("responses", Kind::Object(&RESPONSES), OAS),
        f("callbacks", Kind::MapOf(&CALLBACK), V3),
        f("schemes", Kind::Strings, SW),
        f("deprecated", Kind::Bool, OAS),
        f("security", Kind::List(&SECURITY_REQUIREMENT), OAS),
        f("servers", Kind::List(&SERVER), V3),
    ]],
    entries: None,
    reference: false,
};

static EXTERNAL_DOCS: Spec = Spec {
    name: "External Documentation",
    fields: &[&[f("description", Kind::Str, ALL), f("url", Kind::Str, ALL)]],
    entries: None,
    reference: false,
};

/// The fields a Swagger 2.0 parameter (not in the body), header and items
/// object have to describe a primitive value.
static SWAGGER_PRIMITIVE: &[Field] = &[
    f("type", Kind::Type, SW),
    f("format", Kind::Str, SW),
    f("items", Kind::Object(&ITEMS), SW),
    f("collectionFormat", Kind::Str, SW),
    f("default", Kind::Any, SW),
    f("maximum", Kind::Number, SW),
    f("exclusiveMaximum", Kind::Bool, SW),
    f("minimum", Kind::Number, SW),
    f("exclusiveMinimum", Kind::Bool, SW),
    f("maxLength", Kind::Count, SW),
    f("minLength", Kind::Count, SW),
    f("pattern", Kind::Str, SW),
    f("maxItems", Kind::Count, SW),
    f("minItems", Kind::Count, SW),
    f("uniqueItems", Kind::Bool, SW),
    f("enum", Kind::Array, SW),
    f("multipleOf", Kind::Number, SW),
];

static ITEMS: Spec = Spec { name: "Items", fields: &[SWAGGER_PRIMITIVE], entries: None, reference: false };

static PARAMETER: Spec = Spec {
    name: "Parameter",
    fields: &[
        &[
            r("name", Kind::Str, OAS),
            r("in", Kind::In, OAS),
            f("description", Kind::Str, OAS),
            r("required", Kind::Bool, OAS),
            f("deprecated", Kind::Bool, V3),
            f("allowEmptyValue", Kind::Bool, OAS),
            f("style", Kind::Str, V3),
            f("explode", Kind::Bool, V3),
            f("allowReserved", Kind::Bool, V3),
            r("schema", Kind::Schema, OAS),
            f("example", Kind::Any, V3),
            f("examples", Kind::MapOf(&EXAMPLE), V3),
            f("content", Kind::MapOf(&MEDIA_TYPE), V3),
        ],
        SWAGGER_PRIMITIVE,
    ],
    entries: None,
    reference: true,
};

static HEADER: Spec = Spec {
    name: "Header",
    fields: &[
        &[
            f("description", Kind::Str, OAS),
            f("required", Kind::Bool, V3),
            f("deprecated", Kind::Bool, V3),
            f("allowEmptyValue", Kind::Bool, V3),
            f("style", Kind::Str, V3),
            f("explode", Kind::Bool, V3),
            f("allowReserved", Kind::Bool, V3),
            f("schema", Kind::Schema, V3),
            f("example", Kind::Any, V3),
            f("examples", Kind::MapOf(&EXAMPLE), V3),
            f("content", Kind::MapOf(&MEDIA_TYPE), V3),
        ],
        SWAGGER_PRIMITIVE,
    ],
    entries: None,
    reference: true,
};

static REQUEST_BODY: Spec = Spec {
    name: "Request Body",
    fields: &[&[
        f("description", Kind::Str, V3),
        r("content", Kind::MapOf(&MEDIA_TYPE), V3),
        f("required", Kind::Bool, V3),
    ]],
    entries: None,
    reference: true,
};

static MEDIA_TYPE: Spec = Spec {
    name: "Media Type",
    fields: &[&[
        r("schema", Kind::Schema, V3),
        f("example", Kind::Any, V3),
        f("examples", Kind::MapOf(&EXAMPLE), V3),
        f("encoding", Kind::MapOf(&ENCODING), V3),
    ]],
    entries: None,
    reference: false,
};

static ENCODING: Spec = Spec {
    name: "Encoding",
    fields: &[&[
        f("contentType", Kind::Str, V3),
        f("headers", Kind::MapOf(&HEADER), V3),
        f("style", Kind::Str, V3),
        f("explode", Kind::Bool, V3),
        f("allowReserved", Kind::Bool, V3),
    ]],
    entries: None,
    reference: false,
};

static RESPONSES: Spec = Spec {
    name: "Responses",
    fields: &[&[r("default", Kind::Object(&RESPONSE), OAS)]],
    entries: Some((Keys::Status, Kind::Object(&RESPONSE))),
    reference: false,
};

static RESPONSE: Spec = Spec {
    name: "Response",
    fields: &[&[
        f("description", Kind::Str, OAS),
        f("headers", Kind::MapOf(&HEADER), OAS),
        r("content", Kind::MapOf(&MEDIA_TYPE), V3),
        f("links", Kind::MapOf(&LINK), V3),
        r("schema", Kind::Schema, SW),
        f("examples", Kind::Map, SW),
    ]],
    entries: None,
    reference: true,
};

static CALLBACK: Spec =
    Spec { name: "Callback", fields: &[], entries: Some((Keys::Any, Kind::Object(&PATH_ITEM))), reference: true };

static EXAMPLE: Spec = Spec {
    name: "Example",
    fields: &[&[
        f("summary", Kind::Str, V3),
        f("description", Kind::Str, V3),
        f("value", Kind::Any, V3),
        f("externalValue", Kind::Str, V3),
    ]],
    entries: None,
    reference: true,
};

static LINK: Spec = Spec {
    name: "Link",
    fields: &[&[
        f("operationRef", Kind::Str, V3),
        f("operationId", Kind::Str, V3),
        f("parameters", Kind::Map, V3),
        f("requestBody", Kind::Any, V3),
        f("description", Kind::Str, V3),
        f("server", Kind::Object(&SERVER), V3),
    ]],
    entries: None,
    reference: true,
};

static TAG: Spec = Spec {
    name: "Tag",
    fields: &[&[
        f("name", Kind::Str, OAS),
        f("description", Kind::Str, OAS),
        f("externalDocs", Kind::Object(&EXTERNAL_DOCS), OAS),
    ]],
    entries: None,
    reference: false,
};

static SECURITY_SCHEME: Spec = Spec {
    name: "Security Scheme",
    fields: &[&[
        r("type", Kind::Str, OAS),
        f("description", Kind::Str, OAS),
        f("name", Kind::Str, OAS),
        f("in", Kind::Str, OAS),
        f("scheme", Kind::Str, V3),
        f("bearerFormat", Kind::Str, V3),
        f("flows", Kind::Object(&OAUTH_FLOWS), V3),
        f("openIdConnectUrl", Kind::Str, V3),
        f("flow", Kind::Str, SW),
        f("authorizationUrl", Kind::Str, SW),
        f("tokenUrl", Kind::Str, SW),
        f("scopes", Kind::StrMap, SW),
    ]],
    entries: None,
    reference: true,
};

static OAUTH_FLOWS: Spec = Spec {
    name: "OAuth Flows",
    fields: &[&[
        f("implicit", Kind::Object(&OAUTH_FLOW), V3),
        f("password", Kind::Object(&OAUTH_FLOW), V3),
        f("clientCredentials", Kind::Object(&OAUTH_FLOW), V3),
        f("authorizationCode", Kind::Object(&OAUTH_FLOW), V3),
    ]],
    entries: None,
    reference: false,
};

static OAUTH_FLOW: Spec = Spec {
    name: "OAuth Flow",
    fields: &[&[
        f("authorizationUrl", Kind::Str, V3),
        f("tokenUrl", Kind::Str, V3),
        f("refreshUrl", Kind::Str, V3),
        f("scopes", Kind::StrMap, V3),
    ]],
    entries: None,
    reference: false,
};

static SECURITY_REQUIREMENT: Spec =
    Spec { name: "Security Requirement", fields: &[], entries: Some((Keys::Any, Kind::Strings)), reference: false };

static DISCRIMINATOR: Spec = Spec {
    name: "Discriminator",
    fields: &[&[r("propertyName", Kind::Str, ALL), f("mapping", Kind::StrMap, ALL)]],
    entries: None,
    reference: false,
};

static XML: Spec = Spec {
    name: "XML",
    fields: &[&[
        f("name", Kind::Str, ALL),
        f("namespace", Kind::Str, ALL),
        f("prefix", Kind::Str, ALL),
        f("attribute", Kind::Bool, ALL),
        f("wrapped", Kind::Bool, ALL),
    ]],
    entries: None,
    reference: false,
};

/// Parameter locations.
const LOCATIONS_V3: &[&str] = &["query", "header", "path", "cookie"];
const LOCATIONS_SW: &[&str] = &["query", "header", "path", "formData", "body"];

/// Walks one document.
struct Checker<'a> {
    file: &'a str,
    dialect: Dialect,
    /// Whether unknown fields of OpenAPI objects are reported (not for an
    /// OpenAPI version this checker does not know, e.g. 3.2).
    closed_objects: bool,
    /// A JSON Schema document whose root is only a container (of `$defs`,
    /// or of schemas under names of its own): its root's other keys are
    /// names, not misspelled keywords (a schema named `Type`).
    container_root: bool,
    diagnostics: &'a mut Diagnostics,
}

fn check_document(document: &Document, diagnostics: &mut Diagnostics) {
    let root = &document.root;
    let (dialect, closed_objects) = dialect_of(root);
    let container_root = dialect == Dialect::JsonSchema && !load::is_root_type(root);
    let mut checker = Checker { file: &document.path, dialect, closed_objects, container_root, diagnostics };
    if let Some(version) = root.get("openapi").or_else(|| root.get("swagger")) {
        checker.version(version);
    }
    match dialect {
        Dialect::JsonSchema => {
            checker.subschema(root, "", false, true);
        }
        _ => checker.object(&ROOT, root, "", true),
    }
}

/// The document's dialect, and whether its OpenAPI version is one whose
/// objects this checker knows in full.
fn dialect_of(root: &Value) -> (Dialect, bool) {
    if root.get("swagger").is_some() {
        return (Dialect::Swagger2, true);
    }
    let Some(version) = root.get("openapi") else { return (Dialect::JsonSchema, true) };
    let version = match version {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if version.starts_with("3.0") {
        (Dialect::OpenApi30, true)
    } else {
        (Dialect::OpenApi31, version.starts_with("3.1"))
    }
}

impl Checker<'_> {
    fn report(&mut self, code: Code, message: String, at: &str, hint: String) {
        // Always a hint, if empty, as resolve writes them: the same problem
        // found by both is then one diagnostic.
        self.diagnostics.push(Diagnostic::new(code, message).at(self.file, at).hint(hint));
    }

    fn version(&mut self, version: &Value) {
        let (key, expected) =
            if self.dialect == Dialect::Swagger2 { ("swagger", "\"2.0\"") } else { ("openapi", "\"3.0.3\"") };
        if !version.is_string() {
            let message = format!("`{key}` must be a string, not {}", json_type(version));
            self.report(
                Code::NonConforming,
                message,
                &format!("/{key}"),
                format!("quote the version, e.g. `{key}: {expected}`"),
            );
        }
    }

    /// An OpenAPI object described by `spec`.
    fn object(&mut self, spec: &'static Spec, value: &Value, at: &str, reads: bool) {
        let Some(map) = value.as_object() else {
            return self.mismatch(spec.name, "an object", value, at, reads);
        };
        if spec.reference && map.contains_key("$ref") {
            if !map["$ref"].is_string() {
                self.mismatch("$ref", "a string", &map["$ref"], &pointer::push(at, "$ref"), true);
            }
            return;
        }
        for (key, member) in map {
            if key.starts_with("x-") {
                continue;
            }
            let here = pointer::push(at, key);
            if let Some(field) = spec.all_fields().find(|field| field.name == key) {
                if field.dialects & self.dialect.bit() == 0 {
                    self.foreign(
                        field,
                        &format!("a field of {} {} object", crate::naming::article(spec.name), spec.name),
                        &here,
                    );
                }
                self.value(field.kind, field.name, field.reads, member, &here);
                continue;
            }
            match spec.entries {
                Some((keys, kind)) if self.entry_key(spec, keys, key, &here) => {
                    self.value(kind, key, true, member, &here)
                }
                Some(_) => {}
                None if self.closed_objects => {
                    let bit = self.dialect.bit();
                    let known = spec.all_fields().filter(move |f| f.dialects & bit != 0).map(|f| f.name);
                    let message =
                        format!("`{key}` is not a field of {} {} object", crate::naming::article(spec.name), spec.name);
                    self.unknown(message, key, known, &here);
                }
                None => {}
            }
        }
    }

    /// Whether `key` is a valid entry of a map object (a path, a status
    /// code); reports it when not.
    fn entry_key(&mut self, spec: &Spec, keys: Keys, key: &str, at: &str) -> bool {
        let valid = match keys {
            Keys::Any => true,
            Keys::Path => key.starts_with('/'),
            Keys::Status => is_status(key, self.dialect),
        };
        if !valid && self.closed_objects {
            let (message, hint) = match keys {
                Keys::Path => (format!("path `{key}` does not start with `/`"), format!("write `/{key}`")),
                _ => {
                    let known = spec.all_fields().map(|f| f.name);
                    let hint = match suggest(key, known) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => "a response is keyed by an HTTP status code (`200`, `4XX`) or `default`".to_owned(),
                    };
                    (format!("`{key}` is not a status code of a Responses object"), hint)
                }
            };
            self.report(Code::UnknownKeyword, message, at, hint);
        }
        valid
    }

    /// Report an unknown member, with the nearest known name when there is one.
    fn unknown<'k>(&mut self, message: String, key: &str, known: impl Iterator<Item = &'k str>, at: &str) {
        let hint = match suggest(key, known) {
            Some(near) => format!("did you mean `{near}`? (it is ignored as written)"),
            None => format!("it is ignored; an extension's name starts with `x-` (`x-{key}`)"),
        };
        self.report(Code::UnknownKeyword, message, at, hint);
    }

    /// A member defined by other dialects than the document's.
    fn foreign(&mut self, field: &Field, what: &str, at: &str) {
        let dialect = self.dialect.name();
        let owners: Vec<&str> = [Dialect::JsonSchema, Dialect::Swagger2, Dialect::OpenApi30, Dialect::OpenApi31]
            .into_iter()
            .filter(|d| field.dialects & d.bit() != 0)
            .map(Dialect::name)
            .collect();
        let message = format!("`{}` is not {what} of {dialect} (it is one of {})", field.name, owners.join(" and "));
        let hint = match field.instead {
            "" => format!("codegen reads it, other {dialect} tools may not"),
            instead => format!("codegen reads it, other {dialect} tools may not; write {instead} instead"),
        };
        self.report(Code::UnknownKeyword, message, at, hint);
    }

    fn mismatch(&mut self, name: &str, expected: &str, value: &Value, at: &str, reads: bool) {
        // A number of the wrong kind (`-1` for a count) is shown as written.
        let actual = if value.is_number() && expected.contains("integer") {
            value.to_string()
        } else {
            json_type(value).to_owned()
        };
        let message = format!("`{name}` must be {expected}, not {actual}");
        if reads {
            self.report(Code::InvalidKeywordValue, message, at, "codegen cannot generate a type from it".into());
        } else {
            self.report(Code::NonConforming, message, at, "it is ignored".into());
        }
    }

    /// A member's value, checked against its kind and walked into.
    fn value(&mut self, kind: Kind, name: &str, reads: bool, value: &Value, at: &str) {
        let ok = match kind {
            Kind::Any => true,
            Kind::Str => value.is_string(),
            Kind::Bool => value.is_boolean(),
            Kind::Number => value.is_number(),
            Kind::Count => value.as_u64().is_some() || value.as_f64().is_some_and(|n| n >= 0.0 && n.fract() == 0.0),
            Kind::Strings => value.as_array().is_some_and(|a| a.iter().all(Value::is_string)),
            Kind::Array => value.is_array(),
            Kind::Map => value.is_object(),
            Kind::StrMap => value.as_object().is_some_and(|m| m.values().all(Value::is_string)),
            Kind::StringsMap => value
                .as_object()
                .is_some_and(|m| m.values().all(|v| v.as_array().is_some_and(|a| a.iter().all(Value::is_string)))),
            Kind::Exclusive => match exclusive(self.dialect) {
                Exclusive::Bool => value.is_boolean(),
                Exclusive::Number => value.is_number(),
                Exclusive::Either => value.is_boolean() || value.is_number(),
            },
            Kind::Discriminator if self.dialect == Dialect::Swagger2 => value.is_string(),
            Kind::Discriminator => {
                self.object(&DISCRIMINATOR, value, at, reads);
                true
            }
            Kind::Object(spec) => {
                self.object(spec, value, at, reads);
                true
            }
            Kind::MapOf(spec) => match value.as_object() {
                Some(map) => {
                    for (key, member) in map.iter().filter(|(k, _)| !k.starts_with("x-")) {
                        self.object(spec, member, &pointer::push(at, key), reads);
                    }
                    true
                }
                None => false,
            },
            Kind::List(spec) => match value.as_array() {
                Some(items) => {
                    for (i, item) in items.iter().enumerate() {
                        self.object(spec, item, &pointer::push(at, &i.to_string()), reads);
                    }
                    true
                }
                None => false,
            },
            Kind::Schema => self.subschema(value, at, matches!(name, "not" | "if" | "then" | "else"), reads),
            // The branches of a combination are parts of it; a tuple's items are not.
            Kind::Schemas => self.schemas(value, at, name != "prefixItems", reads),
            Kind::SchemaMap => match value.as_object() {
                Some(map) => {
                    for (key, member) in map {
                        self.subschema(member, &pointer::push(at, key), false, reads);
                    }
                    true
                }
                None => false,
            },
            Kind::SchemaOrSchemas if value.is_array() => self.schemas(value, at, false, reads),
            Kind::SchemaOrSchemas => self.subschema(value, at, false, reads),
            Kind::Dependencies => match value.as_object() {
                Some(map) => {
                    for (key, member) in map {
                        if !member.as_array().is_some_and(|a| a.iter().all(Value::is_string)) {
                            self.subschema(member, &pointer::push(at, key), true, reads);
                        }
                    }
                    true
                }
                None => false,
            },
            Kind::Type => self.type_names(value, at),
            Kind::In => {
                self.location(value, at);
                value.is_string()
            }
        };
        if !ok {
            self.mismatch(name, kind.describe(self.dialect), value, at, reads);
        }
    }

    /// An array of schemas (`allOf`, `prefixItems`); its members are parts
    /// of a combination (see [`Checker::required`]).
    fn schemas(&mut self, value: &Value, at: &str, part: bool, reads: bool) -> bool {
        let Some(items) = value.as_array() else { return false };
        for (i, item) in items.iter().enumerate() {
            self.subschema(item, &pointer::push(at, &i.to_string()), part, reads);
        }
        true
    }

    /// A value that must be a schema; a value of another type is an error
    /// where the generator reads it (as resolve would report), else a warning.
    /// Returns `true`: the value is reported here.
    fn subschema(&mut self, value: &Value, at: &str, part: bool, reads: bool) -> bool {
        match value {
            Value::Object(_) | Value::Bool(_) => self.schema(value, at, part),
            _ if reads => {
                let message = "a schema must be an object or a boolean".to_owned();
                self.report(Code::InvalidSchema, message, at, String::new());
            }
            _ => {
                let message = format!("a schema must be an object or a boolean, not {}", json_type(value));
                self.report(Code::NonConforming, message, at, "it is ignored".into());
            }
        }
        true
    }

    /// A schema. `part` says it is a branch or part of a combination (its
    /// object members may be declared by the others).
    fn schema(&mut self, value: &Value, at: &str, part: bool) {
        let Value::Object(map) = value else { return };
        let bit = self.dialect.bit();
        for (key, member) in map {
            if key.starts_with("x-") {
                continue;
            }
            let here = pointer::push(at, key);
            let Some(keyword) = SCHEMA.iter().find(|k| k.name == key) else {
                let known = SCHEMA.iter().filter(move |k| k.dialects & bit != 0).map(|k| k.name);
                let near = suggest(key, known.clone());
                let names = at.is_empty() && self.container_root;
                if !names && (!self.dialect.open_schemas() || near.is_some()) {
                    let message = format!("`{key}` is not a schema keyword of {}", self.dialect.name());
                    self.unknown(message, key, known, &here);
                }
                continue;
            };
            if keyword.dialects & bit == 0 {
                self.foreign(keyword, "a schema keyword", &here);
            }
            self.value(keyword.kind, key, keyword.reads, member, &here);
        }
        self.required(map, at, part);
    }

    /// `required` entries that name no member of `properties`, where nothing
    /// else can declare them: no `patternProperties`, no `additionalProperties`
    /// other than `false`, no combination (`allOf`, ...), not a part of one.
    fn required(&mut self, map: &Map<String, Value>, at: &str, part: bool) {
        let (Some(Value::Object(properties)), Some(Value::Array(required))) =
            (map.get("properties"), map.get("required"))
        else {
            return;
        };
        let elsewhere = ["patternProperties", "allOf", "anyOf", "oneOf", "$ref", "dependentSchemas", "if"]
            .iter()
            .any(|k| map.contains_key(*k))
            || map.get("additionalProperties").is_some_and(|a| a != &Value::Bool(false));
        if part || elsewhere {
            return;
        }
        for (i, name) in required.iter().enumerate() {
            let Some(name) = name.as_str() else { continue };
            if properties.contains_key(name) {
                continue;
            }
            let hint = match suggest(name, properties.keys().map(String::as_str)) {
                Some(near) => format!("did you mean `{near}`? (the member is not generated as required)"),
                None => "declare it under `properties`, or remove it from `required`".to_owned(),
            };
            let message = format!("`required` names `{name}`, which is not in `properties`");
            self.report(
                Code::RequiredWithoutProperty,
                message,
                &pointer::push(&pointer::push(at, "required"), &i.to_string()),
                hint,
            );
        }
    }

    /// `type`: a name or a list of names; returns whether the value has the
    /// right JSON type (names are reported here).
    fn type_names(&mut self, value: &Value, at: &str) -> bool {
        let names: Vec<(String, &Value)> = match value {
            Value::String(_) => vec![(at.to_owned(), value)],
            Value::Array(items) => {
                if matches!(self.dialect, Dialect::OpenApi30 | Dialect::Swagger2) {
                    let hint = match self.dialect {
                        Dialect::OpenApi30 => {
                            "codegen reads it; write one type, with `nullable: true` for `null`, or use `oneOf`"
                        }
                        _ => "codegen reads it; write one type",
                    };
                    let message = format!("`type` is one name in {}, not a list", self.dialect.name());
                    self.report(Code::NonConforming, message, at, hint.into());
                }
                items.iter().enumerate().map(|(i, item)| (pointer::push(at, &i.to_string()), item)).collect()
            }
            _ => return false,
        };
        for (here, name) in names {
            let Some(name) = name.as_str() else { return false };
            let swagger_file = self.dialect == Dialect::Swagger2 && name == "file";
            if TYPE_NAMES.contains(&name) || swagger_file {
                if name == "null" && matches!(self.dialect, Dialect::OpenApi30 | Dialect::Swagger2) {
                    let message = format!("`null` is not a type name in {}", self.dialect.name());
                    self.report(
                        Code::NonConforming,
                        message,
                        &here,
                        "codegen reads it; write `nullable: true` instead".into(),
                    );
                }
                continue;
            }
            let hint = match (name, suggest(name, TYPE_NAMES.iter().copied())) {
                ("file", _) => "a file is `type: string` with `format: binary`".to_owned(),
                (_, Some(near)) => format!("did you mean `{near}`?"),
                (_, None) => format!(
                    "the type names are {}",
                    TYPE_NAMES.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")
                ),
            };
            self.report(Code::UnknownTypeName, format!("unknown type `{name}`"), &here, hint);
        }
        true
    }

    /// A parameter's `in`.
    fn location(&mut self, value: &Value, at: &str) {
        let Some(name) = value.as_str() else { return };
        let known = if self.dialect == Dialect::Swagger2 { LOCATIONS_SW } else { LOCATIONS_V3 };
        if known.contains(&name) {
            return;
        }
        let hint = match suggest(name, known.iter().copied()) {
            Some(near) => format!("did you mean `{near}`? (codegen leaves the parameter out)"),
            None => format!(
                "a parameter is in {} (codegen leaves this one out)",
                known.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")
            ),
        };
        self.report(Code::NonConforming, format!("unknown parameter location `{name}`"), at, hint);
    }
}

/// The security scheme types of Swagger 2.0, OpenAPI 3.0 and OpenAPI 3.1
/// (3.2 has the same as 3.1).
const SCHEME_TYPES_SW: &[&str] = &["basic", "apiKey", "oauth2"];
const SCHEME_TYPES_30: &[&str] = &["apiKey", "http", "oauth2", "openIdConnect"];
const SCHEME_TYPES_31: &[&str] = &["apiKey", "http", "mutualTLS", "oauth2", "openIdConnect"];

fn scheme_types(dialect: Dialect) -> &'static [&'static str] {
    match dialect {
        Dialect::Swagger2 => SCHEME_TYPES_SW,
        Dialect::OpenApi30 => SCHEME_TYPES_30,
        _ => SCHEME_TYPES_31,
    }
}

const UNIQUE_IDS: &str =
    "an operationId must be unique among all operations (each names a module of the generated crate); rename one";

/// What the vocabulary does not see: each OpenAPI document's security
/// schemes (their `type`, and whether the client can send them) and the
/// scheme names its security requirements use, and that every operation's
/// `operationId` is unique across all documents (each names a module of the
/// generated crate).
fn check_operations(loaded: &Loaded, diagnostics: &mut Diagnostics) {
    // An `operationId` and where it was first seen.
    let mut ids: HashMap<&str, String> = HashMap::new();
    for (index, document) in loaded.documents.iter().enumerate() {
        if document.kind != DocumentKind::OpenApi {
            continue;
        }
        let root = &document.root;
        let (dialect, closed) = dialect_of(root);
        let (declared_at, declared) = match dialect {
            Dialect::Swagger2 => ("/securityDefinitions", root.get("securityDefinitions")),
            _ => ("/components/securitySchemes", root.get("components").and_then(|c| c.get("securitySchemes"))),
        };
        let declared = declared.and_then(Value::as_object);
        if let Some(schemes) = declared {
            security_schemes(&document.path, dialect, schemes, declared_at, diagnostics);
        }
        // OpenAPI 3.2 may name a scheme by URI: requirements are checked in
        // the versions this checker knows in full.
        let requirements = |file: &str, at: &str, security: Option<&Value>, diagnostics: &mut Diagnostics| {
            if closed {
                security_requirements(file, at, security, declared, declared_at, diagnostics);
            }
        };
        requirements(&document.path, "/security", root.get("security"), diagnostics);
        for op in operations(loaded, index) {
            path_template(loaded, &op, diagnostics);
            let Operation { file, at, path, method, operation, .. } = op;
            requirements(file, &pointer::push(&at, "security"), operation.get("security"), diagnostics);
            let Some(id) = operation.get("operationId").and_then(Value::as_str) else { continue };
            let here = format!("`{} {path}` ({file}#{at})", method.key().to_ascii_uppercase());
            match ids.get(id) {
                Some(first) => diagnostics.push(
                    Diagnostic::new(
                        Code::DuplicateOperationId,
                        format!("operationId `{id}` is already used by {first}"),
                    )
                    .at(file, &pointer::push(&at, "operationId"))
                    .hint(UNIQUE_IDS),
                ),
                None => {
                    ids.insert(id, here);
                }
            }
        }
    }
}

/// An operation of a document's `paths`, and where it is written.
struct Operation<'l> {
    /// The document that holds it (its path item's, after a `$ref`).
    document: usize,
    /// Its path item, for the parameters it shares.
    item: &'l Value,
    file: &'l str,
    at: String,
    path: &'l str,
    method: Method,
    operation: &'l Map<String, Value>,
}

/// W0106 where the path template and the `in: path` parameters (the path
/// item's and the operation's, `$ref`s followed) disagree: `{storeId}` with
/// no such parameter is sent as written; a parameter the template does not
/// name is never sent.
fn path_template(loaded: &Loaded, op: &Operation, diagnostics: &mut Diagnostics) {
    let in_template: Vec<&str> = op.path.split('{').skip(1).filter_map(|s| s.split('}').next()).collect();
    let mut declared: Vec<&str> = Vec::new();
    let lists = [op.item.get("parameters"), op.operation.get("parameters")];
    for param in lists.into_iter().flatten().filter_map(Value::as_array).flatten() {
        let param = match param.get("$ref").and_then(Value::as_str) {
            // A `$ref` that names nothing is resolve's to report; without it the list is not known.
            Some(reference) => match target(loaded, op.document, reference) {
                Some((_, _, value)) => value,
                None => return,
            },
            None => param,
        };
        if param.get("in").and_then(Value::as_str) == Some("path") {
            declared.extend(param.get("name").and_then(Value::as_str));
        }
    }
    let warn = |message: String, hint: String| {
        Diagnostic::new(Code::PathParameterMismatch, message).at(op.file, &op.at).hint(&hint)
    };
    for name in in_template.iter().filter(|name| !declared.contains(name)) {
        let message = format!("the path `{}` names `{{{name}}}`, which no `in: path` parameter declares", op.path);
        let hint = format!(
            "declare `{name}` under `parameters` (`in: path`, `required: true`); as it is, requests are sent with `{{{name}}}` as written"
        );
        diagnostics.push(warn(message, hint));
    }
    for name in declared.iter().filter(|name| !in_template.contains(name)) {
        let message = format!("path parameter `{name}` is not named in the path `{}`", op.path);
        let hint =
            format!("name it in the path (`{{{name}}}`) or declare it `in: query`; as it is, its value is never sent");
        diagnostics.push(warn(message, hint));
    }
}

/// Every operation of a document's `paths` as resolve reads them: in path
/// and method order, a path item's `$ref` followed.
fn operations(loaded: &Loaded, index: usize) -> Vec<Operation<'_>> {
    let document = &loaded.documents[index];
    let Some(paths) = document.root.get("paths").and_then(Value::as_object) else { return Vec::new() };
    let mut found = Vec::new();
    for (path, item) in paths {
        let mut place = (index, pointer::push("/paths", path), item);
        if let Some(target) = item.get("$ref").and_then(Value::as_str).and_then(|r| target(loaded, index, r)) {
            place = target;
        }
        let (file, at, item) = (loaded.documents[place.0].path.as_str(), place.1, place.2);
        for method in Method::ALL {
            if let Some(operation) = item.get(method.key()).and_then(Value::as_object) {
                let document = place.0;
                found.push(Operation {
                    document,
                    item,
                    file,
                    at: pointer::push(&at, method.key()),
                    path,
                    method,
                    operation,
                });
            }
        }
    }
    found
}

/// What a `$ref` from document `from` names in the loaded documents (a
/// document by its path or `$id`, then a JSON pointer), as resolve finds it;
/// `None` when it names nothing (resolve reports that).
fn target<'l>(loaded: &'l Loaded, from: usize, reference: &str) -> Option<(usize, String, &'l Value)> {
    let parts = pointer::split_ref(reference).ok()?;
    let index = if parts.document.is_empty() {
        from
    } else {
        let absolute = pointer::join(loaded.documents[from].base(), &parts.document);
        loaded.documents.iter().position(|d| d.path == absolute || d.id.as_deref() == Some(absolute.as_str()))?
    };
    let value = pointer::get(&loaded.documents[index].root, &parts.fragment)?;
    Some((index, parts.fragment, value))
}

/// The declared security schemes: a `type` the dialect defines, and one the
/// generated client can send (else it is left out of the client: a warning).
fn security_schemes(
    file: &str,
    dialect: Dialect,
    schemes: &Map<String, Value>,
    at: &str,
    diagnostics: &mut Diagnostics,
) {
    let known = scheme_types(dialect);
    for (name, scheme) in schemes.iter().filter(|(name, _)| !name.starts_with("x-")) {
        let here = pointer::push(at, name);
        // Not an object: the vocabulary reports it.
        let Some(scheme) = scheme.as_object() else { continue };
        let types = |list: &[&str]| list.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ");
        match scheme.get("type") {
            Some(Value::String(kind)) if !known.contains(&kind.as_str()) => {
                let others = [SCHEME_TYPES_SW, SCHEME_TYPES_31].concat();
                if !others.contains(&kind.as_str()) {
                    let hint = match suggest(kind, known.iter().copied()) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => format!("the security scheme types of {} are {}", dialect.name(), types(known)),
                    };
                    let message = format!("unknown security scheme type `{kind}`");
                    diagnostics.push(
                        Diagnostic::new(Code::UnknownSecuritySchemeType, message)
                            .at(file, &pointer::push(&here, "type"))
                            .hint(hint),
                    );
                    continue;
                }
                let owner = if SCHEME_TYPES_SW.contains(&kind.as_str()) { "Swagger 2.0" } else { "OpenAPI 3" };
                let hint = match kind.as_str() {
                    "basic" => "codegen reads it; write `type: http` with `scheme: basic`".to_owned(),
                    _ if api::scheme_kind(scheme).is_ok() => {
                        format!("codegen reads it, other {} tools may not", dialect.name())
                    }
                    _ => format!("it is a type of {owner}"),
                };
                let message = format!("`{kind}` is not a security scheme type of {}", dialect.name());
                diagnostics.push(
                    Diagnostic::new(Code::NonConforming, message).at(file, &pointer::push(&here, "type")).hint(hint),
                );
            }
            Some(Value::String(_)) => {}
            // Not a string: the vocabulary reports it.
            Some(_) => continue,
            None if !scheme.contains_key("$ref") => {
                let message = format!("security scheme `{name}` has no `type`");
                let hint = format!("the security scheme types of {} are {}", dialect.name(), types(known));
                diagnostics.push(Diagnostic::new(Code::UnknownSecuritySchemeType, message).at(file, &here).hint(hint));
                continue;
            }
            None => {}
        }
        if let Err(reason) = api::scheme_kind(scheme) {
            let message = format!("security scheme `{name}` is left out of the generated client: {reason}");
            let hint =
                "the client sends `apiKey`, `http` (`basic`, `bearer`), `oauth2` and `openIdConnect` credentials";
            diagnostics.push(Diagnostic::new(Code::UnusableSecurityScheme, message).at(file, &here).hint(hint));
        }
    }
}

/// A list of security requirements: each names a declared security scheme
/// (OpenAPI: "Each name MUST correspond to a security scheme which is
/// declared").
fn security_requirements(
    file: &str,
    at: &str,
    security: Option<&Value>,
    declared: Option<&Map<String, Value>>,
    declared_at: &str,
    diagnostics: &mut Diagnostics,
) {
    let names = || declared.into_iter().flat_map(|schemes| schemes.keys().map(String::as_str));
    let list: Vec<String> = names().map(|name| format!("`{name}`")).collect();
    for (i, requirement) in security.and_then(Value::as_array).into_iter().flatten().enumerate() {
        let Some(requirement) = requirement.as_object() else { continue };
        for name in requirement.keys() {
            if names().any(|declared| declared == name) {
                continue;
            }
            let under = declared_at.trim_start_matches('/').replace('/', ".");
            let hint = match suggest(name, names()) {
                Some(near) => format!("did you mean `{near}`? (the declared schemes are {})", list.join(", ")),
                None if list.is_empty() => format!("no security scheme is declared; declare `{name}` under `{under}`"),
                None => format!("the declared schemes are {}", list.join(", ")),
            };
            let message = format!("security requirement names `{name}`, which is not a declared security scheme");
            let here = pointer::push(&pointer::push(at, &i.to_string()), name);
            diagnostics.push(Diagnostic::new(Code::UnknownSecurityScheme, message).at(file, &here).hint(hint));
        }
    }
}

/// An HTTP status code key of a Responses object: `200`; `2XX` from OpenAPI 3.
fn is_status(key: &str, dialect: Dialect) -> bool {
    let bytes = key.as_bytes();
    let ranges = dialect != Dialect::Swagger2;
    bytes.len() == 3
        && (b'1'..=b'5').contains(&bytes[0])
        && (bytes[1..].iter().all(u8::is_ascii_digit) || ranges && bytes[1..].eq_ignore_ascii_case(b"XX"))
}

/// The known word nearest to `word` when it is within a typo of it: the same
/// but for case, or a few edits away (one for short words, two from eight
/// letters; transpositions count one), and never a word of three letters or
/// less changed into another (but `nul` is near `null`).
pub(crate) fn suggest<'k>(word: &str, known: impl Iterator<Item = &'k str>) -> Option<&'k str> {
    let mut best: Option<(usize, &str)> = None;
    let length = word.chars().count();
    let limit = match length {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    };
    for candidate in known {
        if candidate == word {
            return None;
        }
        // A short word may have lost a letter (`nul`, `ref`); it is not
        // changed into another short word.
        let limit = if length == 3 && candidate.chars().count() == 4 { 1 } else { limit };
        let distance = if candidate.eq_ignore_ascii_case(word) { 0 } else { strsim::osa_distance(word, candidate) };
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Input;

    fn diagnostics(path: &str, text: &str) -> Vec<String> {
        let loaded = load::load(&[Input { path: path.into(), text: text.into() }]).expect("loads");
        check(&loaded)
            .items
            .iter()
            .map(|d| {
                format!(
                    "{} {} {}",
                    d.code.as_str(),
                    d.location.as_ref().unwrap().pointer,
                    d.hint.as_deref().unwrap_or("")
                )
            })
            .collect()
    }

    fn schema(body: &str) -> Vec<String> {
        diagnostics("s.json", &format!(r#"{{"$defs": {{"A": {body}}}}}"#))
    }

    fn openapi(version: &str, paths: &str) -> Vec<String> {
        diagnostics(
            "o.json",
            &format!(r#"{{"openapi": "{version}", "info": {{"title": "t", "version": "1"}}, "paths": {paths}}}"#),
        )
    }

    #[test]
    fn suggestions_are_within_a_typo() {
        let known = || ["string", "items", "additionalProperties", "null", "get", "responses"].into_iter();
        assert_eq!(suggest("strin", known()), Some("string"));
        assert_eq!(suggest("itmes", known()), Some("items"));
        assert_eq!(suggest("additionalproperties", known()), Some("additionalProperties"));
        assert_eq!(suggest("respones", known()), Some("responses"));
        assert_eq!(suggest("nul", known()), Some("null"));
        assert_eq!(suggest("gett", known()), Some("get"));
        assert_eq!(suggest("tsType", known()), None);
        assert_eq!(suggest("set", known()), None, "short words are not changed into others");
        assert_eq!(suggest("items", known()), None, "a known word needs no suggestion");
    }

    #[test]
    fn unknown_type_names_are_errors_with_the_nearest_name() {
        assert_eq!(schema(r#"{"type": "strin"}"#), ["E0016 /$defs/A/type did you mean `string`?"]);
        assert_eq!(schema(r#"{"type": ["integer", "nul"]}"#), ["E0016 /$defs/A/type/1 did you mean `null`?"]);
        assert!(schema(r#"{"type": ["integer", "null"]}"#).is_empty());
    }

    #[test]
    fn json_schema_reports_unknown_keywords_only_near_a_known_one() {
        assert_eq!(
            schema(r#"{"itmes": {}, "tsType": "X", "x-itmes": 1}"#),
            ["W0102 /$defs/A/itmes did you mean `items`? (it is ignored as written)"]
        );
        // Keywords of every draft are known in a JSON Schema document.
        assert!(schema(
            r#"{"definitions": {}, "dependencies": {"a": ["b"]}, "exclusiveMinimum": true, "nullable": true}"#
        )
        .is_empty());
        // A document that only holds schemas by name: `Type` is a name.
        assert!(diagnostics("d.json", r#"{"Type": {"type": "string"}, "$defs": {}}"#).is_empty());
        assert_eq!(diagnostics("d.json", r#"{"type": "object", "Required": []}"#).len(), 1);
    }

    #[test]
    fn openapi_30_schemas_are_closed() {
        let found =
            openapi("3.0.3", r#"{}, "components": {"schemas": {"A": {"tsType": "X", "const": 1, "examples": [1]}}}"#);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].starts_with("W0102 /components/schemas/A/const codegen reads it"), "{found:?}");
        assert!(found[2].starts_with("W0102 /components/schemas/A/tsType it is ignored; an extension"), "{found:?}");
    }

    #[test]
    fn nullable_is_foreign_to_openapi_31() {
        let found = openapi(
            "3.1.0",
            r#"{}, "components": {"schemas": {"A": {"type": "string", "nullable": true, "tsType": "X"}}}"#,
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("/components/schemas/A/nullable") && found[0].contains("\"null\""), "{found:?}");
    }

    #[test]
    fn wrong_value_types_are_errors_where_the_generator_reads_them() {
        let found = schema(r#"{"properties": [], "minLength": "1", "required": "a"}"#);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].starts_with("W0104 /$defs/A/minLength"), "{found:?}");
        assert!(found[1].starts_with("E0015 /$defs/A/properties"), "{found:?}");
        assert!(found[2].starts_with("E0015 /$defs/A/required"), "{found:?}");
    }

    #[test]
    fn required_entries_are_checked_only_where_nothing_else_declares_them() {
        assert_eq!(
            schema(r#"{"properties": {"tag": {}}, "required": ["tags"]}"#),
            ["W0103 /$defs/A/required/0 did you mean `tag`? (the member is not generated as required)"]
        );
        for legal in [
            r#"{"properties": {"a": {}}, "required": ["b"], "additionalProperties": {"type": "string"}}"#,
            r#"{"properties": {"a": {}}, "required": ["b"], "patternProperties": {"^b": {}}}"#,
            r#"{"properties": {"a": {}}, "required": ["b"], "allOf": [{"properties": {"b": {}}}]}"#,
            r#"{"allOf": [{"properties": {"b": {}}}, {"properties": {"a": {}}, "required": ["b"]}]}"#,
            r#"{"required": ["b"]}"#,
        ] {
            assert!(schema(legal).is_empty(), "{legal}: {:?}", schema(legal));
        }
        let closed = schema(r#"{"properties": {"a": {}}, "required": ["b"], "additionalProperties": false}"#);
        assert_eq!(closed.len(), 1);
    }

    #[test]
    fn openapi_objects_report_misspelled_fields() {
        let found = openapi(
            "3.0.3",
            r#"{"/p": {"get": {"respones": {}, "responses": {"200": {"description": "ok"}, "2XX": {"description": "ok"}, "defualt": {}}}, "gett": {}}}"#,
        );
        assert_eq!(
            found,
            [
                "W0102 /paths/~1p/get/respones did you mean `responses`? (it is ignored as written)",
                "W0102 /paths/~1p/get/responses/defualt did you mean `default`?",
                "W0102 /paths/~1p/gett did you mean `get`? (it is ignored as written)",
            ]
        );
    }

    #[test]
    fn swagger_2_has_its_own_fields() {
        let text = r#"{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {"/p": {"get": {
            "produces": ["application/json"], "requestBody": {},
            "parameters": [{"name": "f", "in": "formData", "type": "file"}],
            "responses": {"200": {"description": "ok", "schema": {"type": "file"}}, "2XX": {"description": "no"}}}}},
            "definitions": {"A": {"type": "object", "discriminator": "kind", "properties": {"kind": {"type": "string"}}}}}"#;
        let found = diagnostics("s.json", text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("W0102 /paths/~1p/get/requestBody codegen reads it"), "{found:?}");
        assert!(found[1].starts_with("W0102 /paths/~1p/get/responses/2XX"), "{found:?}");
    }

    #[test]
    fn swagger_2_security_requirements_name_its_security_definitions() {
        let text = r#"{"swagger": "2.0", "info": {"title": "t", "version": "1"},
            "securityDefinitions": {"basic": {"type": "basic"}, "token": {"type": "apiKey", "in": "header", "name": "K"}, "web": {"type": "http", "scheme": "bearer"}},
            "security": [{"basic": []}, {"tokne": []}], "paths": {}}"#;
        assert_eq!(
            diagnostics("s.json", text),
            [
                "E0017 /security/1/tokne did you mean `token`? (the declared schemes are `basic`, `token`, `web`)",
                "W0102 /securityDefinitions/web/scheme codegen reads it, other Swagger 2.0 tools may not",
                "W0104 /securityDefinitions/web/type codegen reads it, other Swagger 2.0 tools may not",
            ]
        );
        let undeclared = r#"{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {"/p": {"get": {"security": [{"oauth": []}], "responses": {}}}}}"#;
        assert_eq!(
            diagnostics("s.json", undeclared),
            ["E0017 /paths/~1p/get/security/0/oauth no security scheme is declared; declare `oauth` under `securityDefinitions`"]
        );
    }

    #[test]
    fn security_scheme_types_of_another_version_are_read_with_a_warning() {
        let found = openapi(
            "3.0.3",
            r##"{}, "security": [{}], "components": {"securitySchemes": {"b": {"type": "basic"}, "m": {"type": "mutualTLS"}, "r": {"$ref": "#/x-b"}}}, "x-b": {"type": "basic"}"##,
        );
        assert_eq!(found.len(), 4, "{found:?}");
        assert!(found[0].starts_with("W0104 /components/securitySchemes/b/type codegen reads it; write `type: http`"));
        assert!(found[1].starts_with("W0105 /components/securitySchemes/m "), "{found:?}");
        assert_eq!(found[2], "W0104 /components/securitySchemes/m/type it is a type of OpenAPI 3");
        assert!(found[3].starts_with("W0105 /components/securitySchemes/r "), "{found:?}");
    }

    #[test]
    fn operation_ids_are_unique_also_through_path_item_references() {
        let root = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"$ref": "item.json"}, "/b": {"$ref": "item.json"}}}"#;
        let item = r#"{"get": {"operationId": "get", "responses": {}}}"#;
        let inputs =
            [Input { path: "o.json".into(), text: root.into() }, Input { path: "item.json".into(), text: item.into() }];
        let loaded = load::load(&inputs).expect("loads");
        let found: Vec<String> = check(&loaded).items.iter().map(ToString::to_string).collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("error[E0019]: operationId `get` is already used by `GET /a` (item.json#/get)\n  --> item.json#/get/operationId"),
            "{found:?}"
        );
    }

    #[test]
    fn path_templates_and_path_parameters_agree() {
        let param = |name: &str| {
            format!(r#"{{"name": "{name}", "in": "path", "required": true, "schema": {{"type": "string"}}}}"#)
        };
        // Declared on the path item, on the operation, or through a `$ref`: all agree.
        let fine = format!(
            r##"{{"/a/{{x}}/{{y}}": {{"parameters": [{}], "get": {{"parameters": [{{"$ref": "#/components/parameters/Y"}}], "responses": {{}}}}}}}}, "components": {{"parameters": {{"Y": {}}}}}"##,
            param("x"),
            param("y")
        );
        assert!(openapi("3.0.3", &fine).is_empty(), "{:?}", openapi("3.0.3", &fine));
        let wrong =
            format!(r#"{{"/s/{{storeId}}": {{"get": {{"parameters": [{}], "responses": {{}}}}}}}}"#, param("id"));
        let found = openapi("3.0.3", &wrong);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().any(|f| f.starts_with("W0106 /paths/~1s~1{storeId}/get declare `storeId`")), "{found:?}");
        assert!(
            found.iter().any(|f| f.starts_with("W0106 /paths/~1s~1{storeId}/get name it in the path (`{id}`)")),
            "{found:?}"
        );
    }

    #[test]
    fn unknown_openapi_versions_check_schemas_only() {
        assert!(openapi("3.2.0", r#"{"/p": {"query": {"responses": {}}}}"#).is_empty());
        // OpenAPI 3.2 may name a security scheme by URI.
        assert!(openapi(
            "3.2.0",
            r##"{}, "security": [{"https://example.com/s.json#/components/securitySchemes/a": []}]"##
        )
        .is_empty());
        assert_eq!(openapi("3.2.0", r#"{}, "components": {"schemas": {"A": {"type": "strin"}}}"#).len(), 1);
    }
}
