//! An operation module laid out directly (`emit::operations` quotes the
//! same tokens): its docs and constants, `Response`, `Request` and its
//! constructor, the query enums and their re-exports, the filter builder,
//! and the `Operation` and `Paginated` impls.

use std::borrow::Cow;

use super::expr::{self, Expr};
use super::{
    attr, attrs_of, cfg_attr, constant, constant_item, default_value, doc, doc_cfg_attr, doc_lines, fixed_attr,
    function_body, function_returning, generic, impl_footer, impl_header, macro_call, member, method_call, parameter,
    string_const, string_list_const, string_literal, struct_literal, trait_impl_header, ty_layout, type_alias,
    FieldValue, Macro, Piece, Pieces, Tok, Writer,
};
use crate::layout::{Layout, INDENT};
use crate::lower::operations::{
    Arity, BodyPlan, FilterArg, FilterMethod, OperationPlan, Pagination, ParamPlan, Placement, Reexport, ValueEnum,
    Wrap,
};
use crate::lower::{EnumMember, RustType};

/// An operation module (`emit::operations::operation_module`): its head
/// (attributes, docs, the constants but `RATE_LIMIT`), its `Response` and
/// its `Request` laid out here, and the rest too unless the body is a
/// multipart form (then the rest is quoted, formatted one level in).
pub fn operation_module(plan: &OperationPlan) -> Option<Vec<Piece>> {
    let mut pieces = Pieces::default();
    let mut layout = Layout::new();
    if !plan.features.is_empty() {
        let features = std::slice::from_ref(&plan.features);
        attrs_of(&mut layout, &cfg_attr(features));
        attrs_of(&mut layout, &doc_cfg_attr(features));
    }
    if plan.deprecated {
        attr(&mut layout, &[Tok::Ident(Cow::Borrowed("deprecated"))]);
    }
    layout.cbox(INDENT);
    layout.word("pub ");
    layout.word("mod ");
    layout.word(&plan.module);
    layout.word(" {");
    layout.hardbreak_if_nonempty();
    for line in &plan.docs {
        if line.contains(['\n', '\r']) {
            return None;
        }
        let trimmed = line.trim_end_matches(' ');
        layout.word(if trimmed.is_empty() { "//!" } else { "//! " });
        layout.word(trimmed);
        layout.hardbreak();
    }
    doc(&mut layout, crate::emit::operations::operation_id_doc(plan))?;
    string_const(&mut layout, "OPERATION_ID", "&str", &plan.id)?;
    doc(&mut layout, " Other ids this operation is known by.")?;
    string_list_const(&mut layout, "ALIASES", &plan.aliases)?;
    doc(&mut layout, " The HTTP method.")?;
    let method = format!("crate::request::Method::{}", crate::naming::type_name(plan.method.key()));
    constant(&mut layout, "METHOD", "crate::request::Method", |l| l.word(&method));
    doc(&mut layout, " The path template; `{name}` stands for a path parameter.")?;
    string_const(&mut layout, "PATH", "&str", &plan.path)?;
    doc(&mut layout, " The scopes the credentials need for this operation.")?;
    string_list_const(&mut layout, "SCOPES", &plan.scopes)?;
    doc(&mut layout, " The documented rate limits (none when the document states none).")?;
    constant(&mut layout, "RATE_LIMIT", "crate::request::RateLimit", |l| {
        let limits =
            [("burst", plan.rate_limit.burst), ("steady", plan.rate_limit.steady), ("daily", plan.rate_limit.daily)];
        let fields: Vec<FieldValue> = limits
            .into_iter()
            .map(|(name, limit)| (name, Some(Box::new(move |l: &mut Layout| limit_value(l, limit)) as Writer)))
            .collect();
        struct_literal(l, "crate::request::RateLimit", &fields);
    });
    doc(&mut layout, &crate::emit::operations::response_doc(plan))?;
    let unit = RustType::Tuple(Vec::new());
    type_alias(&mut layout, "Response", plan.response.as_ref().unwrap_or(&unit));
    request_struct(&mut layout, plan)?;
    request_constructor(&mut layout, plan);
    if plan.form.is_some() {
        // A multipart form's struct and the blocks that render it are quoted.
        layout.offset(-INDENT);
        layout.end();
        pieces.layout(layout);
        pieces.module_tokens(crate::emit::operations::module_rest(plan, false));
        layout = Layout::new();
    } else {
        module_rest(&mut layout, plan)?;
        layout.offset(-INDENT);
        layout.end();
    }
    layout.word("}");
    layout.hardbreak();
    pieces.layout(layout);
    Some(pieces.0)
}

