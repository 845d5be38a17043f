//! YAML documents, read into the same `serde_json::Value` tree as JSON ones.
//!
//! `serde-saphyr` parses without panicking and stops at a budget (nesting,
//! node count, alias expansions), so a hostile document — a "billion laughs"
//! alias bomb, a ten-thousand-level nesting — is an error, not an exhausted
//! stack or memory. The budget below is sized for real API descriptions.

use serde_json::Value;

/// A YAML parse failure: the parser's message and, where it has one, the
/// 1-based line and column.
#[derive(Debug)]
pub struct YamlError {
    pub message: String,
    pub line_col: Option<(usize, usize)>,
}

/// Parse one YAML document into a JSON value.
pub fn parse(text: &str) -> Result<Value, YamlError> {
    serde_saphyr::from_str_with_options(text, options()).map_err(|e| {
        let line_col = e.location().filter(|l| l.line() > 0).map(|l| (l.line() as usize, l.column() as usize));
        let mut message = e.to_string();
        // The position goes to the diagnostic's location; do not say it twice.
        if let Some((line, column)) = line_col {
            let suffix = format!(" at line {line}, column {column}");
            if let Some(stripped) = message.strip_suffix(&suffix) {
                message.truncate(stripped.len());
            }
        }
        YamlError { message, line_col }
    })
}

fn options() -> serde_saphyr::Options {
    // Both types are `#[non_exhaustive]`: start from the defaults, then set.
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget());
    options.with_snippet = false;
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

    #[test]
    fn errors_carry_line_and_column_once() {
        let error = parse("a: b\n  c: d\n").unwrap_err();
        assert_eq!(error.line_col, Some((2, 4)));
        assert!(!error.message.contains("line 2"), "position repeated in the message: {}", error.message);
    }

    #[test]
    fn alias_bombs_stop_at_the_budget() {
        // 10^12 nodes once expanded; the budget stops it after a million events.
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            text.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"));
        }
        let error = parse(&text).unwrap_err();
        assert!(error.message.contains("budget"), "{error:?}");
    }
}
