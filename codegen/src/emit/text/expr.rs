//! Expressions and statements of generated function bodies, laid out as
//! prettyplease lays out the syn tree of the same tokens (its `expr.rs` and
//! `stmt.rs`): where a method chain may break before a `.`, how call
//! arguments go one per line, which closures keep their body on the line.
//!
//! Only the forms the generated bodies use are modelled: paths, literals,
//! calls, method calls, fields, `&`, `?`, one-parameter closures whose body
//! is a call, and arrays of non-literals. None of them needs parentheses, so
//! prettyplease's precedence fix-ups never apply.

use std::borrow::Cow;

use crate::layout::{Layout, INDENT};

/// An expression, as the tree syn parses from the quoted tokens.
pub(super) enum Expr<'a> {
    /// A path, printed as written: `query`, `self`, `crate::request::Query::new`.
    Path(Cow<'a, str>),
    /// A literal in source form: `"fields[account]"`.
    Literal(Cow<'a, str>),
    /// `function(arguments)`.
    Call(Box<Expr<'a>>, Vec<Expr<'a>>),
    /// `receiver.method(arguments)`.
    MethodCall(Box<Expr<'a>>, &'a str, Vec<Expr<'a>>),
    /// `base.field`.
    Field(Box<Expr<'a>>, &'a str),
    /// `&expr`.
    Reference(Box<Expr<'a>>),
    /// `expr?`.
    Try(Box<Expr<'a>>),
    /// `*expr`.
    Deref(Box<Expr<'a>>),
    /// `|parameter| body`, the body a call (prettyplease would move any
    /// other body into braces when it breaks).
    Closure(&'a str, Box<Expr<'a>>),
    /// `[elements]`, not all of them integer, bool or char literals (those
    /// fill lines instead).
    Array(Vec<Expr<'a>>),
}

impl<'a> Expr<'a> {
    pub(super) fn path(path: impl Into<Cow<'a, str>>) -> Self {
        Expr::Path(path.into())
    }

    pub(super) fn literal(literal: impl Into<Cow<'a, str>>) -> Self {
        Expr::Literal(literal.into())
    }

    /// `self(arguments)`.
    pub(super) fn call(self, arguments: Vec<Expr<'a>>) -> Self {
        Expr::Call(Box::new(self), arguments)
    }

    /// `self.method(arguments)`.
    pub(super) fn method(self, method: &'a str, arguments: Vec<Expr<'a>>) -> Self {
        Expr::MethodCall(Box::new(self), method, arguments)
    }

    /// `self.field`.
    pub(super) fn field(self, field: &'a str) -> Self {
        Expr::Field(Box::new(self), field)
    }

    /// `&self`.
    pub(super) fn reference(self) -> Self {
        Expr::Reference(Box::new(self))
    }

    /// `self?`.
    pub(super) fn question_mark(self) -> Self {
        Expr::Try(Box::new(self))
    }

    /// `*self`.
    pub(super) fn deref(self) -> Self {
        Expr::Deref(Box::new(self))
    }

    /// `|parameter| body`.
    pub(super) fn closure(parameter: &'a str, body: Expr<'a>) -> Self {
        debug_assert!(matches!(body, Expr::Call(..)), "only a call stays unbraced when it breaks");
        Expr::Closure(parameter, Box::new(body))
    }

    /// A single name of at most four characters (`self`, `form`): a method
    /// chain starting with one at the start of a line does not break before
    /// its first `.`.
    fn is_short_ident(&self) -> bool {
        match self {
            Expr::Path(path) => !path.contains("::") && path.len() as isize <= INDENT,
            _ => false,
        }
    }

    /// Whether a `match` on this value puts `{` on the next line when the
    /// value breaks (a chain does; a path or a literal never breaks).
    fn needs_newline_if_wrap(&self) -> bool {
        match self {
            Expr::Path(_) | Expr::Literal(_) | Expr::Array(_) | Expr::Closure(..) => false,
            Expr::Field(..) | Expr::MethodCall(..) => true,
            Expr::Call(inner, _) | Expr::Reference(inner) | Expr::Try(inner) | Expr::Deref(inner) => {
                inner.needs_newline_if_wrap()
            }
        }
    }

    /// Arrays and closures: as the only argument of a call they take no
    /// box of their own.
    fn is_blocklike(&self) -> bool {
        matches!(self, Expr::Array(_) | Expr::Closure(..))
    }
}

/// `let name = value;` (`let mut name` when `mutable`).
pub(super) fn let_statement(layout: &mut Layout, mutable: bool, name: &str, value: &Expr) {
    layout.ibox(0);
    layout.word("let ");
    if mutable {
        layout.word("mut ");
    }
    layout.word(name);
    layout.word(" = ");
    layout.neverbreak();
    expr(layout, value);
    layout.end();
    layout.word(";");
    layout.hardbreak();
}

/// `expr;`.
pub(super) fn statement(layout: &mut Layout, value: &Expr) {
    layout.ibox(0);
    beginning_of_line(layout, value, true);
    layout.word(";");
    layout.end();
    layout.hardbreak();
}

/// The value of a block: its last expression, without `;`.
pub(super) fn tail(layout: &mut Layout, value: &Expr) {
    layout.ibox(0);
    beginning_of_line(layout, value, true);
    layout.end();
    layout.hardbreak();
}

/// The body of a function that is one expression (the caller boxes it).
pub(super) fn at_start(layout: &mut Layout, value: &Expr) {
    beginning_of_line(layout, value, true);
}

/// The scrutinee of a `match` and the space before its `{`.
pub(super) fn condition(layout: &mut Layout, scrutinee: &Expr) {
    layout.cbox(0);
    expr(layout, scrutinee);
    if scrutinee.needs_newline_if_wrap() {
        layout.space();
    } else {
        layout.word(" ");
    }
    layout.end();
}

/// An expression inside another.
pub(super) fn expr(layout: &mut Layout, value: &Expr) {
    match value {
        Expr::Path(text) | Expr::Literal(text) => layout.word(text),
        Expr::Call(function, arguments) => {
            beginning_of_line(layout, function, false);
            layout.word("(");
            call_arguments(layout, arguments);
            layout.word(")");
        }
        Expr::MethodCall(receiver, method, arguments) => method_call(layout, receiver, method, arguments, false),
        Expr::Field(base, field) => field_access(layout, base, field, false),
        Expr::Reference(inner) => {
            layout.word("&");
            expr(layout, inner);
        }
        Expr::Deref(inner) => {
            layout.word("*");
            expr(layout, inner);
        }
        Expr::Try(inner) => {
            beginning_of_line(layout, inner, false);
            layout.word("?");
        }
        Expr::Closure(parameter, body) => closure(layout, parameter, body),
        Expr::Array(elements) => array(layout, elements),
    }
}

/// An expression that may start a line: a chain whose receiver is a short
/// name keeps its first `.` with it.
fn beginning_of_line(layout: &mut Layout, value: &Expr, at_start: bool) {
    match value {
        Expr::Field(base, field) => field_access(layout, base, field, at_start),
        Expr::MethodCall(receiver, method, arguments) => method_call(layout, receiver, method, arguments, at_start),
        Expr::Try(inner) => {
            beginning_of_line(layout, inner, at_start);
            layout.word("?");
        }
        other => expr(layout, other),
    }
}

/// The left part of a `.` chain, inside the chain's box.
fn prefix(layout: &mut Layout, value: &Expr, at_start: bool) {
    match value {
        Expr::Call(function, arguments) => {
            prefix(layout, function, false);
            layout.word("(");
            call_arguments(layout, arguments);
            layout.word(")");
        }
        Expr::Field(base, field) => prefix_field(layout, base, field, at_start),
        Expr::MethodCall(receiver, method, arguments) => {
            prefix_method_call(layout, receiver, method, arguments, at_start, false);
        }
        Expr::Try(inner) => {
            prefix(layout, inner, at_start);
            layout.word("?");
        }
        other => {
            layout.cbox(-INDENT);
            expr(layout, other);
            layout.end();
        }
    }
}

fn field_access(layout: &mut Layout, base: &Expr, field: &str, at_start: bool) {
    layout.cbox(INDENT);
    prefix_field(layout, base, field, at_start);
    layout.end();
}

fn prefix_field(layout: &mut Layout, base: &Expr, field: &str, at_start: bool) {
    prefix(layout, base, at_start);
    if !(at_start && base.is_short_ident()) {
        layout.zerobreak();
    }
    layout.word(".");
    layout.word(field);
}

fn method_call(layout: &mut Layout, receiver: &Expr, method: &str, arguments: &[Expr], at_start: bool) {
    layout.cbox(INDENT);
    let unindent_arguments = at_start && receiver.is_short_ident();
    prefix_method_call(layout, receiver, method, arguments, at_start, unindent_arguments);
    layout.end();
}

fn prefix_method_call(
    layout: &mut Layout,
    receiver: &Expr,
    method: &str,
    arguments: &[Expr],
    at_start: bool,
    unindent_arguments: bool,
) {
    prefix(layout, receiver, at_start);
    if !(at_start && receiver.is_short_ident()) {
        layout.zerobreak();
    }
    layout.word(".");
    layout.word(method);
    layout.cbox(if unindent_arguments { -INDENT } else { 0 });
    layout.word("(");
    call_arguments(layout, arguments);
    layout.word(")");
    layout.end();
}

/// `a, b, c` of a call: flat, or one per line with a trailing comma.
fn call_arguments(layout: &mut Layout, arguments: &[Expr]) {
    if let [only] = arguments {
        if only.is_blocklike() {
            return expr(layout, only);
        }
    }
    layout.cbox(INDENT);
    layout.zerobreak();
    for (index, argument) in arguments.iter().enumerate() {
        expr(layout, argument);
        layout.trailing_comma(index + 1 == arguments.len());
    }
    layout.offset(-INDENT);
    layout.end();
}

fn closure(layout: &mut Layout, parameter: &str, body: &Expr) {
    layout.ibox(0);
    layout.cbox(INDENT);
    layout.word("|");
    layout.zerobreak();
    layout.word(parameter);
    layout.word("|");
    layout.space();
    layout.offset(-INDENT);
    layout.end();
    layout.neverbreak();
    expr(layout, body);
    layout.end();
}

fn array(layout: &mut Layout, elements: &[Expr]) {
    if elements.is_empty() {
        return layout.word("[]");
    }
    layout.word("[");
    layout.cbox(INDENT);
    layout.zerobreak();
    for (index, element) in elements.iter().enumerate() {
        expr(layout, element);
        layout.trailing_comma(index + 1 == elements.len());
    }
    layout.offset(-INDENT);
    layout.end();
    layout.word("]");
}
