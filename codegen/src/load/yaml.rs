//! YAML documents, read into the same `serde_json::Value` tree as JSON ones.
//!
//! `serde-saphyr` parses without panicking and stops at a budget (nesting,
//! node count, alias expansions), so a hostile document — a "billion laughs"
//! alias bomb, a ten-thousand-level nesting — is an error, not an exhausted
//! stack or memory. The budget below is sized for real API descriptions.
//!
//! Errors are for the person who wrote the document: the parser's
//! user-facing wording (never its advice to the programmer calling it), and
//! the place the mistake is, not where the parser gave up: an unclosed `[` or
//! `{` lets the parser read on for many lines, so its error is moved back to
//! the bracket (see [`unclosed_flow`]).

use std::collections::HashMap;

use serde_json::Value;
use serde_saphyr::granit_parser::{Event, Parser, StructureStyle};
use serde_saphyr::MessageFormatter;

/// A YAML parse failure: the message, where it has one the 1-based line and
/// column, and a hint when the mistake is a known one.
#[derive(Debug)]
pub struct YamlError {
    pub message: String,
    pub line_col: Option<(usize, usize)>,
    pub hint: Option<String>,
}

/// Parse one YAML document into a JSON value.
pub fn parse(text: &str) -> Result<Value, YamlError> {
    serde_saphyr::from_str_with_options(text, options()).map_err(|e| explain(text, &e))
}

fn explain(text: &str, error: &serde_saphyr::Error) -> YamlError {
    let line_col = error.location().filter(|l| l.line() > 0).map(|l| (l.line() as usize, l.column() as usize));
    if let serde_saphyr::Error::DuplicateMappingKey { key, .. } = error.without_snippet() {
        let key = key.as_deref().unwrap_or("this key");
        let first = line_col.and_then(|(line, _)| first_occurrence(text, key, line));
        let message = match first {
            Some(first) => format!("`{key}` appears twice in one mapping (first on line {first})"),
            None => format!("`{key}` appears twice in one mapping"),
        };
        let hint = "remove one of them, or rename it: keys of a mapping are unique, as members of a JSON object are";
        return YamlError { message, line_col, hint: Some(hint.into()) };
    }
    // The user-facing wording: the default one advises the programmer ("set
    // DuplicateKeyPolicy in Options"), which a user of codegen cannot act on.
    let message = serde_saphyr::UserMessageFormatter.format_message(error).into_owned();
    if let Some((line, column)) = line_col {
        if let Some(open) = unclosed_flow(text, line) {
            let (close, what) = if open.bracket == '[' { (']', "list") } else { ('}', "mapping") };
            return YamlError {
                message: format!("this `{}` is never closed", open.bracket),
                line_col: Some((open.line, open.column)),
                hint: Some(format!(
                    "close it with `{close}` where the {what} ends; without it the parser read on to line {line}, \
                     column {column}: {message}"
                )),
            };
        }
    }
    YamlError { message, line_col, hint: None }
}

/// An opening bracket of a flow collection (`[a, b]`, `{a: b}`), 1-based.
#[derive(Debug, PartialEq)]
struct Open {
    line: usize,
    column: usize,
    bracket: char,
}

/// The flow collection left open where the parser failed on `error_line`,
/// when it is what went wrong: it opened on an earlier line, and a line
/// after it goes back to the indentation of the line it opened on (or less),
/// as the next block entry does. A flow collection that spans lines with its
/// contents indented under it is not blamed for an error inside it.
fn unclosed_flow(text: &str, error_line: usize) -> Option<Open> {
    let mut open: Vec<Option<Open>> = Vec::new();
    let mut parser = Parser::new_from_str(text);
    // Up to the parser's error: the collections open there.
    while let Ok((event, span)) = parser.next_event()? {
        let (line, column) = (span.start.line(), span.start.col() + 1);
        match event {
            Event::SequenceStart(style, ..) => {
                open.push((style == StructureStyle::Flow).then_some(Open { line, column, bracket: '[' }))
            }
            Event::MappingStart(style, ..) => {
                open.push((style == StructureStyle::Flow).then_some(Open { line, column, bracket: '{' }))
            }
            Event::SequenceEnd | Event::MappingEnd => {
                open.pop();
            }
            _ => {}
        }
    }
    let innermost = open.into_iter().flatten().next_back()?;
    let lines: Vec<&str> = text.lines().collect();
    let indent = |line: &str| line.len() - line.trim_start_matches(' ').len();
    let opened_at = indent(lines.get(innermost.line.checked_sub(1)?)?);
    let returns = lines.iter().take(error_line).skip(innermost.line).any(|line| {
        let content = line.trim_start();
        !content.is_empty() && !content.starts_with('#') && indent(line) <= opened_at
    });
    (innermost.line < error_line && returns).then_some(innermost)
}

