//! The common parts of an item written straight into a [`Layout`], in the
//! layout prettyplease gives their tokens: type declarations with their
//! attributes and docs, the calls of the runtime's macros, constructors,
//! accessors and operation modules (their function bodies through [`expr`]).
//! What is still quoted and formatted: tagged unions' serde impls, closed
//! enums' impls, multipart forms. Each
//! function here mirrors the `quote!` of the same part in [`super`], token for
//! token (the token stream decides the layout), so the two paths print the
//! same text; the differential tests below and in `tests/public_specs.rs`
//! hold them to that.
//!
//! An item this module cannot write exactly (a doc line holding a line break,
//! say) returns `None` and goes the quoted way whole.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use proc_macro2::TokenStream;

use super::{argument_spelling, capitalize_article, enum_value_doc, presence_kind, takes_exact_type};
use crate::layout::{Layout, INDENT};
use crate::lower::{
    DefaultValue, EnumMember, FieldPlan, Fit, ItemKind, ItemPlan, JsonKinds, Presence, RustType, UndeclaredPlan,
    UnionStrategy, VariantPlan,
};

/// Part of an item's text: laid out here, or tokens for prettyplease.
pub enum Piece {
    Text(String),
    Tokens(TokenStream),
    /// Items inside a module (one level of indentation): formatted inside
    /// a stand-in module, whose first and last lines are then dropped.
    ModuleTokens(TokenStream),
}

mod expr;
mod operations;

use expr::Expr;

pub use operations::operation_module;

/// The pieces of one item plan, or `None` when a part of it cannot be laid
/// out here exactly.
pub fn item(plan: &ItemPlan) -> Option<Vec<Piece>> {
    let mut pieces = Pieces::default();
    let header = header(plan)?;
    let cfg = cfg_attr(&plan.features);
    let schema = |pieces: &mut Pieces, form: Vec<Tok>| {
        if plan.json_schema {
            let mut layout = Layout::new();
            attrs_of(&mut layout, &cfg);
            fixed_attr(&mut layout, "cfg(feature = \"schemars\")");
            let mut arguments = vec![Tok::Ident(Cow::Owned(plan.name.clone())), Tok::Punct(',', false)];
            arguments.extend(form);
            macro_call(&mut layout, "crate::json_schema::schema_impl", Macro::Paren, arguments);
            pieces.layout(layout);
        }
    };
    match &plan.kind {
        ItemKind::Struct { fields, extra, undeclared } => {
            pieces.layout(struct_declaration(plan, &header, fields, extra, undeclared)?);
            let token_cfg = super::cfg_attr(&plan.features);
            let name = super::ident(&plan.name);
            let mut unlisted = vec![super::ident(extra)];
            if let UndeclaredPlan::Typed { field, .. } = undeclared {
                unlisted.push(super::ident(field));
            }
            let unlisted_names: Vec<&str> = std::iter::once(extra.as_str())
                .chain(match undeclared {
                    UndeclaredPlan::Typed { field, .. } => Some(field.as_str()),
                    _ => None,
                })
                .collect();
            let mut rest = TokenStream::new();
            match constructor(plan, fields, &unlisted_names) {
                Constructor::None => {}
                Constructor::Laid(layout) => pieces.layout(layout),
                Constructor::Quoted => rest.extend(super::constructor(&token_cfg, &name, fields, &unlisted)),
            }
            pieces.tokens(rest);
            if fields.iter().any(|field| field.default.is_some()) {
                match default_accessors(plan, &cfg, fields) {
                    Some(layout) => pieces.layout(layout),
                    None => {
                        let accessors = fields.iter().filter_map(super::default_accessor);
                        pieces.tokens(quote::quote!(#token_cfg impl #name { #(#accessors)* }));
                    }
                }
            }
        }
        ItemKind::Enum { values, open } => {
            pieces.layout(enum_declaration(&header, plan, values, *open)?);
            match open_enum_impls(plan, values).filter(|_| *open) {
                Some(layout) => pieces.layout(layout),
                None => {
                    let (token_cfg, name) = (super::cfg_attr(&plan.features), super::ident(&plan.name));
                    pieces.tokens(super::enum_impls(&token_cfg, &name, values, *open));
                }
            }
            let mut layout = Layout::new();
            attrs_of(&mut layout, &cfg);
            let traits = if *open { "crate::runtime::open_enum_traits" } else { "crate::runtime::closed_enum_traits" };
            macro_call(&mut layout, traits, Macro::Paren, vec![Tok::Ident(Cow::Owned(plan.name.clone()))]);
            pieces.layout(layout);
            let form = if *open { "open_enum" } else { "closed_enum" };
            let strings = values.iter().map(|member| string_literal(&member.value)).collect::<Option<Vec<_>>>()?;
            schema(
                &mut pieces,
                vec![Tok::Ident(Cow::Borrowed(form)), Tok::Group('(', comma_separated(strings, false))],
            );
        }
        ItemKind::Const { value } => {
            let mut layout = Layout::new();
            attrs_of(&mut layout, &header);
            doc(&mut layout, "")?;
            doc(&mut layout, &format!(" Always `{value}`: serializes to that string and rejects any other."))?;
            fixed_attr(&mut layout, "derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)");
            layout.cbox(INDENT);
            layout.word("pub struct ");
            layout.word(&plan.name);
            layout.word(";");
            layout.end();
            layout.hardbreak();
            pieces.layout(layout);
            let mut layout = Layout::new();
            attrs_of(&mut layout, &cfg);
            impl_header(&mut layout, &plan.name);
            doc(&mut layout, " The one value this type stands for.")?;
            string_const(&mut layout, "VALUE", "&str", value)?;
            impl_footer(&mut layout);
            attrs_of(&mut layout, &cfg);
            macro_call(
                &mut layout,
                "crate::runtime::const_str_traits",
                Macro::Paren,
                vec![Tok::Ident(Cow::Owned(plan.name.clone()))],
            );
            pieces.layout(layout);
            schema(&mut pieces, vec![Tok::Ident(Cow::Borrowed("constant"))]);
        }
        ItemKind::Union { variants, strategy: UnionStrategy::Tagged { tag, open } } => {
            pieces.layout(tagged_declaration(&header, plan, variants, tag, *open)?);
            let (token_cfg, name) = (super::cfg_attr(&plan.features), super::ident(&plan.name));
            pieces.tokens(super::tagged_impls(&token_cfg, &name, variants, tag, *open));
            let mut form = vec![string_literal(tag)?];
            for variant in variants {
                form.push(Tok::Punct(',', false));
                form.push(string_literal(variant.tag_value.as_deref().unwrap_or_default())?);
                form.push(Tok::Punct('=', true));
                form.push(Tok::Punct('>', false));
                form.extend(type_tokens(&variant.ty));
            }
            let form_name = if *open { "tagged" } else { "closed_tagged" };
            schema(&mut pieces, vec![Tok::Ident(Cow::Borrowed(form_name)), Tok::Group('(', form)]);
        }
        ItemKind::Union { variants, strategy: UnionStrategy::Untagged(fits) } => {
            let mut layout = Layout::new();
            attrs_of(&mut layout, &header);
            fixed_attr(&mut layout, "derive(Debug, Clone)");
            fixed_attr(&mut layout, "cfg_attr(feature = \"partial-eq\", derive(PartialEq))");
            enum_body(&mut layout, &plan.name, variants.iter().map(|v| (Vec::new(), v.name.as_str(), Some(&v.ty))))?;
            attrs_of(&mut layout, &cfg);
            let mut table = Vec::new();
            for (index, variant) in variants.iter().enumerate() {
                table.extend([
                    Tok::Literal(Cow::Owned(index.to_string())),
                    Tok::Punct('=', true),
                    Tok::Punct('>', false),
                    Tok::Ident(Cow::Owned(variant.name.clone())),
                    Tok::Punct(',', false),
                ]);
            }
            let mut fit_list = Vec::new();
            for fit in fits {
                fit_list.extend(fit_tokens(fit)?);
                fit_list.push(Tok::Punct(',', false));
            }
            let arguments =
                vec![Tok::Ident(Cow::Owned(plan.name.clone())), Tok::Group('{', table), Tok::Group('[', fit_list)];
            macro_call(&mut layout, "crate::runtime::untagged_union", Macro::Paren, arguments);
            pieces.layout(layout);
            let types: Vec<Vec<Tok>> = variants.iter().map(|v| type_tokens(&v.ty)).collect();
            schema(&mut pieces, vec![Tok::Ident(Cow::Borrowed("any_of")), Tok::Group('(', join_comma(types, false))]);
        }
        ItemKind::Alias { ty } => {
            let mut layout = Layout::new();
            attrs_of(&mut layout, &header);
            type_alias(&mut layout, &plan.name, ty);
            pieces.layout(layout);
        }
    }
    Some(pieces.0)
}

/// Consecutive laid-out parts merge into one text.
#[derive(Default)]
struct Pieces(Vec<Piece>);

impl Pieces {
    fn layout(&mut self, layout: Layout) {
        let text = layout.print();
        match self.0.last_mut() {
            Some(Piece::Text(previous)) => previous.push_str(&text),
            _ => self.0.push(Piece::Text(text)),
        }
    }

    fn tokens(&mut self, tokens: TokenStream) {
        if !tokens.is_empty() {
            self.0.push(Piece::Tokens(tokens));
        }
    }

    fn module_tokens(&mut self, tokens: TokenStream) {
        if !tokens.is_empty() {
            self.0.push(Piece::ModuleTokens(tokens));
        }
    }
}

/// An attribute or a doc line, before it is laid out.
enum Attr<'a> {
    /// A doc attribute's value (`" text"`).
    Doc(String),
    /// A doc line of the plan (`text`, written `/// text`).
    Line(&'a str),
    Meta(Vec<Tok>),
}

/// The attributes every item starts with: `cfg`, `doc(cfg)`, its docs,
/// `deprecated` (`emit::item`'s `header`).
fn header(plan: &ItemPlan) -> Option<Vec<Attr<'_>>> {
    let mut attrs = cfg_attr(&plan.features);
    attrs.extend(doc_cfg_attr(&plan.features));
    attrs.extend(doc_lines(&plan.docs)?);
    if plan.deprecated {
        attrs.push(Attr::Meta(vec![Tok::Ident(Cow::Borrowed("deprecated"))]));
    }
    Some(attrs)
}

/// `#[cfg(..)]` of an item's features (`emit::cfg_attr`).
fn cfg_attr(features: &[Vec<String>]) -> Vec<Attr<'static>> {
    match feature_predicate(features) {
        Some(predicate) => vec![Attr::Meta(vec![Tok::Ident(Cow::Borrowed("cfg")), Tok::Group('(', predicate)])],
        None => Vec::new(),
    }
}