/// An operation's `Request` struct (`emit::operations::request_struct`).
fn request_struct(layout: &mut Layout, plan: &OperationPlan) -> Option<()> {
    doc(layout, " The request: path, query and header parameters, and the body.")?;
    let derive = if plan.request_has_default() { "derive(Debug, Clone, Default)" } else { "derive(Debug, Clone,)" };
    fixed_attr(layout, derive);
    fixed_attr(layout, "cfg_attr(feature = \"partial-eq\", derive(PartialEq))");
    layout.cbox(INDENT);
    layout.word("pub struct ");
    layout.word("Request");
    layout.word(" ");
    layout.word("{");
    layout.hardbreak_if_nonempty();
    for field in &plan.fields {
        attrs_of(layout, &doc_lines(&field.docs)?);
        member(layout, &field.name, &field.ty);
    }
    if let Some((ty, body_doc)) = crate::emit::operations::body_field(plan) {
        doc(layout, body_doc)?;
        member(layout, "body", &ty);
    }
    layout.offset(-INDENT);
    layout.end();
    layout.word("}");
    layout.hardbreak();
    Some(())
}

/// `Some(crate::request::Limit { count, period })` or `None`.
fn limit_value(layout: &mut Layout, limit: Option<crate::ir::Limit>) {
    let Some(limit) = limit else { return layout.word("None") };
    let count = limit.count.to_string();
    let period = format!("crate::request::Period::{}", crate::emit::operations::limit_period(limit.period));
    layout.word("Some");
    layout.word("(");
    let fields: [FieldValue; 2] = [
        ("count", Some(Box::new(|l: &mut Layout| l.word(&count)))),
        ("period", Some(Box::new(|l: &mut Layout| l.word(&period)))),
    ];
    struct_literal(layout, "crate::request::Limit", &fields);
    layout.word(")");
}

/// `impl Request { pub fn new(…) -> Self { … } }` of an operation module
/// (`emit::operations::request_constructor`), when it has one.
fn request_constructor(layout: &mut Layout, plan: &OperationPlan) {
    let body = crate::emit::operations::body_field(plan);
    let body_required = plan.body_required();
    let needed: Vec<&ParamPlan> = plan.fields.iter().filter(|f| plan.constructor_fields.contains(&f.name)).collect();
    if needed.is_empty() && !body_required {
        return;
    }
    impl_header(layout, "Request");
    doc(layout, " A request of what it cannot go without (its path parameters, its required");
    doc(layout, " parameters without an empty value, its required body); the other fields empty.");
    let mut parameters: Vec<Writer> = needed
        .iter()
        .map(|field| -> Writer {
            Box::new(move |l: &mut Layout| {
                l.word(&field.name);
                l.word(": ");
                match &field.ty {
                    RustType::String => {
                        l.word("impl ");
                        generic(l, "Into", &[&|l: &mut Layout| l.word("String")]);
                    }
                    other => ty_layout(l, other),
                }
            })
        })
        .collect();
    if body_required {
        let body_type = body.as_ref().map(|(ty, _)| ty);
        parameters.push(Box::new(move |l: &mut Layout| {
            if let Some(ty) = body_type {
                l.word("body");
                l.word(": ");
                ty_layout(l, ty);
            }
        }));
    }
    let mut values: Vec<FieldValue> = plan
        .fields
        .iter()
        .map(|field| -> FieldValue {
            let value: Option<Writer> = match needed.iter().any(|n| n.name == field.name) {
                true if field.ty == RustType::String => {
                    Some(Box::new(move |l: &mut Layout| method_call(l, &field.name, "into")))
                }
                true => None,
                false => Some(default_value()),
            };
            (field.name.as_str(), value)
        })
        .collect();
    if body.is_some() {
        let value: Option<Writer> = (!body_required).then(|| Box::new(|l: &mut Layout| l.word("None")) as Writer);
        values.push(("body", value));
    }
    function_returning(layout, "pub ", "new", &parameters, |l| l.word("Self"), |l| struct_literal(l, "Self", &values));
    impl_footer(layout);
}

/// What follows the constructor (`emit::operations::module_rest` without a
/// form): re-exports, query enums, the filter builder, the impls.
fn module_rest(layout: &mut Layout, plan: &OperationPlan) -> Option<()> {
    for Reexport { name, local } in &plan.shared_enums {
        reexport(layout, "crate::operations::", name, local);
    }
    for Reexport { name, local } in &plan.response_enums {
        doc(layout, " The response's enum of these values: filter with what a response holds.")?;
        layout.word("pub use crate::");
        layout.word(name);
        layout.word(" as ");
        layout.word(local);
        layout.word(";");
        layout.hardbreak();
    }
    for value_enum in &plan.enums {
        query_enum(layout, value_enum)?;
    }
    if let Some(methods) = &plan.filter {
        filter_type(layout, methods)?;
    }
    if plan.unmodelled_body.is_none() {
        operation_impl(layout, plan)?;
    }
    if let Some(pagination) = &plan.pagination {
        pagination_impl(layout, pagination);
    }
    Some(())
}

