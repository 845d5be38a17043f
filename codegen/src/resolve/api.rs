//! Where an API is served and how it authenticates: the servers and security
//! schemes of OpenAPI documents, which the generated client is built from.

use serde_json::{Map, Value};

use crate::ir::{Api, ApiKeyLocation, SecurityScheme, SecuritySchemeKind};
use crate::load::Document;
use crate::vendor;

/// The server and security schemes of the first document that declares them.
pub(super) fn api(documents: &[Document]) -> Api {
    Api {
        server_url: documents.iter().find_map(|document| server_url(&document.root)),
        security_schemes: documents
            .iter()
            .map(|document| security_schemes(&document.root))
            .find(|schemes| !schemes.is_empty())
            .unwrap_or_default(),
    }
}

/// OpenAPI 3: the first `servers` entry, `{variables}` replaced by their
/// `default`; Swagger 2: `schemes[0]://host basePath`. A scheme-relative URL
/// (`//host`) is given `https:`; a trailing `/` is dropped.
fn server_url(root: &Value) -> Option<String> {
    let url = match root.get("servers").and_then(Value::as_array).and_then(|servers| servers.first()) {
        Some(server) => with_variables(server.get("url")?.as_str()?, server.get("variables")),
        None => {
            let host = root.get("host")?.as_str()?;
            let scheme = root.get("schemes").and_then(Value::as_array).and_then(|s| s.first()).and_then(Value::as_str);
            let base_path = root.get("basePath").and_then(Value::as_str).unwrap_or_default();
            format!("{}://{host}{base_path}", scheme.unwrap_or("https"))
        }
    };
    let url = if url.starts_with("//") { format!("https:{url}") } else { url };
    Some(url.trim_end_matches('/').to_owned())
}

/// `https://{region}.example.com` with `variables: {region: {default: eu}}`.
fn with_variables(url: &str, variables: Option<&Value>) -> String {
    let mut url = url.to_owned();
    for (name, variable) in variables.and_then(Value::as_object).into_iter().flatten() {
        if let Some(default) = variable.get("default").and_then(Value::as_str) {
            url = url.replace(&format!("{{{name}}}"), default);
        }
    }
    url
}

/// The usable schemes, those the top-level `security` requires first.
fn security_schemes(root: &Value) -> Vec<SecurityScheme> {
    let declared = root
        .get("components")
        .and_then(|components| components.get("securitySchemes"))
        .or_else(|| root.get("securityDefinitions"))
        .and_then(Value::as_object);
    let Some(declared) = declared else { return Vec::new() };
    let required = requirement_names(root.get("security"));
    let mut names: Vec<&String> = declared.keys().collect();
    names.sort_by_key(|name| required.iter().position(|r| r == *name).unwrap_or(usize::MAX));
    names
        .into_iter()
        .filter_map(|name| {
            let kind = scheme_kind(declared[name].as_object()?).ok()?;
            Some(SecurityScheme { name: name.clone(), kind })
        })
        .collect()
}

/// How the generated client sends a scheme's credentials, or why it cannot
/// (the scheme is then left out; `check` warns of it).
pub(crate) fn scheme_kind(scheme: &Map<String, Value>) -> Result<SecuritySchemeKind, String> {
    let text = |key: &str| scheme.get(key).and_then(Value::as_str);
    let lacks = |key: &str| format!("it has no `{key}`");
    match text("type") {
        Some("apiKey") => Ok(SecuritySchemeKind::ApiKey {
            location: match text("in") {
                Some("header") => ApiKeyLocation::Header,
                Some("query") => ApiKeyLocation::Query,
                Some("cookie") => ApiKeyLocation::Cookie,
                Some(other) => {
                    return Err(format!("an API key goes in a `header`, `query` or `cookie`, not `{other}`"))
                }
                None => return Err(lacks("in")),
            },
            parameter: text("name").ok_or_else(|| lacks("name"))?.to_owned(),
            prefix: vendor::api_key_prefix(scheme).unwrap_or_default(),
        }),
        Some("http") => match text("scheme") {
            Some(name) if name.eq_ignore_ascii_case("bearer") => Ok(SecuritySchemeKind::Bearer),
            Some(name) if name.eq_ignore_ascii_case("basic") => Ok(SecuritySchemeKind::Basic),
            Some(other) => Err(format!("the client sends HTTP `basic` and `bearer` authentication, not `{other}`")),
            None => Err(lacks("scheme")),
        },
        // Swagger 2's `basic`; OAuth 2.0 and OpenID Connect access tokens.
        Some("basic") => Ok(SecuritySchemeKind::Basic),
        Some("oauth2" | "openIdConnect") => Ok(SecuritySchemeKind::Bearer),
        Some("mutualTLS") => Err("the client cannot present a TLS client certificate".to_owned()),
        Some(other) => Err(format!("its type `{other}` is unknown")),
        None if scheme.contains_key("$ref") => Err("codegen does not follow a security scheme's `$ref`".to_owned()),
        None => Err(lacks("type")),
    }
}