fn feature_predicate(features: &[Vec<String>]) -> Option<Vec<Tok>> {
    match features {
        [] => None,
        [one] => Some(any_feature(one)),
        many => {
            let predicates = many.iter().map(|set| any_feature(set)).collect();
            Some(vec![Tok::Ident(Cow::Borrowed("all")), Tok::Group('(', join_comma(predicates, false))])
        }
    }
}

fn any_feature(features: &[String]) -> Vec<Tok> {
    let feature = |name: &String| {
        let literal = string_literal(name).unwrap_or_else(|| Tok::Literal(Cow::Owned(format!("{name:?}"))));
        vec![Tok::Ident(Cow::Borrowed("feature")), Tok::Punct('=', false), literal]
    };
    match features {
        [one] => feature(one),
        many => {
            let each = many.iter().map(feature).collect();
            vec![Tok::Ident(Cow::Borrowed("any")), Tok::Group('(', join_comma(each, false))]
        }
    }
}

/// Doc lines as `emit::doc_attrs` writes them: `" line"`, or `""` for a blank one.
fn doc_lines(lines: &[String]) -> Option<Vec<Attr<'_>>> {
    lines.iter().map(|line| (!line.contains(['\n', '\r'])).then_some(Attr::Line(line))).collect()
}

/// prettyplease prints a doc attribute as `///` only for a one-line value
/// that does not start with `/`; the rest is left to it.
fn doc_allowed(text: &str) -> bool {
    !text.contains(['\n', '\r']) && !text.starts_with('/')
}

fn attrs_of(layout: &mut Layout, attrs: &[Attr]) {
    for each in attrs {
        match each {
            Attr::Doc(text) => {
                layout.word("///");
                layout.word(text.trim_end_matches(' '));
                layout.hardbreak();
            }
            Attr::Line(line) => {
                // `" {line}"` with its trailing spaces trimmed, as prettyplease prints it.
                let trimmed = line.trim_end_matches(' ');
                layout.word(if trimmed.is_empty() { "///" } else { "/// " });
                layout.word(trimmed);
                layout.hardbreak();
            }
            Attr::Meta(tokens) => attr(layout, tokens),
        }
    }
}

fn doc(layout: &mut Layout, text: &str) -> Option<()> {
    doc_allowed(text).then(|| attrs_of(layout, &[Attr::Doc(text.to_owned())]))
}

/// `#[meta]` of a fixed meta written as source, lexed once per thread.
fn fixed_attr(layout: &mut Layout, source: &'static str) {
    thread_local! {
        static LEXED: RefCell<HashMap<&'static str, Rc<Vec<Tok>>>> = RefCell::new(HashMap::new());
    }
    let tokens =
        LEXED.with(|cache| Rc::clone(cache.borrow_mut().entry(source).or_insert_with(|| Rc::new(lex(source)))));
    attr(layout, &tokens);
}

/// `#[meta]`, the meta's tokens laid out as prettyplease lays out attribute
/// tokens: `( … )` a consistent box, `, ` a break inside parentheses.
fn attr(layout: &mut Layout, meta: &[Tok]) {
    layout.word("#[");
    attr_tokens(layout, meta, false);
    layout.word("]");
    layout.space();
}

#[derive(PartialEq, Clone, Copy)]
enum AttrState {
    Word,
    Punct,
    TrailingComma,
}

/// Attribute tokens: `inside` a group, a space after `,` may break.
fn attr_tokens(layout: &mut Layout, tokens: &[Tok], inside: bool) -> AttrState {
    let separator = |layout: &mut Layout| if inside { layout.space() } else { layout.word(" ") };
    let mut state = if inside { AttrState::Punct } else { AttrState::Word };
    // The meta's path is printed without a leading space.
    let mut first = !inside;
    for (index, token) in tokens.iter().enumerate() {
        match token {
            Tok::Ident(name) | Tok::Literal(name) => {
                if state == AttrState::Word && !first {
                    separator(layout);
                }
                layout.word(name);
                state = AttrState::Word;
            }
            Tok::Punct(character, _) => {
                if state == AttrState::Word && *character == '=' {
                    layout.word(" ");
                }
                if *character == ',' && index + 1 == tokens.len() {
                    layout.trailing_comma(true);
                    state = AttrState::TrailingComma;
                } else {
                    layout.word(character.encode_utf8(&mut [0; 4]));
                    if *character == '=' {
                        layout.word(" ");
                    } else if *character == ',' {
                        separator(layout);
                    }
                    state = AttrState::Punct;
                }
            }
            Tok::Group(delimiter, inner) => {
                debug_assert_eq!(*delimiter, '(', "attributes here only use parentheses");
                layout.word("(");
                layout.cbox(INDENT);
                layout.zerobreak();
                let last = attr_tokens(layout, inner, true);
                if last != AttrState::TrailingComma {
                    layout.zerobreak();
                }
                layout.offset(-INDENT);
                layout.end();
                layout.word(")");
                state = AttrState::Punct;
            }
        }
        first = false;
    }
    state
}

