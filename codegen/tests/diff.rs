//! Tests of `codegen::diff`.
//!
//! Golden cases: every directory under `tests/diff/` holds a hand-made pair
//! `old.json` → `new.json` (one classification rule each) and the expected
//! Markdown report `expected.md` (and `expected.json` where present). Run with
//! `UPDATE_EXPECT=1` to rewrite them from the current output; review the diff.
//!
//! Then: each case reports the change it is about with the right class, the
//! real Klaviyo 2023-02-22 → 2026-07-15 pair reports the findings, and
//! the `codegen diff` CLI's exit codes.

use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::diff::{Area, Change, Class, FailOn, Format, Kind, Report};
use codegen::Input;

const UPDATE_HINT: &str =
    "if the new output is right, run `UPDATE_EXPECT=1 cargo test -p codegen --test diff` and review the diff";

fn updating() -> bool {
    std::env::var_os("UPDATE_EXPECT").is_some_and(|v| !v.is_empty() && v != "0")
}

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff")
}

fn case_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .expect("tests/diff exists")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// A case's inputs, with short paths so the report does not depend on the checkout.
fn input(dir: &Path, file: &str) -> Vec<Input> {
    let text = std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{}/{file}: {e}", dir.display()));
    vec![Input { path: file.to_owned(), text }]
}

fn case_report(name: &str) -> Report {
    let dir = cases_dir().join(name);
    codegen::diff(&input(&dir, "old.json"), &input(&dir, "new.json")).unwrap_or_else(|d| panic!("case `{name}`:\n{d}"))
}