/// The line where `key` was first a key of the mapping that repeats it on `line`.
fn first_occurrence(text: &str, key: &str, line: usize) -> Option<usize> {
    // One frame per open collection: for mappings, the keys seen (→ line)
    // and whether the next node is a key.
    let mut frames: Vec<Option<(HashMap<String, usize>, bool)>> = Vec::new();
    let mut parser = Parser::new_from_str(text);
    while let Some(Ok((event, span))) = parser.next_event() {
        let at = span.start.line();
        let is_node = event.is_node();
        // A node in a mapping alternates between key and value.
        let mut is_key = false;
        if is_node {
            if let Some(Some((_, expect_key))) = frames.last_mut() {
                is_key = *expect_key;
                *expect_key = !*expect_key;
            }
        }
        match event {
            Event::Scalar(value, ..) if is_key => {
                let Some(Some((keys, _))) = frames.last_mut() else { continue };
                match keys.get(value.as_ref()) {
                    Some(first) if value == key && at == line => return Some(*first),
                    Some(_) => {}
                    None => {
                        keys.insert(value.into_owned(), at);
                    }
                }
            }
            Event::SequenceStart(..) => frames.push(None),
            Event::MappingStart(..) => frames.push(Some((HashMap::new(), true))),
            Event::SequenceEnd | Event::MappingEnd => {
                frames.pop();
            }
            _ => {}
        }
    }
    None
}

fn options() -> serde_saphyr::Options {
    // Both types are `#[non_exhaustive]`: start from the defaults, then set.
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget());
    options.with_snippet = false;
    // YAML 1.2 (which OpenAPI 3.x prescribes): only `true` / `false` are
    // booleans. YAML 1.1's `on`, `off`, `yes`, `no`, `y`, `n` are strings,
    // so `enum: [on, off]` or `enum: [NO, SE]` (Norway) stays an enum of
    // strings instead of turning into booleans.
    options.strict_booleans = true;
    options
}

/// The default budget caps a document at 250,000 nodes: enough for
/// Klaviyo's description (about 120,000) but not for larger ones (GitHub's
/// has millions). Nesting stays at serde_json's own limit of 128, so a YAML
/// input is never deeper than a JSON one can be.
fn budget() -> serde_saphyr::Budget {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = 128;
    budget.max_nodes = 20_000_000;
    budget.max_events = 50_000_000;
    budget
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_keys_read_as_strings() {
        // OpenAPI responses are keyed by status codes, unquoted in most YAML.
        let value = parse("responses:\n  200: {description: ok}\n").unwrap();
        assert_eq!(value["responses"]["200"]["description"], "ok");
    }

    fn error(text: &str) -> YamlError {
        parse(text).unwrap_err()
    }

    #[test]
    fn an_unclosed_bracket_is_reported_where_it_opens() {
        // Without the `]`, the parser reads `pets, ... admin components` as
        // one list and fails at line 12's `:`.
        let text = "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: \"1\"\npaths: {}\ntags: [\n  pets,\n  store,\n  \
                    users,\n  admin\n\ncomponents:\n  schemas: {}\n";
        let error = error(text);
        assert_eq!(error.line_col, Some((6, 7)));
        assert_eq!(error.message, "this `[` is never closed");
        let hint = error.hint.unwrap();
        assert!(hint.contains("line 12, column 11"), "{hint}");
        // The same for a mapping, on one line, in a nested block.
        let error = super::parse("a:\n  b: {c: d, e: f\n  g: h\n").unwrap_err();
        assert_eq!((error.line_col, error.message.as_str()), (Some((2, 6)), "this `{` is never closed"));
    }

    #[test]
    fn a_flow_list_over_several_lines_is_not_blamed_for_an_error_inside_it() {
        let error = error("a: [\n  b,\n  c: d: e,\n]\n");
        assert_ne!(error.message, "this `[` is never closed");
        assert_eq!(error.line_col.map(|(line, _)| line), Some(3));
    }

    #[test]
    fn a_duplicate_key_names_both_places_and_no_parser_setting() {
        let error = error("a: 1\nb:\n  a: 2\n  c: 3\n  c: 4\n");
        assert_eq!(error.line_col, Some((5, 3)));
        assert_eq!(error.message, "`c` appears twice in one mapping (first on line 4)");
        assert!(!error.hint.unwrap().contains("Options"));
    }

    #[test]
    fn errors_carry_line_and_column_once() {
        let error = parse("a: b\n  c: d\n").unwrap_err();
        assert_eq!(error.line_col, Some((2, 4)));
        assert!(!error.message.contains("line 2"), "position repeated in the message: {}", error.message);
    }

    #[test]
    fn booleans_are_yaml_1_2_core_ones() {
        let value = parse("enum: [on, off, yes, no, y, n, N, NO, Y, true, False]\n").unwrap();
        let expected = serde_json::json!({
            "enum": ["on", "off", "yes", "no", "y", "n", "N", "NO", "Y", true, false]
        });
        assert_eq!(value, expected);
    }

    #[test]
    fn alias_bombs_stop_at_the_budget() {
        // 10^12 nodes once expanded; the budget stops it after a million events.
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let error = parse(&text).unwrap_err();
        assert!(error.message.contains("too large or too complex"), "{error:?}");
    }
}