/// How a macro call as an item is delimited.
#[derive(Clone, Copy, PartialEq)]
enum Macro {
    /// `path!(tokens);`
    Paren,
    /// `path! { tokens }`, the tokens on their own lines.
    Brace,
}

/// A macro call as an item.
fn macro_call(layout: &mut Layout, path: &str, delimiter: Macro, tokens: Vec<Tok>) {
    let delimiter_break = |layout: &mut Layout| match delimiter {
        Macro::Paren => layout.zerobreak(),
        Macro::Brace => layout.hardbreak(),
    };
    layout.word(path);
    layout.word("!");
    layout.word(if delimiter == Macro::Paren { "(" } else { " {" });
    if !tokens.is_empty() {
        layout.cbox(INDENT);
        delimiter_break(layout);
        layout.ibox(0);
        macro_tokens(layout, &tokens);
        layout.end();
        delimiter_break(layout);
        layout.offset(-INDENT);
        layout.end();
    }
    layout.word(if delimiter == Macro::Paren { ");" } else { "}" });
    layout.hardbreak();
}

#[derive(PartialEq, Clone, Copy)]
enum MacroState {
    Start,
    Colon,
    Colon2,
    Dot,
    Ident,
    IdentBang,
    Pound,
    Delim,
    Other,
}

/// Macro tokens filled into lines, spaced as prettyplease spaces them: a
/// space (which may break) between most tokens, none before `,` or after a
/// joint punctuation, none between a name and its `(`.
fn macro_tokens(layout: &mut Layout, tokens: &[Tok]) {
    use MacroState::*;
    let mut state = Start;
    let mut previous_is_joint = true;
    for token in tokens {
        let (needs_space, next) = match (state, token) {
            (Ident, Tok::Group('(' | '[', _)) => (false, Delim),
            (Ident, Tok::Punct('!', false)) => (false, IdentBang),
            (IdentBang, Tok::Group('(' | '[', _)) => (false, Other),
            (Pound, Tok::Group('[', _)) => (false, Other),
            (Colon, Tok::Punct(':', _)) => (false, Colon2),
            (_, Tok::Group('(' | '[', _)) => (true, Delim),
            (_, Tok::Group(_, _)) => (true, Other),
            (_, Tok::Ident(name)) if !is_keyword(name) => (state != Dot && state != Colon2, Ident),
            (_, Tok::Literal(_)) => (state != Dot, Ident),
            (_, Tok::Punct(',' | ';', _)) => (false, Other),
            (_, Tok::Punct('.', _)) => (state != Ident && state != Delim, Dot),
            (_, Tok::Punct(':', true)) => (state != Ident, Colon),
            (_, Tok::Punct('#', _)) => (true, Pound),
            (_, _) => (true, Other),
        };
        if !previous_is_joint {
            if needs_space {
                layout.space();
            } else if matches!(token, Tok::Punct('.', _)) {
                layout.zerobreak();
            }
        }
        previous_is_joint = matches!(token, Tok::Punct(_, true));
        match token {
            Tok::Ident(text) | Tok::Literal(text) => layout.word(text),
            Tok::Punct(character, _) => layout.word(&character.to_string()),
            Tok::Group(open, inner) => {
                let close = match open {
                    '(' => ")",
                    '[' => "]",
                    _ => "}",
                };
                layout.word(&open.to_string());
                if !inner.is_empty() {
                    let brace = *open == '{';
                    if brace {
                        layout.space();
                    }
                    macro_tokens(layout, inner);
                    if brace {
                        layout.space();
                    }
                }
                layout.word(close);
            }
        }
        state = next;
    }
}

fn is_keyword(name: &str) -> bool {
    matches!(
        name,
        "as" | "async"
            | "await"
            | "box"
            | "break"
            | "const"
            | "continue"
            | "crate"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "macro"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "static"
            | "struct"
            | "trait"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "yield"
    )
}

