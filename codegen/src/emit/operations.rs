//! Operation plans → the tokens of `src/operations.rs`: one module per
//! operation with its constants, `Request`, value enums, typed `Filter`, and
//! the `Operation` / `Paginated` impls the runtime (`request.rs`) drives.

use proc_macro2::TokenStream;
use quote::quote;

use super::{cfg_attr, doc_attrs, doc_cfg_attr, ident, item_cfg_attrs, type_tokens};
use crate::ir::{self, ApiKeyLocation, Limit, Period, SecuritySchemeKind};
use crate::lower::operations::{
    Arity, FilterArg, FilterMethod, FormPlan, OperationPlan, OperationsPlan, Pagination, ParamPlan, PartEncode,
    PartWrap, Placement, Reexport, ValueEnum, Wrap,
};
use crate::lower::{EnumMember, RustType};

/// The start of the `operations` module file: its docs and the shared value
/// enums; the modules follow, one [`operation_module`] each (formatted in
/// parallel by `assemble`).
pub fn operations_header(plan: &OperationsPlan) -> TokenStream {
    let shared = plan.shared_enums.iter().map(|(value_enum, features)| {
        // `doc(cfg)` goes among the enum's attributes: on the macro invocation it would document nothing.
        let (cfg, doc_cfg) = (any_feature_cfg(features, cfg_attr), any_feature_cfg(features, doc_cfg_attr));
        let value_enum = value_enum_tokens(value_enum, doc_cfg);
        quote!(#cfg #value_enum)
    });
    let filter_values = plan.filter_enums.iter().map(|(name, features)| {
        let cfg = any_feature_cfg(features, cfg_attr);
        let name = ident(name);
        quote! {
            #cfg
            impl crate::request::FilterValue for crate::#name {
                fn write_filter(&self, out: &mut String) {
                    crate::request::FilterValue::write_filter(self.as_str(), out);
                }
            }
        }
    });
    let api = api_constants(&plan.api);
    quote! {
        //! One module per API operation: its constants (`OPERATION_ID`, `METHOD`,
        //! `PATH`, `SCOPES`, `RATE_LIMIT`), its `Request` (path and query
        //! parameters, body) and its `Response`. `Request` implements
        //! [`crate::request::Operation`]: render it with `render()` and send it with
        //! any HTTP client, or with [`crate::client`] (feature `client`).
        #api
        #(#shared)*
        #(#filter_values)*
    }
}