/// `pub use {prefix}{name};`, or `… as {local};` when the names differ.
fn reexport(layout: &mut Layout, prefix: &str, name: &str, local: &str) {
    layout.word("pub use ");
    layout.word(prefix);
    layout.word(name);
    if name != local {
        layout.word(" as ");
        layout.word(local);
    }
    layout.word(";");
    layout.hardbreak();
}

/// `crate::request::query_enum! { #[doc = "…"] Name { A = "a", … } }`.
fn query_enum(layout: &mut Layout, plan: &ValueEnum) -> Option<()> {
    let mut variants = Vec::with_capacity(plan.values.len() * 4);
    for (index, EnumMember { variant, value }) in plan.values.iter().enumerate() {
        if index > 0 {
            variants.push(Tok::Punct(',', false));
        }
        variants.push(Tok::Ident(Cow::Owned(variant.clone())));
        variants.push(Tok::Punct('=', false));
        variants.push(string_literal(value)?);
    }
    let mut tokens = doc_tokens(string_literal(&plan.doc)?);
    tokens.push(Tok::Ident(Cow::Owned(plan.name.clone())));
    tokens.push(Tok::Group('{', variants));
    macro_call(layout, "crate::request::query_enum", Macro::Brace, tokens);
    Some(())
}

/// `#[doc = literal]` as tokens inside a macro call.
fn doc_tokens(literal: Tok) -> Vec<Tok> {
    let meta = vec![Tok::Ident(Cow::Borrowed("doc")), Tok::Punct('=', false), literal];
    vec![Tok::Punct('#', false), Tok::Group('[', meta)]
}