/// A token of an attribute or a macro call.
#[derive(Debug, Clone)]
enum Tok {
    Ident(Cow<'static, str>),
    /// Already in source form (`"a\"b"`, `7`).
    Literal(Cow<'static, str>),
    /// A punctuation character; `true` when the next one joins it (`::`, `=>`).
    Punct(char, bool),
    /// `(`, `[` or `{` and the tokens inside.
    Group(char, Vec<Tok>),
}

/// Tokens of a fixed attribute written as source (`derive(Debug, Clone)`).
/// Only what this module writes: names, `"…"` literals without escapes,
/// punctuation, parentheses.
fn lex(source: &str) -> Vec<Tok> {
    fn group(chars: &mut std::iter::Peekable<std::str::Chars>) -> Vec<Tok> {
        let mut tokens = Vec::new();
        while let Some(&character) = chars.peek() {
            match character {
                ' ' => {
                    chars.next();
                }
                ')' => {
                    chars.next();
                    return tokens;
                }
                '(' => {
                    chars.next();
                    tokens.push(Tok::Group('(', group(chars)));
                }
                '"' => {
                    chars.next();
                    let text: String = chars.by_ref().take_while(|&c| c != '"').collect();
                    tokens.push(Tok::Literal(Cow::Owned(format!("\"{text}\""))));
                }
                c if c == '_' || c.is_alphanumeric() => {
                    let mut name = String::new();
                    while let Some(&c) = chars.peek().filter(|c| **c == '_' || c.is_alphanumeric()) {
                        name.push(c);
                        chars.next();
                    }
                    tokens.push(Tok::Ident(Cow::Owned(name)));
                }
                c => {
                    chars.next();
                    let joint = c == ':' && chars.peek() == Some(&':');
                    tokens.push(Tok::Punct(c, joint));
                }
            }
        }
        tokens
    }
    group(&mut source.chars().peekable())
}

/// A string literal as proc-macro2 writes it (`escape_debug`, except `'`
/// and NUL), or `None` for a NUL, which it spells by what follows.
fn string_literal(value: &str) -> Option<Tok> {
    if value.contains('\0') {
        return None;
    }
    let mut text = String::with_capacity(value.len() + 2);
    text.push('"');
    // Printable ASCII but `"` and `\` stands as it is (most values).
    if value.bytes().all(|byte| matches!(byte, b' '..=b'~') && byte != b'"' && byte != b'\\') {
        text.push_str(value);
        text.push('"');
        return Some(Tok::Literal(Cow::Owned(text)));
    }
    for character in value.chars() {
        match character {
            '\'' => text.push('\''),
            c => text.extend(c.escape_debug()),
        }
    }
    text.push('"');
    Some(Tok::Literal(Cow::Owned(text)))
}

/// `a, b, c` (with a trailing comma when `trailing`).
fn comma_separated(items: Vec<Tok>, trailing: bool) -> Vec<Tok> {
    join_comma(items.into_iter().map(|item| vec![item]).collect(), trailing)
}

fn join_comma(items: Vec<Vec<Tok>>, trailing: bool) -> Vec<Tok> {
    let count = items.len();
    let mut tokens = Vec::new();
    for (index, item) in items.into_iter().enumerate() {
        tokens.extend(item);
        if trailing || index + 1 < count {
            tokens.push(Tok::Punct(',', false));
        }
    }
    tokens
}

/// The tokens of a type (`emit::type_tokens`), for a macro's arguments.
fn type_tokens(ty: &RustType) -> Vec<Tok> {
    let path = |path: &str| -> Vec<Tok> {
        let mut tokens = Vec::new();
        for (index, segment) in path.split("::").enumerate() {
            if index > 0 {
                tokens.push(Tok::Punct(':', true));
                tokens.push(Tok::Punct(':', false));
            }
            tokens.push(Tok::Ident(Cow::Owned(segment.to_owned())));
        }
        tokens
    };
    let generic = |outer: &str, arguments: Vec<Vec<Tok>>| -> Vec<Tok> {
        let mut tokens = path(outer);
        tokens.push(Tok::Punct('<', false));
        tokens.extend(join_comma(arguments, false));
        tokens.push(Tok::Punct('>', false));
        tokens
    };
    match ty {
        RustType::Tuple(items) => vec![Tok::Group('(', join_comma(items.iter().map(type_tokens).collect(), true))],
        RustType::Vec(inner) => generic("Vec", vec![type_tokens(inner)]),
        RustType::Option(inner) => generic("Option", vec![type_tokens(inner)]),
        RustType::Box(inner) => generic("Box", vec![type_tokens(inner)]),
        RustType::Tristate(inner) => generic("crate::Tristate", vec![type_tokens(inner)]),
        RustType::Map(inner) => generic("std::collections::BTreeMap", vec![path("String"), type_tokens(inner)]),
        RustType::JsonObject => generic("serde_json::Map", vec![path("String"), path("serde_json::Value")]),
        simple => path(&simple_path(simple)),
    }
}

/// The path of a type without type arguments.
fn simple_path(ty: &RustType) -> String {
    match ty {
        RustType::Bool => "bool".into(),
        RustType::I64 => "i64".into(),
        RustType::F64 => "f64".into(),
        RustType::Number => "crate::Number".into(),
        RustType::String => "String".into(),
        RustType::DateTime => "crate::DateTime".into(),
        RustType::Date => "crate::FullDate".into(),
        RustType::Primitive(name) => (*name).to_owned(),
        RustType::Named(name) => name.clone(),
        RustType::Json => "serde_json::Value".into(),
        RustType::RootNamed(name) => format!("crate::{name}"),
        RustType::FilePart => "crate::request::FilePart".into(),
        RustType::JsonObject
        | RustType::Vec(_)
        | RustType::Tuple(_)
        | RustType::Option(_)
        | RustType::Box(_)
        | RustType::Tristate(_)
        | RustType::Map(_) => unreachable!("has type arguments"),
    }
}

/// A type as prettyplease lays out a type path: `<…>` a consistent box
/// whose arguments break one per line.
fn ty_layout(layout: &mut Layout, ty: &RustType) {
    let word = |text: &'static str| move |layout: &mut Layout| layout.word(text);
    match ty {
        RustType::Tuple(items) => {
            layout.word("(");
            layout.cbox(INDENT);
            layout.zerobreak();
            for (index, item) in items.iter().enumerate() {
                ty_layout(layout, item);
                if items.len() == 1 {
                    layout.word(",");
                    layout.zerobreak();
                } else {
                    layout.trailing_comma(index + 1 == items.len());
                }
            }
            layout.offset(-INDENT);
            layout.end();
            layout.word(")");
        }
        RustType::Vec(inner) => generic(layout, "Vec", &[&|l: &mut Layout| ty_layout(l, inner)]),
        RustType::Option(inner) => generic(layout, "Option", &[&|l: &mut Layout| ty_layout(l, inner)]),
        RustType::Box(inner) => generic(layout, "Box", &[&|l: &mut Layout| ty_layout(l, inner)]),
        RustType::Tristate(inner) => generic(layout, "crate::Tristate", &[&|l: &mut Layout| ty_layout(l, inner)]),
        RustType::Map(inner) => {
            generic(layout, "std::collections::BTreeMap", &[&word("String"), &|l: &mut Layout| ty_layout(l, inner)])
        }
        RustType::JsonObject => generic(layout, "serde_json::Map", &[&word("String"), &word("serde_json::Value")]),
        simple => layout.word(&simple_path(simple)),
    }
}

/// `Outer<A, B>`: the arguments in a consistent box, one per line when
/// they do not fit.
fn generic(layout: &mut Layout, outer: &str, arguments: &[&dyn Fn(&mut Layout)]) {
    layout.word(outer);
    layout.word("<");
    layout.cbox(INDENT);
    layout.zerobreak();
    for (index, argument) in arguments.iter().enumerate() {
        argument(layout);
        layout.trailing_comma(index + 1 == arguments.len());
    }
    layout.offset(-INDENT);
    layout.end();
    layout.word(">");
}

/// `pub struct Name { fields }` with its attributes (`emit::struct_item`).
fn struct_declaration(
    plan: &ItemPlan,
    header: &[Attr],
    fields: &[FieldPlan],
    extra: &str,
    undeclared: &UndeclaredPlan,
) -> Option<Layout> {
    let json_schema = plan.json_schema;
    let mut layout = Layout::new();
    attrs_of(&mut layout, header);
    let has_constructor = fields
        .iter()
        .any(|field| matches!(field.presence, Presence::Required | Presence::RequiredNullable) && !field.implied);
    fixed_attr(&mut layout, if has_constructor { "derive(Debug, Clone,)" } else { "derive(Debug, Clone, Default,)" });
    fixed_attr(&mut layout, "cfg_attr(feature = \"partial-eq\", derive(PartialEq))");
    if json_schema {
        fixed_attr(&mut layout, "cfg_attr(feature = \"schemars\", derive(schemars::JsonSchema))");
    }
    if json_schema && *undeclared == UndeclaredPlan::Rejected {
        fixed_attr(&mut layout, "cfg_attr(feature = \"schemars\", serde(deny_unknown_fields))");
    }
    layout.cbox(INDENT);
    layout.word("pub struct ");
    layout.word(&plan.name);
    layout.word(" ");
    layout.word("{");
    layout.hardbreak_if_nonempty();
    for field in fields {
        field_layout(&mut layout, field, json_schema)?;
    }
    if let UndeclaredPlan::Typed { field, ty } = undeclared {
        doc(&mut layout, " The members beyond the declared properties, by name")?;
        doc(&mut layout, " (`additionalProperties`): each must be of this type.")?;
        if json_schema {
            fixed_attr(&mut layout, "cfg_attr(feature = \"schemars\", serde(flatten))");
        }
        member(&mut layout, field, &RustType::Map(Box::new(ty.clone())));
    }
    doc(&mut layout, " What the object carried beyond these fields (undeclared members,")?;
    doc(&mut layout, " `null`s), written back as read.")?;
    if json_schema {
        fixed_attr(&mut layout, "cfg_attr(feature = \"schemars\", schemars(skip))");
    }
    layout.word("pub ");
    layout.word(extra);
    layout.word(": ");
    layout.word("crate::Extra");
    layout.word(",");
    layout.hardbreak();
    layout.offset(-INDENT);
    layout.end();
    layout.word("}");
    layout.hardbreak();

    let mut table = Vec::new();
    for field in fields {
        table.extend([
            Tok::Ident(Cow::Borrowed(presence_kind(field.presence))),
            Tok::Ident(Cow::Owned(field.name.clone())),
            Tok::Punct('=', false),
            string_literal(&field.json_name)?,
            Tok::Punct(',', false),
        ]);
    }
    let mut arguments = vec![
        Tok::Ident(Cow::Owned(plan.name.clone())),
        Tok::Group('{', table),
        Tok::Ident(Cow::Owned(extra.to_owned())),
    ];
    arguments.push(Tok::Punct(',', false));
    match undeclared {
        UndeclaredPlan::Kept => arguments.push(Tok::Ident(Cow::Borrowed("keep"))),
        UndeclaredPlan::Rejected => arguments.push(Tok::Ident(Cow::Borrowed("reject"))),
        UndeclaredPlan::Typed { field, .. } => {
            arguments.extend([Tok::Ident(Cow::Borrowed("typed")), Tok::Ident(Cow::Owned(field.clone()))]);
        }
    }
    attrs_of(&mut layout, &cfg_attr(&plan.features));
    macro_call(&mut layout, "crate::runtime::object_traits", Macro::Paren, arguments);
    Some(layout)
}

/// `pub name: Type,` in a struct.
fn member(layout: &mut Layout, name: &str, ty: &RustType) {
    layout.word("pub ");
    layout.word(name);
    layout.word(": ");
    ty_layout(layout, ty);
    layout.word(",");
    layout.hardbreak();
}

/// A field with its docs and attributes (`emit::field`).
fn field_layout(layout: &mut Layout, plan: &FieldPlan, json_schema: bool) -> Option<()> {
    attrs_of(layout, &doc_lines(&plan.docs)?);
    if plan.deprecated {
        attr(layout, &[Tok::Ident(Cow::Borrowed("deprecated"))]);
    }
    let mut serde = Vec::new();
    if plan.name != plan.json_name {
        serde.extend([Tok::Ident(Cow::Borrowed("rename")), Tok::Punct('=', false), string_literal(&plan.json_name)?]);
        serde.push(Tok::Punct(',', false));
    }
    let skip = match plan.presence {
        Presence::Required | Presence::RequiredNullable => None,
        Presence::Optional => Some("\"Option::is_none\""),
        Presence::OptionalNullable => Some("\"crate::Tristate::is_absent\""),
    };
    if let Some(skip) = skip {
        serde.extend([
            Tok::Ident(Cow::Borrowed("default")),
            Tok::Punct(',', false),
            Tok::Ident(Cow::Borrowed("skip_serializing_if")),
            Tok::Punct('=', false),
            Tok::Literal(Cow::Borrowed(skip)),
            Tok::Punct(',', false),
        ]);
    }
    if json_schema && !serde.is_empty() {
        let inner = vec![
            Tok::Ident(Cow::Borrowed("feature")),
            Tok::Punct('=', false),
            Tok::Literal(Cow::Borrowed("\"schemars\"")),
            Tok::Punct(',', false),
            Tok::Ident(Cow::Borrowed("serde")),
            Tok::Group('(', serde),
        ];
        attr(layout, &[Tok::Ident(Cow::Borrowed("cfg_attr")), Tok::Group('(', inner)]);
    }
    member(layout, &plan.name, &plan.ty);
    Some(())
}

/// `pub enum Name { variants }` after its attributes: each variant with its
/// docs, unit or holding one type.
fn enum_body<'a>(
    layout: &mut Layout,
    name: &str,
    variants: impl Iterator<Item = (Vec<String>, &'a str, Option<&'a RustType>)>,
) -> Option<()> {
    layout.cbox(INDENT);
    layout.word("pub enum ");
    layout.word(name);
    layout.word(" ");
    layout.word("{");
    layout.hardbreak_if_nonempty();
    for (docs, variant, ty) in variants {
        for line in docs {
            doc(layout, &line)?;
        }
        layout.word(variant);
        if let Some(ty) = ty {
            layout.cbox(INDENT);
            layout.word("(");
            layout.zerobreak();
            ty_layout(layout, ty);
            layout.trailing_comma(true);
            layout.offset(-INDENT);
            layout.word(")");
            layout.end();
        }
        layout.word(",");
        layout.hardbreak();
    }
    layout.offset(-INDENT);
    layout.end();
    layout.word("}");
    layout.hardbreak();
    Some(())
}

/// A string enum's declaration (`emit::enum_item`, `emit::closed_enum_item`).
fn enum_declaration(header: &[Attr], plan: &ItemPlan, values: &[EnumMember], open: bool) -> Option<Layout> {
    let mut layout = Layout::new();
    attrs_of(&mut layout, header);
    let derive = if open {
        "derive(Debug, Clone, PartialEq, Eq, Hash)"
    } else {
        "derive(Debug, Clone, Copy, PartialEq, Eq, Hash)"
    };
    fixed_attr(&mut layout, derive);
    let other = RustType::String;
    let listed = values.iter().map(|member| (vec![enum_value_doc(&member.value)], member.variant.as_str(), None));
    let other = open.then(|| {
        (vec![" A value this revision of the schema does not list, kept as sent.".to_owned()], "Other", Some(&other))
    });
    enum_body(&mut layout, &plan.name, listed.chain(other))?;
    Some(layout)
}

/// A tagged union's declaration (`emit::tagged_union`).
fn tagged_declaration(
    header: &[Attr],
    plan: &ItemPlan,
    variants: &[VariantPlan],
    tag: &str,
    open: bool,
) -> Option<Layout> {
    let mut layout = Layout::new();
    attrs_of(&mut layout, header);
    fixed_attr(&mut layout, "derive(Debug, Clone)");
    fixed_attr(&mut layout, "cfg_attr(feature = \"partial-eq\", derive(PartialEq))");
    let json = RustType::Json;
    let listed = variants.iter().map(|variant| {
        let value = variant.tag_value.as_deref().unwrap_or_default();
        (vec![format!(" `{tag}` is `{value}`.")], variant.name.as_str(), Some(&variant.ty))
    });
    let other_doc =
        format!(" {} `{tag}` this revision of the schema does not list, kept as raw JSON.", capitalize_article(tag));
    let other = open.then(|| (vec![other_doc], "Other", Some(&json)));
    enum_body(&mut layout, &plan.name, listed.chain(other))?;
    Some(layout)
}

/// A variant's fit for `untagged_union!` (`emit::fit_tokens`).
fn fit_tokens(fit: &Fit) -> Option<Vec<Tok>> {
    let variant = Tok::Literal(Cow::Owned(fit.variant.to_string()));
    let kinds = json_kinds(fit.kinds);
    let strings = |values: &[String]| values.iter().map(|v| string_literal(v)).collect::<Option<Vec<_>>>();
    Some(match &fit.object {
        None => {
            let mut arguments = vec![variant, Tok::Punct(',', false)];
            arguments.extend(kinds);
            vec![Tok::Ident(Cow::Borrowed("of")), Tok::Group('(', arguments)]
        }
        Some(object) => {
            let mut listed = Vec::new();
            for (property, values) in &object.listed {
                let pair = vec![
                    string_literal(property)?,
                    Tok::Punct(',', false),
                    Tok::Group('[', comma_separated(strings(values)?, false)),
                ];
                listed.push(vec![Tok::Group('(', pair)]);
            }
            let mut arguments = vec![variant, Tok::Punct(',', false)];
            arguments.extend(kinds);
            arguments.push(Tok::Punct(',', false));
            arguments.push(Tok::Group('[', comma_separated(strings(&object.properties)?, false)));
            arguments.push(Tok::Punct(',', false));
            arguments.push(Tok::Group('[', comma_separated(strings(&object.required)?, false)));
            arguments.push(Tok::Punct(',', false));
            arguments.push(Tok::Group('[', join_comma(listed, false)));
            vec![Tok::Ident(Cow::Borrowed("object")), Tok::Group('(', arguments)]
        }
    })
}

/// `OBJECT | NULL` (`emit::json_kinds_tokens`).
fn json_kinds(kinds: JsonKinds) -> Vec<Tok> {
    if kinds == JsonKinds::ANY {
        return vec![Tok::Ident(Cow::Borrowed("ANY"))];
    }
    let named = [
        (kinds.object, "OBJECT"),
        (kinds.array, "ARRAY"),
        (kinds.string, "STRING"),
        (kinds.number, "NUMBER"),
        (kinds.boolean, "BOOLEAN"),
        (kinds.null, "NULL"),
    ];
    let mut tokens = Vec::new();
    for (_, name) in named.iter().filter(|(on, _)| *on) {
        if !tokens.is_empty() {
            tokens.push(Tok::Punct('|', false));
        }
        tokens.push(Tok::Ident(Cow::Borrowed(name)));
    }
    if tokens.is_empty() {
        tokens.push(Tok::Ident(Cow::Borrowed("NONE")));
    }
    tokens
}

/// A struct's `new`, laid out here or left to the quoted path.
enum Constructor {
    /// Nothing is required: the struct derives `Default` instead.
    None,
    Laid(Layout),
    /// A field's name could not be written here.
    Quoted,
}

/// `impl Name { pub fn new(required…) -> Self { Self { … } } }`
/// (`emit::constructor`), laid out as prettyplease lays out the impl, the
/// signature (arguments one per line when the line is too long) and the
/// struct literal (one field per line beyond 34 columns).
fn constructor(plan: &ItemPlan, fields: &[FieldPlan], unlisted: &[&str]) -> Constructor {
    let asked = |field: &&FieldPlan| {
        matches!(field.presence, Presence::Required | Presence::RequiredNullable) && !field.implied
    };
    let arguments: Vec<&FieldPlan> = fields.iter().filter(asked).collect();
    if arguments.is_empty() {
        return Constructor::None;
    }
    let name = &plan.name;
    let mut layout = Layout::new();
    attrs_of(&mut layout, &cfg_attr(&plan.features));
    impl_header(&mut layout, name);
    let summary = format!(" {} `{name}` of its required members, the others absent.", capitalize_article(name));
    let usage = format!(
        " Each argument takes anything that converts into the field's type; set more fields with `{name} {{ field: …, ..{name}::new(…) }}`."
    );
    for line in [summary.as_str(), "", usage.as_str()] {
        if doc(&mut layout, line).is_none() {
            return Constructor::Quoted;
        }
    }
    if arguments.len() > 7 {
        fixed_attr(&mut layout, "allow(clippy::too_many_arguments)");
    }
    let parameters: Vec<Writer> = arguments
        .iter()
        .map(|field| -> Writer {
            Box::new(move |l: &mut Layout| {
                l.word(&argument_spelling(&field.name));
                l.word(": ");
                if takes_exact_type(&field.ty) {
                    ty_layout(l, &field.ty);
                } else {
                    l.word("impl ");
                    generic(l, "Into", &[&|l: &mut Layout| ty_layout(l, &field.ty)]);
                }
            })
        })
        .collect();
    let mut values: Vec<FieldValue> = arguments
        .iter()
        .map(|field| -> FieldValue {
            let argument = argument_spelling(&field.name);
            let value: Option<Writer> = match takes_exact_type(&field.ty) {
                true if argument == field.name => None,
                true => Some(Box::new(move |l: &mut Layout| l.word(&argument))),
                false => Some(Box::new(move |l: &mut Layout| method_call(l, &argument, "into"))),
            };
            (field.name.as_str(), value)
        })
        .collect();
    let others = fields.iter().filter(|field| !asked(field)).map(|field| field.name.as_str());
    values.extend(others.chain(unlisted.iter().copied()).map(|name| (name, Some(default_value()))));
    function_returning(
        &mut layout,
        "pub ",
        "new",
        &parameters,
        |l| l.word("Self"),
        |l| struct_literal(l, "Self", &values),
    );
    impl_footer(&mut layout);
    Constructor::Laid(layout)
}

/// `impl Name { pub fn field_or_default(&self) -> T { match … } }` for the
/// fields with a schema `default` (`emit::default_accessor`), or `None` when
/// a default is a float or a negative integer (quoted instead).
fn default_accessors(plan: &ItemPlan, cfg: &[Attr], fields: &[FieldPlan]) -> Option<Layout> {
    let mut layout = Layout::new();
    attrs_of(&mut layout, cfg);
    impl_header(&mut layout, &plan.name);
    for field in fields {
        if let Some(default) = &field.default {
            default_accessor(&mut layout, field, default)?;
        }
    }
    impl_footer(&mut layout);
    Some(layout)
}

fn default_accessor(layout: &mut Layout, field: &FieldPlan, default: &DefaultValue) -> Option<()> {
    let (ty, literal, borrowed): (&str, Expr, bool) = match default {
        DefaultValue::Bool(value) => ("bool", Expr::literal(value.to_string()), false),
        DefaultValue::Integer(value) if *value >= 0 => ("i64", Expr::literal(format!("{value}i64")), false),
        DefaultValue::Integer(_) | DefaultValue::Number(_) => return None,
        DefaultValue::Str(value) => match string_literal(value)? {
            Tok::Literal(text) => ("&str", Expr::literal(text), true),
            _ => return None,
        },
        DefaultValue::Variant { enum_type, variant } => {
            (enum_type.as_str(), Expr::path(format!("{enum_type}::{variant}")), true)
        }
    };
    // Strings are borrowed, enums cloned, primitives copied.
    let value = Expr::path("value");
    let value = match (default, borrowed) {
        (DefaultValue::Str(_), _) => value.method("as_str", Vec::new()),
        (_, true) => value.method("clone", Vec::new()),
        _ => value.deref(),
    };
    let some = |inner: Expr<'static>| Expr::path("Some").call(vec![inner]);
    let arms: Vec<(Writer, Expr)> = match field.presence {
        Presence::OptionalNullable => vec![
            (Box::new(|l: &mut Layout| l.word("crate::Tristate::Absent")), some(literal)),
            (Box::new(|l: &mut Layout| l.word("crate::Tristate::Null")), Expr::path("None")),
            (Box::new(|l: &mut Layout| tuple_pattern(l, "crate::Tristate::Value", "value")), some(value)),
        ],
        _ => vec![
            (Box::new(|l: &mut Layout| l.word("None")), literal),
            (Box::new(|l: &mut Layout| tuple_pattern(l, "Some", "value")), value),
        ],
    };
    doc(layout, &format!(" `{}`, or its schema default when the property is absent.", field.json_name))?;
    let method = format!("{}_or_default", field.name.trim_end_matches('_'));
    let returns = |l: &mut Layout| match field.presence {
        Presence::OptionalNullable => generic(l, "Option", &[&|l: &mut Layout| l.word(ty)]),
        _ => l.word(ty),
    };
    let scrutinee = Expr::path("self").field(&field.name).reference();
    function_returning(layout, "pub ", &method, &[parameter("&self", None)], returns, |l| {
        match_expression(l, &scrutinee, |l| {
            for (pattern, body) in &arms {
                arm(l, pattern, |l| expr::at_start(l, body));
            }
        })
    });
    Some(())
}

/// `receiver.method()`, not at the start of a line: the call may move to
/// the next line, indented, when the line is too long.
fn method_call(layout: &mut Layout, receiver: &str, method: &str) {
    layout.cbox(INDENT);
    layout.word(receiver);
    layout.zerobreak();
    layout.word(".");
    layout.word(method);
    layout.cbox(0);
    layout.word("(");
    layout.word(")");
    layout.end();
    layout.end();
}

/// `impl Name {` of an inherent impl; [`impl_footer`] closes it.
fn impl_header(layout: &mut Layout, name: &str) {
    layout.cbox(INDENT);
    layout.ibox(-INDENT);
    layout.cbox(INDENT);
    layout.word("impl");
    layout.end();
    layout.word(" ");
    layout.word(name);
    layout.end();
    layout.word(" ");
    layout.word("{");
    layout.hardbreak_if_nonempty();
}

/// `impl Trait for Name {`; [`impl_footer`] closes it.
fn trait_impl_header(layout: &mut Layout, trait_path: &str, name: &str) {
    layout.cbox(INDENT);
    layout.ibox(-INDENT);
    layout.cbox(INDENT);
    layout.word("impl");
    layout.end();
    layout.word(" ");
    layout.word(trait_path);
    layout.space();
    layout.word("for ");
    layout.word(name);
    layout.end();
    layout.word(" ");
    layout.word("{");
    layout.hardbreak_if_nonempty();
}

fn impl_footer(layout: &mut Layout) {
    layout.offset(-INDENT);
    layout.end();
    layout.word("}");
    layout.hardbreak();
}

/// An open enum's `as_str` and `From<&str>` (`emit::enum_impls`).
fn open_enum_impls(plan: &ItemPlan, values: &[EnumMember]) -> Option<Layout> {
    let name = &plan.name;
    let literals: Vec<Tok> = values.iter().map(|member| string_literal(&member.value)).collect::<Option<_>>()?;
    let literal = |tok: &Tok| match tok {
        Tok::Literal(text) => text.clone(),
        _ => unreachable!("string_literal makes literals"),
    };
    let mut layout = Layout::new();
    attrs_of(&mut layout, &cfg_attr(&plan.features));
    impl_header(&mut layout, name);
    doc(&mut layout, " The value as it appears in JSON.")?;
    function(&mut layout, "pub ", "as_str", &[("&self", None)], "&str", |layout| {
        match_expression(layout, &Expr::path("self"), |layout| {
            for (member, tok) in values.iter().zip(&literals) {
                let text = literal(tok);
                arm(layout, |l| l.word(&format!("Self::{}", member.variant)), |l| l.word(&text));
            }
            arm(layout, |l| tuple_pattern(l, "Self::Other", "value"), |l| l.word("value"));
        });
    });
    impl_footer(&mut layout);

    attrs_of(&mut layout, &cfg_attr(&plan.features));
    layout.cbox(INDENT);
    layout.ibox(-INDENT);
    layout.cbox(INDENT);
    layout.word("impl");
    layout.end();
    layout.word(" ");
    generic(&mut layout, "From", &[&|l: &mut Layout| l.word("&str")]);
    layout.space();
    layout.word("for ");
    layout.word(name);
    layout.end();
    layout.word(" ");
    layout.word("{");
    layout.hardbreak_if_nonempty();
    function(&mut layout, "", "from", &[("value", Some("&str"))], "Self", |layout| {
        match_expression(layout, &Expr::path("value"), |layout| {
            for (member, tok) in values.iter().zip(&literals) {
                let text = literal(tok);
                arm(layout, |l| l.word(&text), |l| l.word(&format!("Self::{}", member.variant)));
            }
            arm(
                layout,
                |l| l.word("other"),
                |l| {
                    l.word("Self::Other");
                    l.word("(");
                    l.cbox(INDENT);
                    l.zerobreak();
                    method_call(l, "other", "to_owned");
                    l.trailing_comma(true);
                    l.offset(-INDENT);
                    l.end();
                    l.word(")");
                },
            );
        });
    });
    impl_footer(&mut layout);
    Some(layout)
}

/// `{visibility}fn name(arguments) -> returns { body }` in an impl, the body
/// one expression statement. An argument is a receiver (`("&self", None)`)
/// or a name and its type.
fn function(
    layout: &mut Layout,
    visibility: &str,
    name: &str,
    arguments: &[(&str, Option<&str>)],
    returns: &str,
    body: impl FnOnce(&mut Layout),
) {
    let arguments: Vec<Writer> = arguments.iter().map(|&(argument, ty)| parameter(argument, ty)).collect();
    function_returning(layout, visibility, name, &arguments, |l| l.word(returns), body);
}

/// A parameter written as it stands: a receiver (`&self`, no type) or a
/// name and its type.
fn parameter<'a>(name: &'a str, ty: Option<&'a str>) -> Writer<'a> {
    Box::new(move |l: &mut Layout| {
        l.word(name);
        if let Some(ty) = ty {
            l.word(": ");
            l.word(ty);
        }
    })
}

/// [`function`] with a return type that may break (`Result<A, B>`).
fn function_returning(
    layout: &mut Layout,
    visibility: &str,
    name: &str,
    arguments: &[Writer],
    returns: impl FnOnce(&mut Layout),
    body: impl FnOnce(&mut Layout),
) {
    function_body(layout, visibility, name, arguments, returns, |layout| {
        // The body's one statement, an expression without `;`.
        layout.ibox(0);
        body(layout);
        layout.end();
        layout.hardbreak();
    });
}

/// A function whose body is `statements`, each closed by its line break.
fn function_body(
    layout: &mut Layout,
    visibility: &str,
    name: &str,
    arguments: &[Writer],
    returns: impl FnOnce(&mut Layout),
    statements: impl FnOnce(&mut Layout),
) {
    layout.cbox(INDENT);
    if !visibility.is_empty() {
        layout.word(visibility);
    }
    layout.word("fn ");
    layout.word(name);
    layout.word("(");
    layout.neverbreak();
    layout.cbox(0);
    layout.zerobreak();
    for (index, argument) in arguments.iter().enumerate() {
        argument(layout);
        layout.trailing_comma(index + 1 == arguments.len());
    }
    layout.offset(-INDENT);
    layout.end();
    layout.word(")");
    layout.cbox(-INDENT);
    layout.word(" -> ");
    returns(layout);
    layout.end();
    layout.word(" ");
    layout.word("{");
    layout.hardbreak_if_nonempty();
    statements(layout);
    layout.offset(-INDENT);
    layout.end();
    layout.word("}");
    layout.hardbreak();
}

/// `match scrutinee { arms }`; each arm from [`arm`].
fn match_expression(layout: &mut Layout, scrutinee: &Expr, arms: impl FnOnce(&mut Layout)) {
    layout.ibox(0);
    layout.word("match ");
    expr::condition(layout, scrutinee);
    layout.word("{");
    layout.neverbreak();
    layout.cbox(INDENT);
    layout.hardbreak_if_nonempty();
    arms(layout);
    layout.offset(-INDENT);
    layout.end();
    layout.word("}");
    layout.end();
}

/// `pattern => body,` (the body moved into a block when the arm is too long).
fn arm(layout: &mut Layout, pattern: impl FnOnce(&mut Layout), body: impl FnOnce(&mut Layout)) {
    layout.ibox(0);
    pattern(layout);
    layout.word(" => ");
    layout.neverbreak();
    layout.cbox(INDENT);
    layout.arm_start();
    body(layout);
    layout.arm_end();
    layout.end();
    layout.end();
    layout.hardbreak();
}

/// `Path(binding)` as a pattern.
fn tuple_pattern(layout: &mut Layout, path: &str, binding: &str) {
    layout.word(path);
    layout.word("(");
    layout.cbox(INDENT);
    layout.zerobreak();
    layout.word(binding);
    layout.trailing_comma(true);
    layout.offset(-INDENT);
    layout.end();
    layout.word(")");
}

/// `#[cfg_attr(docsrs, doc(cfg(..)))]` of features (`emit::doc_cfg_attr`).
fn doc_cfg_attr(features: &[Vec<String>]) -> Vec<Attr<'static>> {
    let Some(predicate) = feature_predicate(features) else { return Vec::new() };
    let doc_cfg = vec![Tok::Ident(Cow::Borrowed("cfg")), Tok::Group('(', predicate)];
    let mut inner = vec![Tok::Ident(Cow::Borrowed("docsrs")), Tok::Punct(',', false)];
    inner.extend([Tok::Ident(Cow::Borrowed("doc")), Tok::Group('(', doc_cfg)]);
    vec![Attr::Meta(vec![Tok::Ident(Cow::Borrowed("cfg_attr")), Tok::Group('(', inner)])]
}

