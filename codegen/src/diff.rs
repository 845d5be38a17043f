//! Compare two schema sets (say two Klaviyo revisions) and classify every
//! change by its effect on Rust code that uses the generated crate.
//!
//! Both sides go through `load` and `resolve`, so the comparison sees what the
//! generator sees (`$ref`s followed, `allOf` merged, nullability folded in)
//! rather than JSON text. Named schemas are matched by their original name
//! ([`TypeDef::schema_name`](crate::ir::TypeDef)); inline schemas have no
//! stable identity of their own, so they are compared through the fields that
//! contain them, and reported by field path (`Schema.attributes.job_id`).
//! Before/after types are the Rust types `lower` gives the fields
//! (`Option<i64>` → `Tristate<i64>`), so the report speaks Rust.
//!
//! # Classes
//!
//! * **breaking**: code written against the old crate may stop compiling or
//!   calls to the API may start failing: a type, field, enum value, union
//!   variant, endpoint, parameter or filter removed; a field renamed; any change
//!   of an existing field's Rust type (another type, became nullable → `Option`
//!   / `Tristate`, optional ↔ required); a new required field (struct literals
//!   need it, and in a request the API needs it); a single-value (closed) enum
//!   changed or widened; a variant added to a union without a catch-all; a new
//!   required parameter; an endpoint's request or response type changed.
//! * **additive**: new types, new optional fields, new values of an open enum
//!   (every string enum has `Other(String)`), new variants of a tagged union
//!   (it has `Other(Value)`), new endpoints, optional parameters, parameter
//!   values and filters. New fields of either kind do break struct literals and
//!   exhaustive destructuring; the convention (the issue's) is that these types
//!   are read, not built field by field.
//! * **docs-only**: descriptions, titles, examples, defaults, `deprecated`, and
//!   the operation facts that change no code: OAuth scopes and rate limits.
//!
//! Whether a type is used in a request (reachable from a `requestBody`) does
//! not change the class, since every presence change alters the Rust type, but
//! it is said in the note: "optional became required in a request" means the
//! API now rejects requests without the field.
//!
//! Operations are compared as the IR has them (`ir::Operation`); see the
//! `operations` module.

mod operations;
mod render;
mod schemas;

use serde::Serialize;

use crate::diagnostic::Diagnostics;
use crate::ir::Ir;
use crate::load;
use crate::lower::{self, ItemPlan};
use crate::{Input, Options};

/// What a change means for code using the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    Breaking,
    Additive,
    DocsOnly,
}

impl Class {
    pub fn label(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::Additive => "additive",
            Class::DocsOnly => "docs-only",
        }
    }
}

/// Whether a change is about a schema (a generated type) or an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Area {
    Schema,
    Operation,
}

/// What changed. The class usually follows from the kind, but not always
/// (a variant added to a tagged union is additive, to another union breaking),
/// so [`Change`] carries both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    TypeRemoved,
    TypeAdded,
    KindChanged,
    FieldRemoved,
    FieldRenamed,
    FieldAdded,
    RequiredFieldAdded,
    TypeChanged,
    BecameNullable,
    NoLongerNullable,
    BecameOptional,
    BecameRequired,
    EnumValueRemoved,
    EnumValueAdded,
    ConstChanged,
    ClosedEnumWidened,
    ObjectClosed,
    ObjectOpened,
    EnumNarrowed,
    VariantRemoved,
    VariantAdded,
    VariantChanged,
    UnionTagChanged,
    Docs,
    Deprecated,
    EndpointRemoved,
    EndpointAdded,
    OperationIdChanged,
    ParameterRemoved,
    ParameterAdded,
    ParameterBecameRequired,
    ParameterBecameOptional,
    ParameterTypeChanged,
    ParameterValueRemoved,
    ParameterValueAdded,
    ParameterRenamed,
    FilterRemoved,
    FilterAdded,
    FilterOperatorRemoved,
    FilterOperatorAdded,
    RequestBodyChanged,
    ResponseChanged,
    ResponseAdded,
    ResponseRemoved,
    ScopesChanged,
    RateLimitChanged,
    OperationDeprecated,
    SecurityChanged,
}