pub fn operation_module(plan: &OperationPlan) -> TokenStream {
    let cfg = any_feature_cfg(&plan.features, item_cfg_attrs);
    let docs = plan.docs.iter().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    let deprecated = plan.deprecated.then(|| quote!(#[deprecated]));
    let module = ident(&plan.module);
    let (id, path, status) = (&plan.id, &plan.path, response_doc(plan));
    let (aliases, scopes) = (&plan.aliases, &plan.scopes);
    // The runtime's `Method` names each variant after the Path Item field, in UpperCamelCase.
    let method = ident(&crate::naming::type_name(plan.method.key()));
    let response = match &plan.response {
        Some(ty) => type_tokens(ty),
        None => quote!(()),
    };
    let id_doc = operation_id_doc(plan);
    let rate_limit = rate_limit_const(plan);
    let request = request_struct(plan);
    let rest = module_rest(plan, true);
    quote! {
        #cfg
        #deprecated
        pub mod #module {
            #(#![doc = #docs])*

            #[doc = #id_doc]
            pub const OPERATION_ID: &str = #id;
            /// Other ids this operation is known by.
            pub const ALIASES: &[&str] = &[#(#aliases),*];
            /// The HTTP method.
            pub const METHOD: crate::request::Method = crate::request::Method::#method;
            /// The path template; `{name}` stands for a path parameter.
            pub const PATH: &str = #path;
            /// The scopes the credentials need for this operation.
            pub const SCOPES: &[&str] = &[#(#scopes),*];
            #rate_limit
            #[doc = #status]
            pub type Response = #response;
            #request
            #rest
        }
    }
}

/// The rustdoc of `OPERATION_ID`.
pub(crate) fn operation_id_doc(plan: &OperationPlan) -> &'static str {
    match plan.id_declared {
        true => " The OpenAPI `operationId`.",
        false => " The operation has no OpenAPI `operationId`: this name is made of its method and path.",
    }
}

/// The rustdoc of `Response`.
pub(crate) fn response_doc(plan: &OperationPlan) -> String {
    format!(" The body of a `{}` response.", plan.response_status)
}

/// `RATE_LIMIT`, an operation module's constant after `SCOPES`.
pub(crate) fn rate_limit_const(plan: &OperationPlan) -> TokenStream {
    let (burst, steady, daily) =
        (limit(plan.rate_limit.burst), limit(plan.rate_limit.steady), limit(plan.rate_limit.daily));
    quote! {
        /// The documented rate limits (none when the document states none).
        pub const RATE_LIMIT: crate::request::RateLimit =
            crate::request::RateLimit { burst: #burst, steady: #steady, daily: #daily };
    }
}

/// What an operation module holds after its `Request` struct: the
/// constructor, the form, the enums and their re-exports, the filter
/// builder, and the `Operation` and pagination impls.
pub(crate) fn module_rest(plan: &OperationPlan, with_constructor: bool) -> TokenStream {
    let constructor = with_constructor.then(|| request_constructor(plan)).flatten();
    let form = plan.form.as_ref().map(form_struct);
    let enums = plan.enums.iter().map(|value_enum| value_enum_tokens(value_enum, quote!()));
    let shared = plan.shared_enums.iter().map(|Reexport { name: shared, local }| {
        let (shared, local) = (ident(shared), ident(local));
        if shared == local {
            quote!(pub use crate::operations::#shared;)
        } else {
            quote!(pub use crate::operations::#shared as #local;)
        }
    });
    let response_enums = plan.response_enums.iter().map(|Reexport { name, local }| {
        let (name, local) = (ident(name), ident(local));
        quote!(
            /// The response's enum of these values: filter with what a response holds.
            pub use crate::#name as #local;
        )
    });
    let filter = plan.filter.as_deref().map(filter_type);
    let operation = plan.unmodelled_body.is_none().then(|| operation_impl(plan));
    let pagination = plan.pagination.as_ref().map(pagination_impl);
    quote! {
        #constructor
        #form
        #(#shared)*
        #(#response_enums)*
        #(#enums)*
        #filter
        #operation
        #pagination
    }
}

/// `SERVER_URL` and `SECURITY_SCHEMES`: what the client sends to and
/// authenticates with, from the document.
fn api_constants(api: &ir::Api) -> TokenStream {
    let server_url = match &api.server_url {
        Some(url) => quote!(Some(#url)),
        None => quote!(None),
    };
    let schemes = api.security_schemes.iter().map(|scheme| {
        let name = &scheme.name;
        let kind = match &scheme.kind {
            SecuritySchemeKind::ApiKey { location, parameter, prefix } => {
                let location = ident(match location {
                    ApiKeyLocation::Header => "Header",
                    ApiKeyLocation::Query => "Query",
                    ApiKeyLocation::Cookie => "Cookie",
                });
                quote!(crate::request::Credential::ApiKey {
                    location: crate::request::ApiKeyLocation::#location,
                    parameter: #parameter,
                    prefix: #prefix,
                })
            }
            SecuritySchemeKind::Bearer => quote!(crate::request::Credential::Bearer),
            SecuritySchemeKind::Basic => quote!(crate::request::Credential::Basic),
        };
        quote!(crate::request::SecurityScheme { name: #name, credential: #kind })
    });
    quote! {
        /// The URL the API is served at: the document's first `servers` entry
        /// (OpenAPI 3.1 §4.8.5), variables at their defaults. The client sends
        /// requests there unless given another base URL; `None` when the
        /// document names no server.
        pub const SERVER_URL: Option<&str> = #server_url;
        /// How the API authenticates requests (`components.securitySchemes`),
        /// the schemes its top-level `security` requires first: the first is
        /// what `client::Client::new` authenticates with.
        pub const SECURITY_SCHEMES: &[crate::request::SecurityScheme] = &[#(#schemes),*];
    }
}

/// `#[cfg(any(feature = ..))]` for something any of `features` enables, by
/// `attrs` ([`cfg_attr`], [`item_cfg_attrs`] or [`doc_cfg_attr`]); nothing when
/// the list is empty (always compiled, where `attrs` would write `any()`,
/// which is never true).
fn any_feature_cfg(features: &[String], attrs: fn(&[Vec<String>]) -> TokenStream) -> TokenStream {
    if features.is_empty() {
        return quote!();
    }
    attrs(std::slice::from_ref(&features.to_vec()))
}

pub(crate) fn limit_period(period: Period) -> &'static str {
    match period {
        Period::Second => "Second",
        Period::Minute => "Minute",
        Period::Hour => "Hour",
        Period::Day => "Day",
    }
}

fn limit(limit: Option<Limit>) -> TokenStream {
    let Some(Limit { count, period }) = limit else { return quote!(None) };
    let period = ident(limit_period(period));
    let count = proc_macro2::Literal::u32_unsuffixed(count);
    quote!(Some(crate::request::Limit { count: #count, period: crate::request::Period::#period }))
}

/// A constructor argument: `impl Into<String>` for a string, so
/// `Request::new("abc")` compiles; the field initializer that goes with it.
fn argument(name: &str, ty: &RustType) -> (TokenStream, TokenStream) {
    let name = ident(name);
    match ty {
        RustType::String => (quote!(#name: impl Into<String>), quote!(#name: #name.into())),
        other => {
            let ty = type_tokens(other);
            (quote!(#name: #ty), quote!(#name))
        }
    }
}

/// The type of the request body and its rustdoc, `Option`al when not required.
pub(crate) fn body_field(plan: &OperationPlan) -> Option<(RustType, &'static str)> {
    let (ty, required, doc) = match (&plan.body, &plan.form) {
        (Some(body), _) => (body.ty.clone(), body.required, " The JSON body."),
        (None, Some(form)) => (RustType::Named("Form".into()), form.required, " The `multipart/form-data` body."),
        (None, None) => return None,
    };
    Some((if required { ty } else { RustType::Option(Box::new(ty)) }, doc))
}

fn request_struct(plan: &OperationPlan) -> TokenStream {
    let fields = plan.fields.iter().map(|field| {
        let (docs, name, ty) = (doc_attrs(&field.docs), ident(&field.name), type_tokens(&field.ty));
        quote!(#docs pub #name: #ty,)
    });
    let body = body_field(plan).map(|(ty, doc)| {
        let ty = type_tokens(&ty);
        quote!(#[doc = #doc] pub body: #ty,)
    });
    let default = plan.request_has_default().then(|| quote!(Default));
    quote! {
        /// The request: path, query and header parameters, and the body.
        #[derive(Debug, Clone, #default)]
        #[cfg_attr(feature = "partial-eq", derive(PartialEq))]
        pub struct Request {
            #(#fields)*
            #body
        }
    }
}

/// `Request::new` with what a request cannot go without, when there is such a thing.
fn request_constructor(plan: &OperationPlan) -> Option<TokenStream> {
    let body_type = match (&plan.body, &plan.form) {
        (Some(body), _) => Some((type_tokens(&body.ty), body.required)),
        (None, Some(form)) => Some((quote!(Form), form.required)),
        (None, None) => None,
    };
    let body_required = plan.body_required();
    let needed: Vec<&ParamPlan> = plan.fields.iter().filter(|f| plan.constructor_fields.contains(&f.name)).collect();
    (!needed.is_empty() || body_required).then(|| {
        let (args, _): (Vec<TokenStream>, Vec<TokenStream>) = needed.iter().map(|f| argument(&f.name, &f.ty)).unzip();
        let body_arg = body_required.then(|| {
            let ty = body_type.as_ref().map(|b| b.0.clone());
            quote!(body: #ty)
        });
        let inits = plan.fields.iter().map(|f| {
            if needed.iter().any(|n| n.name == f.name) {
                argument(&f.name, &f.ty).1
            } else {
                let name = ident(&f.name);
                quote!(#name: Default::default())
            }
        });
        let body_init = body_type.as_ref().map(|b| if b.1 { quote!(body) } else { quote!(body: None) });
        quote! {
            impl Request {
                /// A request of what it cannot go without (its path parameters, its required
                /// parameters without an empty value, its required body); the other fields empty.
                pub fn new(#(#args,)* #body_arg) -> Self {
                    Self { #(#inits,)* #body_init }
                }
            }
        }
    })
}

/// `Form`: the parts of a `multipart/form-data` body, with `new` taking
/// the required single parts.
fn form_struct(form: &FormPlan) -> TokenStream {
    let fields = form.parts.iter().map(|part| {
        let (docs, name, ty) = (doc_attrs(&part.docs), ident(&part.name), type_tokens(&part.ty));
        quote!(#docs pub #name: #ty,)
    });
    let needed: Vec<_> = form.parts.iter().filter(|p| p.wrap == PartWrap::Plain).collect();
    let default = needed.is_empty().then(|| quote!(Default));
    let constructor = (!needed.is_empty()).then(|| {
        let (args, _): (Vec<TokenStream>, Vec<TokenStream>) = needed.iter().map(|p| argument(&p.name, &p.ty)).unzip();
        let inits = form.parts.iter().map(|p| {
            if p.wrap == PartWrap::Plain {
                argument(&p.name, &p.ty).1
            } else {
                let name = ident(&p.name);
                quote!(#name: Default::default())
            }
        });
        quote! {
            impl Form {
                /// A form with the required parts; the others absent.
                pub fn new(#(#args),*) -> Self {
                    Self { #(#inits,)* }
                }
            }
        }
    });
    quote! {
        /// The `multipart/form-data` body: one field per part. A file is a
        /// [`crate::request::FilePart`] (bytes, filename, content type);
        /// strings (enums' too), numbers and booleans are sent as text,
        /// anything else as JSON.
        #[derive(Debug, Clone, #default)]
        #[cfg_attr(feature = "partial-eq", derive(PartialEq))]
        pub struct Form {
            #(#fields)*
        }
        #constructor
    }
}

/// The statements that render `body` (a `&Form`) into `form`, a
/// `Multipart`, then the `Some(Body)`.
fn form_render(form: &FormPlan) -> TokenStream {
    let parts = form.parts.iter().map(|part| {
        let (name, key) = (ident(&part.name), &part.json_name);
        let content_type = match &part.content_type {
            Some(content_type) => quote!(Some(#content_type)),
            None => quote!(None),
        };
        let add = |value: TokenStream| match part.encode {
            PartEncode::File => quote!(form.file(#key, #value, #content_type);),
            PartEncode::Value => quote!(form.value(#key, #value, #content_type)?;),
        };
        match part.wrap {
            PartWrap::Plain => add(quote!(&body.#name)),
            PartWrap::Option => {
                let add = add(quote!(value));
                quote!(if let Some(value) = &body.#name { #add })
            }
            PartWrap::Vec => {
                let add = add(quote!(value));
                quote!(for value in &body.#name { #add })
            }
        }
    });
    quote! {{
        let mut form = crate::request::Multipart::new();
        #(#parts)*
        Some(form.into_body())
    }}
}

/// A value enum; `attrs` go on the enum beside its docs.
fn value_enum_tokens(plan: &ValueEnum, attrs: TokenStream) -> TokenStream {
    let (name, doc) = (ident(&plan.name), &plan.doc);
    let variants = plan.values.iter().map(|EnumMember { variant, value }| {
        let variant = ident(variant);
        quote!(#variant = #value)
    });
    quote! {
        crate::request::query_enum! {
            #[doc = #doc]
            #attrs
            #name { #(#variants),* }
        }
    }
}

fn filter_type(methods: &[FilterMethod]) -> TokenStream {
    let methods = methods.iter().map(filter_method);
    quote! {
        crate::request::typed_filter! {
            /// `filter`: only the fields and operators this operation allows, with
            /// values typed by field. Combine with `Filter::and`.
            Filter
        }
        impl Filter {
            #(#methods)*
        }
    }
}

fn filter_method(method: &FilterMethod) -> TokenStream {
    let (name, operator, field) = (ident(&method.name), &method.operator, &method.field);
    let value = match &method.value {
        FilterArg::Typed(RustType::String) => quote!(&str),
        FilterArg::Typed(ty) => type_tokens(ty),
        FilterArg::Any => quote!(impl crate::request::FilterValue),
    };
    match method.arity {
        Arity::Single => {
            let doc = format!(" `{operator}({field},value)`");
            quote! {
                #[doc = #doc]
                pub fn #name(value: #value) -> Self {
                    Self(crate::request::FilterExpr::compare(#operator, #field, &value))
                }
            }
        }
        Arity::List => {
            let doc = format!(" `{operator}({field},[values])`");
            let item = match &method.value {
                FilterArg::Typed(RustType::String) | FilterArg::Any => quote!(impl crate::request::FilterValue),
                FilterArg::Typed(ty) => type_tokens(ty),
            };
            quote! {
                #[doc = #doc]
                pub fn #name(values: impl IntoIterator<Item = #item>) -> Self {
                    Self(crate::request::FilterExpr::list(#operator, #field, values))
                }
            }
        }
        Arity::Unary => {
            let doc = format!(" `{operator}({field})`");
            quote! {
                #[doc = #doc]
                pub fn #name() -> Self {
                    Self(crate::request::FilterExpr::unary(#operator, #field))
                }
            }
        }
    }
}

fn operation_impl(plan: &OperationPlan) -> TokenStream {
    let path_params: Vec<_> =
        plan.fields.iter().filter(|f| f.placement == Placement::Path).map(|f| ident(&f.name)).collect();
    let path = if path_params.is_empty() {
        quote!(PATH.to_owned())
    } else {
        quote!(crate::request::fill_path(PATH, &[#(&self.#path_params),*]))
    };
    let pushes: Vec<TokenStream> = plan
        .fields
        .iter()
        .filter(|f| matches!(f.placement, Placement::Query | Placement::OptionalQuery | Placement::ListQuery))
        .map(|f| {
            let (key, name) = (&f.json_name, ident(&f.name));
            match f.placement {
                Placement::ListQuery => quote!(query.list(#key, &self.#name);),
                Placement::OptionalQuery => quote!(query.optional(#key, self.#name.as_ref());),
                _ => quote!(query.push(#key, &self.#name);),
            }
        })
        .collect();
    let mut headers: Vec<TokenStream> = plan
        .fields
        .iter()
        .filter(|f| matches!(f.placement, Placement::Header | Placement::OptionalHeader | Placement::ListHeader))
        .map(|f| {
            let (key, name) = (&f.json_name, ident(&f.name));
            match (f.placement, &f.default) {
                (Placement::ListHeader, _) => quote!(headers.list(#key, &self.#name);),
                (Placement::OptionalHeader, Some(default)) => {
                    quote!(headers.or_default(#key, self.#name.as_ref(), #default);)
                }
                (Placement::OptionalHeader, None) => quote!(headers.optional(#key, self.#name.as_ref());),
                _ => quote!(headers.push(#key, &self.#name);),
            }
        })
        .collect();
    if let Some(accept) = &plan.accept {
        headers.push(quote!(headers.accept(#accept);));
    }
    let headers = if headers.is_empty() {
        quote!(let headers = crate::request::Headers::new();)
    } else {
        quote!(let mut headers = crate::request::Headers::new(); #(#headers)*)
    };
    let query = if pushes.is_empty() {
        quote!(let query = crate::request::Query::new();)
    } else {
        quote!(let mut query = crate::request::Query::new(); #(#pushes)*)
    };
    let body = match (&plan.body, &plan.form) {
        (Some(body), _) if body.required => {
            let media_type = &body.media_type;
            quote!(Some(crate::request::Body::json(#media_type, &self.body)?))
        }
        (Some(body), _) => {
            let media_type = &body.media_type;
            quote!(self.body.as_ref().map(|body| crate::request::Body::json(#media_type, body)).transpose()?)
        }
        (None, Some(form)) if form.required => {
            let render = form_render(form);
            quote!({ let body = &self.body; #render })
        }
        (None, Some(form)) => {
            let render = form_render(form);
            quote!(match &self.body { Some(body) => #render, None => None })
        }
        (None, None) => quote!(None),
    };
    let unauthenticated = (!plan.authenticated).then(|| {
        quote!(
            const AUTHENTICATED: bool = false;
        )
    });
    let text_response = plan.text_response.then(|| {
        quote!(
            const TEXT_RESPONSE: bool = true;
        )
    });
    quote! {
        impl crate::request::Operation for Request {
            const OPERATION_ID: &'static str = OPERATION_ID;
            #unauthenticated
            #text_response
            const METHOD: crate::request::Method = METHOD;
            const PATH: &'static str = PATH;
            const SCOPES: &'static [&'static str] = SCOPES;
            const RATE_LIMIT: crate::request::RateLimit = RATE_LIMIT;
            type Response = Response;
            fn render(&self) -> Result<crate::request::RenderedRequest, serde_json::Error> {
                #query
                #headers
                let body = #body;
                Ok(crate::request::RenderedRequest::new(METHOD, #path, query, headers, body))
            }
        }
    }
}

fn pagination_impl(pagination: &Pagination) -> TokenStream {
    let item = type_tokens(&pagination.item);
    let mut next = quote!(response);
    let last = pagination.next.len() - 1;
    for (index, (field, wrap)) in pagination.next.iter().enumerate() {
        let field = ident(field);
        next = match (wrap, index == last) {
            (Wrap::Plain, false) => quote!(#next.#field),
            (_, false) => quote!(#next.#field.as_ref()?),
            (Wrap::Plain, true) => quote!(Some(#next.#field.as_str())),
            (Wrap::Option, true) => quote!(#next.#field.as_deref()),
            (Wrap::Tristate, true) => quote!(#next.#field.as_ref().map(String::as_str)),
        };
    }
    let (data, wrap) = (ident(&pagination.data.0), pagination.data.1);
    let items = match wrap {
        Wrap::Plain => quote!(response.#data),
        Wrap::Option => quote!(response.#data.unwrap_or_default()),
        Wrap::Tristate => quote!(response.#data.into_option().unwrap_or_default()),
    };
    quote! {
        impl crate::request::Paginated for Request {
            type Item = #item;
            fn next_link(response: &Response) -> Option<&str> {
                #next
            }
            fn into_items(response: Response) -> Vec<Self::Item> {
                #items
            }
        }
    }
}