/// `pub const NAME: ty = value;`
fn constant(layout: &mut Layout, name: &str, ty: &str, value: impl FnOnce(&mut Layout)) {
    constant_item(layout, "pub ", name, ty, value);
}

/// `{visibility}const NAME: ty = value;`, in a module or an impl.
fn constant_item(layout: &mut Layout, visibility: &str, name: &str, ty: &str, value: impl FnOnce(&mut Layout)) {
    layout.cbox(0);
    if !visibility.is_empty() {
        layout.word(visibility);
    }
    layout.word("const ");
    layout.word(name);
    layout.word(": ");
    layout.word(ty);
    layout.word(" = ");
    layout.neverbreak();
    value(layout);
    layout.word(";");
    layout.end();
    layout.hardbreak();
}

fn string_const(layout: &mut Layout, name: &str, ty: &str, value: &str) -> Option<()> {
    let Tok::Literal(literal) = string_literal(value)? else { return None };
    constant(layout, name, ty, |l| l.word(&literal));
    Some(())
}

/// `pub const NAME: &[&str] = &["a", "b"];`, one string per line when too long.
fn string_list_const(layout: &mut Layout, name: &str, values: &[String]) -> Option<()> {
    let mut literals = Vec::with_capacity(values.len());
    for value in values {
        let Tok::Literal(literal) = string_literal(value)? else { return None };
        literals.push(literal);
    }
    constant(layout, name, "&[&str]", |l| {
        l.word("&");
        if literals.is_empty() {
            l.word("[]");
            return;
        }
        l.word("[");
        l.cbox(INDENT);
        l.zerobreak();
        for (index, literal) in literals.iter().enumerate() {
            l.word(literal);
            l.trailing_comma(index + 1 == literals.len());
        }
        l.offset(-INDENT);
        l.end();
        l.word("]");
    });
    Some(())
}