impl Kind {
    /// The words used in the Markdown report.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::TypeRemoved => "type removed",
            Kind::TypeAdded => "type added",
            Kind::KindChanged => "kind of type changed",
            Kind::FieldRemoved => "field removed",
            Kind::FieldRenamed => "field renamed",
            Kind::FieldAdded => "optional field added",
            Kind::RequiredFieldAdded => "required field added",
            Kind::TypeChanged => "type changed",
            Kind::BecameNullable => "became nullable",
            Kind::NoLongerNullable => "no longer nullable",
            Kind::BecameOptional => "became optional",
            Kind::BecameRequired => "became required",
            Kind::EnumValueRemoved => "enum value removed",
            Kind::EnumValueAdded => "enum value added",
            Kind::ConstChanged => "single value changed",
            Kind::ClosedEnumWidened => "closed enum widened",
            Kind::ObjectClosed => "undeclared properties now rejected",
            Kind::ObjectOpened => "undeclared properties now accepted",
            Kind::EnumNarrowed => "enum narrowed to one value",
            Kind::VariantRemoved => "union variant removed",
            Kind::VariantAdded => "union variant added",
            Kind::VariantChanged => "union variant type changed",
            Kind::UnionTagChanged => "union tag changed",
            Kind::Docs => "documentation changed",
            Kind::Deprecated => "deprecation changed",
            Kind::EndpointRemoved => "endpoint removed",
            Kind::EndpointAdded => "endpoint added",
            Kind::OperationIdChanged => "operationId changed",
            Kind::ParameterRemoved => "parameter removed",
            Kind::ParameterAdded => "parameter added",
            Kind::ParameterBecameRequired => "parameter became required",
            Kind::ParameterBecameOptional => "parameter became optional",
            Kind::ParameterTypeChanged => "parameter type changed",
            Kind::ParameterValueRemoved => "parameter value removed",
            Kind::ParameterValueAdded => "parameter value added",
            Kind::ParameterRenamed => "path parameter renamed",
            Kind::FilterRemoved => "filter field removed",
            Kind::FilterAdded => "filter field added",
            Kind::FilterOperatorRemoved => "filter operator removed",
            Kind::FilterOperatorAdded => "filter operator added",
            Kind::RequestBodyChanged => "request body type changed",
            Kind::ResponseChanged => "response type changed",
            Kind::ResponseAdded => "success response added",
            Kind::ResponseRemoved => "success response removed",
            Kind::ScopesChanged => "scopes changed",
            Kind::RateLimitChanged => "rate limit changed",
            Kind::OperationDeprecated => "deprecation changed",
            Kind::SecurityChanged => "security requirement changed",
        }
    }
}

/// One change between the two sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub class: Class,
    pub area: Area,
    pub kind: Kind,
    /// The original schema name, or the operation (`GET /api/campaigns`).
    pub subject: String,
    /// Inside the subject: a field path (`attributes.job_id`, `data[].id`,
    /// `definition::Email.subject`), or for operations the parameter, filter
    /// or fact (`query page[cursor]`, `filter name`, `scopes`); empty for the
    /// subject itself.
    pub path: String,
    /// The old Rust type (or value), if there was one.
    pub before: Option<String>,
    /// The new Rust type (or value), if there is one.
    pub after: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Change {
    /// Subject and path as one string: `Schema.attributes.job_id`,
    /// `Schema[]`, `GET /api/campaigns filter name`.
    pub fn location(&self) -> String {
        match (self.area, self.path.as_str()) {
            (_, "") => self.subject.clone(),
            (Area::Operation, path) => format!("{} {path}", self.subject),
            (Area::Schema, path) if path.starts_with(['[', '{', ':']) => format!("{}{path}", self.subject),
            (Area::Schema, path) => format!("{}.{path}", self.subject),
        }
    }
}

/// How many changes of each class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Counts {
    pub breaking: usize,
    pub additive: usize,
    pub docs_only: usize,
}

impl std::fmt::Display for Counts {
    /// The one-line summary both CLIs print: `3 breaking, 1 additive, 0 docs-only change(s)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} breaking, {} additive, {} docs-only change(s)", self.breaking, self.additive, self.docs_only)
    }
}

/// Every change between two schema sets, sorted by class, area, subject, path.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The paths of the old and new inputs, as given.
    pub old: Vec<String>,
    pub new: Vec<String>,
    pub counts: Counts,
    pub changes: Vec<Change>,
}