/// The `Filter` type and its builder methods (`emit::operations::filter_type`).
fn filter_type(layout: &mut Layout, methods: &[FilterMethod]) -> Option<()> {
    // What `///` lines inside `quote!` become: raw string literals.
    let mut tokens = doc_tokens(Tok::Literal(Cow::Borrowed(
        r#"r" `filter`: only the fields and operators this operation allows, with""#,
    )));
    tokens.extend(doc_tokens(Tok::Literal(Cow::Borrowed(r#"r" values typed by field. Combine with `Filter::and`.""#))));
    tokens.push(Tok::Ident(Cow::Borrowed("Filter")));
    macro_call(layout, "crate::request::typed_filter", Macro::Brace, tokens);
    impl_header(layout, "Filter");
    for method in methods {
        filter_method(layout, method)?;
    }
    impl_footer(layout);
    Some(())
}

/// One builder: `pub fn field_operator(value) -> Self { Self(…) }`.
fn filter_method(layout: &mut Layout, method: &FilterMethod) -> Option<()> {
    let (operator, field) = (&method.operator, &method.field);
    let literal = |text: &str| -> Option<Expr<'static>> {
        match string_literal(text)? {
            Tok::Literal(text) => Some(Expr::literal(text)),
            _ => None,
        }
    };
    let (operator_literal, field_literal) = (literal(operator)?, literal(field)?);
    let value_type = |l: &mut Layout, ty: &FilterArg| match ty {
        FilterArg::Typed(RustType::String) => l.word("&str"),
        FilterArg::Typed(ty) => ty_layout(l, ty),
        FilterArg::Any => l.word("impl crate::request::FilterValue"),
    };
    let (doc_text, parameters, builder, arguments): (String, Vec<Writer>, &str, Vec<Expr>) = match method.arity {
        Arity::Single => (
            format!(" `{operator}({field},value)`"),
            vec![Box::new(|l: &mut Layout| {
                l.word("value");
                l.word(": ");
                value_type(l, &method.value);
            })],
            "crate::request::FilterExpr::compare",
            vec![operator_literal, field_literal, Expr::path("value").reference()],
        ),
        Arity::List => (
            format!(" `{operator}({field},[values])`"),
            vec![Box::new(|l: &mut Layout| {
                l.word("values");
                l.word(": ");
                l.word("impl ");
                generic(
                    l,
                    "IntoIterator",
                    &[&|l: &mut Layout| {
                        l.word("Item = ");
                        match &method.value {
                            FilterArg::Typed(RustType::String) | FilterArg::Any => {
                                l.word("impl crate::request::FilterValue")
                            }
                            FilterArg::Typed(ty) => ty_layout(l, ty),
                        }
                    }],
                );
            })],
            "crate::request::FilterExpr::list",
            vec![operator_literal, field_literal, Expr::path("values")],
        ),
        Arity::Unary => (
            format!(" `{operator}({field})`"),
            Vec::new(),
            "crate::request::FilterExpr::unary",
            vec![operator_literal, field_literal],
        ),
    };
    doc(layout, &doc_text)?;
    let value = Expr::path("Self").call(vec![Expr::path(builder).call(arguments)]);
    function_returning(layout, "pub ", &method.name, &parameters, |l| l.word("Self"), |l| expr::at_start(l, &value));
    Some(())
}

/// `impl crate::request::Operation for Request` (`emit::operations::operation_impl`).
fn operation_impl(layout: &mut Layout, plan: &OperationPlan) -> Option<()> {
    trait_impl_header(layout, "crate::request::Operation", "Request");
    let same = |name: &'static str| move |l: &mut Layout| l.word(name);
    constant_item(layout, "", "OPERATION_ID", "&'static str", same("OPERATION_ID"));
    if !plan.authenticated {
        constant_item(layout, "", "AUTHENTICATED", "bool", same("false"));
    }
    if plan.text_response {
        constant_item(layout, "", "TEXT_RESPONSE", "bool", same("true"));
    }
    constant_item(layout, "", "METHOD", "crate::request::Method", same("METHOD"));
    constant_item(layout, "", "PATH", "&'static str", same("PATH"));
    constant_item(layout, "", "SCOPES", "&'static [&'static str]", same("SCOPES"));
    constant_item(layout, "", "RATE_LIMIT", "crate::request::RateLimit", same("RATE_LIMIT"));
    associated_type(layout, "Response", |l| l.word("Response"));
    let statements = render_statements(plan)?;
    let returns = |l: &mut Layout| {
        generic(
            l,
            "Result",
            &[&|l: &mut Layout| l.word("crate::request::RenderedRequest"), &|l: &mut Layout| {
                l.word("serde_json::Error")
            }],
        )
    };
    function_body(layout, "", "render", &[parameter("&self", None)], returns, |l| {
        for statement in &statements {
            statement.write(l);
        }
    });
    impl_footer(layout);
    Some(())
}

/// A statement of a function body.
enum Statement<'a> {
    Let { mutable: bool, name: &'static str, value: Expr<'a> },
    Expr(Expr<'a>),
    Tail(Expr<'a>),
}

impl Statement<'_> {
    fn write(&self, layout: &mut Layout) {
        match self {
            Statement::Let { mutable, name, value } => expr::let_statement(layout, *mutable, name, value),
            Statement::Expr(value) => expr::statement(layout, value),
            Statement::Tail(value) => expr::tail(layout, value),
        }
    }
}

/// `render`'s body: the query, the headers, the body, the request.
fn render_statements<'a>(plan: &'a OperationPlan) -> Option<Vec<Statement<'a>>> {
    let literal = |text: &str| -> Option<Expr<'static>> {
        match string_literal(text)? {
            Tok::Literal(text) => Some(Expr::literal(text)),
            _ => None,
        }
    };
    let own = |field: &'a ParamPlan| Expr::path("self").field(&field.name);
    let mut query = Vec::new();
    let mut headers = Vec::new();
    for field in &plan.fields {
        let key = literal(&field.json_name)?;
        let (target, method, arguments) = match (field.placement, &field.default) {
            (Placement::Path, _) => continue,
            (Placement::ListQuery, _) => ("query", "list", vec![key, own(field).reference()]),
            (Placement::OptionalQuery, _) => ("query", "optional", vec![key, own(field).method("as_ref", Vec::new())]),
            (Placement::Query, _) => ("query", "push", vec![key, own(field).reference()]),
            (Placement::ListHeader, _) => ("headers", "list", vec![key, own(field).reference()]),
            (Placement::OptionalHeader, Some(default)) => {
                ("headers", "or_default", vec![key, own(field).method("as_ref", Vec::new()), literal(default)?])
            }
            (Placement::OptionalHeader, None) => {
                ("headers", "optional", vec![key, own(field).method("as_ref", Vec::new())])
            }
            (Placement::Header, _) => ("headers", "push", vec![key, own(field).reference()]),
        };
        let statement = Statement::Expr(Expr::path(target).method(method, arguments));
        if target == "query" {
            query.push(statement)
        } else {
            headers.push(statement)
        }
    }
    if let Some(accept) = &plan.accept {
        headers.push(Statement::Expr(Expr::path("headers").method("accept", vec![literal(accept)?])));
    }
    let mut statements = Vec::new();
    let new = |path: &'static str| Expr::path(path).call(Vec::new());
    statements.push(Statement::Let {
        mutable: !query.is_empty(),
        name: "query",
        value: new("crate::request::Query::new"),
    });
    statements.extend(query);
    statements.push(Statement::Let {
        mutable: !headers.is_empty(),
        name: "headers",
        value: new("crate::request::Headers::new"),
    });
    statements.extend(headers);
    let body = match &plan.body {
        Some(BodyPlan { required: true, media_type, .. }) => {
            Expr::path("Some").call(vec![Expr::path("crate::request::Body::json")
                .call(vec![literal(media_type)?, Expr::path("self").field("body").reference()])
                .question_mark()])
        }
        Some(BodyPlan { required: false, media_type, .. }) => {
            let json = Expr::path("crate::request::Body::json").call(vec![literal(media_type)?, Expr::path("body")]);
            Expr::path("self")
                .field("body")
                .method("as_ref", Vec::new())
                .method("map", vec![Expr::closure("body", json)])
                .method("transpose", Vec::new())
                .question_mark()
        }
        None => Expr::path("None"),
    };
    statements.push(Statement::Let { mutable: false, name: "body", value: body });
    let path_parameters: Vec<Expr> = plan
        .fields
        .iter()
        .filter(|field| field.placement == Placement::Path)
        .map(|field| own(field).reference())
        .collect();
    let path = if path_parameters.is_empty() {
        Expr::path("PATH").method("to_owned", Vec::new())
    } else {
        Expr::path("crate::request::fill_path").call(vec![Expr::path("PATH"), Expr::Array(path_parameters).reference()])
    };
    let arguments = vec![Expr::path("METHOD"), path, Expr::path("query"), Expr::path("headers"), Expr::path("body")];
    let request = Expr::path("crate::request::RenderedRequest::new").call(arguments);
    statements.push(Statement::Tail(Expr::path("Ok").call(vec![request])));
    Some(statements)
}

