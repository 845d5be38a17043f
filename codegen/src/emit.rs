//! Stage 4: item plans → Rust text. [`text`] writes the bulk (declarations,
//! docs, macro calls, constructors, operation heads) straight into a
//! `layout::Layout`; the rest is quoted here, one function per item kind, for
//! prettyplease. No decisions are made here that `lower` did not already make.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};

pub mod operations;
pub mod text;

use crate::lower::{
    DefaultValue, EnumMember, FieldPlan, Fit, ItemKind, ItemPlan, JsonKinds, Presence, RustType, UndeclaredPlan,
    UnionStrategy, VariantPlan,
};

/// One item plan's text to be: laid out directly where [`text`] can (the
/// declarations and macro calls), quoted for prettyplease otherwise, or all
/// quoted when `reference` (the layout the direct one is checked against).
pub fn item_pieces(plan: &ItemPlan, reference: bool) -> Vec<text::Piece> {
    match reference {
        false => text::item(plan),
        true => None,
    }
    .unwrap_or_else(|| vec![text::Piece::Tokens(item(plan))])
}

/// [`item_pieces`] for an operation module.
pub fn operation_pieces(plan: &crate::lower::operations::OperationPlan, reference: bool) -> Vec<text::Piece> {
    match reference {
        false => text::operation_module(plan),
        true => None,
    }
    .unwrap_or_else(|| vec![text::Piece::Tokens(operations::operation_module(plan))])
}