/// `pub type Name = Type;` (after its attributes).
fn type_alias(layout: &mut Layout, name: &str, ty: &RustType) {
    layout.cbox(INDENT);
    layout.word("pub type ");
    layout.word(name);
    layout.word(" ");
    layout.word("= ");
    layout.neverbreak();
    layout.ibox(-INDENT);
    ty_layout(layout, ty);
    layout.end();
    layout.word(";");
    layout.end();
    layout.hardbreak();
}

/// Something that writes itself into a layout (a value, an argument).
type Writer<'a> = Box<dyn Fn(&mut Layout) + 'a>;

/// A field of a struct literal: its name and what writes its value, or
/// `None` for the shorthand `name` (a binding of the same name).
type FieldValue<'a> = (&'a str, Option<Writer<'a>>);

/// `Default::default()`, a struct literal's value for a field left empty.
fn default_value<'a>() -> Writer<'a> {
    Box::new(|l: &mut Layout| {
        l.word("Default::default");
        l.word("(");
        l.word(")");
    })
}

/// `Path { field: value, … }`: flat up to 34 columns, else a field per line.
fn struct_literal(layout: &mut Layout, path: &str, fields: &[FieldValue]) {
    layout.cbox(INDENT);
    layout.ibox(-INDENT);
    layout.word(path);
    layout.end();
    layout.word(" {");
    layout.space_if_nonempty();
    for (index, (name, value)) in fields.iter().enumerate() {
        layout.word(name);
        if let Some(value) = value {
            layout.word(": ");
            layout.ibox(0);
            value(layout);
            layout.end();
        }
        layout.trailing_comma_or_space(index + 1 == fields.len());
    }
    layout.offset(-INDENT);
    layout.end_with_max_width(34);
    layout.word("}");
}

