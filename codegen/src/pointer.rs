//! JSON pointers (RFC 6901) and URI references as they appear in `$ref`.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;
use serde_json::Value;

/// Escape one reference token for use in a JSON pointer (`~` → `~0`, `/` → `~1`).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Append a token to a pointer. (Hot: called for every schema visited, so
/// it allocates once and escapes only tokens that need it.)
pub fn push(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    out.push('/');
    if token.contains(['~', '/']) {
        out.push_str(&escape_token(token));
    } else {
        out.push_str(token);
    }
    out
}

/// The tokens of a pointer, unescaped. `None` when the pointer is not empty and
/// does not start with `/`.
pub fn tokens(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    Some(rest.split('/').map(|t| unescape(t).into_owned()).collect())
}

/// The value at `pointer` in `root`, as `Value::pointer` finds it, without
/// its two strings per token (tokens without `~` need none). Resolve walks a
/// pointer from the root only where a `$ref` lands; below that it steps
/// ([`step`]) from the value it already has.
pub fn get<'v>(root: &'v Value, pointer: &str) -> Option<&'v Value> {
    if pointer.is_empty() {
        return Some(root);
    }
    pointer.strip_prefix('/')?.split('/').try_fold(root, |target, token| step(target, &unescape(token)))
}

/// One step of a pointer walk: the member `token` (unescaped) of an object,
/// or the item at index `token` of an array (RFC 6901 indices: decimal, no
/// sign, no leading zero).
pub fn step<'v>(value: &'v Value, token: &str) -> Option<&'v Value> {
    match value {
        Value::Object(map) => map.get(token),
        Value::Array(items) if token == "0" || !token.starts_with(['0', '+']) => {
            items.get(token.parse::<usize>().ok()?)
        }
        _ => None,
    }
}

fn unescape(token: &str) -> Cow<'_, str> {
    if token.contains('~') {
        Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(token)
    }
}

/// A `$ref` split into the document part and the fragment, with the fragment
/// percent-decoded (URI fragments may percent-encode pointer characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefParts {
    pub document: String,
    pub fragment: String,
}

pub fn split_ref(reference: &str) -> Result<RefParts, String> {
    let (document, fragment) = match reference.split_once('#') {
        Some((d, f)) => (d, f),
        None => (reference, ""),
    };
    let fragment = percent_decode_str(fragment)
        .decode_utf8()
        .map_err(|_| format!("the fragment of `{reference}` is not valid percent-encoded UTF-8"))?
        .into_owned();
    if fragment.contains('#') {
        return Err(format!("`{reference}` has more than one `#`"));
    }
    Ok(RefParts { document: document.to_owned(), fragment })
}

/// Resolve a relative reference against a base (a file path or an absolute URI),
/// normalising `.` and `..` segments.
pub fn join(base: &str, relative: &str) -> String {
    if relative.is_empty() {
        return base.to_owned();
    }
    if relative.contains("://") {
        return relative.to_owned();
    }
    if relative.starts_with('/') && !base.contains("://") {
        return normalize(relative);
    }
    let (prefix, base_path) = match base.find("://") {
        Some(i) => {
            let after = &base[i + 3..];
            let host_end = after.find('/').map_or(base.len(), |j| i + 3 + j);
            (&base[..host_end], &base[host_end..])
        }
        None => ("", base),
    };
    let directory = match base_path.rfind('/') {
        Some(i) => &base_path[..=i],
        None => "",
    };
    let joined = if relative.starts_with('/') { relative.to_owned() } else { format!("{directory}{relative}") };
    format!("{prefix}{}", normalize(&joined))
}

/// Remove `.` segments and fold `..` segments of a `/`-separated path.
pub fn normalize(path: &str) -> String {
    let absolute = path.starts_with('/');
    let mut out: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if matches!(out.last(), Some(last) if *last != "..") {
                    out.pop();
                } else if !absolute {
                    out.push("..");
                }
            }
            s => out.push(s),
        }
    }
    let joined = out.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

/// Rewrite every `$ref` string in a JSON document in place with `rewrite`
/// (tools that copy or convert schema documents: the benchmarks, the typify
/// peer run).
pub fn rewrite_refs(value: &mut Value, rewrite: &impl Fn(&str) -> String) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match child {
                    Value::String(reference) if key == "$ref" => *reference = rewrite(reference),
                    _ => rewrite_refs(child, rewrite),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| rewrite_refs(item, rewrite)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_unescape_in_the_right_order() {
        assert_eq!(tokens("/a~1b/c~0d/~01").unwrap(), vec!["a/b", "c~d", "~1"]);
        assert_eq!(tokens("").unwrap(), Vec::<String>::new());
        assert!(tokens("a").is_none());
    }

    #[test]
    fn get_finds_what_value_pointer_finds() {
        let doc = serde_json::json!({"a/b": {"c~d": [1, {"e": 2}]}, "": {"01": 3}});
        for pointer in [
            "",
            "/a~1b",
            "/a~1b/c~0d/0",
            "/a~1b/c~0d/1/e",
            "/a~1b/c~0d/01",
            "/a~1b/c~0d/+1",
            "/a~1b/c~0d/2",
            "//01",
            "/x",
            "a",
        ] {
            assert_eq!(get(&doc, pointer), doc.pointer(pointer), "{pointer}");
        }
    }

    #[test]
    fn escape_round_trips() {
        let p = push("/components/schemas", "a/b~c");
        assert_eq!(p, "/components/schemas/a~1b~0c");
        assert_eq!(tokens(&p).unwrap()[2], "a/b~c");
    }

    #[test]
    fn split_ref_percent_decodes_the_fragment() {
        let parts = split_ref("other.json#/$defs/a%20b").unwrap();
        assert_eq!(parts.document, "other.json");
        assert_eq!(parts.fragment, "/$defs/a b");
        assert!(split_ref("a#b#c").is_err());
    }

    #[test]
    fn rewrite_refs_reaches_nested_refs_only() {
        let mut doc = serde_json::json!({"a": {"$ref": "#/x"}, "b": [{"$ref": "#/y"}], "c": "#/x"});
        rewrite_refs(&mut doc, &|r| r.replace('#', "o.json#"));
        assert_eq!(doc, serde_json::json!({"a": {"$ref": "o.json#/x"}, "b": [{"$ref": "o.json#/y"}], "c": "#/x"}));
    }

    #[test]
    fn join_resolves_relative_files_and_uris() {
        assert_eq!(join("schemas/a/root.json", "../b/x.json"), "schemas/b/x.json");
        assert_eq!(join("root.json", "./x.json"), "x.json");
        assert_eq!(join("https://example.com/s/a.json", "b.json"), "https://example.com/s/b.json");
        assert_eq!(join("https://example.com/s/a.json", "https://other/x"), "https://other/x");
        assert_eq!(join("a/b.json", ""), "a/b.json");
    }
}