/// Tokens for one item plan: the type and its impls.
pub fn item(plan: &ItemPlan) -> TokenStream {
    let name = ident(&plan.name);
    let docs = doc_attrs(&plan.docs);
    let deprecated = plan.deprecated.then(|| quote!(#[deprecated]));
    let cfg = cfg_attr(&plan.features);
    let item_cfg = item_cfg_attrs(&plan.features);
    let header = quote!(#item_cfg #docs #deprecated);
    let schema = SchemaImpl { enabled: plan.json_schema, cfg: &cfg, name: &name };
    // `cfg` goes on the type (in `header`) and on each of its impls.
    match &plan.kind {
        ItemKind::Struct { fields, extra, undeclared } => {
            struct_item(&cfg, &header, &name, fields, extra, undeclared, &schema)
        }
        ItemKind::Enum { values, open: true } => enum_item(&cfg, &header, &name, values, &schema),
        ItemKind::Enum { values, open: false } => closed_enum_item(&cfg, &header, &name, values, &schema),
        ItemKind::Const { value } => const_item(&cfg, &header, &name, value, &schema),
        ItemKind::Union { variants, strategy: UnionStrategy::Tagged { tag, open } } => {
            tagged_union(&cfg, &header, &name, variants, tag, *open, &schema)
        }
        ItemKind::Union { variants, strategy: UnionStrategy::Untagged(fits) } => {
            untagged_union(&cfg, &header, &name, variants, fits, &schema)
        }
        ItemKind::Alias { ty } => {
            let ty = type_tokens(ty);
            quote!(#header pub type #name = #ty;)
        }
    }
}

/// `schemars::JsonSchema` for one item, behind the crate's `schemars` feature:
/// derived where serde's own derive reads the JSON (structs, untagged
/// unions), written out where the serde impls are hand-made, so that the
/// schema states what those impls accept.
struct SchemaImpl<'a> {
    enabled: bool,
    cfg: &'a TokenStream,
    name: &'a Ident,
}

impl SchemaImpl<'_> {
    /// The attribute that derives it.
    fn derive(&self) -> Option<TokenStream> {
        self.enabled.then(|| quote!(#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]))
    }

    /// A hand-written impl (`json_schema::schema_impl!`) whose schema is
    /// `form`: `open_enum("a", "b")`, `constant`, `tagged("type", "a" => A)`
    /// or `any_of(A, B)`.
    fn manual(&self, form: TokenStream) -> Option<TokenStream> {
        let (cfg, name) = (self.cfg, self.name);
        self.enabled.then(|| {
            quote! {
                #cfg
                #[cfg(feature = "schemars")]
                crate::json_schema::schema_impl!(#name, #form);
            }
        })
    }
}

/// `#[cfg(any(feature = "a", ...))]` for an item of some areas
/// (`all(any(..), any(..))` for several sets); nothing for an item every
/// configuration needs.
pub(crate) fn cfg_attr(features: &[Vec<String>]) -> TokenStream {
    match feature_predicate(features) {
        Some(predicate) => quote!(#[cfg(#predicate)]),
        None => quote!(),
    }
}

/// [`cfg_attr`] and [`doc_cfg_attr`], for an item.
pub(crate) fn item_cfg_attrs(features: &[Vec<String>]) -> TokenStream {
    let (cfg, doc_cfg) = (cfg_attr(features), doc_cfg_attr(features));
    quote!(#cfg #doc_cfg)
}

/// For rustdoc on docs.rs (`--cfg docsrs`, nightly), `doc(cfg(..))` of the
/// item's [`cfg_attr`], so its docs say which features enable it. For items
/// only (inside a macro invocation, among the attributes it passes on): not
/// for impls, match arms or list elements.
pub(crate) fn doc_cfg_attr(features: &[Vec<String>]) -> TokenStream {
    match feature_predicate(features) {
        Some(predicate) => quote!(#[cfg_attr(docsrs, doc(cfg(#predicate)))]),
        None => quote!(),
    }
}

fn feature_predicate(features: &[Vec<String>]) -> Option<TokenStream> {
    match features {
        [] => None,
        [one] => Some(any_feature(one)),
        many => {
            let predicates = many.iter().map(|set| any_feature(set));
            Some(quote!(all(#(#predicates),*)))
        }
    }
}

fn any_feature(features: &[String]) -> TokenStream {
    match features {
        [one] => quote!(feature = #one),
        many => quote!(any(#(feature = #many),*)),
    }
}

fn struct_item(
    cfg: &TokenStream,
    header: &TokenStream,
    name: &Ident,
    plans: &[FieldPlan],
    extra: &str,
    undeclared: &UndeclaredPlan,
    schema: &SchemaImpl,
) -> TokenStream {
    let fields = plans.iter().map(|plan| field(plan, schema.enabled));
    let extra = ident(extra);
    let skip_schema = schema.enabled.then(|| quote!(#[cfg_attr(feature = "schemars", schemars(skip))]));
    let accessors: Vec<TokenStream> = plans.iter().filter_map(default_accessor).collect();
    let accessors = (!accessors.is_empty()).then(|| quote!(#cfg impl #name { #(#accessors)* }));
    let derive_schema = schema.derive();
    // serde's attributes only inform the `schemars` derive (which reads
    // them); the serde impls come from the field table below.
    let closed = *undeclared == UndeclaredPlan::Rejected;
    let closed_schema =
        (closed && schema.enabled).then(|| quote!(#[cfg_attr(feature = "schemars", serde(deny_unknown_fields))]));
    let (policy, members) = match undeclared {
        UndeclaredPlan::Kept => (quote!(keep), None),
        UndeclaredPlan::Rejected => (quote!(reject), None),
        UndeclaredPlan::Typed { field, ty } => {
            let (field, ty) = (ident(field), type_tokens(ty));
            // `flatten` tells the `schemars` derive the map's values are the
            // object's other members.
            let flatten = schema.enabled.then(|| quote!(#[cfg_attr(feature = "schemars", serde(flatten))]));
            let declaration = quote! {
                /// The members beyond the declared properties, by name
                /// (`additionalProperties`): each must be of this type.
                #flatten
                pub #field: std::collections::BTreeMap<String, #ty>,
            };
            (quote!(typed #field), Some(declaration))
        }
    };
    let mut unlisted = vec![extra.clone()];
    if let UndeclaredPlan::Typed { field, .. } = undeclared {
        unlisted.push(ident(field));
    }
    let constructor = constructor(cfg, name, plans, &unlisted);
    let default = constructor.is_none().then(|| quote!(Default,));
    let table = plans.iter().map(|plan| {
        let kind = format_ident!("{}", presence_kind(plan.presence));
        let (field, json) = (ident(&plan.name), &plan.json_name);
        quote!(#kind #field = #json,)
    });
    quote! {
        #header
        #[derive(Debug, Clone, #default)]
        #[cfg_attr(feature = "partial-eq", derive(PartialEq))]
        #derive_schema
        #closed_schema
        pub struct #name {
            #(#fields)*
            #members
            /// What the object carried beyond these fields (undeclared members,
            /// `null`s), written back as read.
            #skip_schema
            pub #extra: crate::Extra,
        }

        #cfg
        crate::runtime::object_traits!(#name { #(#table)* } #extra, #policy);

        #constructor
        #accessors
    }
}

/// `new` with a struct's required members (single-value tags fill
/// themselves), every other field empty; `None` when nothing is required,
/// and the struct derives `Default` instead. Generic (`impl Into<T>`), so
/// it costs no code in a build that does not call it.
fn constructor(cfg: &TokenStream, name: &Ident, plans: &[FieldPlan], unlisted: &[Ident]) -> Option<TokenStream> {
    let asked =
        |plan: &&FieldPlan| matches!(plan.presence, Presence::Required | Presence::RequiredNullable) && !plan.implied;
    let arguments: Vec<&FieldPlan> = plans.iter().filter(asked).collect();
    if arguments.is_empty() {
        return None;
    }
    let names: Vec<Ident> = arguments.iter().map(|plan| argument_name(&plan.name)).collect();
    let (types, values): (Vec<TokenStream>, Vec<TokenStream>) = arguments
        .iter()
        .zip(&names)
        .map(|(plan, argument)| {
            let field = ident(&plan.name);
            match argument_type(&plan.ty) {
                Argument::Exact(ty) if field == *argument => (ty, quote!(#field)),
                Argument::Exact(ty) => (ty, quote!(#field: #argument)),
                Argument::Into(ty) => (quote!(impl Into<#ty>), quote!(#field: #argument.into())),
            }
        })
        .unzip();
    let others = plans.iter().filter(|plan| !asked(plan)).map(|plan| ident(&plan.name)).chain(unlisted.iter().cloned());
    let summary =
        format!(" {} `{name}` of its required members, the others absent.", capitalize_article(&name.to_string()));
    let usage = format!(
        " Each argument takes anything that converts into the field's type; set more fields with `{name} {{ field: …, ..{name}::new(…) }}`."
    );
    let many = (arguments.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    Some(quote! {
        #cfg
        impl #name {
            #[doc = #summary]
            #[doc = ""]
            #[doc = #usage]
            #many
            pub fn new(#(#names: #types),*) -> Self {
                Self {
                    #(#values,)*
                    #(#others: Default::default(),)*
                }
            }
        }
    })
}

/// The `runtime::presence` module that reads and writes a field of this presence.
fn presence_kind(presence: Presence) -> &'static str {
    match presence {
        Presence::Required => "required",
        Presence::RequiredNullable => "nullable",
        Presence::Optional => "optional",
        Presence::OptionalNullable => "tristate",
    }
}

/// `{field}_or_default()`: the value, or the schema's `default` when the
/// property is absent. Defaults are not filled in on deserialization, so that
/// a payload re-serializes exactly as it came; this accessor applies them.
/// For a nullable property the result is an `Option`: `null` stays `None`.
fn default_accessor(plan: &FieldPlan) -> Option<TokenStream> {
    let default = plan.default.as_ref()?;
    let field = ident(&plan.name);
    let method = format_ident!("{}_or_default", plan.name.trim_end_matches('_'));
    let (ty, literal, borrowed) = match default {
        DefaultValue::Bool(b) => (quote!(bool), quote!(#b), false),
        DefaultValue::Integer(i) => (quote!(i64), quote!(#i), false),
        DefaultValue::Number(f) => {
            let f = proc_macro2::Literal::f64_suffixed(*f);
            (quote!(f64), quote!(#f), false)
        }
        DefaultValue::Str(s) => (quote!(&str), quote!(#s), true),
        DefaultValue::Variant { enum_type: ty, variant } => {
            let (ty, variant) = (ident(ty), ident(variant));
            (quote!(#ty), quote!(#ty::#variant), true)
        }
    };
    let doc = format!(" `{}`, or its schema default when the property is absent.", plan.json_name);
    // Strings are borrowed, enums cloned, primitives copied.
    let value = match (default, borrowed) {
        (DefaultValue::Str(_), _) => quote!(value.as_str()),
        (DefaultValue::Number(_), _) => quote!(value.as_f64()),
        (_, true) => quote!(value.clone()),
        _ => quote!(*value),
    };
    let body = match plan.presence {
        Presence::OptionalNullable => quote! {
            match &self.#field {
                crate::Tristate::Absent => Some(#literal),
                crate::Tristate::Null => None,
                crate::Tristate::Value(value) => Some(#value),
            }
        },
        _ => quote! {
            match &self.#field {
                None => #literal,
                Some(value) => #value,
            }
        },
    };
    let ty = if plan.presence == Presence::OptionalNullable { quote!(Option<#ty>) } else { ty };
    Some(quote! {
        #[doc = #doc]
        pub fn #method(&self) -> #ty {
            #body
        }
    })
}

fn field(plan: &FieldPlan, json_schema: bool) -> TokenStream {
    let name = ident(&plan.name);
    let ty = type_tokens(&plan.ty);
    let docs = doc_attrs(&plan.docs);
    let deprecated = plan.deprecated.then(|| quote!(#[deprecated]));
    let json_name = &plan.json_name;
    let rename = (plan.name != plan.json_name).then(|| quote!(rename = #json_name,));
    let presence = match plan.presence {
        Presence::Required | Presence::RequiredNullable => quote!(),
        Presence::Optional => quote!(default, skip_serializing_if = "Option::is_none",),
        Presence::OptionalNullable => quote!(default, skip_serializing_if = "crate::Tristate::is_absent",),
    };
    let wanted = json_schema && (rename.is_some() || !presence.is_empty());
    let serde = wanted.then(|| quote!(#[cfg_attr(feature = "schemars", serde(#rename #presence))]));
    quote! {
        #docs
        #deprecated
        #serde
        pub #name: #ty,
    }
}

fn enum_item(
    cfg: &TokenStream,
    header: &TokenStream,
    name: &Ident,
    values: &[EnumMember],
    schema: &SchemaImpl,
) -> TokenStream {
    let variants: Vec<Ident> = values.iter().map(|member| ident(&member.variant)).collect();
    let strings: Vec<&String> = values.iter().map(|member| &member.value).collect();
    let variant_docs = strings.iter().map(|value| enum_value_doc(value));
    let schema = schema.manual(quote!(open_enum(#(#strings),*)));
    let impls = enum_impls(cfg, name, values, true);
    quote! {
        #header
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#[doc = #variant_docs] #variants,)*
            /// A value this revision of the schema does not list, kept as sent.
            Other(String),
        }

        #impls

        #cfg
        crate::runtime::open_enum_traits!(#name);

        #schema
    }
}

/// The impls of a string enum between its declaration and its traits macro:
/// `as_str` (and `ALL` when closed), and `From<&str>` when open.
fn enum_impls(cfg: &TokenStream, name: &Ident, values: &[EnumMember], open: bool) -> TokenStream {
    let variants: Vec<Ident> = values.iter().map(|member| ident(&member.variant)).collect();
    let strings: Vec<&String> = values.iter().map(|member| &member.value).collect();
    if !open {
        return quote! {
            #cfg
            impl #name {
                /// Every value, in the schema's order.
                pub const ALL: &[Self] = &[#(Self::#variants),*];

                /// The value as it appears in JSON.
                pub fn as_str(&self) -> &'static str {
                    match self {
                        #(Self::#variants => #strings,)*
                    }
                }
            }
        };
    }
    quote! {
        #cfg
        impl #name {
            /// The value as it appears in JSON.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #strings,)*
                    Self::Other(value) => value,
                }
            }
        }

        #cfg
        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#strings => Self::#variants,)*
                    other => Self::Other(other.to_owned()),
                }
            }
        }
    }
}

/// An enum that rejects values its schema does not list (`Enums::Closed`).
fn closed_enum_item(
    cfg: &TokenStream,
    header: &TokenStream,
    name: &Ident,
    values: &[EnumMember],
    schema: &SchemaImpl,
) -> TokenStream {
    let variants: Vec<Ident> = values.iter().map(|member| ident(&member.variant)).collect();
    let strings: Vec<&String> = values.iter().map(|member| &member.value).collect();
    let variant_docs = strings.iter().map(|value| enum_value_doc(value));
    let schema = schema.manual(quote!(closed_enum(#(#strings),*)));
    let impls = enum_impls(cfg, name, values, false);
    quote! {
        #header
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#[doc = #variant_docs] #variants,)*
        }

        #impls

        #cfg
        crate::runtime::closed_enum_traits!(#name);

        #schema
    }
}

/// The constructor argument for the field `field`: its name, except that a
/// name of only underscores and digits (`_1`, from a property `+1`) gets a
/// `value` prefix, which clippy asks of bindings.
fn argument_name(field: &str) -> Ident {
    ident(&argument_spelling(field))
}

fn argument_spelling(field: &str) -> String {
    match field.chars().all(|c| c == '_' || c.is_ascii_digit()) {
        true => format!("value{field}"),
        false => field.to_owned(),
    }
}

/// A constructor argument for a field of type `ty`: `impl Into<T>`, except
/// for primitives (and `Option`s of them), where a literal must infer its
/// type from the parameter (`7` for a `u64`; `u64: From<i32>` does not
/// exist).
fn argument_type(ty: &RustType) -> Argument {
    match takes_exact_type(ty) {
        true => Argument::Exact(type_tokens(ty)),
        false => Argument::Into(type_tokens(ty)),
    }
}

/// Whether a constructor takes a field of type `ty` as exactly that type.
fn takes_exact_type(ty: &RustType) -> bool {
    let primitive =
        |ty: &RustType| matches!(ty, RustType::Bool | RustType::I64 | RustType::F64 | RustType::Primitive(_));
    match ty {
        RustType::Option(inner) => primitive(inner),
        ty => primitive(ty),
    }
}

/// How a constructor takes a field's value.
enum Argument {
    /// As the field's type.
    Exact(TokenStream),
    /// As anything that converts into the field's type.
    Into(TokenStream),
}

/// The rustdoc of an enum variant: its JSON value.
fn enum_value_doc(value: &str) -> String {
    if value.is_empty() {
        " The empty string.".to_owned()
    } else {
        format!(" `{value}`")
    }
}

fn const_item(cfg: &TokenStream, header: &TokenStream, name: &Ident, value: &str, schema: &SchemaImpl) -> TokenStream {
    let doc = format!(" Always `{value}`: serializes to that string and rejects any other.");
    let schema = schema.manual(quote!(constant));
    let value_impl = const_value_impl(cfg, name, value);
    quote! {
        #header
        #[doc = ""]
        #[doc = #doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct #name;

        #value_impl

        #cfg
        crate::runtime::const_str_traits!(#name);

        #schema
    }
}

/// `VALUE`, the string a constant type stands for.
fn const_value_impl(cfg: &TokenStream, name: &Ident, value: &str) -> TokenStream {
    quote! {
        #cfg
        impl #name {
            /// The one value this type stands for.
            pub const VALUE: &str = #value;
        }
    }
}

/// A union whose branch is chosen by the value of one property (JSON:API
/// `type`), not by trying each branch in turn; an unknown tag is kept raw
/// when the union is `open`, else rejected.
fn tagged_union(
    cfg: &TokenStream,
    header: &TokenStream,
    name: &Ident,
    variants: &[VariantPlan],
    tag: &str,
    open: bool,
    schema: &SchemaImpl,
) -> TokenStream {
    let names: Vec<Ident> = variants.iter().map(|v| ident(&v.name)).collect();
    let types: Vec<TokenStream> = variants.iter().map(|v| type_tokens(&v.ty)).collect();
    let tags: Vec<&str> = variants.iter().map(|v| v.tag_value.as_deref().unwrap_or_default()).collect();
    let docs = tags.iter().map(|t| format!(" `{tag}` is `{t}`."));
    let other_doc =
        format!(" {} `{tag}` this revision of the schema does not list, kept as raw JSON.", capitalize_article(tag));
    let (schema, other) = if open {
        (
            schema.manual(quote!(tagged(#tag, #(#tags => #types),*))),
            quote!(#[doc = #other_doc] Other(serde_json::Value),),
        )
    } else {
        (schema.manual(quote!(closed_tagged(#tag, #(#tags => #types),*))), quote!())
    };
    let impls = tagged_impls(cfg, name, variants, tag, open);
    quote! {
        #header
        #[derive(Debug, Clone)]
        #[cfg_attr(feature = "partial-eq", derive(PartialEq))]
        pub enum #name {
            #(#[doc = #docs] #names(#types),)*
            #other
        }

        #impls

        #schema
    }
}

/// A tagged union's serde impls: `Serialize` by branch, and `Deserialize`
/// through `runtime::TaggedUnion`, which picks the branch by the tag.
fn tagged_impls(cfg: &TokenStream, name: &Ident, variants: &[VariantPlan], tag: &str, open: bool) -> TokenStream {
    let names: Vec<Ident> = variants.iter().map(|v| ident(&v.name)).collect();
    let tags: Vec<&str> = variants.iter().map(|v| v.tag_value.as_deref().unwrap_or_default()).collect();
    let indices = (0..variants.len()).map(proc_macro2::Literal::usize_unsuffixed);
    let (write_other, read_other) = if open {
        (
            quote!(Self::Other(value) => value.serialize(serializer),),
            quote!(serde::Deserialize::deserialize(deserializer).map(Self::Other)),
        )
    } else {
        // `deserialize_tagged` rejects an unlisted tag before asking.
        (quote!(), quote!(Err(serde::de::Error::custom("no such branch"))))
    };
    quote! {
        #cfg
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(Self::#names(value) => value.serialize(serializer),)*
                    #write_other
                }
            }
        }

        #cfg
        impl crate::runtime::TaggedUnion for #name {
            const TAG: &str = #tag;
            const TAGS: &[&str] = &[#(#tags),*];
            const OPEN: bool = #open;

            fn branch<'de, D: serde::Deserializer<'de>>(index: Option<usize>, deserializer: D) -> Result<Self, D::Error> {
                match index {
                    #(Some(#indices) => serde::Deserialize::deserialize(deserializer).map(Self::#names),)*
                    _ => #read_other,
                }
            }
        }

        #cfg
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::runtime::deserialize_tagged(deserializer)
            }
        }
    }
}

/// A union whose branches share no tag: only the branches that accept the
/// value's JSON type are tried, an object's best explanation first (see
/// `runtime::choose_variant`), so declaration order does not decide between
/// look-alike branches.
fn untagged_union(
    cfg: &TokenStream,
    header: &TokenStream,
    name: &Ident,
    variants: &[VariantPlan],
    fits: &[Fit],
    schema: &SchemaImpl,
) -> TokenStream {
    let names: Vec<Ident> = variants.iter().map(|v| ident(&v.name)).collect();
    let types: Vec<TokenStream> = variants.iter().map(|v| type_tokens(&v.ty)).collect();
    let indices = (0..variants.len()).map(proc_macro2::Literal::usize_unsuffixed);
    let fits = fits.iter().map(fit_tokens);
    // Each branch is tried (best fit first) until one deserializes: `anyOf`.
    let schema = schema.manual(quote!(any_of(#(#types),*)));
    quote! {
        #header
        #[derive(Debug, Clone)]
        #[cfg_attr(feature = "partial-eq", derive(PartialEq))]
        pub enum #name {
            #(#names(#types),)*
        }

        #cfg
        crate::runtime::untagged_union!(#name { #(#indices => #names,)* } [#(#fits,)*]);

        #schema
    }
}

fn fit_tokens(fit: &Fit) -> TokenStream {
    let variant = Literal::usize_unsuffixed(fit.variant);
    let kinds = json_kinds_tokens(fit.kinds);
    match &fit.object {
        None => quote!(of(#variant, #kinds)),
        Some(object) => {
            let properties = &object.properties;
            let required = &object.required;
            let listed = object.listed.iter().map(|(property, values)| quote!((#property, [#(#values),*])));
            quote!(object(#variant, #kinds, [#(#properties),*], [#(#required),*], [#(#listed),*]))
        }
    }
}

/// `OBJECT | NULL`: the names of `runtime::json_kind`'s constants for a set of JSON types.
fn json_kinds_tokens(kinds: JsonKinds) -> TokenStream {
    if kinds == JsonKinds::ANY {
        return quote!(ANY);
    }
    let named = [
        (kinds.object, "OBJECT"),
        (kinds.array, "ARRAY"),
        (kinds.string, "STRING"),
        (kinds.number, "NUMBER"),
        (kinds.boolean, "BOOLEAN"),
        (kinds.null, "NULL"),
    ];
    let set: Vec<Ident> = named.iter().filter(|(on, _)| *on).map(|(_, name)| ident(name)).collect();
    match set.as_slice() {
        // A variant no JSON reaches (a union that only contains itself).
        [] => quote!(NONE),
        _ => quote!(#(#set)|*),
    }
}

/// The `dynamic` module: look up a generated type by its original schema name
/// at run time, for example-driven tests and tools.
pub fn dynamic_module(plans: &[ItemPlan]) -> TokenStream {
    let named = dynamic_names(plans);
    let names: Vec<&str> = named.iter().map(|(schema, _)| *schema).collect();
    let cfgs: Vec<TokenStream> = named.iter().map(|(_, plan)| cfg_attr(&plan.features)).collect();
    let types: Vec<TokenStream> = named
        .iter()
        .map(|(_, plan)| {
            let ty = ident(&plan.name);
            // A schema that allows `null` is, as a whole, an `Option`.
            match plan.nullable {
                true => quote!(Option<crate::types::#ty>),
                false => quote!(crate::types::#ty),
            }
        })
        .collect();
    let error = dynamic_error();
    let roundtrip_as = dynamic_roundtrip_as();
    let json_schema = dynamic_has_json_schema(plans).then(|| {
        let json_schema_of = dynamic_json_schema_of();
        quote! {
            /// The JSON Schema (draft 2020-12) that `schemars` derives for the
            /// type of the schema named `schema`: what that type accepts.
            /// `None` when no generated type has this schema name.
            #[cfg(feature = "schemars")]
            pub fn json_schema(schema: &str) -> Option<serde_json::Value> {
                match schema {
                    #(#cfgs #names => Some(json_schema_of::<#types>()),)*
                    _ => None,
                }
            }

            #json_schema_of
        }
    });
    quote! {
        //! Generated types by their original schema name, at run time.

        /// The original names of every schema with a generated type, sorted.
        pub const SCHEMA_NAMES: &[&str] = &[#(#cfgs #names),*];

        #error

        /// Deserialize `value` into the type generated for the schema named
        /// `schema` (its original name) and serialize it back.
        pub fn roundtrip(schema: &str, value: serde_json::Value) -> Result<serde_json::Value, Error> {
            match schema {
                #(#cfgs #names => roundtrip_as::<#types>(value),)*
                _ => Err(Error::UnknownSchema(schema.to_owned())),
            }
        }

        #roundtrip_as

        #json_schema
    }
}

/// The plans with a schema name, sorted by it, for the `dynamic` module.
pub(crate) fn dynamic_names(plans: &[ItemPlan]) -> Vec<(&str, &ItemPlan)> {
    let mut named: Vec<(&str, &ItemPlan)> =
        plans.iter().filter_map(|p| p.schema_name.as_deref().map(|s| (s, p))).collect();
    named.sort_by(|a, b| a.0.cmp(b.0));
    named
}

/// Whether the `dynamic` module has `json_schema`.
pub(crate) fn dynamic_has_json_schema(plans: &[ItemPlan]) -> bool {
    plans.iter().any(|p| p.json_schema)
}

/// The `dynamic` module's `Error`.
pub(crate) fn dynamic_error() -> TokenStream {
    quote! {
        /// Why [`roundtrip`] failed.
        #[derive(Debug)]
        pub enum Error {
            /// No generated type has this schema name.
            UnknownSchema(String),
            /// The value does not deserialize into the schema's type.
            Decode(crate::DecodeError),
            /// The typed value does not serialize (e.g. a non-finite number).
            Encode(serde_json::Error),
        }

        impl std::fmt::Display for Error {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    Error::UnknownSchema(name) => write!(f, "no generated type for schema `{name}`"),
                    Error::Decode(error) => write!(f, "does not match the schema: {error}"),
                    Error::Encode(error) => write!(f, "does not serialize: {error}"),
                }
            }
        }

        impl std::error::Error for Error {}
    }
}

/// The `dynamic` module's `roundtrip_as`.
pub(crate) fn dynamic_roundtrip_as() -> TokenStream {
    quote! {
        #[allow(dead_code)] // unused when every area feature is off
        fn roundtrip_as<T>(value: serde_json::Value) -> Result<serde_json::Value, Error>
        where
            T: serde::de::DeserializeOwned + serde::Serialize,
        {
            let typed: T = crate::from_value(value).map_err(Error::Decode)?;
            serde_json::to_value(&typed).map_err(Error::Encode)
        }
    }
}

/// The `dynamic` module's `json_schema_of`.
pub(crate) fn dynamic_json_schema_of() -> TokenStream {
    quote! {
        #[cfg(feature = "schemars")]
        #[allow(dead_code)] // unused when every area feature is off
        fn json_schema_of<T: schemars::JsonSchema>() -> serde_json::Value {
            schemars::SchemaGenerator::default().into_root_schema_for::<T>().to_value()
        }
    }
}

/// [`item_pieces`] for the `dynamic` module.
pub fn dynamic_pieces(plans: &[ItemPlan], reference: bool) -> Vec<text::Piece> {
    match reference {
        false => text::dynamic_module(plans),
        true => None,
    }
    .unwrap_or_else(|| vec![text::Piece::Tokens(dynamic_module(plans))])
}

/// Tokens for a type expression.
pub fn type_tokens(ty: &RustType) -> TokenStream {
    match ty {
        RustType::Bool => quote!(bool),
        RustType::I64 => quote!(i64),
        RustType::F64 => quote!(f64),
        RustType::Number => quote!(crate::Number),
        RustType::String => quote!(String),
        RustType::DateTime => quote!(crate::DateTime),
        RustType::Date => quote!(crate::FullDate),
        RustType::Primitive(name) => {
            let name = ident(name);
            quote!(#name)
        }
        RustType::Json => quote!(serde_json::Value),
        RustType::JsonObject => quote!(serde_json::Map<String, serde_json::Value>),
        RustType::Vec(inner) => wrap(quote!(Vec), inner),
        RustType::Tuple(items) => {
            let items = items.iter().map(type_tokens);
            quote!((#(#items,)*))
        }
        RustType::Option(inner) => wrap(quote!(Option), inner),
        RustType::Box(inner) => wrap(quote!(Box), inner),
        RustType::Tristate(inner) => wrap(quote!(crate::Tristate), inner),
        RustType::Map(inner) => {
            let inner = type_tokens(inner);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        RustType::Named(name) => {
            let name = ident(name);
            quote!(#name)
        }
        RustType::RootNamed(name) => {
            let name = ident(name);
            quote!(crate::#name)
        }
        RustType::FilePart => quote!(crate::request::FilePart),
    }
}

fn wrap(outer: TokenStream, inner: &RustType) -> TokenStream {
    let inner = type_tokens(inner);
    quote!(#outer<#inner>)
}

/// `#[doc = " line"]` attributes (rendered as `/// line` after formatting).
pub fn doc_attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|l| doc_literal(&if l.is_empty() { String::new() } else { format!(" {l}") }));
    quote!(#(#[doc = #lines])*)
}

/// A doc line as a raw string literal (`r#"…"#`), which formats to the same
/// `///` comment. Schema prose is most of the text of the crate, and a cooked
/// literal is escaped char by char by proc-macro2, then unescaped by syn: the
/// two dearest steps of formatting it. A line a raw literal cannot hold (a
/// lone carriage return) stays cooked.
fn doc_literal(text: &str) -> Literal {
    let mut hashes = String::new();
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}").parse().unwrap_or_else(|_| Literal::string(text))
}

/// Identifiers come from `naming`, which only produces valid non-keyword
/// identifiers, so no raw identifiers are needed.
pub(crate) fn ident(name: &str) -> Ident {
    format_ident!("{}", name, span = Span::call_site())
}

/// "A" or "An" before `name`, at the start of a sentence.
fn capitalize_article(name: &str) -> &'static str {
    match crate::naming::article(name) {
        "an" => "An",
        _ => "A",
    }
}