/// Output format of a report.
/// How a report is delivered: the options `codegen diff` and `cargo xtask
/// diff` share.
#[derive(Debug, Clone, clap::Args)]
pub struct ReportArgs {
    /// `markdown` for people, `json` for tools.
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: Format,
    /// Exit with 1 when there is a change of this class (`additive`: or worse).
    #[arg(long, value_enum, value_name = "CLASS")]
    pub fail_on: Option<FailOn>,
    /// Write the report to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<std::path::PathBuf>,
}

impl ReportArgs {
    /// Write the report to `--out` or standard output and the counts to
    /// standard error; `Ok(true)` when `--fail-on` matches.
    pub fn deliver(&self, report: &Report) -> std::io::Result<bool> {
        let text = report.render(self.format);
        match &self.out {
            Some(path) => std::fs::write(path, &text)?,
            None => print!("{text}"),
        }
        eprintln!("{}", report.counts);
        let fails = self.fail_on.is_some_and(|level| report.fails(level));
        if let (true, Some(level)) = (fails, self.fail_on) {
            let what = match level {
                FailOn::Breaking => "there are breaking changes",
                FailOn::Additive => "there are breaking or additive changes",
            };
            eprintln!("failing (exit status 1) because of --fail-on {}: {what}", level.label());
        }
        Ok(fails)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// For people: a summary table, then one table per class.
    #[default]
    Markdown,
    /// For tools: `{old, new, counts, changes: [{class, area, kind, subject, path, before, after, note}]}`.
    Json,
}

/// Which changes make `--fail-on` fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Any breaking change.
    Breaking,
    /// Any breaking or additive change (anything but docs).
    Additive,
}

impl FailOn {
    /// As written on the command line.
    pub fn label(self) -> &'static str {
        match self {
            FailOn::Breaking => "breaking",
            FailOn::Additive => "additive",
        }
    }
}

impl Report {
    fn new(old: &[Input], new: &[Input], mut changes: Vec<Change>) -> Report {
        changes.sort_by(|a, b| {
            (a.class, a.area, &a.subject, &a.path, a.kind, &a.before, &a.after, &a.note)
                .cmp(&(b.class, b.area, &b.subject, &b.path, b.kind, &b.before, &b.after, &b.note))
        });
        changes.dedup();
        let count = |class| changes.iter().filter(|c| c.class == class).count();
        let counts = Counts {
            breaking: count(Class::Breaking),
            additive: count(Class::Additive),
            docs_only: count(Class::DocsOnly),
        };
        let paths = |inputs: &[Input]| inputs.iter().map(|i| i.path.clone()).collect();
        Report { old: paths(old), new: paths(new), counts, changes }
    }

    /// Whether `--fail-on level` should fail for this report.
    pub fn fails(&self, level: FailOn) -> bool {
        match level {
            FailOn::Breaking => self.counts.breaking > 0,
            FailOn::Additive => self.counts.breaking + self.counts.additive > 0,
        }
    }

    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Markdown => render::markdown(self),
            Format::Json => render::json(self),
        }
    }
}

/// Compare the schema set `old` with `new` (each one or more documents, as
/// for [`generate`](crate::generate)).
///
/// Fails with the diagnostics of both sides when either has errors.
pub fn diff(old: &[Input], new: &[Input]) -> Result<Report, Diagnostics> {
    let (old_side, new_side) = match (Side::build(old), Side::build(new)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(mut a), Err(b)) => {
            a.extend(b);
            return Err(a);
        }
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    let mut changes = schemas::compare(&old_side, &new_side);
    changes.extend(operations::compare(&old_side.ir, &new_side.ir));
    Ok(Report::new(old, new, changes))
}

/// One side of the comparison: the IR and the Rust plans.
struct Side {
    ir: Ir,
    plans: Vec<ItemPlan>,
}

impl Side {
    fn build(inputs: &[Input]) -> Result<Side, Diagnostics> {
        let loaded = load::load(inputs)?;
        // The same stages as `generate` up to the frozen IR; warnings
        // (unsupported keywords) are the generator's business, not the diff's.
        let (ir, _warnings) = crate::resolve_and_analyze(&loaded, &[], Diagnostics::default())?;
        let plans = lower::lower(&ir, &Options::default()).items;
        Ok(Side { ir, plans })
    }
}

/// `info.version` of an OpenAPI document: for Klaviyo, the revision
/// (`2026-07-15`). `None` when the text is not JSON or has none.
pub fn document_version(text: &str) -> Option<String> {
    let root: serde_json::Value = serde_json::from_str(text).ok()?;
    root.get("info")?.get("version")?.as_str().map(str::to_owned)
}