/// `impl crate::request::Paginated for Request` (`emit::operations::pagination_impl`).
fn pagination_impl(layout: &mut Layout, pagination: &Pagination) {
    trait_impl_header(layout, "crate::request::Paginated", "Request");
    associated_type(layout, "Item", |l| ty_layout(l, &pagination.item));
    let mut next = Expr::path("response");
    let last = pagination.next.len() - 1;
    for (index, (field, wrap)) in pagination.next.iter().enumerate() {
        next = match (wrap, index == last) {
            (Wrap::Plain, false) => next.field(field),
            (_, false) => next.field(field).method("as_ref", Vec::new()).question_mark(),
            (Wrap::Plain, true) => Expr::path("Some").call(vec![next.field(field).method("as_str", Vec::new())]),
            (Wrap::Option, true) => next.field(field).method("as_deref", Vec::new()),
            (Wrap::Tristate, true) => {
                next.field(field).method("as_ref", Vec::new()).method("map", vec![Expr::path("String::as_str")])
            }
        };
    }
    let (data, wrap) = (&pagination.data.0, pagination.data.1);
    let data = Expr::path("response").field(data);
    let items = match wrap {
        Wrap::Plain => data,
        Wrap::Option => data.method("unwrap_or_default", Vec::new()),
        Wrap::Tristate => data.method("into_option", Vec::new()).method("unwrap_or_default", Vec::new()),
    };
    let response = |ty: &'static str| parameter("response", Some(ty));
    let option_str = |l: &mut Layout| generic(l, "Option", &[&|l: &mut Layout| l.word("&str")]);
    function_returning(layout, "", "next_link", &[response("&Response")], option_str, |l| expr::at_start(l, &next));
    let items_type = |l: &mut Layout| generic(l, "Vec", &[&|l: &mut Layout| l.word("Self::Item")]);
    function_returning(layout, "", "into_items", &[response("Response")], items_type, |l| expr::at_start(l, &items));
    impl_footer(layout);
}

/// `type Name = Type;` in an impl.
fn associated_type(layout: &mut Layout, name: &str, ty: impl FnOnce(&mut Layout)) {
    layout.cbox(INDENT);
    layout.word("type ");
    layout.word(name);
    layout.word(" = ");
    layout.neverbreak();
    layout.ibox(-INDENT);
    ty(layout);
    layout.end();
    layout.word(";");
    layout.end();
    layout.hardbreak();
}