#[test]
fn golden_cases_match_their_expected_reports() {
    let mut failures = Vec::new();
    let dirs = case_dirs();
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let report = case_report(&name);
        let mut outputs = vec![("expected.md", report.render(Format::Markdown))];
        if dir.join("expected.json").exists() {
            outputs.push(("expected.json", report.render(Format::Json)));
        }
        for (file, actual) in outputs {
            let path = dir.join(file);
            if updating() {
                std::fs::write(&path, &actual).unwrap();
                continue;
            }
            let expected = std::fs::read_to_string(&path).unwrap_or_default().replace("\r\n", "\n");
            if expected != actual {
                failures.push(format!("── case `{name}`, {file} ──\n--- expected\n{expected}\n+++ actual\n{actual}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} case(s) failed:\n\n{}\n\n{UPDATE_HINT}",
        failures.len(),
        dirs.len(),
        failures.join("\n\n")
    );
}

/// The change at `location` of `kind`, or a panic listing what was found.
fn find<'r>(report: &'r Report, location: &str, kind: Kind) -> &'r Change {
    report.changes.iter().find(|c| c.location() == location && c.kind == kind).unwrap_or_else(|| {
        let found: Vec<String> =
            report.changes.iter().map(|c| format!("{} {:?} {:?}", c.location(), c.kind, c.class)).collect();
        panic!("no {kind:?} at `{location}`; found:\n{}", found.join("\n"))
    })
}

fn types(change: &Change) -> (Option<&str>, Option<&str>) {
    (change.before.as_deref(), change.after.as_deref())
}

/// Case, location, kind, class, before, after.
type Expected = (&'static str, &'static str, Kind, Class, Option<&'static str>, Option<&'static str>);

#[test]
fn each_case_reports_its_classification() {
    use Class::*;
    use Kind::*;
    #[rustfmt::skip]
    let expected: &[Expected] = &[
        ("type_removed", "Gone", TypeRemoved, Breaking, Some("Gone"), None),
        ("field_removed", "Job.attributes.job_id", FieldRemoved, Breaking, Some("String"), None),
        ("field_renamed", "Job.attributes.count", FieldRenamed, Breaking, Some("count: i64"), Some("completed_count: i64")),
        ("field_type_changed", "Job.attributes.total", TypeChanged, Breaking, Some("i64"), Some("String")),
        ("field_type_changed", "Job.attributes.ids", TypeChanged, Breaking, Some("Option<Vec<String>>"), Some("Option<Vec<i64>>")),
        ("field_became_nullable", "Job.attributes.done", BecameNullable, Breaking, Some("i64"), Some("Option<i64>")),
        ("field_became_nullable", "Job.attributes.failed", BecameNullable, Breaking, Some("Option<i64>"), Some("Tristate<i64>")),
        ("field_became_optional", "Job.attributes.created_at", BecameOptional, Breaking, Some("DateTime"), Some("Option<DateTime>")),
        ("request_field_became_required", "JobCreateQuery.data.priority", BecameRequired, Breaking, Some("Option<i64>"), Some("i64")),
        ("required_field_added", "Job.attributes.total", RequiredFieldAdded, Breaking, None, Some("i64")),
        ("enum_value_removed", "Status", EnumValueRemoved, Breaking, Some("Status::Queued"), None),
        ("enum_value_removed", "Job.attributes.mode", EnumValueRemoved, Breaking, Some("JobAttributesMode::Slow"), None),
        ("closed_enum_widened", "JobEnum", ClosedEnumWidened, Breaking, Some("JobEnum"), Some("JobEnum")),
        ("kind_changed", "Payload", KindChanged, Breaking, Some("struct Payload"), Some("enum Payload")),
        ("object_closed", "Job", ObjectClosed, Breaking, Some("open"), Some("closed")),
        ("object_closed", "Tag", ObjectOpened, Additive, Some("closed"), Some("open")),
        ("type_added", "Coupon", TypeAdded, Additive, None, Some("Coupon")),
        ("optional_field_added", "Job.attributes.expires_at", FieldAdded, Additive, None, Some("Tristate<DateTime>")),
        ("open_enum_value_added", "Status", EnumValueAdded, Additive, None, Some("Status::Cancelled")),
        ("open_enum_value_added", "Job.attributes.channel", EnumValueAdded, Additive, None, Some("JobAttributesChannel::Push")),
        ("docs_only", "Job", Docs, DocsOnly, None, None),
        ("docs_only", "Job.attributes.count", Deprecated, DocsOnly, None, Some("#[deprecated]")),
        ("nested_inline_paths", "Collection.data[].attributes.tags", BecameNullable, Breaking, Some("Option<Vec<String>>"), Some("Tristate<Vec<String>>")),
        ("nested_inline_paths", "Collection.meta{}.n", BecameNullable, Breaking, Some("i64"), Some("Option<i64>")),
        ("union_variants", "Included::Sms", VariantRemoved, Breaking, Some("Sms"), None),
        ("union_variants", "Included::Push", VariantAdded, Additive, None, Some("Push")),
        ("union_variants", "Value::Bool", VariantAdded, Breaking, None, Some("bool")),
        ("operations_endpoints", "GET /api/accounts", EndpointAdded, Additive, None, Some("get_accounts")),
        ("operations_endpoints", "POST /api/campaign-clone operationId", OperationIdChanged, Breaking, Some("create_campaign_clone"), Some("clone_campaign")),
        ("operations_endpoints", "GET /api/campaigns/{id} response 200", ResponseChanged, Breaking, Some("Campaign"), Some("Campaigns")),
        ("operations_endpoints", "DELETE /api/campaigns/{id} path id", ParameterRenamed, DocsOnly, Some("path campaign_id"), Some("path id")),
        // An operation without an operationId is compared by method and path; declaring one renames its module.
        ("operations_statuses", "GET /pets/{petId} operationId", OperationIdChanged, Breaking, Some("get_pets_pet_id"), Some("show_pet")),
        // Inline bodies of operations are compared like schemas; operation docs and security too.
        ("operations_statuses", "GET /health response 200.ok", TypeChanged, Breaking, Some("Option<bool>"), Some("Option<String>")),
        ("operations_statuses", "GET /health summary", Docs, DocsOnly, None, None),
        ("operations_statuses", "POST /pets security", SecurityChanged, Additive, Some("credentials"), Some("no credentials")),
        // Every 2xx response is compared, not only the one the client decodes.
        ("operations_statuses", "POST /pets response 202", ResponseAdded, Additive, None, Some("CreatePetResponse202")),
        ("operations_statuses", "POST /pets response 204", ResponseRemoved, Breaking, Some("no body"), None),
        ("operations_parameters", "GET /api/campaigns query fields[campaign]", ParameterValueRemoved, Breaking, Some("channel"), None),
        ("operations_parameters", "GET /api/campaigns query fields[campaign]", ParameterValueAdded, Additive, None, Some("send_time")),
        ("operations_parameters", "GET /api/campaigns query filter", ParameterBecameRequired, Breaking, None, None),
        ("operations_parameters", "GET /api/campaigns query include", ParameterAdded, Breaking, None, Some("String")),
        ("operations_parameters", "GET /api/campaigns query page[size]", ParameterAdded, Additive, None, Some("i64")),
        ("operations_parameters", "GET /api/campaigns query sort", ParameterTypeChanged, Breaking, Some("String"), Some("Vec<String>")),
        ("operations_filters", "GET /api/campaigns filter archived", FilterRemoved, Breaking, Some("equals"), None),
        ("operations_filters", "GET /api/campaigns filter status", FilterOperatorRemoved, Breaking, Some("any"), None),
        ("operations_filters", "GET /api/campaigns filter updated_at", FilterAdded, Additive, None, Some("greater-than, less-than")),
        ("operations_scopes_rate_limits", "GET /api/lists scopes", ScopesChanged, DocsOnly, Some("list:read"), Some("lists:read")),
        ("operations_scopes_rate_limits", "GET /api/lists rate limit", RateLimitChanged, DocsOnly, Some("burst 3/s, steady 60/m"), Some("burst 75/s, steady 700/m")),
        ("operations_scopes_rate_limits", "GET /api/lists", OperationDeprecated, DocsOnly, None, Some("deprecated")),
    ];
    for (case, location, kind, class, before, after) in expected {
        let report = case_report(case);
        let change = find(&report, location, *kind);
        assert_eq!(change.class, *class, "case `{case}`, {location}");
        assert_eq!(types(change), (*before, *after), "case `{case}`, {location}");
    }
}

#[test]
fn cases_without_such_changes_report_none() {
    assert!(case_report("no_changes").changes.is_empty());
    // Trailing slashes and path parameter names are not endpoint changes.
    let endpoints = case_report("operations_endpoints");
    assert!(!endpoints.changes.iter().any(|c| c.kind == Kind::EndpointRemoved), "{:#?}", endpoints.changes);
    // The prose of the scopes / rate limit in `create_list` says what the extensions say.
    let facts = case_report("operations_scopes_rate_limits");
    // (Its description changed, which is reported as documentation, and nothing else.)
    let lists = facts.changes.iter().filter(|c| c.subject == "POST /api/lists");
    assert!(lists.clone().all(|c| c.kind == Kind::Docs), "{:#?}", facts.changes);
    // Docs-only really is docs-only.
    assert_eq!(case_report("docs_only").counts.breaking + case_report("docs_only").counts.additive, 0);
}

#[test]
fn fail_on_levels() {
    let additive = case_report("type_added");
    assert!(!additive.fails(FailOn::Breaking));
    assert!(additive.fails(FailOn::Additive));
    let breaking = case_report("type_removed");
    assert!(breaking.fails(FailOn::Breaking) && breaking.fails(FailOn::Additive));
    let docs = case_report("docs_only");
    assert!(!docs.fails(FailOn::Breaking) && !docs.fails(FailOn::Additive));
}

fn klaviyo(revision: &str) -> Vec<Input> {
    let path = format!("schemas/klaviyo/{revision}/stable.json");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    vec![Input { path: path.clone(), text: std::fs::read_to_string(root.join(&path)).unwrap() }]
}

#[test]
fn klaviyo_2023_02_22_to_2026_07_15() {
    let report = codegen::diff(&klaviyo("2023-02-22"), &klaviyo("2026-07-15")).unwrap();
    let resource = "CatalogItemCreateJobResponseObjectResource.attributes";
    let job_id = find(&report, &format!("{resource}.job_id"), Kind::FieldRemoved);
    // Every attribute of a resource that a sparse fieldset can trim is optional.
    assert_eq!((job_id.class, types(job_id)), (Class::Breaking, (Some("Option<String>"), None)));
    // Optional in 2023 (`Option<i64>`), optional and nullable in 2026.
    let completed = find(&report, &format!("{resource}.completed_count"), Kind::BecameNullable);
    assert_eq!((completed.class, types(completed)), (Class::Breaking, (Some("Option<i64>"), Some("Tristate<i64>"))));
    // Trailing slashes (2023) are not endpoint changes: the campaigns endpoints stayed.
    assert!(!report
        .changes
        .iter()
        .any(|c| c.kind == Kind::EndpointRemoved && c.subject.starts_with("GET /api/campaigns")));
    // Filters only in prose (2023) compare with the structured ones (2026).
    find(&report, "GET /api/campaigns filter messages.channel", Kind::FilterAdded);
    for class in [Class::Breaking, Class::Additive, Class::DocsOnly] {
        let areas = [Area::Schema, Area::Operation]
            .map(|a| report.changes.iter().filter(|c| c.class == class && c.area == a).count());
        eprintln!("{}: {} schema, {} operation", class.label(), areas[0], areas[1]);
    }
}

#[test]
fn report_is_deterministic_and_json_round_trips() {
    let a = codegen::diff(&klaviyo("2023-02-22"), &klaviyo("2026-07-15")).unwrap();
    let b = codegen::diff(&klaviyo("2023-02-22"), &klaviyo("2026-07-15")).unwrap();
    assert_eq!(a.render(Format::Markdown), b.render(Format::Markdown));
    let json: serde_json::Value = serde_json::from_str(&a.render(Format::Json)).unwrap();
    assert_eq!(json["counts"]["breaking"], a.counts.breaking);
    assert_eq!(json["changes"].as_array().unwrap().len(), a.changes.len());
}

fn codegen_diff(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_codegen")).arg("diff").args(args).output().unwrap()
}

#[test]
fn cli_exit_codes() {
    let case = |name: &str, file: &str| cases_dir().join(name).join(file).display().to_string();
    let removed = [case("type_removed", "old.json"), case("type_removed", "new.json")];
    let added = [case("type_added", "old.json"), case("type_added", "new.json")];
    let status = |args: &[&str]| codegen_diff(args).status.code();
    assert_eq!(status(&[&removed[0], &removed[1]]), Some(0), "changes alone do not fail");
    let failing = codegen_diff(&[&removed[0], &removed[1], "--fail-on", "breaking"]);
    assert_eq!(failing.status.code(), Some(1));
    // Standard error says why the status is 1.
    let said = String::from_utf8_lossy(&failing.stderr);
    assert!(said.contains("because of --fail-on breaking"), "{said}");
    assert_eq!(status(&[&added[0], &added[1], "--fail-on", "breaking"]), Some(0));
    assert_eq!(status(&[&added[0], &added[1], "--fail-on", "additive"]), Some(1));
    assert_eq!(status(&[&added[0], &added[1], "--fail-on", "everything"]), Some(2), "bad value is a usage error");
    assert_eq!(status(&[&added[0], "/nonexistent/new.json"]), Some(2), "unreadable input is a usage error");
    let output = codegen_diff(&[&added[0], &added[1], "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["changes"][0]["kind"], "type-added");
    assert_eq!(json["changes"][0]["class"], "additive");
}