/// The scheme names of a list of security requirements, in order, once each.
fn requirement_names(security: Option<&Value>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for requirement in security.and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_object) {
        for name in requirement.keys() {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
    }
    names
}

/// The scopes the operation's security requirements list (its own
/// `security`, else the document's), once each, in order.
pub(super) fn security_scopes(root: &Value, operation: &Map<String, Value>) -> Vec<String> {
    let security = operation.get("security").or_else(|| root.get("security"));
    let mut scopes: Vec<String> = Vec::new();
    for requirement in security.and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_object) {
        for scope in requirement.values().filter_map(Value::as_array).flatten().filter_map(Value::as_str) {
            if !scopes.iter().any(|s| s == scope) {
                scopes.push(scope.to_owned());
            }
        }
    }
    scopes
}

/// An operation with `security: []` needs no credentials (OpenAPI 3.1
/// §4.8.10: an empty list removes the top-level requirement).
pub(super) fn authenticated(operation: &Map<String, Value>) -> bool {
    operation.get("security").and_then(Value::as_array).is_none_or(|list| !list.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn server_urls_take_variable_defaults_and_a_scheme() {
        let root = json!({"servers": [{"url": "https://{region}.example.com/v1/", "variables": {"region": {"default": "eu"}}}]});
        assert_eq!(server_url(&root).as_deref(), Some("https://eu.example.com/v1"));
        assert_eq!(
            server_url(&json!({"servers": [{"url": "//cluster.local"}]})).as_deref(),
            Some("https://cluster.local")
        );
        let swagger = json!({"host": "api.example.com", "basePath": "/v2", "schemes": ["http"]});
        assert_eq!(server_url(&swagger).as_deref(), Some("http://api.example.com/v2"));
        assert_eq!(server_url(&json!({"openapi": "3.1.0"})), None);
    }

    #[test]
    fn required_schemes_come_first_and_unusable_ones_are_left_out() {
        let root = json!({
            "security": [{"token": []}],
            "components": {"securitySchemes": {
                "a_basic": {"type": "http", "scheme": "basic"},
                "digest": {"type": "http", "scheme": "digest"},
                "key": {"type": "apiKey", "in": "query", "name": "api_key"},
                "token": {"type": "oauth2", "flows": {}}
            }}
        });
        let schemes = security_schemes(&root);
        let names: Vec<&str> = schemes.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["token", "a_basic", "key"]);
        assert_eq!(schemes[0].kind, SecuritySchemeKind::Bearer);
        assert_eq!(
            schemes[2].kind,
            SecuritySchemeKind::ApiKey {
                location: ApiKeyLocation::Query,
                parameter: "api_key".into(),
                prefix: String::new()
            }
        );
    }

    #[test]
    fn scopes_and_authentication_follow_the_security_requirements() {
        let root = json!({"security": [{"oauth": ["read"]}]});
        let own = json!({"security": [{"oauth": ["write", "read"]}, {"key": []}]});
        assert_eq!(security_scopes(&root, own.as_object().unwrap()), ["write", "read"]);
        assert_eq!(security_scopes(&root, &Map::new()), ["read"]);
        assert!(!authenticated(json!({"security": []}).as_object().unwrap()));
        assert!(authenticated(&Map::new()));
    }
}
