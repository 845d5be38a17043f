//! The two report formats: Markdown for people (PR descriptions, the
//! `CHANGES.md` next to a pinned revision) and JSON for tools.

use std::fmt::Write as _;

use super::{Area, Change, Class, Report};

const CLASSES: [Class; 3] = [Class::Breaking, Class::Additive, Class::DocsOnly];
const AREAS: [Area; 2] = [Area::Schema, Area::Operation];

pub(super) fn json(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).expect("a report is plain data");
    text.push('\n');
    text
}

pub(super) fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Schema changes\n");
    let _ = writeln!(out, "{} → {}\n", files(&report.old), files(&report.new));
    if report.changes.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    summary(report, &mut out);
    out.push_str(
        "\n**Breaking**: code using the generated crate, or calls to the API, may stop compiling or working. \
         **Additive**: new types, optional fields, open-enum values, endpoints, parameters, filters. \
         **Docs-only**: documentation, deprecation, scopes and rate limits.\n",
    );
    for class in CLASSES {
        let in_class: Vec<&Change> = report.changes.iter().filter(|c| c.class == class).collect();
        if in_class.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n## {} ({})", title(class), in_class.len());
        for area in AREAS {
            let rows: Vec<&&Change> = in_class.iter().filter(|c| c.area == area).collect();
            if rows.is_empty() {
                continue;
            }
            let (heading, column) = match area {
                Area::Schema => ("Schemas", "schema.path"),
                Area::Operation => ("Operations", "operation"),
            };
            let _ = writeln!(out, "\n### {heading} ({})\n", rows.len());
            let _ = writeln!(out, "| {column} | change | before | after |\n| --- | --- | --- | --- |");
            for change in rows {
                row(change, &mut out);
            }
        }
    }
    out
}

fn files(paths: &[String]) -> String {
    paths.iter().map(|p| code(p)).collect::<Vec<_>>().join(" + ")
}

fn summary(report: &Report, out: &mut String) {
    out.push_str("| class | schemas | operations | total |\n| --- | ---: | ---: | ---: |\n");
    for class in CLASSES {
        let count = |area: Area| report.changes.iter().filter(|c| c.class == class && c.area == area).count();
        let (schemas, operations) = (count(Area::Schema), count(Area::Operation));
        let _ = writeln!(out, "| {} | {schemas} | {operations} | {} |", class.label(), schemas + operations);
    }
}

fn title(class: Class) -> &'static str {
    match class {
        Class::Breaking => "Breaking",
        Class::Additive => "Additive",
        Class::DocsOnly => "Docs-only",
    }
}

fn row(change: &Change, out: &mut String) {
    let mut what = change.kind.describe().to_owned();
    if let Some(note) = &change.note {
        let _ = write!(what, " ({note})");
    }
    let cell = |value: &Option<String>| value.as_deref().map_or_else(|| "—".to_owned(), code);
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} |",
        code(&change.location()),
        escape(&what),
        cell(&change.before),
        cell(&change.after)
    );
}

/// Inline code that survives backticks, and `|` inside a table.
fn code(text: &str) -> String {
    let text = escape(text);
    let fence = if text.contains('`') { "``" } else { "`" };
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

fn escape(text: &str) -> String {
    text.replace('\n', " ").replace('|', "\\|")
}