/// The `dynamic` module (`emit::dynamic_module`): `SCHEMA_NAMES` and the
/// `match`es of `roundtrip` and `json_schema` laid out here, the fixed
/// items quoted.
pub fn dynamic_module(plans: &[ItemPlan]) -> Option<Vec<Piece>> {
    let named = super::dynamic_names(plans);
    let mut entries = Vec::with_capacity(named.len());
    for (schema, plan) in &named {
        let Tok::Literal(literal) = string_literal(schema)? else { return None };
        let path = RustType::Named(format!("crate::types::{}", plan.name));
        let ty = if plan.nullable { RustType::Option(Box::new(path)) } else { path };
        entries.push((cfg_attr(&plan.features), literal, ty));
    }
    let mut pieces = Pieces::default();
    let mut layout = Layout::new();
    layout.word("//!");
    layout.word(" Generated types by their original schema name, at run time.");
    layout.hardbreak();
    doc(&mut layout, " The original names of every schema with a generated type, sorted.")?;
    constant(&mut layout, "SCHEMA_NAMES", "&[&str]", |l| {
        l.word("&");
        if entries.is_empty() {
            return l.word("[]");
        }
        l.word("[");
        l.cbox(INDENT);
        l.zerobreak();
        for (index, (cfg, literal, _)) in entries.iter().enumerate() {
            attrs_of(l, cfg);
            l.word(literal);
            l.trailing_comma(index + 1 == entries.len());
        }
        l.offset(-INDENT);
        l.end();
        l.word("]");
    });
    pieces.layout(layout);
    pieces.tokens(super::dynamic_error());

    let turbofish = |l: &mut Layout, function: &str, ty: &RustType| {
        l.word(function);
        l.word("::");
        generic(l, "", &[&|l: &mut Layout| ty_layout(l, ty)]);
    };
    let call = |l: &mut Layout, function: &dyn Fn(&mut Layout), argument: &dyn Fn(&mut Layout)| {
        function(l);
        l.word("(");
        l.cbox(INDENT);
        l.zerobreak();
        argument(l);
        l.trailing_comma(true);
        l.offset(-INDENT);
        l.end();
        l.word(")");
    };
    let mut layout = Layout::new();
    doc(&mut layout, " Deserialize `value` into the type generated for the schema named")?;
    doc(&mut layout, " `schema` (its original name) and serialize it back.")?;
    let arguments = [parameter("schema", Some("&str")), parameter("value", Some("serde_json::Value"))];
    let returns = |l: &mut Layout| {
        generic(l, "Result", &[&|l: &mut Layout| l.word("serde_json::Value"), &|l: &mut Layout| l.word("Error")])
    };
    function_returning(&mut layout, "pub ", "roundtrip", &arguments, returns, |layout| {
        match_expression(layout, &Expr::path("schema"), |layout| {
            for (cfg, literal, ty) in &entries {
                attrs_of(layout, cfg);
                arm(
                    layout,
                    |l| l.word(literal),
                    |l| call(l, &|l| turbofish(l, "roundtrip_as", ty), &|l| l.word("value")),
                );
            }
            arm(
                layout,
                |l| l.word("_"),
                |l| {
                    call(l, &|l| l.word("Err"), &|l| {
                        call(l, &|l| l.word("Error::UnknownSchema"), &|l| method_call(l, "schema", "to_owned"))
                    })
                },
            );
        });
    });
    pieces.layout(layout);
    pieces.tokens(super::dynamic_roundtrip_as());

    if super::dynamic_has_json_schema(plans) {
        let mut layout = Layout::new();
        doc(&mut layout, " The JSON Schema (draft 2020-12) that `schemars` derives for the")?;
        doc(&mut layout, " type of the schema named `schema`: what that type accepts.")?;
        doc(&mut layout, " `None` when no generated type has this schema name.")?;
        fixed_attr(&mut layout, "cfg(feature = \"schemars\")");
        let returns = |l: &mut Layout| generic(l, "Option", &[&|l: &mut Layout| l.word("serde_json::Value")]);
        function_returning(
            &mut layout,
            "pub ",
            "json_schema",
            &[parameter("schema", Some("&str"))],
            returns,
            |layout| {
                match_expression(layout, &Expr::path("schema"), |layout| {
                    for (cfg, literal, ty) in &entries {
                        attrs_of(layout, cfg);
                        arm(
                            layout,
                            |l| l.word(literal),
                            |l| {
                                call(l, &|l| l.word("Some"), &|l| {
                                    turbofish(l, "json_schema_of", ty);
                                    l.word("(");
                                    l.word(")");
                                })
                            },
                        );
                    }
                    arm(layout, |l| l.word("_"), |l| l.word("None"));
                });
            },
        );
        pieces.layout(layout);
        pieces.tokens(super::dynamic_json_schema_of());
    }
    Some(pieces.0)
}
